"""The README's screenshots, taken on the seed negotiation (`make screenshots` saves them).

Without PARLEY_SCREENSHOT_DIR nothing is saved, and this is still a test of the seed as `make
demo` shows it: the setup and the article load, the extractor finds what the pictures show, and
correcting a statement, filtering and an edit conflict work on real data.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from django.conf import settings
from playwright.sync_api import Locator, Page, expect

from negotiations.models import Negotiation, Statement, StatementAnnotation
from negotiations.services.ingest import ingest_articles
from negotiations.services.setup import load_negotiation_file
from negotiations.services.sources import read_path
from tests.browser import screenshot, signed_in
from tests.browser.support import card, drop_status_errors, editor, has_class, make_annotator, other_page

SEEDS = Path(settings.BASE_DIR) / "seeds"
BLINKEN_QUOTE = "This needs to get done."
SPEAKER = "four officials familiar with the talks"
NOTE = "The extractor took the clause on their anonymity for part of the speaker."


def load_seed() -> Negotiation:
    negotiation = load_negotiation_file(SEEDS / "gaza-negotiation.yaml").negotiation
    report = ingest_articles(negotiation, read_path(str(SEEDS / "gaza-seed-articles.jsonl")))
    assert (report.new, report.failed) == (1, 0), report
    return negotiation


def window_screenshot(page: Page, name: str, around: Locator | None = None) -> Path | None:
    """Like `screenshot`, but of the window only, centred on `around`: a whole timeline is too
    tall to read in a README."""
    if around is not None:
        around.evaluate("element => element.scrollIntoView({block: 'center'})")
    directory = os.environ.get("PARLEY_SCREENSHOT_DIR")
    if not directory:
        return None
    path = Path(directory) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path)
    return path


def cards(page: Page) -> Locator:
    return page.locator("article[data-statement]")


def test_the_seed_negotiation_in_screenshots(page, live_server, browser, annotator, django_user_model, page_errors):
    negotiation = load_seed()
    statements = Statement.objects.filter(article__negotiation=negotiation)
    united_states = negotiation.parties.get(name="United States")
    article = negotiation.articles.get()
    blinken = statements.get(text__startswith=BLINKEN_QUOTE)
    assert (blinken.speaker, blinken.party, blinken.kind) == ("Antony Blinken", united_states, "direct")
    # The bridging proposal as four officials described it; the extractor ran on into the
    # clause on their anonymity for the speaker, which the annotator corrects below.
    bridging = statements.get(text__startswith="Under the new U.S. proposal")
    assert bridging.speaker.startswith(f"{SPEAKER}, who spoke on condition of anonymity")
    slug = negotiation.slug
    signed_in(page, live_server, annotator)

    page.goto("/")
    expect(page.get_by_role("link", name="Gaza cease-fire and hostage-release talks (2024)")).to_be_visible()
    expect(page.locator(".negotiations")).to_contain_text(f"1 article, {statements.count()} statements")
    screenshot(page, "negotiations")

    page.goto(f"/n/{slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gaza cease-fire and hostage-release talks (2024)")
    expect(page.get_by_role("region", name="Proposals")).to_contain_text("U.S. bridging proposal")
    expect(page.get_by_role("region", name="Parties").get_by_role("link", name="United States")).to_be_visible()
    expect(page.get_by_role("term").filter(has_text="Statements").locator("+ dd")).to_have_text(str(statements.count()))
    expect(cards(page)).to_have_count(6)
    screenshot(page, "home")

    page.goto(f"/n/{slug}/timeline/")
    expect(page.locator(".result-count")).to_have_text(f"{statements.count()} statements")
    quote = card(page, blinken)
    expect(quote.locator(".who")).to_have_text("Antony Blinken")
    expect(quote.locator(".statement-head .party-badge")).to_have_text("United States")
    expect(quote.locator("q")).to_contain_text(BLINKEN_QUOTE)
    expect(page.get_by_role("img", name="Statements per party per day")).to_be_visible()
    window_screenshot(page, "timeline")

    page.get_by_role("checkbox", name="United States").check()
    expect(page).to_have_url(re.compile(rf"/timeline/\?party={united_states.pk}$"))
    expect(cards(page)).to_have_count(statements.filter(party=united_states).count())
    for badge in cards(page).locator(".statement-head .party-badge").all():
        expect(badge).to_have_text("United States")
    expect(card(page, blinken)).to_be_visible()
    window_screenshot(page, "timeline-filtered")

    page.goto(f"/n/{slug}/articles/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=article.title))
    expect(row).to_contain_text("The New York Times")
    expect(row.locator("td").last).to_have_text(str(statements.count()))
    screenshot(page, "articles")

    page.goto(f"/n/{slug}/articles/{article.pk}/")
    side = page.locator(".article-statements")
    side.locator(f"#statement-{blinken.pk} .statement-text").click()
    mark = page.locator(f"mark#s-{blinken.pk}")
    expect(mark).to_be_focused()
    expect(mark).to_have_class(has_class("is-current"))
    expect(mark).to_contain_text(BLINKEN_QUOTE)
    screenshot(page, "article")

    # An annotator corrects the speaker on the timeline, then reads the statement's history.
    page.goto(f"/n/{slug}/timeline/")
    card(page, bridging).get_by_role("link", name="Edit").click()
    form = editor(page, bridging)
    speaker = form.get_by_label("Speaker")
    expect(speaker).to_be_focused()
    speaker.fill(SPEAKER)
    form.get_by_label("Note").fill(NOTE)
    window_screenshot(page, "editing", around=form)
    speaker.press("Enter")
    expect(card(page, bridging).locator(".who")).to_have_text(SPEAKER)
    expect(card(page, bridging).get_by_role("status")).to_have_text("Saved.")

    page.goto(f"/n/{slug}/statements/{bridging.pk}/")
    history = page.locator("table.revisions tbody tr")
    expect(history).to_have_count(2)
    expect(history.nth(0).locator("td").nth(1)).to_have_text("annotator")
    expect(history.nth(0).locator("td").nth(2)).to_have_text("speaker")
    expect(history.nth(0).locator("td").nth(4)).to_have_text(SPEAKER)
    expect(history.nth(1).locator("td").nth(2)).to_have_text("note")
    screenshot(page, "statement")

    # Where each party stands: Israel's demand on the Philadelphi corridor, and its history.
    page.goto(f"/n/{slug}/positions/")
    corridor = page.locator('#grid td[data-party="Israel"][data-issue="Philadelphi corridor"]')
    expect(corridor).to_have_class(has_class("stance-demands"))
    expect(page.locator("tbody.band-mediators")).to_contain_text("United States")
    corridor.get_by_role("link").click()
    history = page.locator("#cell-history")
    expect(history.get_by_role("heading", name="Israel on Philadelphi corridor")).to_be_visible()
    expect(history.locator("li.evidence")).to_have_count(2)
    expect(page).to_have_url(re.compile(r"/positions/$"))
    screenshot(page, "positions")

    # How each party answered each proposal: Blinken's account of Israel's acceptance against
    # Israeli officials downplaying it, and Hamas's rejection.
    page.goto(f"/n/{slug}/proposals/")
    answers = 'td.answer-cell[data-proposal="U.S. bridging proposal"]'
    expect(page.locator(f'{answers}[data-party="Israel"]')).to_have_class(has_class("answer-accepted"))
    expect(page.locator(f'{answers}[data-party="Hamas"]')).to_have_class(has_class("answer-rejected"))
    expect(page.locator("ul.contradicted li").filter(has_text="Israel on U.S. bridging proposal")).to_have_count(1)
    screenshot(page, "proposals")

    # Two annotators at Blinken's quote: the first dates it, the second, who opened it before
    # that, files it under an issue and is told of the first's change.
    other = make_annotator(django_user_model, "brigitte")
    with other_page(browser, live_server, page_errors, user=other) as second:
        for each in (page, second):
            each.goto(f"/n/{slug}/timeline/")
            card(each, blinken).get_by_role("link", name="Edit").click()
            expect(editor(each, blinken).get_by_label("Speaker")).to_be_focused()
        first_form = editor(page, blinken)
        first_form.get_by_label("Said on").fill("2024-08-20")
        first_form.get_by_role("button", name="Save").click()
        expect(card(page, blinken).locator("time")).to_have_text("20 Aug 2024")

        second_form = editor(second, blinken)
        second_form.get_by_label("Permanent cease-fire").check()
        second_form.get_by_role("button", name="Save").click()
        alert = second_form.get_by_role("alert")
        expect(alert).to_contain_text("annotator saved a change to this statement while you were editing it")
        expect(alert).to_contain_text("said on: — → 2024-08-20")
        expect(second_form.get_by_label("Permanent cease-fire")).to_be_checked()
        # The day only the first annotator set is in the second's form now: saving again keeps it.
        expect(second_form.get_by_label("Said on")).to_have_value("2024-08-20")
        window_screenshot(second, "conflict", around=second_form)

    annotation = StatementAnnotation.objects.get(statement=blinken)
    assert (annotation.said_on, annotation.version, annotation.issues_set) == (date(2024, 8, 20), 1, False)
    drop_status_errors(page_errors, 409)
