"""The article view: adding a missed statement by selecting its words, and the side list's links."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import Page, expect

from negotiations.models import Statement, StatementAnnotation
from tests.browser import signed_in
from tests.browser.support import card, editor, has_class
from tests.helpers import make_article, make_negotiation, make_statement

# Selects article.text[start:end] in the page, whatever marks split the text into nodes, and
# lets go of the mouse as a person would at the end of a drag.
SELECT_TEXT = """([start, end]) => {
  const root = document.querySelector("[data-article-text]");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0, started = false, node;
  while ((node = walker.nextNode())) {
    const length = node.data.length;
    if (!started && start < seen + length) { range.setStart(node, start - seen); started = true; }
    if (started && end <= seen + length) { range.setEnd(node, end - seen); break; }
    seen += length;
  }
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  root.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
  return selection.toString();
}"""


def article_text(page: Page):
    return page.locator("[data-article-text]")


def test_selecting_words_in_the_text_adds_the_statement_at_those_offsets(page, live_server, annotator):
    negotiation = make_negotiation()
    article = make_article(negotiation)
    make_statement(article, '"We need more water in August."', speaker="Ilse Varga", party="Norland")
    words = "Sudmark rejected the flow formula"
    start = article.text.index(words)
    signed_in(page, live_server, annotator)
    page.goto(f"/n/{negotiation.slug}/articles/{article.pk}/")
    # The offsets below count characters of the stored text: the page must show exactly that.
    assert article_text(page).evaluate("text => text.textContent") == article.text
    add = page.locator("form[data-add-statement]")
    expect(add).to_be_hidden()

    assert page.evaluate(SELECT_TEXT, [start, start + len(words)]) == words

    expect(add).to_be_visible()
    expect(add.get_by_label("Text (as in the article)")).to_have_value(words)
    add.get_by_label("Speaker").fill("Tomas Brell")
    add.get_by_label("Party").select_option(label="Sudmark")
    add.get_by_role("button", name="Add statement").click()

    expect(page.get_by_role("status")).to_have_text("Statement added.")
    added = Statement.objects.get(origin=Statement.Origin.MANUAL)
    assert (added.start, added.end, added.text) == (start, start + len(words), words)
    assert (added.speaker, added.party.name) == ("Tomas Brell", "Sudmark")
    assert added.annotation.status == StatementAnnotation.Status.CONFIRMED
    expect(page).to_have_url(re.compile(rf"/articles/{article.pk}/#s-{added.pk}$"))

    mark = article_text(page).locator(f"mark#s-{added.pk}")
    expect(mark).to_have_text(words)
    expect(mark).to_have_class(has_class("party-1"))
    expect(mark).to_have_class(has_class("is-current"))
    side = page.locator(".article-statements").get_by_role("article", name="Statement by Tomas Brell")
    expect(side).to_be_visible()
    expect(side).to_contain_text(words)
    expect(side).to_contain_text("added by hand")
    expect(side.locator(".party-badge")).to_have_text("Sudmark")
    # The form is closed again: the next selection opens it.
    expect(page.locator("form[data-add-statement]")).to_be_hidden()


def test_clicking_a_statement_in_the_side_list_scrolls_to_and_focuses_its_words(page):
    negotiation = make_negotiation()
    filler = "\n\n".join(f"Paragraph {number}: the river rose a little overnight." for number in range(40))
    opening = "Ana Ferreira said the commission would meet again."
    closing = "Tomas Brell said Sudmark would not sign before the dry season."
    article = make_article(negotiation, text=f"{opening}\n\n{filler}\n\n{closing}", published=date(2025, 4, 2))
    first = make_statement(article, "the commission would meet again", speaker="Ana Ferreira", party="River Commission")
    last = make_statement(
        article, "Sudmark would not sign before the dry season", speaker="Tomas Brell", party="Sudmark"
    )
    page.goto(f"/n/{negotiation.slug}/articles/{article.pk}/")

    first_mark = page.locator(f"mark#s-{first.pk}")
    last_mark = page.locator(f"mark#s-{last.pk}")
    expect(last_mark).not_to_be_in_viewport()
    side = page.locator(".article-statements")

    side.get_by_role("article", name="Statement by Tomas Brell").locator(".statement-text").click()
    expect(last_mark).to_be_focused()
    expect(last_mark).to_have_class(has_class("is-current"))
    expect(last_mark).to_be_in_viewport()
    assert page.evaluate("document.activeElement.id") == f"s-{last.pk}"
    expect(first_mark).not_to_have_class(has_class("is-current"))

    side.get_by_role("article", name="Statement by Ana Ferreira").locator(".statement-text").click()
    expect(first_mark).to_be_focused()
    expect(first_mark).to_be_in_viewport()
    expect(first_mark).to_have_class(has_class("is-current"))
    expect(article_text(page).locator("mark.is-current")).to_have_count(1)


def test_a_correction_in_the_side_list_recolours_its_words_and_a_rejection_unmarks_them(page, live_server, annotator):
    negotiation = make_negotiation()
    article = make_article(negotiation)
    claim = make_statement(article, "Sudmark rejected the flow formula", speaker="Tomas Brell", party="Norland")
    sudmark = negotiation.parties.get(name="Sudmark")
    signed_in(page, live_server, annotator)
    page.goto(f"/n/{negotiation.slug}/articles/{article.pk}/")
    mark = page.locator(f"mark#s-{claim.pk}")
    expect(mark).to_have_class(has_class(claim.party.colour_class))

    card(page, claim).get_by_role("link", name="Edit").click()
    editor(page, claim).get_by_label("Party").select_option(label="Sudmark")
    editor(page, claim).get_by_role("button", name="Save").click()

    expect(card(page, claim)).to_contain_text("Sudmark")
    expect(mark).to_have_class(has_class(sudmark.colour_class))
    expect(mark).not_to_have_class(has_class(claim.party.colour_class))
    # The card came back in its article's page: it points at its words, not at the article.
    expect(card(page, claim).get_by_role("link", name="in the text")).to_have_attribute("href", f"#s-{claim.pk}")

    card(page, claim).get_by_role("button", name="Reject").click()
    expect(card(page, claim)).to_contain_text("rejected")
    expect(mark).to_have_class(has_class("is-rejected"))
