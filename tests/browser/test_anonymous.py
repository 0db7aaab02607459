"""Reading needs no account; changing anything does, and anonymous pages offer no controls for it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser import signed_in
from tests.browser.support import card, editor, make_river


def assert_read_only(page: Page) -> None:
    statements = page.locator("article[data-statement]")
    expect(statements.first).to_be_visible()
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    for name in ("Confirm", "Reject", "Save", "Add statement"):
        expect(page.get_by_role("button", name=name)).to_have_count(0)
    expect(page.locator("form[data-add-statement], form[data-statement-form]")).to_have_count(0)
    expect(page.locator("form[method=post]")).to_have_count(0)


def test_anonymous_readers_get_no_editing_controls(page, live_server, annotator):
    river = make_river()
    slug = river.negotiation.slug
    pages = [
        f"/n/{slug}/",
        f"/n/{slug}/timeline/",
        f"/n/{slug}/articles/{river.first.pk}/",
        f"/n/{slug}/statements/{river.water.pk}/",
    ]
    for url in pages:
        page.goto(url)
        assert_read_only(page)
    expect(page.get_by_role("heading", name="Correct it")).to_have_count(0)

    page.goto(f"/n/{slug}/articles/{river.first.pk}/")
    expect(page.get_by_text("Select words in the text")).to_have_count(0)
    expect(page.get_by_text("Add a statement the extractor missed")).to_have_count(0)

    # The keys that edit do nothing either.
    page.goto(f"/n/{slug}/timeline/")
    card(page, river.water).focus()
    page.keyboard.press("e")
    page.keyboard.press("Enter")
    expect(card(page, river.water)).to_be_focused()
    expect(editor(page, river.water)).to_have_count(0)

    # The same pages signed in do have them, so the checks above are not vacuous.
    signed_in(page, live_server, annotator)
    page.goto(f"/n/{slug}/timeline/")
    expect(card(page, river.water).get_by_role("link", name="Edit")).to_be_visible()
    expect(card(page, river.water).get_by_role("button", name="Reject")).to_be_visible()
    page.goto(f"/n/{slug}/articles/{river.first.pk}/")
    expect(page.locator("form[data-add-statement]")).to_have_count(1)
