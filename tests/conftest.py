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
