"""Following feeds: polls against feeds served by the live server (tests/feed_server.py), with a
keyword filter, duplicates, a broken feed and a feed that stops answering."""

from __future__ import annotations

from datetime import date

import pytest
from django_tasks_db.models import DBTaskResult

from negotiations.models import Article, ImportItem, Source, SourcePoll
from negotiations.services import sources
from negotiations.services.following import (
    SourceError,
    do_add_source,
    do_poll_source,
    plain_text,
    read_feed,
    schedule_polling,
)
from negotiations.tasks import poll_all_sources_task
from tests.feed_server import rss
from tests.helpers import run_worker
from tests.services.test_ingest import FakeExtractor

DAM = {
    "title": "Arven dam talks resume",
    "link": "https://river.example/dam",
    "text": "<p>Tomas Brell said the Kell dam would be finished by spring.</p><p>Talks go on.</p>",
    "published": date(2025, 4, 3),
}
FLOW = {
    "title": "Flow formula on the table",
    "link": "https://river.example/flow",
    "text": "<p>Ana Ferreira said the Arven formula was fair.</p>",
}
FOOTBALL = {"title": "Cup final", "link": "https://river.example/cup", "text": "<p>Brava won 2-1.</p>"}


def source_for(negotiation, url: str, keywords: str = "Arven", full_pages: bool = False) -> Source:
    """A source whose entries are taken as the feed gives them, unless `full_pages`."""
    return Source.objects.create(negotiation=negotiation, url=url, keywords=keywords, full_pages=full_pages)


@pytest.mark.django_db(transaction=True)
def test_a_poll_stores_the_matching_entries_and_a_second_poll_adds_nothing(negotiation, feed_server):
    source = source_for(negotiation, feed_server.serve("river", rss(DAM, FOOTBALL, FLOW, DAM)))

    first = do_poll_source(source, extractor=FakeExtractor())

    assert (first.entries, first.matched, first.new, first.failed, first.error) == (4, 3, 2, 0, "")
    dam = Article.objects.get(url=DAM["link"])
    assert dam.title == DAM["title"] and dam.published == date(2025, 4, 3)
    assert dam.text == "Tomas Brell said the Kell dam would be finished by spring.\nTalks go on."
    # The duplicate entry is skipped as already stored; the football is not in the batch at all.
    outcomes = list(first.batch.items.order_by("position").values_list("where", "status"))
    assert outcomes == [
        (DAM["link"], ImportItem.Status.NEW),
        (FLOW["link"], ImportItem.Status.NEW),
        (DAM["link"], ImportItem.Status.SKIPPED),
    ]

    second = do_poll_source(source, extractor=FakeExtractor())

    assert (second.entries, second.matched, second.new, second.batch) == (4, 0, 0, None)
    assert Article.objects.filter(negotiation=negotiation).count() == 2
    assert list(SourcePoll.objects.filter(source=source).values_list("new", flat=True)) == [0, 2]


@pytest.mark.django_db(transaction=True)
def test_a_broken_feed_is_recorded_as_the_polls_error(negotiation, feed_server):
    source = source_for(negotiation, feed_server.serve("broken", b"<html><body>Moved.</body></html>"))

    poll = do_poll_source(source, extractor=FakeExtractor())

    assert poll.error.startswith("not an RSS or Atom feed")
    assert (poll.entries, poll.new, poll.batch) == (0, 0, None)
    assert poll.finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_missing_feed_and_one_that_stops_answering_are_errors_too(negotiation, feed_server):
    missing = do_poll_source(source_for(negotiation, feed_server.url("gone")))
    slow = do_poll_source(source_for(negotiation, feed_server.url("slow")))

    assert missing.error == "could not fetch the feed: HTTP 404 Not Found"
    assert slow.error.startswith("could not fetch the feed:") and "timed out" in slow.error
    assert not Article.objects.exists()


def test_a_feed_is_read_over_http_only_and_within_a_size_limit(feed_server, monkeypatch):
    # Before: urlopen read a file:// address (the server's own files) and a feed of any size.
    big = feed_server.serve("big", rss(DAM, FLOW, FOOTBALL))
    monkeypatch.setattr(sources, "URL_MAX_BYTES", 100)

    assert read_feed("file:///etc/passwd", []).error == (
        "could not fetch the feed: only http:// and https:// addresses can be fetched"
    )
    assert read_feed(big, []).error == "could not fetch the feed: the page is larger than 100 bytes; not read"


