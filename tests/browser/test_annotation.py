"""Correcting statements on the timeline: the inline editor, its keys, conflicts, and rejecting."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from negotiations.models import Party, Statement, StatementAnnotation
from negotiations.services.export import statement_rows
from tests.browser import signed_in
from tests.browser.support import (
    MARKER,
    MARKER_READ,
    card,
    drop_status_errors,
    editor,
    has_class,
    make_annotator,
    make_river,
    other_page,
)


def timeline_url(river) -> str:
    return f"/n/{river.negotiation.slug}/timeline/"


def cards(page: Page):
    return page.locator("#timeline-results article[data-statement]")


def test_an_annotator_corrects_a_statement_inline_and_the_history_shows_it(page, live_server, annotator):
    river = make_river()
    statement = river.dam_release  # Ilse Varga, Norland
    signed_in(page, live_server, annotator)
    page.goto(timeline_url(river))
    page.evaluate(MARKER)

    card(page, statement).get_by_role("link", name="Edit").click()
    form = editor(page, statement)
    expect(form).to_be_visible()
    expect(card(page, statement)).to_have_count(0)
    speaker = form.get_by_label("Speaker")
    expect(speaker).to_be_focused()
    expect(speaker).to_have_value("Ilse Varga")
    speaker.fill("Tomas Brell")
    form.get_by_label("Party").select_option(label="Sudmark")
    speaker.press("Enter")

    saved = card(page, statement)
    expect(saved).to_be_visible()
    expect(form).to_have_count(0)
    expect(saved.locator(".who")).to_have_text("Tomas Brell")
    expect(saved.locator(".statement-head .party-badge")).to_have_text("Sudmark")
    expect(saved).to_have_class(has_class("party-1"))
    expect(saved.get_by_role("status")).to_have_text("Saved.")
    expect(saved).to_contain_text("corrected")
    expect(saved).to_contain_text("edited by annotator")
    expect(saved).to_be_focused()
    assert page.evaluate(MARKER_READ) == "still here", "saving reloaded the whole page"

    saved.get_by_role("link", name="history").click()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    history = page.locator("table.revisions tbody tr")
    expect(history).to_have_count(2)
    # When, who, field, before, after; in the order of the editable fields.
    expect(history.nth(0).locator("td")).to_have_text(
        [re.compile(r"\d{4}"), "annotator", "speaker", "Ilse Varga", "Tomas Brell"]
    )
    expect(history.nth(1).locator("td")).to_have_text(
        [re.compile(r"\d{4}"), "annotator", "party", "Norland", "Sudmark"]
    )

    annotation = StatementAnnotation.objects.get(statement=statement)
    assert (annotation.speaker, annotation.party.name, annotation.version) == ("Tomas Brell", "Sudmark", 1)
    row = next(row for row in statement_rows(river.negotiation) if row["id"] == statement.pk)
    assert (row["speaker"], row["party"], row["annotated"]) == ("Tomas Brell", "Sudmark", True)


def test_keys_move_open_the_editor_and_escape_restores_the_card(page, live_server, annotator):
    river = make_river()
    signed_in(page, live_server, annotator)
    page.goto(timeline_url(river))
    # Newest first: the second article's statements, then the first's.
    order = [river.formula, river.dam_release, river.water, river.dam_close]
    expect(cards(page)).to_have_count(4)
    page.evaluate(MARKER)

    card(page, order[0]).focus()
    page.keyboard.press("j")
    expect(card(page, order[1])).to_be_focused()
    page.keyboard.press("j")
    expect(card(page, order[2])).to_be_focused()
    page.keyboard.press("k")
    expect(card(page, order[1])).to_be_focused()

    page.keyboard.press("e")
    form = editor(page, order[1])
    expect(form).to_be_visible()
    speaker = form.get_by_label("Speaker")
    expect(speaker).to_be_focused()
    speaker.fill("Somebody else")
    form.get_by_label("Party").select_option(label="River Commission")
    page.keyboard.press("Escape")

    restored = card(page, order[1])
    expect(restored).to_be_visible()
    expect(form).to_have_count(0)
    expect(restored.locator(".who")).to_have_text("Ilse Varga")
    expect(restored.locator(".statement-head .party-badge")).to_have_text("Norland")
    expect(restored).to_be_focused()
    assert not StatementAnnotation.objects.exists(), "Escape saved something"

    # Enter on a statement opens its editor too; j still walks on from the restored card.
    page.keyboard.press("j")
    expect(card(page, order[2])).to_be_focused()
    page.keyboard.press("Enter")
    expect(editor(page, order[2]).get_by_label("Speaker")).to_be_focused()
    page.keyboard.press("Escape")
    expect(card(page, order[2])).to_be_focused()
    assert page.evaluate(MARKER_READ) == "still here"


def test_a_conflicting_save_names_who_saved_first_and_keeps_their_value(
    page, live_server, browser, annotator, django_user_model, page_errors
):
    river = make_river()
    statement = river.water  # Norland
    other = make_annotator(django_user_model, "brigitte")
    signed_in(page, live_server, annotator)

    with other_page(browser, live_server, page_errors, user=other) as second:
        for each in (page, second):
            each.goto(timeline_url(river))
            card(each, statement).get_by_role("link", name="Edit").click()
            expect(editor(each, statement)).to_be_visible()

        first_form = editor(page, statement)
        first_form.get_by_label("Party").select_option(label="Sudmark")
        first_form.get_by_role("button", name="Save").click()
        expect(card(page, statement).locator(".statement-head .party-badge")).to_have_text("Sudmark")

        second_form = editor(second, statement)
        second_form.get_by_label("Party").select_option(label="River Commission")
        second_form.get_by_label("Speaker").fill("Ana Ferreira")
        with second.expect_response(lambda response: response.request.method == "POST") as answer:
            second_form.get_by_role("button", name="Save").click()
        assert answer.value.status == 409

        alert = second_form.get_by_role("alert")
        expect(alert).to_contain_text("annotator saved a change to this statement while you were editing it")
        expect(alert).to_contain_text("party: Norland → Sudmark")
        # What the second person chose is still in the form, for them to save again or not.
        expect(second_form.get_by_label("Party")).to_have_value(str(Party.objects.get(name="River Commission").pk))
        expect(second_form.get_by_label("Speaker")).to_have_value("Ana Ferreira")

    annotation = StatementAnnotation.objects.get(statement=statement)
    assert annotation.party.name == "Sudmark"
    assert annotation.speaker is None
    assert (annotation.version, annotation.updated_by) == (1, annotator)
    drop_status_errors(page_errors, 409)


def test_rejecting_hides_a_statement_until_undone(page, live_server, annotator):
    river = make_river()
    statement = river.dam_close
    signed_in(page, live_server, annotator)
    page.goto(timeline_url(river))
    expect(cards(page)).to_have_count(4)

    card(page, statement).get_by_role("button", name="Reject").click()
    rejected = card(page, statement)
    expect(rejected.get_by_role("status")).to_have_text("Rejected: hidden from the timeline.")
    expect(rejected).to_have_class(has_class("is-rejected"))
    expect(rejected.get_by_role("button", name="Undo reject")).to_be_visible()
    expect(rejected.get_by_role("button", name="Confirm")).to_have_count(0)

    page.reload()
    expect(cards(page)).to_have_count(3)
    expect(card(page, statement)).to_have_count(0)

    page.get_by_label("Review").select_option(label="Rejected")
    expect(cards(page)).to_have_count(1)
    expect(card(page, statement)).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?review=rejected$"))

    card(page, statement).get_by_role("button", name="Undo reject").click()
    expect(card(page, statement).get_by_role("status")).to_have_text("Review undone.")
    expect(card(page, statement).get_by_role("button", name="Reject")).to_be_visible()
    assert StatementAnnotation.objects.get(statement=statement).status == StatementAnnotation.Status.UNREVIEWED

    page.goto(timeline_url(river))
    expect(cards(page)).to_have_count(4)
    expect(card(page, statement)).not_to_have_class(has_class("is-rejected"))


def test_a_failed_request_says_so_instead_of_changing_nothing(page, live_server, annotator, page_errors):
    river = make_river()
    statement = river.dam_close
    signed_in(page, live_server, annotator)
    page.goto(timeline_url(river))
    on_screen = card(page, statement)
    # Someone deletes the statement (say, with its article) while it is on this person's screen.
    Statement.objects.filter(pk=statement.pk).delete()

    on_screen.get_by_role("link", name="Edit").click()

    alert = page.get_by_role("alert")
    expect(alert).to_have_text("The server could not do that (404). Reload the page and try again.")
    expect(on_screen).to_be_visible()
    # Chromium logs the 404, and htmx its error event: both expected here.
    drop_status_errors(page_errors, 404)
    page_errors[:] = [error for error in page_errors if "Response Status Error Code 404" not in error]
