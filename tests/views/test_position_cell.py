"""A cell of the positions grid: one party's statements on one issue, oldest first, each change of
stance marked; a page of its own, or the part htmx swaps into the grid page's panel."""

import re
from datetime import date
from html import unescape
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from negotiations.models import Issue, Party, Stance, Statement
from tests.helpers import make_article, make_negotiation, make_statement, placed_again
from tests.views.helpers import build_talks, htmx, text_of

pytestmark = pytest.mark.django_db

FLOW = "Dry-season flow"
# A change mark, or the statement it stands before; the statement's id from its "in the text" link.
ENTRY = re.compile(r'<li class="(change-mark|evidence [^"]*)"([^>]*)>(.*?)</li>', re.DOTALL)
SOURCE = re.compile(r'href="/n/[^/]+/articles/\d+/#s-(\d+)"')
TAG = re.compile(r"<[^>]+>")


def url(negotiation, party: str = "Norland", issue: str = FLOW, query: str = "") -> str:
    party_id = Party.objects.get(negotiation=negotiation, name=party).pk
    issue_id = Issue.objects.get(negotiation=negotiation, name=issue).pk
    path = reverse("position_cell", args=[negotiation.slug, party_id, issue_id])
    return path + (f"?{query}" if query else "")


def entries(html: str) -> list[SimpleNamespace]:
    """The history's items in order: a change mark (with its words) or a statement (with its id)."""
    found = []
    for classes, attributes, inner in ENTRY.findall(html):
        words = " ".join(unescape(TAG.sub(" ", inner)).split())
        if classes == "change-mark":
            words = " ".join(unescape(TAG.sub("", inner)).split())
            assert re.search(r"\sdata-change(\s|$)", attributes), "a change mark without data-change"
            found.append(SimpleNamespace(change=True, words=words, html=inner))
        else:
            found.append(SimpleNamespace(change=False, pk=int(SOURCE.search(inner).group(1)), words=words, html=inner))
    return found


def shape(html: str) -> list[str | int]:
    """The history as statement ids with "change" where a mark stands."""
    return ["change" if e.change else e.pk for e in entries(html)]


@pytest.fixture
def history(negotiation):
    """Norland on the flow: Varga demands (1 Mar), Olsen opposes (10 Mar), Sudmark's Brell reports
    that Norland still opposes (15 Mar), and Varga demands again (20 Mar)."""
    article = make_article(
        negotiation,
        title="March on the Arven",
        text="Varga demanded more water. Olsen opposed the cut. Brell said Norland opposes it. Varga demanded again.",
        published=date(2025, 3, 21),
    )
    norland = dict(party="Norland", target=FLOW)
    demand = make_statement(
        article,
        "Varga demanded more water.",
        speaker="Ilse Varga",
        said_on=date(2025, 3, 1),
        stance=Stance.DEMANDS,
        **norland,
    )
    turn = make_statement(
        article,
        "Olsen opposed the cut.",
        speaker="Piet Olsen",
        said_on=date(2025, 3, 10),
        stance=Stance.OPPOSES,
        **norland,
    )
    report = make_statement(
        article,
        "Brell said Norland opposes it.",
        speaker="Tomas Brell",
        party="Sudmark",
        said_on=date(2025, 3, 15),
        reported=("Norland", Stance.OPPOSES, FLOW),
    )
    again = make_statement(
        article,
        "Varga demanded again.",
        speaker="Ilse Varga",
        said_on=date(2025, 3, 20),
        stance=Stance.DEMANDS,
        **norland,
    )
    return SimpleNamespace(article=article, demand=demand, turn=turn, report=report, again=again)


