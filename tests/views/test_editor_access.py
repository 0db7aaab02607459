"""The editors' pages (Add articles, batches, sources): anonymous visitors are sent to sign in,
signed-in readers and annotators are refused (403), editors get in."""

import pytest
from django.urls import reverse

from negotiations.models import ImportBatch, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(negotiation) -> list[tuple[str, str]]:
    """(method, path) of every editor page."""
    batch = ImportBatch.objects.create(negotiation=negotiation, total=0)
    source = Source.objects.create(negotiation=negotiation, url="https://river.example/feed")
    slug = negotiation.slug
    return [
        ("get", reverse("articles_add", args=[slug])),
        ("post", reverse("articles_add", args=[slug])),
        ("get", reverse("batch_list", args=[slug])),
        ("get", reverse("batch_detail", args=[slug, batch.pk])),
        ("post", reverse("batch_resume", args=[slug, batch.pk])),
        ("get", reverse("source_list", args=[slug])),
        ("post", reverse("source_add", args=[slug])),
        ("post", reverse("source_poll", args=[slug, source.pk])),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, pages):
    for method, path in pages:
        response = getattr(client, method)(path)
        assert response.status_code == 302, path
        assert response.url.startswith(reverse("login")), path


@pytest.mark.parametrize("who", ["reader_client", "annotator_client"])
def test_readers_and_annotators_are_refused(request, pages, who):
    client = request.getfixturevalue(who)
    for method, path in pages:
        assert getattr(client, method)(path).status_code == 403, path
    assert not ImportBatch.objects.filter(total__gt=0).exists()
    assert Source.objects.count() == 1


def test_editors_get_in(editor_client, pages):
    for method, path in pages:
        if method == "get":
            assert editor_client.get(path).status_code == 200, path


def test_only_editors_get_the_links_on_the_home_page(client, annotator_client, editor_client, negotiation):
    home = reverse("negotiation_detail", args=[negotiation.slug])
    add = reverse("articles_add", args=[negotiation.slug])

    assert f'href="{add}"' in editor_client.get(home).content.decode()
    assert f'href="{add}"' not in annotator_client.get(home).content.decode()
    assert f'href="{add}"' not in client.get(home).content.decode()
