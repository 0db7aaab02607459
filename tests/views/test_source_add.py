"""Following a feed: editors add its address and keywords; a feed followed already is refused."""

import re

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from negotiations.models import Source
from tests.views.helpers import text_of

pytestmark = pytest.mark.django_db


def url(negotiation) -> str:
    return reverse("source_add", args=[negotiation.slug])


def test_an_editor_follows_a_feed_and_the_periodic_poll_is_queued(
    editor_client, negotiation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url(negotiation), {"url": "https://river.example/feed", "keywords": "Arven, dam"})

    source = Source.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("source_list", args=[negotiation.slug]) + f"#source-{source.pk}"
    assert (source.negotiation, source.keyword_list, source.full_pages) == (negotiation, ["Arven", "dam"], False)
    assert DBTaskResult.objects.filter(task_path="negotiations.tasks.poll_all_sources_task").count() == 1


def test_a_feed_followed_already_or_a_bad_address_is_refused(editor_client, negotiation):
    Source.objects.create(negotiation=negotiation, url="https://river.example/feed")

    again = editor_client.post(url(negotiation), {"url": "https://river.example/feed"})
    bad = editor_client.post(url(negotiation), {"url": "not a feed"})

    assert again.status_code == 422 and "follows https://river.example/feed already" in text_of(again)
    assert bad.status_code == 422 and "Enter a valid URL." in text_of(bad)
    assert Source.objects.count() == 1


def test_a_feed_address_other_than_http_or_https_is_refused(editor_client, negotiation):
    # Django's URLField alone takes ftp://, which Parley will not fetch.
    response = editor_client.post(url(negotiation), {"url": "ftp://river.example/feed.xml"})

    assert response.status_code == 422 and "Enter an http:// or https:// address." in text_of(response)
    assert not Source.objects.exists()


def test_get_is_not_allowed(editor_client, negotiation):
    assert editor_client.get(url(negotiation)).status_code == 405


def test_fetching_each_entrys_page_is_offered_and_kept(editor_client, negotiation):
    form = editor_client.get(reverse("source_list", args=[negotiation.slug])).content.decode()
    assert re.search(r'<input type="checkbox" name="full_pages"[^>]* checked>', form)

    editor_client.post(url(negotiation), {"url": "https://river.example/feed", "full_pages": "on"})

    assert Source.objects.get().full_pages is True
