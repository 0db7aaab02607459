"""manage.py poll_sources: polls every followed feed (or one negotiation's) and says what each gave;
--schedule queues the worker's periodic poll instead."""

import io

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from negotiations.models import Article, Source, SourcePoll
from negotiations.services import imports
from tests.feed_server import rss
from tests.helpers import make_negotiation
from tests.services.test_ingest import FakeExtractor

ENTRY = {"title": "Arven talks", "link": "https://river.example/a", "text": "<p>Ilse Varga spoke.</p>"}


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("poll_sources", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def fake_extractor(monkeypatch):
    monkeypatch.setattr(imports, "build_extractor", lambda negotiation: FakeExtractor())


@pytest.mark.django_db(transaction=True)
def test_polls_each_source_and_a_broken_one_fails_the_command(negotiation, feed_server, fake_extractor):
    feed = feed_server.serve("river", rss(ENTRY))
    Source.objects.create(negotiation=negotiation, url=feed, keywords="Arven", full_pages=False)
    other = make_negotiation(slug="other", with_setup=False)
    Source.objects.create(negotiation=other, url=feed_server.url("gone"))

    with pytest.raises(CommandError, match="1 feed could not be read"):
        run()

    assert Article.objects.get().negotiation == negotiation
    assert SourcePoll.objects.count() == 2

    out, err = run("--negotiation", "arven-river")
    assert out == f"arven-river {feed_server.url('river')}: 1 entries, 0 to store, 0 new\n" and err == ""


@pytest.mark.django_db
def test_an_unknown_negotiation_is_an_error():
    with pytest.raises(CommandError, match="no negotiation with slug 'nope'"):
        run("--negotiation", "nope")


@pytest.mark.django_db
def test_schedule_queues_the_periodic_poll_once():
    run("--schedule")
    out, _ = run("--schedule")

    assert "polls the followed feeds" in out
    assert DBTaskResult.objects.filter(task_path="negotiations.tasks.poll_all_sources_task").count() == 1
