"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

The fixtures are in conftest.py (`page`, `page_errors`, `annotator`, and `live_server` from
pytest-django); the helpers below are imported by the tests:

    from tests.browser import screenshot, signed_in

    def test_annotator_sees_the_list(page, live_server, annotator):
        signed_in(page, live_server, annotator)
        page.goto("/")  # the context's base_url is the live server
        expect(page.get_by_role("button", name=f"Sign out {annotator.username}")).to_be_visible()
        screenshot(page, "negotiations-signed-in")
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.test import Client
from playwright.sync_api import Page

# The password of the users the fixtures create, for tests that sign in through the form.
PASSWORD = "a river runs through it"


def signed_in(page: Page, live_server, user) -> Page:
    """Sign `user` in on `page`'s browser context without going through the login form.

    The session is created by Django's test client and its cookie handed to the browser, so
    a test that is not about signing in spends no time (and no flakiness) on the form.
    """
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


def screenshot(page: Page, name: str) -> Path | None:
    """Save a full-page `<name>.png` in $PARLEY_SCREENSHOT_DIR (`make screenshots`); else nothing.

    Screenshots are for the README, not for checking anything, so ordinary runs skip the cost.
    """
    directory = os.environ.get("PARLEY_SCREENSHOT_DIR")
    if not directory:
        return None
    path = Path(directory) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=True)
    return path