def test_the_whole_page_and_the_part_htmx_swaps_into_the_grid(client, negotiation, history):
    page = text_of(client.get(url(negotiation)))
    part = text_of(client.get(url(negotiation), headers=htmx("cell-history"))).strip()

    assert "<html" in page and "← All positions" in page
    norland, flow = Party.objects.get(name="Norland").pk, Issue.objects.get(name=FLOW).pk
    assert part.startswith(f'<article class="cell-history" id="history-{norland}-{flow}">')
    assert part.endswith("</article>")
    assert "<html" not in part and "← All positions" not in part
    # The same history in both.
    assert shape(part) == shape(page) != []


def test_a_history_restore_gets_the_whole_page(client, negotiation, history):
    headers = htmx("cell-history", **{"HX-History-Restore-Request": "true"})

    assert "<html" in text_of(client.get(url(negotiation), headers=headers))


def test_varies_on_hx_request(client, negotiation, history):
    assert "HX-Request" in client.get(url(negotiation))["Vary"]


def test_the_history_lists_statements_oldest_first_with_a_mark_at_each_change(client, negotiation, history):
    page = text_of(client.get(url(negotiation)))

    # No mark between Olsen and Brell's report: both say Norland opposes.
    assert shape(page) == [
        history.demand.pk,
        "change",
        history.turn.pk,
        history.report.pk,
        "change",
        history.again.pk,
    ]
    marks = [e.words for e in entries(page) if e.change]
    assert marks == ["Demands → Opposes: position changed", "Opposes → Demands: position changed"]
    # Now: demands since 20 March, backed by one statement, after two changes.
    now = " ".join(unescape(TAG.sub(" ", page[page.index('<p class="cell-now">') :].split("</p>")[0])).split())
    assert now == "Demands since 20 Mar 2025 · backed by 1 statement · 2 changes of position"


def test_each_statement_shows_its_speaker_day_and_words_linked_to_its_sentence(client, negotiation, history):
    page = text_of(client.get(url(negotiation)))

    first = entries(page)[0]
    assert "Ilse Varga" in first.words and "1 Mar 2025" in first.words and "Varga demanded more water." in first.words
    article = reverse("article_detail", args=[negotiation.slug, history.article.pk])
    assert f'href="{article}#s-{history.demand.pk}"' in first.html
    assert f'href="{reverse("statement_detail", args=[negotiation.slug, history.demand.pk])}"' in first.html


def test_reported_evidence_is_tagged(client, negotiation, history):
    by_pk = {e.pk: e for e in entries(text_of(client.get(url(negotiation)))) if not e.change}

    assert re.search(r'<span class="tag" title="[^"]*">reported</span>', by_pk[history.report.pk].html)
    assert "Tomas Brell" in by_pk[history.report.pk].words and "Sudmark" in by_pk[history.report.pk].words
    for own in (history.demand, history.turn, history.again):
        assert "reported" not in by_pk[own.pk].words


def test_as_of_cuts_later_statements(client, negotiation, history):
    page = text_of(client.get(url(negotiation, query="as_of=2025-03-12")))

    assert shape(page) == [history.demand.pk, "change", history.turn.pk]
    assert 'Opposes</span>\n      since <time datetime="2025-03-10">' in page
    # Back to the grid as it stood that day.
    assert f'href="{reverse("positions", args=[negotiation.slug])}?as_of=2025-03-12"' in page


def test_a_day_before_any_statement_says_so(client, negotiation, history):
    page = text_of(client.get(url(negotiation, query="as_of=2025-02-01")))

    assert entries(page) == []
    assert "No statement up to 1 Feb 2025 places Norland on Dry-season flow." in page


def test_an_empty_cell_says_so_and_links_to_the_timeline(client, negotiation, history):
    page = text_of(client.get(url(negotiation, "Sudmark", "Kell dam")))

    assert "No statement places Sudmark on Kell dam." in page
    sudmark, dam = Party.objects.get(name="Sudmark").pk, Issue.objects.get(name="Kell dam").pk
    assert f'href="/n/{negotiation.slug}/timeline/?party={sudmark}&amp;issue={dam}"' in page


