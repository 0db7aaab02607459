"""The setup page: editors edit a negotiation's setup in place, download it as YAML and upload
it; the same checks and messages as load_negotiation; readers and annotators are refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from negotiations.models import Actor, Alias, Party, SetupChange
from negotiations.services.setup import load_negotiation_data, negotiation_yaml
from tests.helpers import make_negotiation
from tests.services.test_setup import SETUP
from tests.views.helpers import text_of

pytestmark = pytest.mark.django_db


def setup_url(negotiation) -> str:
    return reverse("setup", args=[negotiation.slug])


def edit(client, negotiation, **fields):
    return client.post(reverse("setup_edit", args=[negotiation.slug]), fields)


@pytest.mark.parametrize(
    ("name", "method", "args"),
    [
        ("setup", "get", ()),
        ("setup_edit", "post", ()),
        ("setup_upload", "post", ()),
        ("unknown", "get", ()),
        ("unknown_speaker", "post", ()),
        ("unknown_name", "post", ()),
    ],
)
def test_readers_and_annotators_are_refused_and_anonymous_sent_to_sign_in(
    client, reader_client, annotator_client, negotiation, name, method, args
):
    url = reverse(name, args=[negotiation.slug])

    assert getattr(reader_client, method)(url).status_code == 403
    assert getattr(annotator_client, method)(url).status_code == 403
    response = getattr(client, method)(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not SetupChange.objects.exists()


def test_the_page_shows_the_setup_in_forms(editor_client, negotiation):
    page = text_of(editor_client.get(setup_url(negotiation)))

    assert 'aria-label="Party Norland"' in page
    assert 'value="Ilse Varga"' in page
    assert "Norlandic\nOslen</textarea>" in page
    assert 'aria-label="Proposal Commission flow formula"' in page
    assert 'value="2025-03-10"' in page


def test_only_editors_get_the_links(client, editor_client, annotator_client, negotiation):
    home = reverse("negotiation_detail", args=[negotiation.slug])

    assert f'href="{setup_url(negotiation)}"' in text_of(editor_client.get(home))
    assert f'href="{setup_url(negotiation)}"' not in text_of(annotator_client.get(home))
    assert f'href="{reverse("negotiation_create")}"' in text_of(editor_client.get("/"))
    assert f'href="{reverse("negotiation_create")}"' not in text_of(client.get("/"))


def test_an_editor_renames_a_party_and_changes_its_aliases(editor_client, editor, negotiation):
    norland = Party.objects.get(negotiation=negotiation, name="Norland")

    response = edit(
        editor_client,
        negotiation,
        what="party",
        original="Norland",
        name="North Land",
        party_kind="party",
        aliases="Norlandic\n\nNorth",
    )

    assert response.status_code == 302 and response.url == setup_url(negotiation) + "#parties"
    norland.refresh_from_db()
    assert norland.name == "North Land"
    assert sorted(Alias.objects.filter(party=norland).values_list("text", flat=True)) == ["Norlandic", "North"]
    change = SetupChange.objects.get()
    assert (change.user, change.action) == (editor, "Renamed party 'Norland' to 'North Land'")


def test_a_bad_edit_shows_load_negotiations_message_beside_the_form_and_keeps_the_typing(editor_client, negotiation):
    response = edit(
        editor_client,
        negotiation,
        what="actor",
        original="",
        name="Tomas Brell",
        title="Envoy",
        party="Norland",
        aliases="",
    )

    assert response.status_code == 422
    page = text_of(response)
    assert "duplicate actor name &#x27;Tomas Brell&#x27; (first on line" in page
    assert page.count('role="alert"') == 1
    assert Actor.objects.get(name="Tomas Brell").party.name == "Sudmark"
    assert not SetupChange.objects.exists()


def test_moving_a_party_down(editor_client, negotiation):
    edit(editor_client, negotiation, what="party", original="Norland", move="1")

    assert list(negotiation.parties.order_by("position").values_list("name", flat=True)) == [
        "Sudmark",
        "Norland",
        "River Commission",
    ]


def test_the_download_is_the_setup_as_yaml_for_anyone(client):
    negotiation = load_negotiation_data(SETUP).negotiation

    response = client.get(reverse("setup_download", args=[negotiation.slug]))

    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="arven-river.yaml"'
    assert response.content.decode() == negotiation_yaml(negotiation)


def test_uploading_the_download_changes_nothing_and_is_logged(editor_client):
    negotiation = load_negotiation_data(SETUP).negotiation
    downloaded = editor_client.get(reverse("setup_download", args=[negotiation.slug])).content

    response = editor_client.post(
        reverse("setup_upload", args=[negotiation.slug]), {"file": SimpleUploadedFile("arven-river.yaml", downloaded)}
    )

    assert response.status_code == 302
    assert editor_client.get(reverse("setup_download", args=[negotiation.slug])).content == downloaded
    assert SetupChange.objects.get().action == "Loaded arven-river.yaml"


def test_a_bad_upload_names_the_file_and_line(editor_client):
    negotiation = load_negotiation_data(SETUP).negotiation
    bad = SETUP.replace("kind: mediator", "kind: referee").encode()

    response = editor_client.post(
        reverse("setup_upload", args=[negotiation.slug]), {"file": SimpleUploadedFile("mine.yaml", bad)}
    )

    assert response.status_code == 422
    assert "mine.yaml:15: bad kind &#x27;referee&#x27; for party &#x27;River Commission&#x27;" in text_of(response)


# Signed in as an editor: the session, the user, the permissions (user's, group's); the
# negotiation; the setup (parties, actors, issues, setup proposals, each with its aliases); the log.
SETUP_QUERIES = 14


def test_queries_do_not_grow_with_the_setup(editor, django_assert_num_queries):
    negotiation = make_negotiation()
    client = Client()
    client.force_login(editor)

    with django_assert_num_queries(SETUP_QUERIES):
        client.get(setup_url(negotiation))
    for number in range(5):
        party = Party.objects.create(negotiation=negotiation, name=f"Party {number}", position=10 + number)
        Alias.objects.create(negotiation=negotiation, party=party, text=f"alias {number}")
        actor = Actor.objects.create(negotiation=negotiation, party=party, name=f"Actor {number}")
        Alias.objects.create(negotiation=negotiation, actor=actor, text=f"actor alias {number}")
        SetupChange.objects.create(negotiation=negotiation, action=f"change {number}")
    with django_assert_num_queries(SETUP_QUERIES):
        client.get(setup_url(negotiation))


def test_an_upload_too_big_to_be_a_setup_is_refused_unread(editor_client, negotiation):
    huge = SimpleUploadedFile("huge.yaml", b"# " + b"x" * 1_000_000)

    response = editor_client.post(reverse("setup_upload", args=[negotiation.slug]), {"file": huge})

    assert response.status_code == 422
    assert "huge.yaml:1: the file is 1000002 bytes; a setup file is at most 1000000" in text_of(response)
    assert not SetupChange.objects.exists()
