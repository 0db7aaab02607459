"""The proposals page: the answers matrix (proposals x parties), contradictory claims side by side,
and the list of proposals with their aliases, statement counts and, for annotators, merging."""

import re
from datetime import date
from html import unescape
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from negotiations.models import Alias, Party, Proposal, Stance
from tests.helpers import make_article, make_negotiation, make_statement, placed_again
from tests.views.helpers import build_talks, paths, text_of

pytestmark = pytest.mark.django_db

FORMULA, DRAFT = "Commission flow formula", "Sudmarkian draft"
SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
CELL = re.compile(r'<td class="answer-cell ([^"]*)" data-party="([^"]*)" data-proposal="([^"]*)">(.*?)</td>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def url(negotiation) -> str:
    return reverse("proposal_list", args=[negotiation.slug])


def words(html: str) -> str:
    return " ".join(unescape(TAG.sub(" ", html)).split())


def matrix(html: str) -> dict[tuple[str, str], SimpleNamespace]:
    """(proposal, party) -> the cell's classes, words and markup."""
    return {
        (unescape(proposal), unescape(party)): SimpleNamespace(
            classes=set(classes.split()), words=words(inner), html=inner
        )
        for classes, party, proposal, inner in CELL.findall(html)
    }


def section(html: str, start: str, end: str = "</article>") -> str:
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def sentence_link(negotiation, statement) -> str:
    return f'href="{reverse("article_detail", args=[negotiation.slug, statement.article_id])}#s-{statement.pk}"'


@pytest.fixture
def answers(negotiation):
    """The Commission's formula (setup) and Sudmark's draft (found in an article).

    Formula: Ferreira reports on 1 April that Norland accepted it, and Norland's own Varga
    downplays that on 3 April (a contradiction); Sudmark's Brell rejects it on 2 April.
    Draft: Norland's Varga accepts it with conditions on 5 April.
    """
    formula = Proposal.objects.get(negotiation=negotiation, name=FORMULA)
    draft = Proposal.objects.create(
        negotiation=negotiation,
        name=DRAFT,
        party=Party.objects.get(negotiation=negotiation, name="Sudmark"),
        date=date(2025, 3, 20),
        origin=Proposal.Origin.ARTICLE,
    )
    Alias.objects.create(negotiation=negotiation, text="the Brava draft", proposal=draft)
    article = make_article(
        negotiation,
        title="Answers to the formula",
        text=(
            "Ferreira said Norland had accepted the formula. Varga downplayed the idea that a deal was near. "
            "Brell said Sudmark rejects the formula. Varga said Norland could accept the draft with guarantees."
        ),
        published=date(2025, 4, 6),
    )
    report = make_statement(
        article,
        "Ferreira said Norland had accepted the formula.",
        speaker="Ana Ferreira",
        party="River Commission",
        said_on=date(2025, 4, 1),
        proposal=formula,
        reported=("Norland", Stance.ACCEPTS, FORMULA),
    )
    dispute = make_statement(
        article,
        "Varga downplayed the idea that a deal was near.",
        speaker="Ilse Varga",
        party="Norland",
        cue="downplayed",
        said_on=date(2025, 4, 3),
        proposal=formula,
    )
    rejection = make_statement(
        article,
        "Brell said Sudmark rejects the formula.",
        speaker="Tomas Brell",
        party="Sudmark",
        said_on=date(2025, 4, 2),
        stance=Stance.REJECTS,
        target=FORMULA,
        proposal=formula,
    )
    conditions = make_statement(
        article,
        "Varga said Norland could accept the draft with guarantees.",
        speaker="Ilse Varga",
        party="Norland",
        stance=Stance.CONDITIONAL,
        target=DRAFT,
        proposal=draft,
    )
    return SimpleNamespace(
        formula=formula,
        draft=draft,
        article=article,
        report=report,
        dispute=dispute,
        rejection=rejection,
        conditions=conditions,
    )


# --- the matrix ----------------------------------------------------------------------------------


def test_unknown_slug_is_404(client, db):
    assert client.get(reverse("proposal_list", args=["nope"])).status_code == 404


def test_no_proposals_says_so(client, db):
    negotiation = make_negotiation(slug="bare", with_setup=False)

    page = text_of(client.get(url(negotiation)))

    assert "No proposals yet" in page and "<table" not in page


def test_the_matrix_shows_each_partys_answer(client, negotiation, answers):
    response = client.get(url(negotiation))

    assert response.status_code == 200
    cells = matrix(text_of(response))
    assert set(cells) == {(p, party) for p in (FORMULA, DRAFT) for party in ("Norland", "Sudmark", "River Commission")}
    norland = cells[FORMULA, "Norland"]
    # The dispute is no answer of its own: the reported acceptance stays the latest answer.
    assert "answer-accepted" in norland.classes
    assert norland.words.startswith("Accepted Ana Ferreira reported , said 2025-04-01")
    sudmark = cells[FORMULA, "Sudmark"]
    assert "answer-rejected" in sudmark.classes
    assert sudmark.words.startswith("Rejected Tomas Brell , said 2025-04-02")
    assert "reported" not in sudmark.words  # its own word
    assert "answer-conditional" in cells[DRAFT, "Norland"].classes
    # Said on no known day: the article's date, flagged.
    assert "Accepted with conditions Ilse Varga , day not known: article of 2025-04-06" in cells[DRAFT, "Norland"].words
    assert "answer-none" in cells[DRAFT, "River Commission"].classes
    assert cells[DRAFT, "River Commission"].words == "no answer yet"


def test_the_proposer_is_marked_instead_of_no_answer(client, negotiation, answers):
    cells = matrix(text_of(client.get(url(negotiation))))

    assert cells[FORMULA, "River Commission"].words == "proposed it"
    assert cells[DRAFT, "Sudmark"].words == "proposed it"
    assert "proposed it" not in cells[FORMULA, "Norland"].words + cells[DRAFT, "Norland"].words


def test_each_answer_links_to_its_sentence(client, negotiation, answers):
    cells = matrix(text_of(client.get(url(negotiation))))

    assert sentence_link(negotiation, answers.report) in cells[FORMULA, "Norland"].html
    assert sentence_link(negotiation, answers.rejection) in cells[FORMULA, "Sudmark"].html
    assert sentence_link(negotiation, answers.conditions) in cells[DRAFT, "Norland"].html
    assert "“Brell said Sudmark rejects the formula.”" in cells[FORMULA, "Sudmark"].words


def cell_url(negotiation, proposal, party: str) -> str:
    party = Party.objects.get(negotiation=negotiation, name=party)
    return reverse("proposal_cell", args=[negotiation.slug, proposal.pk, party.pk])


def test_a_cell_with_several_claims_links_to_them_all(client, negotiation, answers):
    cells = matrix(text_of(client.get(url(negotiation))))
    link = cell_url(negotiation, answers.formula, "Norland")

    assert f'<a class="claims" href="{link}">2 claims</a>' in cells[FORMULA, "Norland"].html
    claims = section(text_of(client.get(link)), '<ol class="claims"', "</ol>")
    items = re.findall(r"<li>(.*?)</li>", claims, re.DOTALL)
    assert [words(item).split(" ")[0] for item in items] == ["Accepted", "Disputes"]  # oldest first
    assert sentence_link(negotiation, answers.report) in items[0]
    assert sentence_link(negotiation, answers.dispute) in items[1]
    # One claim needs no list.
    assert 'class="claims"' not in cells[FORMULA, "Sudmark"].html


def test_contradictory_claims_are_flagged_and_shown_side_by_side(client, negotiation, answers):
    page = text_of(client.get(url(negotiation)))
    link = cell_url(negotiation, answers.formula, "Norland")

    cells = matrix(page)
    assert "is-contradicted" in cells[FORMULA, "Norland"].classes
    assert f'<a class="flag" href="{link}#contradictions">contradictory claims</a>' in cells[FORMULA, "Norland"].html
    assert not any("is-contradicted" in cell.classes for key, cell in cells.items() if key != (FORMULA, "Norland"))
    listed = section(page, '<h2 id="contradictions-heading">', "</section>")
    assert words(listed).startswith(f"Contradictory claims Norland on {FORMULA}: 1 contradictory pair")
    assert f'href="{link}#contradictions"' in listed

    contradictions = section(
        text_of(client.get(link)), '<section aria-labelledby="contradictions-heading"', "</section>"
    )
    assert contradictions.count('<div class="side-by-side contradiction">') == 1
    sides = re.findall(r'<div class="claim">(.*?)</div>', contradictions, re.DOTALL)
    assert len(sides) == 2
    # Ferreira's account against Norland's own downplaying, each linked to its sentence.
    assert words(sides[0]).startswith("Accepted Ana Ferreira reported , said 2025-04-01")
    assert sentence_link(negotiation, answers.report) in sides[0]
    assert words(sides[1]).startswith("Disputes it Ilse Varga , said 2025-04-03")
    assert sentence_link(negotiation, answers.dispute) in sides[1]


def test_no_contradictions_no_section(client, negotiation, answers):
    answers.dispute.delete()

    page = text_of(client.get(url(negotiation)))

    assert "contradictions-heading" not in page and "contradictory claims" not in page


# --- the list ------------------------------------------------------------------------------------


def test_each_proposal_lists_its_proposer_day_origin_aliases_and_statements(client, negotiation, answers):
    page = text_of(client.get(url(negotiation)))

    formula = words(section(page, f'<article class="proposal" id="proposal-{answers.formula.pk}">'))
    assert (
        formula
        == f"{FORMULA} By River Commission , 10 Mar 2025 · setup file · 3 statements Also called: “flow formula”"
    )
    draft = words(section(page, f'<article class="proposal" id="proposal-{answers.draft.pk}">'))
    assert draft.startswith(
        f"{DRAFT} By Sudmark , 20 Mar 2025 · found in an article · 1 statement Also called: “the Brava draft”"
    )
    timeline = reverse("timeline", args=[negotiation.slug])
    assert {f"{timeline}?proposal={answers.formula.pk}", f"{timeline}?proposal={answers.draft.pk}"} <= paths(page)
    # The matrix's row heads jump to the proposal's entry.
    assert f'<th scope="row"><a href="#proposal-{answers.draft.pk}">{DRAFT}</a></th>' in page


def test_merge_forms_only_for_annotators_and_only_on_proposals_not_from_the_setup(
    client, reader_client, annotator_client, negotiation, answers
):
    merge = reverse("proposal_merge", args=[negotiation.slug, answers.draft.pk])
    for reader in (client, reader_client):
        page = text_of(reader.get(url(negotiation)))
        assert "/merge/" not in page and '<form class="merge"' not in page

    page = text_of(annotator_client.get(url(negotiation)))

    assert page.count('<form class="merge"') == 1
    form = section(page, f'<article class="proposal" id="proposal-{answers.draft.pk}">')
    assert f'<form class="merge" method="post" action="{merge}">' in form
    assert "csrfmiddlewaretoken" in form
    # Into any other proposal of the negotiation, never itself.
    assert re.findall(r'<option value="(\d+)"', form) == [str(answers.formula.pk)]
    assert f'name="p{answers.draft.pk}-into"' in form
    setup = section(page, f'<article class="proposal" id="proposal-{answers.formula.pk}">')
    assert "<form" not in setup


def test_hostile_names_are_escaped(client, negotiation, answers):
    Proposal.objects.filter(pk=answers.draft.pk).update(name=f"Draft {SCRIPT}")
    Alias.objects.filter(proposal=answers.draft).update(text=SCRIPT)
    answers.conditions.speaker = SCRIPT
    answers.conditions.target = f"Draft {SCRIPT}"
    answers.conditions.save()
    placed_again(negotiation)

    page = text_of(client.get(url(negotiation)))

    assert SCRIPT not in page
    assert f"Draft {ESCAPED_SCRIPT}" in page and f"“{ESCAPED_SCRIPT}”" in page
    assert "answer-conditional" in matrix(page)[f"Draft {SCRIPT}", "Norland"].classes


# --- queries -------------------------------------------------------------------------------------

# negotiation, parties, proposals and their aliases, the cells' stored heads and answers, the
# answers' statements (text and speaker), the statements per proposal; signed in:
# session and user, and the user's and groups' permissions; the merge forms take their choices
# from the proposals already read.
PROPOSALS_QUERIES = {"anonymous": 7, "annotator": 11}


@pytest.mark.parametrize("who", ["anonymous", "annotator"])
def test_queries_do_not_grow_with_statements(negotiation, annotator, django_assert_num_queries, who):
    client = Client()
    if who == "annotator":
        client.force_login(annotator)

    build_talks(negotiation, 3, user=annotator)
    with django_assert_num_queries(PROPOSALS_QUERIES[who]):
        few = client.get(url(negotiation))
    build_talks(negotiation, 22, user=annotator)
    with django_assert_num_queries(PROPOSALS_QUERIES[who]):
        many = client.get(url(negotiation))

    claims = [text_of(r).count('class="claim-text"') for r in (few, many)]
    assert 1 <= claims[0] < claims[1]


def test_queries_do_not_grow_with_proposals_found_in_articles(negotiation, annotator, django_assert_num_queries):
    client = Client()
    client.force_login(annotator)

    def found(count: int) -> None:
        start = Proposal.objects.filter(negotiation=negotiation).count()
        for n in range(start, start + count):
            Proposal.objects.create(negotiation=negotiation, name=f"Draft {n}", origin=Proposal.Origin.ARTICLE)

    # No statements: no answer's statement to read.
    expected = PROPOSALS_QUERIES["annotator"] - 1
    found(1)
    with django_assert_num_queries(expected):
        few = client.get(url(negotiation))
    found(3)
    with django_assert_num_queries(expected):
        many = client.get(url(negotiation))

    assert [text_of(r).count('<form class="merge"') for r in (few, many)] == [1, 4]
    # Each form offers every other proposal (the add-a-proposal form below them offers parties).
    merging = text_of(many).split('class="add-proposal"')[0]
    assert merging.count("<option ") == 4 * 4


# --- unclear answers -----------------------------------------------------------------------------


def test_an_answer_resting_only_on_low_confidence_claims_says_unclear(client, negotiation, answers, settings):
    settings.PARLEY_STANCE_THRESHOLD = 0.6
    answers.rejection.stance_confidence = 0.4
    answers.rejection.save()
    placed_again(negotiation)

    cells = matrix(text_of(client.get(url(negotiation))))

    sudmark = cells[FORMULA, "Sudmark"]
    assert "answer-unclear" in sudmark.classes and "answer-rejected" not in sudmark.classes
    assert sudmark.words.startswith("Unclear reads as Rejected unclear Tomas Brell")
    assert "answer-accepted" in cells[FORMULA, "Norland"].classes  # the report was read at 0.9


def test_a_clear_claim_of_the_same_answer_makes_it_clear(client, negotiation, answers, settings):
    settings.PARLEY_STANCE_THRESHOLD = 0.6
    answers.rejection.stance_confidence = 0.4
    answers.rejection.save()
    placed_again(negotiation)
    make_statement(
        answers.article,
        "Brell said Sudmark rejects the formula.",
        speaker="Tomas Brell",
        party="Sudmark",
        said_on=date(2025, 4, 1),
        stance=Stance.REJECTS,
        target=FORMULA,
        proposal=answers.formula,
    )

    sudmark = matrix(text_of(client.get(url(negotiation))))[FORMULA, "Sudmark"]

    assert "answer-rejected" in sudmark.classes and "answer-unclear" not in sudmark.classes
    # The latest claim itself is still marked as read with low confidence.
    assert sudmark.words.startswith("Rejected unclear Tomas Brell")