def test_another_negotiations_party_or_issue_is_404(client, negotiation, history):
    other = make_negotiation(slug="other-river")
    party = Party.objects.get(negotiation=negotiation, name="Norland").pk
    issue = Issue.objects.get(negotiation=negotiation, name=FLOW).pk
    foreign_party = Party.objects.get(negotiation=other, name="Norland").pk
    foreign_issue = Issue.objects.get(negotiation=other, name=FLOW).pk

    def status(slug: str, party_id: int, issue_id: int) -> int:
        return client.get(reverse("position_cell", args=[slug, party_id, issue_id])).status_code

    assert status(negotiation.slug, party, issue) == 200
    assert status(negotiation.slug, foreign_party, issue) == 404
    assert status(negotiation.slug, party, foreign_issue) == 404
    assert status("nope", party, issue) == 404


# --- queries -------------------------------------------------------------------------------------

# negotiation, party, issue, then the cell's stored rows: their count, the page, the last one;
# the page's statements, their issues and their annotations' issues (not read when no statement
# on the page is annotated: at most); the whole page signed in: session and user.
CELL_QUERIES = {"anonymous": 9, "annotator": 11}
PARTIAL_SAVES = {"anonymous": 0, "annotator": 2}


@pytest.mark.parametrize("who", ["anonymous", "annotator"])
@pytest.mark.parametrize("partial", [False, True])
def test_queries_do_not_grow_with_statements(negotiation, annotator, django_assert_max_num_queries, who, partial):
    client = Client()
    if who == "annotator":
        client.force_login(annotator)
    headers = htmx("cell-history") if partial else {}
    expected = CELL_QUERIES[who] - (PARTIAL_SAVES[who] if partial else 0)
    cell = url(negotiation)

    build_talks(negotiation, 3, user=annotator)
    say_on_the_flow(negotiation, 2)
    with django_assert_max_num_queries(expected):
        few = client.get(cell, headers=headers)
    build_talks(negotiation, 22, user=annotator)
    say_on_the_flow(negotiation, 6)
    with django_assert_max_num_queries(expected):
        many = client.get(cell, headers=headers)

    lines = [sum("Norland line" in e.words for e in entries(text_of(r))) for r in (few, many)]
    assert lines == [2, 8] and len(entries(text_of(few))) < len(entries(text_of(many)))


def say_on_the_flow(negotiation, count: int) -> None:
    """`count` more statements of Norland's on the flow, each with another stance than the last,
    in an article of their own after every other."""
    before = Statement.objects.filter(article__negotiation=negotiation, party__name="Norland", target=FLOW).count()
    sentences = [f"Norland line {n} on the flow." for n in range(before, before + count)]
    article = make_article(negotiation, title=f"Flow {before}", text=" ".join(sentences), published=date(2025, 6, 1))
    for n, sentence in enumerate(sentences, start=before):
        stance = Stance.DEMANDS if n % 2 else Stance.OPPOSES
        make_statement(article, sentence, party="Norland", said_on=date(2025, 5, 1 + n), stance=stance, target=FLOW)


def test_statements_read_with_low_confidence_are_marked_unclear(client, negotiation, history, settings):
    settings.PARLEY_STANCE_THRESHOLD = 0.6
    history.again.stance_confidence = 0.35
    history.again.save()
    placed_again(negotiation)

    html = text_of(client.get(url(negotiation)))
    by_pk = {e.pk: e for e in entries(html) if not e.change}

    assert '<span class="tag unclear"' in by_pk[history.again.pk].html
    for clear in (history.demand, history.turn, history.report):
        assert "unclear" not in by_pk[clear.pk].words
    # The current stance rests only on that statement: the cell says so above its history.
    now = re.search(r'<p class="cell-now">(.*?)</p>', html, re.DOTALL).group(1)
    assert " ".join(re.sub(r"<[^>]+>", " ", now).split()).startswith("Unclear reads as Demands since 20 Mar 2025")
