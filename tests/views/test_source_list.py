"""The sources page: the feeds a negotiation follows, their keywords, their recent polls (when,
what was new, what went wrong), a "Poll now" button and the form to follow another feed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from negotiations.intake import RECENT_POLLS
from negotiations.models import ImportBatch, Source, SourcePoll
from tests.views.helpers import text_of

pytestmark = pytest.mark.django_db


def url(negotiation) -> str:
    return reverse("source_list", args=[negotiation.slug])


def polled(source, count: int, **values) -> None:
    start = timezone.now()
    for n in range(count):
        SourcePoll.objects.create(source=source, started_at=start + timedelta(minutes=n), **values)


def test_shows_each_source_with_its_keywords_and_recent_polls(editor_client, negotiation):
    source = Source.objects.create(
        negotiation=negotiation, url="https://river.example/feed", keywords="Arven\nKell dam"
    )
    batch = ImportBatch.objects.create(negotiation=negotiation, source=source, status=ImportBatch.Status.DONE)
    polled(source, 1, entries=7, matched=3, new=2, failed=1, batch=batch)
    polled(source, 1, error="could not fetch the feed: timed out")

    page = text_of(editor_client.get(url(negotiation)))

    assert "https://river.example/feed" in page and "Keywords: “Arven”, “Kell dam”" in page
    assert f'action="{reverse("source_poll", args=[negotiation.slug, source.pk])}"' in page
    polls = page.split('<tr class="poll">')[1:]
    assert "could not fetch the feed: timed out" in polls[0]
    assert f'href="{reverse("batch_detail", args=[negotiation.slug, batch.pk])}"' in polls[1]
    assert '<td class="poll-new">2</td>' in polls[1]
    assert f'action="{reverse("source_add", args=[negotiation.slug])}"' in page


def test_only_the_recent_polls_are_shown(editor_client, negotiation):
    source = Source.objects.create(negotiation=negotiation, url="https://river.example/feed")
    polled(source, RECENT_POLLS + 3)

    assert text_of(editor_client.get(url(negotiation))).count('<tr class="poll">') == RECENT_POLLS


def test_queries_do_not_grow_with_sources_and_polls(editor_client, negotiation, django_assert_num_queries):
    polled(Source.objects.create(negotiation=negotiation, url="https://river.example/1"), 1)
    # session, user, permissions (user's, group's), negotiation, sources, their recent polls
    with django_assert_num_queries(7):
        editor_client.get(url(negotiation))
    for n in range(2, 8):
        polled(Source.objects.create(negotiation=negotiation, url=f"https://river.example/{n}"), n)
    with django_assert_num_queries(7):
        assert text_of(editor_client.get(url(negotiation))).count('class="source"') == 7
