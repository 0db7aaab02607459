"""The proposals page: the answers matrix, its jump to contradictory claims, and its links to the
sentence behind each answer."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import expect

from negotiations.models import Party, Proposal, Stance
from tests.browser.support import has_class
from tests.helpers import make_article, make_negotiation, make_statement

FORMULA = "Commission flow formula"
REPORT = "Ferreira said Norland had accepted the formula."
DOWNPLAY = "Varga downplayed the idea that a deal was near."
REJECTION = "Brell said Sudmark rejects the formula."
# Enough text before the answers that their sentences start below the article page's window.
FILLER = " ".join(f"The talks went on, day {n}." for n in range(200))


def test_the_matrix_jumps_to_contradictions_and_opens_each_answers_sentence(page, live_server):
    negotiation = make_negotiation()
    formula = Proposal.objects.get(negotiation=negotiation, name=FORMULA)
    article = make_article(negotiation, text=f"{FILLER} {REPORT} {DOWNPLAY} {REJECTION}", published=date(2025, 4, 6))
    make_statement(
        article,
        REPORT,
        speaker="Ana Ferreira",
        party="River Commission",
        said_on=date(2025, 4, 1),
        proposal=formula,
        reported=("Norland", Stance.ACCEPTS, FORMULA),
    )
    make_statement(
        article,
        DOWNPLAY,
        speaker="Ilse Varga",
        party="Norland",
        cue="downplayed",
        said_on=date(2025, 4, 3),
        proposal=formula,
    )
    rejection = make_statement(
        article,
        REJECTION,
        speaker="Tomas Brell",
        party="Sudmark",
        said_on=date(2025, 4, 2),
        stance=Stance.REJECTS,
        target=FORMULA,
        proposal=formula,
    )
    norland = Party.objects.get(negotiation=negotiation, name="Norland")
    proposals_url = f"{live_server.url}/n/{negotiation.slug}/proposals/"

    page.goto(proposals_url)

    def answer(party: str):
        return page.locator(f'td.answer-cell[data-proposal="{FORMULA}"][data-party="{party}"]')

    expect(answer("Norland").locator(".answer-label").first).to_have_text("Accepted")
    expect(answer("Sudmark").locator(".answer-label")).to_have_text("Rejected")
    expect(answer("River Commission")).to_have_text("proposed it")
    expect(answer("Norland")).to_have_class(has_class("is-contradicted"))

    # The flag leads to the cell's own page, to its contradictions, side by side.
    answer("Norland").get_by_role("link", name="contradictory claims").click()
    cell_url = f"{live_server.url}/n/{negotiation.slug}/proposals/{formula.pk}/{norland.pk}/"
    expect(page).to_have_url(f"{cell_url}#contradictions")
    side_by_side = page.locator("#contradictions")
    expect(side_by_side).to_be_in_viewport()
    expect(side_by_side.locator(".side-by-side .claim")).to_have_count(2)
    expect(side_by_side.locator(".claim").nth(0)).to_contain_text("Accepted")
    expect(side_by_side.locator(".claim").nth(1)).to_contain_text("Disputes it")
    page.goto(proposals_url)

    page.set_viewport_size({"width": 1280, "height": 900})
    answer("Sudmark").get_by_role("link", name=REJECTION).click()

    expect(page).to_have_url(f"{live_server.url}/n/{negotiation.slug}/articles/{article.pk}/#s-{rejection.pk}")
    sentence = page.locator(f"mark#s-{rejection.pk}")
    expect(sentence).to_have_text(REJECTION)
    expect(sentence).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0, "the page did not scroll to the sentence"
    assert sentence.evaluate("element => element.matches(':target')"), "the sentence is not the page's target"