@pytest.mark.django_db(transaction=True)
def test_with_full_pages_each_entrys_page_is_fetched_and_a_missing_one_fails(negotiation, feed_server):
    page = feed_server.serve(
        "dam-page",
        b"<!DOCTYPE html><html><head><title>Arven dam talks resume</title></head><body><article>"
        b"<h1>Arven dam talks resume</h1><p>Tomas Brell said the Kell dam would be finished by spring.</p>"
        b"<p>Ilse Varga said Norland needed more water in August, and the talks went on all day.</p>"
        b"</article></body></html>",
    )
    entries = [
        {"title": "Arven dam talks resume", "link": page, "text": "<p>Brell on the dam.</p>"},
        {"title": "Arven flow", "link": feed_server.url("gone-page"), "text": "<p>Ferreira on the flow.</p>"},
    ]
    source = source_for(negotiation, feed_server.serve("river", rss(*entries)), full_pages=True)

    poll = do_poll_source(source, extractor=FakeExtractor())

    assert (poll.matched, poll.new, poll.failed) == (2, 1, 1)
    article = Article.objects.get()
    assert (article.url, article.title) == (page, "Arven dam talks resume")
    assert "Ilse Varga said Norland needed more water in August" in article.text
    failed = poll.batch.items.get(status=ImportItem.Status.FAILED)
    assert (failed.where, failed.message) == (feed_server.url("gone-page"), "could not fetch: HTTP 404 Not Found")

    again = do_poll_source(source, extractor=FakeExtractor())

    # The page stored is left out; the one that failed is tried again.
    assert (again.matched, again.new, again.failed) == (1, 0, 1)


@pytest.mark.django_db(transaction=True)
def test_entries_without_a_title_fail_in_the_batch_and_the_rest_go_in(negotiation, feed_server):
    untitled = {"title": "", "link": "https://river.example/untitled", "text": "<p>Arven news.</p>"}
    source = source_for(negotiation, feed_server.serve("mixed", rss(untitled, DAM)), keywords="")

    poll = do_poll_source(source, extractor=FakeExtractor())

    assert (poll.matched, poll.new, poll.failed) == (2, 1, 1)
    item = poll.batch.items.get(status=ImportItem.Status.FAILED)
    assert (item.where, item.message) == (untitled["link"], "the entry has no title")


@pytest.mark.django_db(transaction=True)
def test_keywords_match_title_or_text_in_any_case(feed_server):
    url = feed_server.serve("river", rss(DAM, FLOW, FOOTBALL))

    assert [item.title for item in read_feed(url, ["kell DAM"]).items] == [DAM["title"]]
    assert [item.title for item in read_feed(url, ["formula", "cup"]).items] == [FLOW["title"], FOOTBALL["title"]]
    assert len(read_feed(url, []).items) == 3


def test_plain_text_keeps_paragraphs_and_drops_tags():
    assert plain_text("<p>One <b>bold</b>\n word.</p><p>Two &amp; three.</p>") == "One bold word.\nTwo & three."


@pytest.mark.django_db
def test_adding_a_source_twice_is_refused_and_keywords_are_kept_one_a_line(
    negotiation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        source = do_add_source(negotiation, url=" https://river.example/feed ", keywords="Arven, Kell dam\n\ndam")

    assert (source.url, source.keywords) == ("https://river.example/feed", "Arven\nKell dam\ndam")
    assert source.keyword_list == ["Arven", "Kell dam", "dam"]
    with pytest.raises(SourceError, match="follows https://river.example/feed already"):
        do_add_source(negotiation, url="https://river.example/feed", keywords="")
    # Adding a source queued the periodic poll, for its next round.
    queued = DBTaskResult.objects.get(task_path=poll_all_sources_task.module_path)
    assert queued.run_after > queued.enqueued_at


# Transactional: the worker closes the database connection between tasks, as a long-lived
# process must, which a test's surrounding transaction would not survive on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_the_periodic_poll_is_queued_once_and_queues_itself_again(negotiation, settings):
    settings.PARLEY_POLL_MINUTES = 15
    schedule_polling()
    schedule_polling()
    queued = DBTaskResult.objects.filter(task_path=poll_all_sources_task.module_path)
    first = queued.get()

    run_worker()

    first.refresh_from_db()
    assert (first.status, first.return_value) == ("SUCCESSFUL", {"polls": 0, "new": 0})
    later = queued.exclude(pk=first.pk).get()
    assert later.status == "READY"
    assert 14 * 60 < (later.run_after - later.enqueued_at).total_seconds() <= 15 * 60
    # Queuing it again meanwhile adds no second round.
    schedule_polling()
    assert queued.count() == 2
