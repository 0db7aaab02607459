from collections.abc import Iterator

import pytest

from negotiations.models import Negotiation
from tests import feed_server as feed_server_module
from tests.helpers import make_negotiation

# What a test needs to reach the test database: pytest-django blocks every other access, so a test
# without one of these (or the django_db mark) runs the same whatever DATABASE_URL says.
# item.fixturenames is the closure, so `negotiation` (which asks for db) counts, and so does a
# module-scoped fixture asking for django_db_setup (test_crawl.py's `extractions`). Not
# django_db_blocker: pytest-django's autouse fixtures ask for it on every test.
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "django_db_setup",
    }
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="deselect the tests that never reach the database (make test's second database run)",
    )


def uses_database(item: pytest.Item) -> bool:
    """Whether the test can reach the database, e.g. True for any test asking for `negotiation`,
    False for tests/extraction's (the extractor alone) or tests/test_settings.py's."""
    if item.get_closest_marker("django_db") is not None:
        return True
    return not DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # `make test` runs the suite on SQLite and again on PostgreSQL; the tests that never reach a
    # database would only run a second time as they ran the first, so the second run skips them.
    if not config.getoption("database_tests_only"):
        return
    kept = [item for item in items if uses_database(item)]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if not uses_database(item)])
        items[:] = kept


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    # The real hasher is slow by design; tests create users (admin_user, sign-in) all the time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def negotiation(db) -> Negotiation:
    """The invented Arven river negotiation, with its parties, actors, issues and proposal."""
    return make_negotiation()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, tmp_path_factory) -> None:
    # SQLite tests run on a file, as Parley does: an in-memory database shared between threads
    # uses SQLite's shared cache, whose table locks fail at once ("database table is locked")
    # instead of waiting, so concurrent saves could not be tested as they happen in production.
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")
        # A throw-away file needs no fsync: without it, the file costs what memory did. The
        # journal is Parley's own (settings: write-ahead logging).
        database["OPTIONS"]["init_command"] = database["OPTIONS"].get("init_command", "") + "PRAGMA synchronous=OFF;"


class FeedServer:
    """Serves feeds from the live server: `serve(name, content)`, then poll `url(name)`."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def serve(self, name: str, content: bytes) -> str:
        feed_server_module.FEEDS[name] = content
        return self.url(name)

    def url(self, name: str) -> str:
        return f"{self.base_url}/test-feeds/{name}"


@pytest.fixture
def feed_server(settings, live_server) -> Iterator[FeedServer]:
    """The live server with tests/feed_server.py's feeds, and a feed timeout short enough to wait for."""
    settings.ROOT_URLCONF = "tests.feed_server"
    settings.PARLEY_FEED_TIMEOUT = 0.5
    yield FeedServer(live_server.url)
    feed_server_module.FEEDS.clear()
