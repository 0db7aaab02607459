from collections.abc import Iterator

import pytest

from negotiations.models import Negotiation
from tests import feed_server as feed_server_module
from tests.helpers import make_negotiation


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
        # A throw-away file needs no fsync: without it, the file costs what memory did.
        database["OPTIONS"]["init_command"] = "PRAGMA synchronous=OFF"


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
