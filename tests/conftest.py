import pytest

from negotiations.models import Negotiation
from tests.helpers import make_negotiation


@pytest.fixture
def negotiation(db) -> Negotiation:
    """The invented Arven river negotiation, with its parties, actors, issues and proposal."""
    return make_negotiation()
