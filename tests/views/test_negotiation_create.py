"""Creating a negotiation from the browser: editors only, checked as a setup file is."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from negotiations.models import Negotiation, SetupChange
from tests.services.test_setup import SETUP
from tests.views.helpers import text_of

pytestmark = pytest.mark.django_db

URL = reverse("negotiation_create")


def test_readers_and_annotators_are_refused(client, reader_client, annotator_client):
    assert reader_client.get(URL).status_code == 403
    assert annotator_client.post(URL, {"slug": "nile", "title": "Nile"}).status_code == 403
    assert client.get(URL).url.startswith(reverse("login"))
    assert not Negotiation.objects.exists()


def test_an_editor_creates_one_and_lands_on_its_setup(editor_client, editor):
    response = editor_client.post(URL, {"slug": "nile-talks", "title": "Nile talks", "description": "The GERD."})

    negotiation = Negotiation.objects.get(slug="nile-talks")
    assert response.status_code == 302 and response.url == reverse("setup", args=["nile-talks"])
    assert (negotiation.title, negotiation.description) == ("Nile talks", "The GERD.")
    assert SetupChange.objects.get().user == editor


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"slug": "nile talks", "title": "Nile"}, "bad slug &#x27;nile talks&#x27; (use only letters, digits"),
        ({"slug": "nile", "title": ""}, "title is empty"),
    ],
)
def test_bad_values_get_load_negotiations_message(editor_client, fields, message):
    response = editor_client.post(URL, fields)

    assert response.status_code == 422
    assert message in text_of(response)
    assert not Negotiation.objects.exists()


def test_an_existing_slug_is_refused(editor_client, negotiation):
    response = editor_client.post(URL, {"slug": negotiation.slug, "title": "Again"})

    assert response.status_code == 422
    assert "a negotiation &#x27;arven-river&#x27; already exists" in text_of(response)


def test_an_editor_creates_one_from_a_setup_file(editor_client):
    response = editor_client.post(URL, {"file": SimpleUploadedFile("arven.yaml", SETUP.encode())})

    negotiation = Negotiation.objects.get(slug="arven-river")
    assert response.url == reverse("setup", args=["arven-river"])
    assert negotiation.parties.count() == 3
    assert SetupChange.objects.get().action == "Loaded arven.yaml"
