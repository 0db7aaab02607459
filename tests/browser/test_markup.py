"""Markup in what comes from outside (articles) or from people (speakers, notes) stays text.

The CSP would stop an injected script from running, but the point is that nothing is injected:
no element from the article reaches the DOM, and it reads as the characters it is.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from negotiations.models import Statement
from tests.browser import signed_in
from tests.helpers import annotate, make_article, make_negotiation, make_statement

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
SVG = '<svg onload="window.__pwned=1">'
MARKUP = (SCRIPT, IMG, SVG)

TITLE = f"Talks {SCRIPT} resume {IMG}"
SOURCE = f"The {SVG} Gazette"
TEXT = f"Ilse Varga said {SCRIPT} the water {IMG} would come. Tomas Brell said {SVG} nothing more."
# From inside the <img> tag to inside the <svg> one: the highlight cuts through both.
ACROSS = 'onerror="window.__pwned=1"> would come. Tomas Brell said <svg'

INJECTED = """() => ({
  pwned: typeof window.__pwned,
  img: document.querySelectorAll("img").length,
  inlineScript: document.querySelectorAll("script:not([src])").length,
  svg: [...document.querySelectorAll("svg")].filter(svg => !svg.closest("figure.chart")).length,
  handlers: document.querySelectorAll("[onerror], [onload]").length,
  javascriptLinks: [...document.querySelectorAll("a[href]")].filter(a => a.protocol === "javascript:").length,
})"""
NOTHING = {"pwned": "undefined", "img": 0, "inlineScript": 0, "svg": 0, "handlers": 0, "javascriptLinks": 0}


def assert_inert(page: Page, *shown: str) -> None:
    assert page.evaluate(INJECTED) == NOTHING, page.url
    text = page.locator("main").inner_text()
    for markup in shown:
        assert markup in text, f"{markup!r} is not shown as text on {page.url}"


def test_markup_in_articles_speakers_and_notes_is_shown_as_text(page, live_server, annotator):
    negotiation = make_negotiation()
    article = make_article(negotiation, title=TITLE, source=SOURCE, url="javascript:alert(1)", text=TEXT)
    across = make_statement(
        article, ACROSS, speaker=f"Brell {IMG}", party="Sudmark", kind=Statement.Kind.INDIRECT, issues=("Kell dam",)
    )
    annotate(across, note=f"Check {SCRIPT} {SVG}")
    make_statement(article, SCRIPT, speaker="Ilse Varga", party="Norland")
    signed_in(page, live_server, annotator)

    page.goto(f"/n/{negotiation.slug}/")
    expect(page.locator("article[data-statement]")).to_have_count(2)
    assert_inert(page, *MARKUP, ACROSS, f"Brell {IMG}", f"Check {SCRIPT} {SVG}")

    page.goto(f"/n/{negotiation.slug}/timeline/")
    expect(page.locator("article[data-statement]")).to_have_count(2)
    expect(page.get_by_role("img", name="Statements per party per day")).to_be_visible()
    assert_inert(page, *MARKUP, ACROSS, f"Brell {IMG}", TITLE, SOURCE)

    page.goto(f"/n/{negotiation.slug}/articles/{article.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert TITLE in page.title()
    text = page.locator("[data-article-text]")
    assert text.evaluate("text => text.textContent") == TEXT
    expect(text.locator(f"mark#s-{across.pk}")).to_have_text(ACROSS)
    expect(page.get_by_role("link", name="original")).to_have_count(0)
    assert_inert(page, TEXT, SOURCE, f"Brell {IMG}")

    page.goto(f"/n/{negotiation.slug}/statements/{across.pk}/")
    expect(page.locator(f"form#statement-{across.pk}").get_by_label("Speaker")).to_have_value(f"Brell {IMG}")
    expect(page.locator(f"form#statement-{across.pk}").get_by_label("Note")).to_have_value(f"Check {SCRIPT} {SVG}")
    expect(page.locator("blockquote.context mark")).to_have_text(ACROSS)
    assert_inert(page, TITLE, SOURCE, ACROSS, f"Brell {IMG}", f"Check {SCRIPT} {SVG}", f"Ilse Varga said {SCRIPT}")
