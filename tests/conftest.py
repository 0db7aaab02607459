import pytest

from negotiations.models import Negotiation
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
