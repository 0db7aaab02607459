"""The issue's bar, on real extraction: what the seed article says about the U.S. bridging proposal
and the Philadelphi corridor reaches the proposals page and the positions grid, each answer and
position linked to the sentence behind it.

spaCy runs once for the module (`extractions`); each test loads the seed setup and ingests the
seed article replaying what it found, so the pages below show what `make demo` shows.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse

from negotiations.extraction import ExtractedStatement
from negotiations.models import Issue, Negotiation, Party, Proposal, Statement
from negotiations.services.ingest import ingest_articles
from negotiations.services.setup import load_negotiation_file
from negotiations.services.sources import ArticleInput, read_path
from tests.views.helpers import Replay, extract_once, text_of

pytestmark = pytest.mark.django_db

SEED_SETUP = settings.BASE_DIR / "seeds" / "gaza-negotiation.yaml"
SEED_ARTICLES = settings.BASE_DIR / "seeds" / "gaza-seed-articles.jsonl"
BRIDGING = "U.S. bridging proposal"
PHILADELPHI = "Philadelphi corridor"
BLINKEN_REPORT = "Israel had accepted the U.S. proposal"
REVERSAL = "a reversal"
NEW_DEMANDS = "new demands added by Netanyahu"
BORDER = "Israeli troops remaining along Gaza’s border with Egypt"
TAG = re.compile(r"<[^>]+>")


def words(html: str) -> str:
    return " ".join(unescape(TAG.sub(" ", html)).split())


def seed_items() -> list[ArticleInput]:
    items = list(read_path(str(SEED_ARTICLES)))
    assert items and all(isinstance(item, ArticleInput) for item in items), items
    return items


@pytest.fixture(scope="module")
def extractions(django_db_setup, django_db_blocker) -> dict[str, list[ExtractedStatement]]:
    """What the real extractor finds in the seed article, by text: spaCy once for the module.

    The extractor is built from the seed setup in a transaction rolled back at once, so nothing
    is left for the tests.
    """
    with django_db_blocker.unblock():
        return extract_once(SEED_SETUP, seed_items())


@pytest.fixture
def seed(extractions) -> Negotiation:
    negotiation = load_negotiation_file(SEED_SETUP).negotiation
    report = ingest_articles(negotiation, seed_items(), extractor=Replay(extractions))
    assert (report.new, report.failed) == (1, 0), report
    return negotiation


def statement(negotiation: Negotiation, containing: str, **more) -> Statement:
    return Statement.objects.get(article__negotiation=negotiation, text__contains=containing, **more)


def sentence_link(negotiation: Negotiation, found: Statement) -> str:
    return f'href="{reverse("article_detail", args=[negotiation.slug, found.article_id])}#s-{found.pk}"'


def matrix_cell(html: str, proposal: str, party: str) -> str:
    match = re.search(
        rf'<td class="answer-cell ([^"]*)" data-party="{re.escape(party)}" data-proposal="{re.escape(proposal)}">'
        r"(.*?)</td>",
        html,
        re.DOTALL,
    )
    assert match, (proposal, party)
    return match.group(1) + " " + match.group(2)


def test_the_proposals_page_shows_israels_acceptance_and_hamass_rejection_of_the_bridging_proposal(client, seed):
    blinken = statement(seed, BLINKEN_REPORT)
    reversal = statement(seed, REVERSAL)

    page = text_of(client.get(reverse("proposal_list", args=[seed.slug])))

    israel = matrix_cell(page, BRIDGING, "Israel")
    assert "answer-accepted" in israel
    # Blinken's account of Israel's answer, on the day he gave it (the Monday before the article).
    assert words(israel).startswith(
        "answer-accepted is-contradicted Accepted Antony Blinken reported , said 2024-08-19"
    )
    assert sentence_link(seed, blinken) in israel
    hamas = matrix_cell(page, BRIDGING, "Hamas")
    assert "answer-rejected" in hamas
    assert words(hamas).startswith("answer-rejected Rejected Hamas , said 2024-08-20")
    assert f"“{REVERSAL}”" in words(hamas)
    assert sentence_link(seed, reversal) in hamas
    # The proposer gave no answer of its own.
    assert words(matrix_cell(page, BRIDGING, "United States")).endswith("proposed it")


def test_blinkens_account_and_israels_downplaying_are_shown_side_by_side(client, seed):
    blinken = statement(seed, BLINKEN_REPORT)
    downplaying = statement(seed, "a deal could be imminent", party__name="Israel")
    israel = Party.objects.get(negotiation=seed, name="Israel")
    bridging = Proposal.objects.get(negotiation=seed, name=BRIDGING)

    page = text_of(client.get(reverse("proposal_list", args=[seed.slug])))

    cell_url = reverse("proposal_cell", args=[seed.slug, bridging.pk, israel.pk])
    assert f'href="{cell_url}#contradictions">contradictory claims</a>' in matrix_cell(page, BRIDGING, "Israel")
    cell_page = text_of(client.get(cell_url))
    start = cell_page.index('<div class="side-by-side contradiction">')
    sides = re.findall(r'<div class="claim">(.*?)</div>', cell_page[start:], re.DOTALL)[:2]
    assert words(sides[0]).startswith("Accepted Antony Blinken reported") and sentence_link(seed, blinken) in sides[0]
    assert words(sides[1]).startswith("Disputes it Israeli officials") and sentence_link(seed, downplaying) in sides[1]


def test_the_grid_shows_israels_demand_on_the_philadelphi_corridor_with_its_sources(client, seed):
    sources = list(
        Statement.objects.filter(article__negotiation=seed, text__contains=NEW_DEMANDS).order_by("speaker", "pk")
    )
    # One sentence, told by Israeli and by Hamas officials: two statements.
    assert [s.speaker.split(" ")[0] for s in sources] == ["Hamas", "Israeli"]
    israel = Party.objects.get(negotiation=seed, name="Israel")
    corridor = Issue.objects.get(negotiation=seed, name=PHILADELPHI)
    cell_url = reverse("position_cell", args=[seed.slug, israel.pk, corridor.pk])

    grid = text_of(client.get(reverse("positions", args=[seed.slug])))

    cell = re.search(
        rf'<td class="cell stance-demands" data-party="Israel" data-issue="{PHILADELPHI}">(.*?)</td>', grid, re.DOTALL
    )
    assert cell, "Israel's cell on the Philadelphi corridor does not show a demand"
    assert words(cell.group(1)).startswith("Demands since 20 Aug 2024")
    assert f'href="{cell_url}"' in cell.group(1)

    history = text_of(client.get(cell_url))

    assert "Demands" in words(history) and "backed by 2 statements" in words(history)
    for source in sources:
        assert sentence_link(seed, source) in history
        # The demand is named after the statement's own words (the extractor ends the span
        # before "according to ..., such as ..."), so the history shows the whole sentence.
        assert BORDER not in source.text
    # The Hamas officials' account is someone else's; the Israeli officials' is Israel's own.
    items = re.findall(r'<li class="evidence [^"]*">(.*?)</li>', history, re.DOTALL)
    by_source = {s.pk: next(i for i in items if f"#s-{s.pk}" in i) for s in sources}
    for item in by_source.values():
        assert BORDER in words(item)
    hamas, israeli = sources
    assert ">reported</span>" in by_source[hamas.pk] and ">reported</span>" not in by_source[israeli.pk]
