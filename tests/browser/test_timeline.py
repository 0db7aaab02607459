"""The timeline: filters that update the list in place and make a permalink, and endless scrolling."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from negotiations.models import Statement
from negotiations.views import TIMELINE_PAGE_SIZE
from tests.browser.support import (
    DAM_RELEASE,
    FORMULA,
    MARKER,
    MARKER_READ,
    WATER,
    has_class,
    make_river,
)
from tests.helpers import make_article, make_negotiation, make_statement


def results(page: Page):
    return page.locator("#timeline-results")


def cards(page: Page):
    return results(page).locator("article[data-statement]")


def chart_bar_classes(page: Page) -> set[str]:
    return set(
        page.locator("figure.chart rect.bar").evaluate_all(
            "bars => bars.map(bar => [...bar.classList].find(name => name.startsWith('party-')))"
        )
    )


def test_filters_update_the_list_in_place_and_the_address_is_a_permalink(page, live_server):
    river = make_river()
    norland = river.negotiation.parties.get(name="Norland")
    timeline = f"/n/{river.negotiation.slug}/timeline/"

    page.goto(timeline)
    expect(cards(page)).to_have_count(4)
    chart = page.get_by_role("img", name="Statements per party per day")
    expect(chart).to_be_visible()
    assert chart_bar_classes(page) == {"party-0", "party-1", "party-2"}
    page.evaluate(MARKER)

    page.get_by_role("checkbox", name="Norland").check()
    expect(cards(page)).to_have_count(2)
    expect(cards(page)).to_have_text([re.compile(re.escape(DAM_RELEASE)), re.compile(re.escape(WATER))])
    expect(page).to_have_url(f"{live_server.url}{timeline}?party={norland.pk}")

    page.get_by_role("searchbox", name="Search").fill("dam")
    expect(cards(page)).to_have_count(1)
    expect(cards(page).first).to_contain_text(DAM_RELEASE)
    expect(results(page).get_by_text("1 statement", exact=True)).to_be_visible()
    # The chart follows the filters: Norland's colour only.
    expect(chart).to_be_visible()
    assert chart_bar_classes(page) == {"party-0"}

    assert page.evaluate(MARKER_READ) == "still here", "the filters reloaded the whole page"
    expect(page).to_have_url(f"{live_server.url}{timeline}?q=dam&party={norland.pk}")
    # Empty filters stay out of the permalink.
    query = parse_qs(urlsplit(page.url).query, keep_blank_values=True)
    assert query == {"q": ["dam"], "party": [str(norland.pk)]}

    fresh = page.context.new_page()
    fresh.goto(page.url)
    expect(cards(fresh)).to_have_count(1)
    expect(cards(fresh).first).to_contain_text(DAM_RELEASE)
    expect(fresh.get_by_role("checkbox", name="Norland")).to_be_checked()
    expect(fresh.get_by_role("checkbox", name="Sudmark")).not_to_be_checked()
    expect(fresh.get_by_role("checkbox", name="River Commission")).not_to_be_checked()
    expect(fresh.get_by_role("searchbox", name="Search")).to_have_value("dam")
    expect(fresh.get_by_role("img", name="Statements per party per day")).to_be_visible()
    assert chart_bar_classes(fresh) == {"party-0"}

    # Unticking goes back to every party; the permalink loses the party again.
    page.get_by_role("checkbox", name="Norland").uncheck()
    expect(cards(page)).to_have_count(2)
    expect(results(page)).not_to_contain_text(FORMULA)
    expect(page).to_have_url(f"{live_server.url}{timeline}?q=dam")


def test_scrolling_to_the_end_loads_the_next_page_in_place(page):
    negotiation = make_negotiation()
    count = TIMELINE_PAGE_SIZE + 5
    points = [f"Point {number:02d} was noted." for number in range(count)]
    article = make_article(negotiation, text=" ".join(points), published=date(2025, 4, 2))
    for point in points:
        make_statement(article, point, speaker="Ana Ferreira", party="River Commission", kind=Statement.Kind.INDIRECT)

    page.goto(f"/n/{negotiation.slug}/timeline/")
    expect(cards(page)).to_have_count(TIMELINE_PAGE_SIZE)
    load_more = page.get_by_role("link", name="More statements (page 2 of 2)")
    expect(load_more).to_be_attached()
    page.evaluate(MARKER)

    page.mouse.wheel(0, 100_000)

    expect(cards(page)).to_have_count(count)
    expect(cards(page).last).to_contain_text(points[-1])
    expect(cards(page).nth(TIMELINE_PAGE_SIZE)).to_contain_text(points[TIMELINE_PAGE_SIZE])
    expect(load_more).to_have_count(0)
    assert page.evaluate(MARKER_READ) == "still here", "loading more reloaded the whole page"
    # Every statement is on one day: the second page carries on under the first page's heading.
    expect(results(page).locator("h2.day")).to_have_count(1)
    expect(results(page).locator("h2.day")).to_have_text("Wednesday 2 April 2025")
    expect(cards(page).last).to_have_class(has_class("party-2"))
