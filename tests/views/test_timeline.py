"""The timeline: statements by their effective values, filtered from the query string, grouped by day,
answering htmx with only the part it swaps."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from negotiations.models import Actor, Issue, Party, Statement, StatementAnnotation
from negotiations.views import TIMELINE_PAGE_SIZE
from tests.helpers import annotate, make_article, make_statement
from tests.views.helpers import build_talks, htmx, paths, text_of, visible

pytestmark = pytest.mark.django_db

Status = StatementAnnotation.Status
CARD = re.compile(r'<article class="statement[^"]*" id="statement-(\d+)"')
HEADING = re.compile(r'<h2 class="day">(.*?)</h2>')


def url(negotiation, query: str = "") -> str:
    return reverse("timeline", args=[negotiation.slug]) + (f"?{query}" if query else "")


def shown(response) -> list[int]:
    """The ids of the statement cards on the page, in order."""
    return [int(pk) for pk in CARD.findall(text_of(response))]


def headings(response) -> list[str]:
    return [re.sub(r"<[^>]+>", "", heading) for heading in HEADING.findall(text_of(response))]


@pytest.fixture
def talks(negotiation):
    """Five statements in two articles, one of them rejected and one corrected by a person."""
    april = make_article(
        negotiation,
        title="Talks on the Arven resume",
        text="Varga wants more water. Brell defends the dam. Ferreira offers gauge data. A rejected line.",
        published=date(2025, 4, 2),
    )
    march = make_article(
        negotiation,
        title="Commission tables a formula",
        text="Extractor thinks Norland said this.",
        published=date(2025, 3, 20),
    )
    varga = make_statement(
        april,
        "Varga wants more water.",
        speaker="Ilse Varga",
        party="Norland",
        actor="Ilse Varga",
        kind=Statement.Kind.DIRECT,
        said_on=date(2025, 4, 1),
        issues=("Dry-season flow",),
    )
    brell = make_statement(
        april,
        "Brell defends the dam.",
        speaker="Tomas Brell",
        party="Sudmark",
        actor="Tomas Brell",
        kind=Statement.Kind.INDIRECT,
        said_on=date(2025, 4, 2),
        issues=("Kell dam",),
    )
    ferreira = make_statement(
        april,
        "Ferreira offers gauge data.",
        speaker="Ana Ferreira",
        party="River Commission",
        kind=Statement.Kind.INDIRECT,
        issues=("Data sharing",),
    )
    rejected = make_statement(april, "A rejected line.", speaker="Nobody", party="Norland")
    annotate(rejected, Status.REJECTED)
    corrected = make_statement(
        march,
        "Extractor thinks Norland said this.",
        speaker="Extractor Speaker",
        party="Norland",
        kind=Statement.Kind.DIRECT,
        issues=("Dry-season flow",),
    )
    annotate(
        corrected,
        Status.CONFIRMED,
        party="Sudmark",
        said_on=date(2025, 3, 19),
        issues=("Kell dam",),
        speaker="Corrected Speaker",
        kind=Statement.Kind.INDIRECT,
        note="Checked against the transcript",
    )
    return SimpleNamespace(
        varga=varga, brell=brell, ferreira=ferreira, rejected=rejected, corrected=corrected, april=april, march=march
    )


def pk_of(model, negotiation, name: str) -> int:
    return model.objects.get(negotiation=negotiation, name=name).pk


# --- the page ------------------------------------------------------------------------------------


def test_shows_visible_statements_newest_day_first_with_effective_values(client, negotiation, talks):
    response = client.get(url(negotiation))

    assert response.status_code == 200
    page = text_of(response)
    assert "<html" in page and 'id="filters"' in page
    # Days newest first: Apr 2 (Brell, and Ferreira on the article's date), Apr 1, Mar 19.
    assert shown(response) == [talks.brell.pk, talks.ferreira.pk, talks.varga.pk, talks.corrected.pk]
    assert '<p class="result-count">4 statements' in page
    assert "A rejected line." not in page
    # The person's values, not the extractor's.
    assert "Corrected Speaker" in page and "Extractor Speaker" not in page
    assert "Checked against the transcript" in page
    card = page[page.index(f'id="statement-{talks.corrected.pk}"') :]
    card = card[: card.index("</article>")]
    assert 'class="party-badge party-1">Sudmark<' in card
    assert "<li>Kell dam</li>" in card and "Dry-season flow" not in card
    assert "<q>" not in card  # corrected to reported speech
    assert "status-confirmed" in card


def test_links_to_the_article_and_the_statement_page(client, negotiation, talks):
    page = text_of(client.get(url(negotiation)))

    links = paths(page)
    assert reverse("article_detail", args=[negotiation.slug, talks.april.pk]) in links
    assert reverse("statement_detail", args=[negotiation.slug, talks.varga.pk]) in links
    assert reverse("negotiation_detail", args=[negotiation.slug]) in links
    assert reverse("article_list", args=[negotiation.slug]) in links
    assert f'href="/n/{negotiation.slug}/articles/{talks.april.pk}/#s-{talks.varga.pk}"' in page


def test_unknown_negotiation_is_404(client):
    assert client.get(reverse("timeline", args=["nope"])).status_code == 404


def test_draws_a_bar_per_party_and_day(client, negotiation, talks):
    page = text_of(client.get(url(negotiation)))

    assert page.count("<rect ") == 4
    assert "2025-04-02 · Sudmark: 1" in page and "2025-04-02 · River Commission: 1" in page
    assert "2025-03-19 · Sudmark: 1" in page  # the corrected day and party
    assert "19 Mar 2025 – 2 Apr 2025" in page


def test_no_statements_says_so_and_draws_no_chart(client, negotiation):
    page = text_of(client.get(url(negotiation)))

    assert "No statement matches these filters." in page
    assert "<svg" not in page


# --- filters -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["brell", "ferreira", "varga", "corrected"]),
        ("party={Norland}", ["varga"]),
        ("party={Sudmark}", ["brell", "corrected"]),  # the corrected party counts, not the extractor's
        ("party={Norland}&party={River Commission}", ["ferreira", "varga"]),
        ("actor={Ilse Varga}", ["varga"]),
        ("speaker=corrected", ["corrected"]),
        ("speaker=Extractor", []),
        ("issue={Kell dam}", ["brell", "corrected"]),
        ("issue={Dry-season flow}", ["varga"]),
        ("kind=direct", ["varga"]),
        ("kind=indirect", ["brell", "ferreira", "corrected"]),
        ("date_from=2025-04-02", ["brell", "ferreira"]),
        ("date_to=2025-04-01", ["varga", "corrected"]),
        ("date_from=2025-03-01&date_to=2025-03-31", ["corrected"]),
        ("review=confirmed", ["corrected"]),
        ("review=annotated", ["corrected"]),
        ("review=unreviewed", ["brell", "ferreira", "varga"]),
        ("review=rejected", ["rejected"]),
        ("q=gauge", ["ferreira"]),
        ("q=transcript", ["corrected"]),  # the note
        ("q=formula", ["corrected"]),  # the article's title
        ("q=brell+dam", ["brell"]),  # every word must match
        ("order=oldest", ["corrected", "varga", "brell", "ferreira"]),
        ("party={Sudmark}&order=oldest&kind=indirect", ["corrected", "brell"]),
    ],
)
def test_filters_from_the_query_string(client, negotiation, talks, query, expected):
    names = {
        "Norland": pk_of(Party, negotiation, "Norland"),
        "Sudmark": pk_of(Party, negotiation, "Sudmark"),
        "River Commission": pk_of(Party, negotiation, "River Commission"),
        "Ilse Varga": pk_of(Actor, negotiation, "Ilse Varga"),
        "Kell dam": pk_of(Issue, negotiation, "Kell dam"),
        "Dry-season flow": pk_of(Issue, negotiation, "Dry-season flow"),
    }
    for name, pk in names.items():
        query = query.replace(f"{{{name}}}", str(pk))

    response = client.get(url(negotiation, query))

    assert response.status_code == 200
    assert shown(response) == [getattr(talks, name).pk for name in expected]
    assert f'<p class="result-count">{len(expected)} statement' in text_of(response)


def test_the_form_keeps_the_filters(client, negotiation, talks):
    norland = pk_of(Party, negotiation, "Norland")

    page = text_of(client.get(url(negotiation, f"party={norland}&speaker=Varga&date_from=2025-04-01&order=oldest")))

    assert re.search(rf'<input type="checkbox" name="party" value="{norland}"[^>]* checked>', page)
    assert 'name="speaker" value="Varga"' in page
    assert 'name="date_from" value="2025-04-01"' in page
    assert '<option value="oldest" selected>' in page


@pytest.mark.parametrize(
    ("query", "ignored"),
    [
        ("party=abc", "party"),
        ("party=999999", "party"),
        ("actor=abc", "actor"),
        ("issue=abc", "issue"),
        ("kind=sung", "kind"),
        ("date_from=yesterday", "date_from"),
        ("date_to=2025-13-45", "date_to"),
        ("review=maybe", "review"),
        ("order=random", "order"),
        # Before: a 500 on SQLite ("Expression tree is too large"), one LIKE per word.
        ("q=" + "+".join(["dam"] * 1000), "q"),
        ("q=" + "d" * 201, "q"),
    ],
)
def test_a_bad_filter_value_is_ignored_not_an_error(client, negotiation, talks, query, ignored):
    response = client.get(url(negotiation, f"{query}&speaker=varga"))

    assert response.status_code == 200
    assert f"a filter value was not understood and is ignored: {ignored})" in text_of(response)
    assert shown(response) == [talks.varga.pk]  # the other filters still apply


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999"])
def test_a_bad_page_number_shows_a_page(client, negotiation, talks, page):
    response = client.get(url(negotiation, f"page={page}"))

    assert response.status_code == 200
    assert len(shown(response)) == 4


def test_rejected_statements_show_only_with_review_rejected(client, annotator_client, negotiation, talks):
    assert talks.rejected.pk not in shown(client.get(url(negotiation)))

    response = annotator_client.get(url(negotiation, "review=rejected"))

    assert shown(response) == [talks.rejected.pk]
    page = text_of(response)
    assert "is-rejected" in page and '<span class="tag status-rejected">rejected</span>' in page
    assert 'value="unreviewed">Undo reject</button>' in page


# --- days ----------------------------------------------------------------------------------------


def test_one_heading_per_day_and_the_article_date_fallback_is_marked(client, negotiation, talks):
    response = client.get(url(negotiation))

    assert headings(response) == ["Wednesday 2 April 2025", "Tuesday 1 April 2025", "Wednesday 19 March 2025"]
    page = text_of(response)
    ferreira = page[page.index(f'id="statement-{talks.ferreira.pk}"') :]
    ferreira = ferreira[: ferreira.index("</article>")]
    assert "day not known: article of 2 Apr 2025" in ferreira
    brell = page[page.index(f'id="statement-{talks.brell.pk}"') :]
    assert "day not known" not in brell[: brell.index("</article>")]


def test_statements_without_any_day_come_last_under_no_date(client, negotiation, talks):
    undated = make_article(negotiation, title="Undated", text="Nobody knows when.", published=None)
    nowhen = make_statement(undated, "Nobody knows when.")

    for order in ["newest", "oldest"]:
        response = client.get(url(negotiation, f"order={order}"))
        assert shown(response)[-1] == nowhen.pk
        assert headings(response)[-1] == "No date"


def test_a_first_page_of_undated_statements_has_its_heading(client, negotiation):
    article = make_article(negotiation, title="Undated", text="Nobody knows when.", published=None)
    make_statement(article, "Nobody knows when.")

    assert headings(client.get(url(negotiation))) == ["No date"]


# --- htmx ----------------------------------------------------------------------------------------


def test_varies_on_hx_request(client, negotiation):
    assert "HX-Request" in client.get(url(negotiation))["Vary"]


def test_filtering_with_htmx_answers_only_the_results(client, negotiation, talks):
    norland = pk_of(Party, negotiation, "Norland")

    response = client.get(url(negotiation, f"party={norland}"), headers=htmx("timeline-results"))

    assert response.status_code == 200
    page = text_of(response).strip()
    assert page.startswith('<section id="timeline-results"') and page.endswith("</section>")
    assert "<html" not in page and 'id="filters"' not in page
    assert shown(response) == [talks.varga.pk]
    assert "<svg" in page  # the chart follows the filters
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(client, negotiation, talks):
    headers = htmx("timeline-results", **{"HX-History-Restore-Request": "true"})

    page = text_of(client.get(url(negotiation), headers=headers))

    assert "<html" in page and 'id="filters"' in page and 'id="timeline-results"' in page


def test_htmx_without_a_known_target_gets_the_whole_page(client, negotiation, talks):
    page = text_of(client.get(url(negotiation), headers=htmx()))

    assert "<html" in page


SPLIT_DAY = date(2025, 3, 23)


def heading(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


@pytest.fixture
def long_timeline(negotiation):
    """45 statements of one article, one day each going back from 1 May, except that the last of
    page 1 and the first of page 2 share SPLIT_DAY."""
    sentences = [f"Line {n:02} of the talks." for n in range(45)]
    article = make_article(negotiation, title="Long", text=" ".join(sentences), published=date(2025, 5, 1))
    statements = []
    for n, sentence in enumerate(sentences):
        said_on = date.fromordinal(date(2025, 5, 1).toordinal() - (n if n < TIMELINE_PAGE_SIZE else n - 1))
        statements.append(make_statement(article, sentence, said_on=said_on))
    assert statements[TIMELINE_PAGE_SIZE - 1].said_on == statements[TIMELINE_PAGE_SIZE].said_on == SPLIT_DAY
    return statements


def test_a_long_timeline_is_paged(client, negotiation, long_timeline):
    response = client.get(url(negotiation))

    assert shown(response) == [s.pk for s in long_timeline[:TIMELINE_PAGE_SIZE]]
    page = text_of(response)
    assert 'id="load-more"' in page
    # Without JavaScript the link is a plain next page; with htmx it says where this page ended.
    assert 'href="?page=2"' in page
    assert f'hx-get="?page=2&amp;last_day={SPLIT_DAY}"' in page

    second = client.get(url(negotiation, "page=2"))
    assert shown(second) == [s.pk for s in long_timeline[TIMELINE_PAGE_SIZE:]]
    assert headings(second)[0] == heading(SPLIT_DAY)  # a page of its own needs its heading
    assert 'id="load-more"' not in text_of(second)


def test_the_count_and_pages_include_undated_and_leave_out_rejected_statements(client, negotiation, long_timeline):
    # The count comes from the chart's counts, which also hold the statements the chart leaves out.
    undated = make_article(negotiation, title="Undated", text="No day here. Nor here.", published=None)
    make_statement(undated, "No day here.")
    annotate(make_statement(undated, "Nor here."), Status.REJECTED)

    page = text_of(client.get(url(negotiation)))
    assert '<p class="result-count">46 statements' in page
    assert "1 without a day are not shown." in page
    assert "(page 2 of 2)" in page
    more = client.get(url(negotiation, f"page=2&last_day={SPLIT_DAY}"), headers=htmx("load-more"))
    assert len(shown(more)) == 46 - TIMELINE_PAGE_SIZE
    assert text_of(client.get(url(negotiation, "review=rejected"))).count('class="result-count">1 statement<') == 1


def test_load_more_answers_only_the_next_entries_without_the_days_heading_again(client, negotiation, long_timeline):
    response = client.get(url(negotiation, f"page=2&last_day={SPLIT_DAY}"), headers=htmx("load-more"))

    assert response.status_code == 200
    page = text_of(response)
    assert "<html" not in page and "<section" not in page and "result-count" not in page
    assert shown(response) == [s.pk for s in long_timeline[TIMELINE_PAGE_SIZE:]]
    # SPLIT_DAY was the last day of page 1: its heading is already on screen.
    assert headings(response) == [heading(s.said_on) for s in long_timeline[TIMELINE_PAGE_SIZE + 1 :]]
    assert "HX-Request" in response["Vary"]


def test_load_more_after_an_undated_end_adds_no_second_no_date_heading(client, negotiation):
    article = make_article(
        negotiation, title="Undated", text=" ".join(f"Line {n:02}." for n in range(45)), published=None
    )
    for n in range(45):
        make_statement(article, f"Line {n:02}.")

    first = client.get(url(negotiation))
    assert headings(first) == ["No date"]
    assert 'hx-get="?page=2&amp;last_day="' in text_of(first)
    assert headings(client.get(url(negotiation, "page=2&last_day="), headers=htmx("load-more"))) == []


def test_load_more_keeps_the_filters(client, negotiation, long_timeline):
    response = client.get(url(negotiation, "kind=direct&q=talks"))

    assert f'hx-get="?kind=direct&amp;q=talks&amp;page=2&amp;last_day={SPLIT_DAY}"' in text_of(response)
    more = client.get(url(negotiation, f"kind=direct&q=talks&page=2&last_day={SPLIT_DAY}"), headers=htmx("load-more"))
    assert len(shown(more)) == 45 - TIMELINE_PAGE_SIZE


@pytest.fixture
def search_limit(monkeypatch):
    """A word search counts at most 10 matches."""
    monkeypatch.setattr("negotiations.services.timeline_chart.SEARCH_COUNT_LIMIT", 10)
    monkeypatch.setattr("negotiations.views.SEARCH_COUNT_LIMIT", 10)


def test_a_search_with_more_matches_than_it_counts_says_so_and_still_pages(
    client, negotiation, long_timeline, search_limit
):
    page = text_of(client.get(url(negotiation, "q=talks")))

    assert '<p class="result-count">More than 10 statements' in page
    assert "<svg" not in page and "narrow the search to see the chart" in page
    assert shown(client.get(url(negotiation, "q=talks"))) == [s.pk for s in long_timeline[:TIMELINE_PAGE_SIZE]]
    assert "More statements (page 2)<" in page
    more = client.get(url(negotiation, f"q=talks&page=2&last_day={SPLIT_DAY}"), headers=htmx("load-more"))
    assert shown(more) == [s.pk for s in long_timeline[TIMELINE_PAGE_SIZE:]]
    assert 'id="load-more"' not in text_of(more)
    second = client.get(url(negotiation, "q=talks&page=2"))
    assert shown(second) == [s.pk for s in long_timeline[TIMELINE_PAGE_SIZE:]]
    assert shown(client.get(url(negotiation, "q=talks&page=9"))) == []


def test_a_search_within_the_limit_is_counted_and_charted(client, negotiation, long_timeline, search_limit):
    page = text_of(client.get(url(negotiation, "q=talks&date_from=2025-04-22")))

    assert '<p class="result-count">10 statements' in page
    assert "<svg" in page and page.count("<rect ") == 10


# --- annotation controls -------------------------------------------------------------------------


def test_only_annotators_get_edit_controls(client, reader_client, annotator_client, negotiation, talks):
    for reader in (client, reader_client):
        page = text_of(reader.get(url(negotiation)))
        assert "data-edit" not in page and "/edit/" not in page and "/review/" not in page
        assert "e edits the one in focus" not in page

    page = text_of(annotator_client.get(url(negotiation)))
    edit = reverse("statement_edit", args=[negotiation.slug, talks.varga.pk])
    review = reverse("statement_review", args=[negotiation.slug, talks.varga.pk])
    assert f'href="{edit}" hx-get="{edit}"' in page
    assert f'action="{review}" hx-post="{review}"' in page
    assert "e edits the one in focus" in page


# --- queries -------------------------------------------------------------------------------------

# negotiation, parties, actors and issues (the filter form), the chart's counts (which are the
# paginator's count too; "more" counts instead, without a chart), the page's ids, its
# statements, the issues readers see; signed in: session, user, and the user's and groups'
# permissions.
TIMELINE_QUERIES = {"anonymous": 9, "annotator": 13}


@pytest.mark.parametrize("who", ["anonymous", "annotator"])
@pytest.mark.parametrize(
    ("query", "headers", "saved"),
    [
        ("", {}, 0),
        ("party={party}&issue={issue}&q=river&review=annotated&kind=indirect&date_from=2025-03-01", {}, 0),
        ("order=oldest&speaker=Speaker", htmx("timeline-results"), 0),
        ("page=1&last_day=2025-03-01", htmx("load-more"), 0),  # a count instead of the chart
    ],
)
def test_queries_do_not_grow_with_statements(
    negotiation, annotator, django_assert_num_queries, who, query, headers, saved
):
    client = Client()
    if who == "annotator":
        client.force_login(annotator)
    query = query.format(party=pk_of(Party, negotiation, "Norland"), issue=pk_of(Issue, negotiation, "Kell dam"))
    expected = TIMELINE_QUERIES[who] - saved

    build_talks(negotiation, 3, user=annotator)
    with django_assert_num_queries(expected):
        few = client.get(url(negotiation, query), headers=headers)
    build_talks(negotiation, 22, user=annotator)
    with django_assert_num_queries(expected):
        many = client.get(url(negotiation, query), headers=headers)

    if not query:
        assert len(shown(few)) == visible(3) and len(shown(many)) == visible(3) + visible(22, offset=3)
    else:
        # Statements on the page both times, so that the prefetches ran both times.
        assert 1 <= len(shown(few)) < len(shown(many))
