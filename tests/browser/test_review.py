"""The stance review queue from the keyboard, the offer to correct the statements read the same
way, and correcting (then deleting) a reported stance in the editor; the grid and the matrix follow."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Page, expect

from negotiations.models import AnnotationRevision, Stance, Statement
from tests.browser import signed_in
from tests.browser.support import MARKER, MARKER_READ, card, editor
from tests.browser.test_screenshots import load_seed, window_screenshot
from tests.helpers import make_article, make_negotiation, make_statement

DAM, FORMULA = "Kell dam", "Commission flow formula"
PLAN = "Brell rejected the dam plan."
ALSO = "Olsen rejected the dam timetable."
IDLE = "Ferreira spoke about the weather."
REPORT = "Ferreira said Sudmark had accepted the flow formula."


def item(page: Page, statement: Statement):
    return page.locator(f"article#review-{statement.pk}")


def test_an_annotator_reviews_stances_from_the_keyboard_and_the_grid_follows(page, live_server, annotator):
    negotiation = make_negotiation()
    article = make_article(negotiation, text=f"{PLAN} {ALSO} {IDLE}", published=date(2025, 4, 2))
    plan = make_statement(
        article,
        PLAN,
        speaker="Tomas Brell",
        party="Sudmark",
        cue="rejected",
        rule="object",
        stance=Stance.REJECTS,
        target=DAM,
    )  # decides Sudmark on the dam
    also = make_statement(
        article,
        ALSO,
        speaker="Olsen",
        party="Norland",
        cue="rejected",
        rule="object",
        stance=Stance.REJECTS,
        target=DAM,
    )  # decides Norland on the dam, read the same way as `plan`
    idle = make_statement(article, IDLE, speaker="Ana Ferreira", stance_confidence=0.2)  # unclear
    signed_in(page, live_server, annotator)
    page.goto(f"/n/{negotiation.slug}/queue/")
    page.evaluate(MARKER)

    items = page.locator("article[data-review-item]")
    expect(items).to_have_count(3)
    expect(items.last).to_have_id(f"review-{idle.pk}")  # decides nothing: last
    expect(page.locator("details.keys")).to_contain_text("3 Accepts")

    page.keyboard.press("j")
    first = items.first
    expect(first).to_be_focused()
    first_id = first.get_attribute("id")
    reviewed = plan if first_id == f"review-{plan.pk}" else also
    other = also if reviewed is plan else plan

    page.keyboard.press("3")  # Accepts
    expect(item(page, reviewed).get_by_role("status")).to_have_text("Saved.")
    expect(item(page, reviewed).locator(".stance-line .stance")).to_have_text("Accepts")
    expect(item(page, reviewed).locator(".decides")).to_contain_text("Accepts")
    expect(item(page, reviewed)).to_be_focused()
    # The other "rejected" read by the same rule is offered the same correction.
    offer = item(page, reviewed).locator(".same-reading")
    expect(offer).to_contain_text("1 other statement was read the same way")
    expect(offer).to_contain_text(other.text)

    page.keyboard.press("A")  # the proposal: the Commission's formula
    expect(item(page, reviewed).locator(".stance-line")).to_contain_text(f"on {FORMULA}")
    expect(item(page, reviewed)).to_be_focused()

    page.keyboard.press("j")
    expect(item(page, other)).to_be_focused()
    page.keyboard.press("k")
    expect(item(page, reviewed)).to_be_focused()

    item(page, reviewed).get_by_role("button", name="Make it Accepts").click()
    expect(item(page, reviewed).get_by_role("status")).to_have_text("“Accepts” given to 1 statement read the same way.")
    assert page.evaluate(MARKER_READ) == "still here", "reviewing reloaded the whole page"

    stances = AnnotationRevision.objects.filter(field="stance").order_by("id")
    assert [(r.statement_id, r.new_value) for r in stances] == [(reviewed.pk, "accepts"), (other.pk, "accepts")]
    assert Statement.objects.for_display().get(pk=reviewed.pk).effective.proposal.name == FORMULA

    # c confirms the unclear one: it leaves the queue.
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(item(page, idle)).to_be_focused()
    page.keyboard.press("c")
    expect(item(page, idle).get_by_role("status")).to_have_text("Confirmed: out of the queue.")

    page.goto(f"/n/{negotiation.slug}/positions/")
    for party in ("Sudmark", "Norland"):
        cell = page.locator(f'td.cell[data-party="{party}"][data-issue="{DAM}"]')
        expect(cell.locator(".stance").first).to_have_text("Accepts")
    page.goto(f"/n/{negotiation.slug}/queue/")
    expect(page.locator("article[data-review-item]")).to_have_count(0)
    expect(page.get_by_text("Nothing to review")).to_be_visible()


def test_a_reported_stance_is_corrected_then_deleted_and_the_matrix_follows(page, live_server, annotator):
    negotiation = make_negotiation()
    article = make_article(negotiation, text=REPORT, published=date(2025, 4, 2))
    report = make_statement(
        article,
        REPORT,
        speaker="Ana Ferreira",
        party="River Commission",
        kind=Statement.Kind.INDIRECT,
        proposal=FORMULA,
        reported=("Sudmark", Stance.ACCEPTS, FORMULA),
    )
    signed_in(page, live_server, annotator)
    matrix_url = f"/n/{negotiation.slug}/proposals/"
    sudmark = page.locator(f'td.answer-cell[data-proposal="{FORMULA}"][data-party="Sudmark"] .answer-label')
    page.goto(matrix_url)
    expect(sudmark.first).to_have_text("Accepted")

    page.goto(f"/n/{negotiation.slug}/timeline/")
    expect(card(page, report).locator(".reported")).to_have_text(f"reports Sudmark: Accepts {FORMULA}")
    card(page, report).get_by_role("link", name="Edit").click()
    form = editor(page, report)
    form.get_by_label("Reported stance").select_option(label="Rejects")
    form.get_by_role("button", name="Save").click()
    expect(card(page, report).locator(".reported")).to_have_text(f"reports Sudmark: Rejects {FORMULA}")

    page.goto(matrix_url)
    expect(sudmark.first).to_have_text("Rejected")

    page.goto(f"/n/{negotiation.slug}/statements/{report.pk}/")
    form = page.locator(f"form#statement-{report.pk}")
    form.get_by_label("Reported stance").select_option(label="— (none)")
    form.get_by_role("button", name="Save").click()
    expect(page.locator(f"article#statement-{report.pk} .reported")).to_have_count(0)
    history = page.locator("table.revisions tbody tr td:nth-child(3)")
    expect(history).to_have_text(["reported stance", "reported party", "reported stance", "reported toward"])

    page.goto(matrix_url)
    expect(sudmark.first).to_have_text("no answer yet")


def test_the_seed_negotiations_queue_in_a_screenshot(page, live_server, annotator):
    """On the seed as `make demo` shows it: the queue opens with the deciders of cells and answers,
    and a key press corrects one in place (`make screenshots` saves docs/screenshots/review.png)."""
    negotiation = load_seed()
    signed_in(page, live_server, annotator)
    page.goto(f"/n/{negotiation.slug}/queue/")

    first = page.locator("article[data-review-item]").first
    expect(first.locator(".decides li").first).to_contain_text("Decides")
    page.keyboard.press("j")
    expect(first).to_be_focused()
    stance = first.locator(".stance-line .stance").first.inner_text()
    page.keyboard.press("8" if stance != "Neutral" else "2")  # Neutral, or else Supports
    expect(page.locator("article[data-review-item]").first.get_by_role("status")).to_have_text("Saved.")
    window_screenshot(page, "review")
