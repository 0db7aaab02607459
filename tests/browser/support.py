"""What several browser test modules share: test data on the Arven river, and a second browser.

The `page` fixture gives one browser context; a test about two people (an edit conflict) opens
the second one with `other_page`, which fails on console errors the same way.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import Group
from playwright.sync_api import Browser, ConsoleMessage, Error, Locator, Page, WebError

from negotiations.models import Article, Negotiation, Statement
from tests.browser import PASSWORD, signed_in
from tests.browser.conftest import is_missing_favicon
from tests.helpers import make_article, make_negotiation, make_statement

# Set on `window` before an action and read after it: still there means no full page load.
MARKER = "window.__parleyMarker = 'still here'"
MARKER_READ = "window.__parleyMarker"

WATER = '"We need more water in August."'
DAM_CLOSE = "Sudmark would never close the Kell dam"
FORMULA = "the flow formula would share gauge data weekly"
DAM_RELEASE = "the Kell dam must release more in the dry season"


@dataclass
class River:
    negotiation: Negotiation
    first: Article
    second: Article
    water: Statement  # Varga, Norland, 2 Apr
    dam_close: Statement  # Brell, Sudmark, 2 Apr
    formula: Statement  # Ferreira, River Commission, 5 Apr
    dam_release: Statement  # Varga, Norland, 5 Apr


def make_river() -> River:
    """Two articles, four statements from all three parties, on three issues and two days."""
    negotiation = make_negotiation()
    first = make_article(
        negotiation,
        text=f"Ilse Varga said: {WATER} Tomas Brell said {DAM_CLOSE}.",
        published=date(2025, 4, 2),
    )
    second = make_article(
        negotiation,
        title="Commission tables a formula",
        text=f"Ana Ferreira said {FORMULA}. Ilse Varga said {DAM_RELEASE}.",
        published=date(2025, 4, 5),
    )
    return River(
        negotiation=negotiation,
        first=first,
        second=second,
        water=make_statement(
            first, WATER, speaker="Ilse Varga", party="Norland", actor="Ilse Varga", issues=("Dry-season flow",)
        ),
        dam_close=make_statement(
            first, DAM_CLOSE, speaker="Tomas Brell", party="Sudmark", kind=Statement.Kind.INDIRECT, issues=("Kell dam",)
        ),
        formula=make_statement(
            second, FORMULA, speaker="Ana Ferreira", party="River Commission", kind=Statement.Kind.INDIRECT
        ),
        dam_release=make_statement(
            second,
            DAM_RELEASE,
            speaker="Ilse Varga",
            party="Norland",
            kind=Statement.Kind.INDIRECT,
            issues=("Kell dam", "Dry-season flow"),
        ),
    )


def make_annotator(django_user_model, username: str):
    user = django_user_model.objects.create_user(username=username, password=PASSWORD)
    user.groups.add(Group.objects.get(name="annotators"))
    return user


def card(page: Page, statement: Statement) -> Locator:
    """The statement's card (not its editor, which takes the same id while open)."""
    return page.locator(f"article#statement-{statement.pk}")


def editor(page: Page, statement: Statement) -> Locator:
    return page.locator(f"form#statement-{statement.pk}")


def has_class(name: str) -> re.Pattern[str]:
    return re.compile(rf"(^|\s){re.escape(name)}(\s|$)")


@contextlib.contextmanager
def other_page(browser: Browser, live_server, page_errors: list[str], user=None) -> Iterator[Page]:
    """A page in a second browser context (another person), signed in as `user` if given."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(5_000)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not is_missing_favicon(message):
            page_errors.append(f"console error (second browser) at {message.location.get('url')}: {message.text}")

    def on_error(error: WebError) -> None:
        page_errors.append(f"uncaught exception (second browser): {error.error.message}")

    context.on("console", on_console)
    context.on("weberror", on_error)
    page = context.new_page()
    if user is not None:
        signed_in(page, live_server, user)
    try:
        yield page
        with contextlib.suppress(Error):
            page.evaluate("0")
    finally:
        context.close()


def drop_status_errors(page_errors: list[str], status: int) -> None:
    """Forget Chromium's "Failed to load resource" for answers of `status`, which the test expects;
    any other error stays for the `page` fixture to report."""
    page_errors[:] = [error for error in page_errors if f"status of {status}" not in error]


def make_editor(django_user_model, username: str = "editor"):
    user = django_user_model.objects.create_user(username=username, password=PASSWORD)
    user.groups.add(Group.objects.get(name="editors"))
    return user
