"""The positions grid: a cell's history loads beside the grid in place, and choosing a day replays
the grid in place with the day in the address."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Page, expect

from negotiations.models import Negotiation, Stance
from tests.browser.support import MARKER, MARKER_READ, has_class
from tests.helpers import make_article, make_negotiation, make_statement

FLOW, DAM = "Dry-season flow", "Kell dam"


def make_positions() -> Negotiation:
    """Norland demands on the flow (1 March) then opposes (10 March); Sudmark rejects on the dam
    (20 March); the Commission supports the flow (20 March)."""
    negotiation = make_negotiation()
    article = make_article(
        negotiation,
        text="Varga demanded more water. Olsen opposed the cut. Brell rejected the dam plan. Ferreira backed the flow.",
        published=date(2025, 3, 21),
    )
    for text, speaker, party, day, stance, target in [
        ("Varga demanded more water.", "Ilse Varga", "Norland", date(2025, 3, 1), Stance.DEMANDS, FLOW),
        ("Olsen opposed the cut.", "Piet Olsen", "Norland", date(2025, 3, 10), Stance.OPPOSES, FLOW),
        ("Brell rejected the dam plan.", "Tomas Brell", "Sudmark", date(2025, 3, 20), Stance.REJECTS, DAM),
        ("Ferreira backed the flow.", "Ana Ferreira", "River Commission", date(2025, 3, 20), Stance.SUPPORTS, FLOW),
    ]:
        make_statement(article, text, speaker=speaker, party=party, said_on=day, stance=stance, target=target)
    return negotiation


def cell(page: Page, party: str, issue: str):
    return page.locator(f'#grid td[data-party="{party}"][data-issue="{issue}"]')


def test_a_cells_history_loads_beside_the_grid_in_place(page, live_server):
    negotiation = make_positions()
    grid_url = f"{live_server.url}/n/{negotiation.slug}/positions/"

    page.goto(grid_url)
    expect(cell(page, "Norland", FLOW)).to_have_class(has_class("stance-opposes"))
    expect(cell(page, "Sudmark", DAM)).to_have_class(has_class("stance-rejects"))
    expect(cell(page, "Sudmark", FLOW)).to_have_class(has_class("is-empty"))
    expect(page.locator("tbody.band-mediators td[data-party='River Commission']").first).to_be_attached()
    expect(cell(page, "River Commission", FLOW)).to_have_class(has_class("stance-supports"))
    page.evaluate(MARKER)

    cell(page, "Norland", FLOW).get_by_role("link").click()

    panel = page.locator("#cell-history")
    expect(panel.get_by_role("heading", name=f"Norland on {FLOW}")).to_be_visible()
    expect(panel.locator("li.evidence")).to_have_count(2)
    mark = panel.locator("li[data-change]")
    expect(mark).to_have_count(1)
    expect(mark).to_have_text("Demands → Opposes: position changed")
    # The mark stands between the two statements it separates.
    expect(panel.locator("ol.cell-timeline > li")).to_have_count(3)
    expect(panel.locator("ol.cell-timeline > li").nth(1)).to_have_attribute("data-change", "")
    assert page.evaluate(MARKER_READ) == "still here", "choosing a cell reloaded the whole page"
    expect(page).to_have_url(grid_url)

    # Another cell replaces the history; still no page load.
    cell(page, "Sudmark", DAM).get_by_role("link").click()
    expect(panel.get_by_role("heading", name=f"Sudmark on {DAM}")).to_be_visible()
    expect(panel.locator("li[data-change]")).to_have_count(0)
    assert page.evaluate(MARKER_READ) == "still here"


def test_choosing_a_day_replays_the_grid_in_place_and_the_address_keeps_it(page, live_server):
    negotiation = make_positions()
    grid_url = f"{live_server.url}/n/{negotiation.slug}/positions/"

    page.goto(grid_url)
    page.evaluate(MARKER)

    page.get_by_label("As of").fill("2025-03-05")

    expect(page).to_have_url(f"{grid_url}?as_of=2025-03-05")
    expect(cell(page, "Norland", FLOW)).to_have_class(has_class("stance-demands"))
    expect(cell(page, "Norland", FLOW)).to_contain_text("Ilse Varga")
    expect(cell(page, "Sudmark", DAM)).to_have_class(has_class("is-empty"))
    expect(page.locator("#grid .as-of-note")).to_have_text("As it stood at the end of 5 March 2025.")
    assert page.evaluate(MARKER_READ) == "still here", "choosing a day reloaded the whole page"

    # The days a position changed are links to the grid on that day, in place too.
    page.locator(".change-days").get_by_role("link", name="10 Mar 2025").click()

    expect(page).to_have_url(f"{grid_url}?as_of=2025-03-10")
    expect(cell(page, "Norland", FLOW)).to_have_class(has_class("stance-opposes"))
    expect(page.locator("#grid .as-of-note")).to_have_text("As it stood at the end of 10 March 2025.")
    assert page.evaluate(MARKER_READ) == "still here"
    # The field follows, so that Show keeps the day the grid shows.
    expect(page.get_by_label("As of")).to_have_value("2025-03-10")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(f"{grid_url}?as_of=2025-03-10")
    expect(cell(page, "Norland", FLOW)).to_have_class(has_class("stance-opposes"))

    # The address is a permalink: a fresh page shows the same day.
    fresh = page.context.new_page()
    fresh.goto(page.url)
    expect(cell(fresh, "Norland", FLOW)).to_have_class(has_class("stance-opposes"))
    expect(cell(fresh, "Sudmark", DAM)).to_have_class(has_class("is-empty"))
    expect(fresh.get_by_label("As of")).to_have_value("2025-03-10")


def test_an_unclear_cell_says_so_and_its_history_marks_the_statement(page, live_server, settings):
    settings.PARLEY_STANCE_THRESHOLD = 0.5
    negotiation = make_negotiation()
    article = make_article(negotiation, text="Brell was said to be cool on the dam plan.", published=date(2025, 3, 21))
    statement = make_statement(
        article,
        "Brell was said to be cool on the dam plan.",
        speaker="Tomas Brell",
        party="Sudmark",
        said_on=date(2025, 3, 20),
        stance=Stance.REJECTS,
        target=DAM,
        stance_confidence=0.3,
    )

    page.goto(f"{live_server.url}/n/{negotiation.slug}/positions/")

    unclear = cell(page, "Sudmark", DAM)
    expect(unclear).to_have_class(has_class("is-unclear"))
    expect(unclear.locator(".stance-unclear")).to_have_text("Unclear")
    expect(unclear.locator(".reads-as")).to_have_text("reads as Rejects")
    expect(unclear.get_by_role("link")).to_have_accessible_name(
        f"Sudmark on {DAM}: unclear (read as Rejects, with low confidence)"
    )
    # Drawn apart from a known stance: a dashed outline, not the stance's colour.
    assert unclear.evaluate("td => getComputedStyle(td).outlineStyle") == "dashed"

    unclear.get_by_role("link").click()

    panel = page.locator("#cell-history")
    expect(panel.locator(".cell-now")).to_contain_text("Unclear reads as Rejects")
    expect(panel.locator(f"li.evidence:has(a[href$='#s-{statement.pk}']) .tag.unclear")).to_have_text("unclear")
