"""Fixtures for the browser tests: one Chromium for the package, a fresh context per test.

Every test here gets pytest-django's live server and a transactional database, and fails if
the page logged an error to the console or threw: Chromium reports blocked inline scripts and
styles (the CSP allows neither) and failed loads only there, so they would otherwise go unseen.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.db import connections
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, WebError, sync_playwright

from tests.browser import PASSWORD

CHROMIUM = "/usr/bin/chromium"
APT_INSTALL = "sudo apt-get install -y --no-install-recommends chromium"
HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # tryfirst: the mark must be there before `-m` deselects. Conftest hooks see the whole
    # session's items, so only the ones under this folder are marked.
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        message = f"no Chromium at {CHROMIUM}; `make test` installs it, or run `{APT_INSTALL}`"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    # Playwright's sync API runs an asyncio loop in this thread for as long as it is started, so
    # Django takes every ORM call made here (test data, fixtures, the database flush after each
    # test) for one made from async code and raises SynchronousOnlyOperation. Nothing here is
    # async: the calls are plain blocking ones between browser steps. The variable is set for
    # exactly Playwright's lifetime, which the package scope limits to these tests.
    # The same running loop makes Django keep database connections per context instead of per
    # thread (asgiref's Local), so the ORM would open new ones that lack what pytest-django set
    # up on the usual ones (the serialized rollback's data) and outlive the test database.
    # Handing the thread's own connections to that storage keeps one connection per thread.
    own_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            for alias, connection in own_connections.items():
                connections[alias] = connection
            # Playwright's own browser builds cannot be downloaded here: Debian's Chromium it is.
            # No sandbox, since CI runs as root; /dev/shm is small in containers.
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
            )
            yield browser
            browser.close()


@pytest.fixture(autouse=True)
def _live_database(live_server, django_db_serialized_rollback) -> None:
    """Every browser test gets the live server, a transactional database and a serialized rollback.

    The live server answers from its own thread, so the test's data must be committed
    (live_server makes the test transactional), and the tables are emptied after each test.
    That would also delete what migrations created (the annotators group and its permission)
    for every later test; the serialized rollback puts it back. Asking for live_server here
    also keeps every browser test in pytest-django's transactional group, so that they run
    one after the other and share one browser.
    """


@pytest.fixture
def page_errors() -> list[str]:
    """The console errors and uncaught exceptions of the test's pages so far.

    A test that provokes an error on purpose asserts on this list and then empties it, since the
    `page` fixture fails the test at teardown when it is not empty.
    """
    return []


@pytest.fixture
def page(browser: Browser, live_server, page_errors: list[str]) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies) whose base URL is the live server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    # Playwright's 30 s would make a missing element cost half a minute; pages here are local.
    context.set_default_timeout(5_000)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not is_missing_favicon(message):
            where = message.location.get("url") or (message.page.url if message.page else "?")
            page_errors.append(f"console error at {where}: {message.text}")

    def on_error(error: WebError) -> None:
        where = error.page.url if error.page else "?"
        page_errors.append(f"uncaught exception at {where}: {error.error.message}")

    context.on("console", on_console)
    context.on("weberror", on_error)
    page = context.new_page()
    yield page
    # Events come in on the Playwright connection and are only handled while a call waits on
    # it; one round trip collects those the browser sent before the test ended. It fails when
    # the page was closed or is navigating, and then there is nothing more to collect.
    with contextlib.suppress(Error):
        page.evaluate("0")
    context.close()
    if page_errors:
        pytest.fail("the browser reported errors:\n" + "\n".join(page_errors), pytrace=False)


def is_missing_favicon(message: ConsoleMessage) -> bool:
    # Chromium asks for /favicon.ico on every site that declares no icon, and Parley declares
    # none; the 404 says nothing about the page under test.
    url = message.location.get("url", "")
    return message.text.startswith("Failed to load resource") and urlsplit(url).path == "/favicon.ico"


@pytest.fixture
def annotator(django_user_model):
    """A user in the annotators group (so holding negotiations.annotate_statement), password PASSWORD."""
    user = django_user_model.objects.create_user(username="annotator", password=PASSWORD)
    user.groups.add(Group.objects.get(name="annotators"))
    return user
