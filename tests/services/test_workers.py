"""Several `db_worker` processes sharing the task queue: each task runs once, and no article is
parsed or stored twice, though a batch was queued twice and two batches hold the same articles;
two re-extractions of one article take turns."""

from __future__ import annotations

import threading
import time
from collections import Counter
from contextlib import contextmanager, suppress

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from negotiations import tasks
from negotiations.models import Article, ImportBatch, ImportItem, Statement
from negotiations.services import ingest
from negotiations.services.imports import do_create_import_batch
from negotiations.services.ingest import reextract_articles
from negotiations.services.locks import holding, lock_key, try_holding
from negotiations.services.sources import ArticleInput
from tests.helpers import make_article, run_worker
from tests.services.test_ingest import FakeExtractor, found


class CountingExtractor:
    """Finds nothing, slowly enough for two workers to be parsing at once, and counts each text."""

    def __init__(self) -> None:
        self.parsed: Counter[str] = Counter()
        self.lock = threading.Lock()

    @property
    def nlp(self):
        return self

    @contextmanager
    def memory_zone(self):
        yield

    def extract_many(self, items, batch_size: int = 16, n_process: int = 1):
        for text, _ in items:
            with self.lock:
                self.parsed[text] += 1
            time.sleep(0.05)  # a parse takes a while: the other worker meanwhile takes its task
            yield []


def article(n: int) -> ArticleInput:
    return ArticleInput(where=f"day {n}", title=f"Talks, day {n}", text=f"Ilse Varga said the river is low, day {n}.")


@pytest.mark.django_db(transaction=True)
def test_two_workers_run_each_task_once_and_store_each_article_once(negotiation, monkeypatch):
    extractor = CountingExtractor()
    monkeypatch.setattr(tasks, "build_extractor", lambda negotiation: extractor)
    # Batch one, queued twice (someone pressed "Resume" while it ran), and batch two, which holds
    # three of batch one's articles (one feed entry reached through two sources).
    first = do_create_import_batch(negotiation, articles=[article(n) for n in range(1, 7)], enqueue=False)
    second = do_create_import_batch(negotiation, articles=[article(n) for n in range(4, 10)], enqueue=False)
    for batch in (first, first, second):
        tasks.run_import_batch_task.enqueue(batch.pk)

    workers = [threading.Thread(target=worker, args=(f"worker-{n}",)) for n in (1, 2)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in workers)

    results = list(DBTaskResult.objects.all())
    assert [(r.status, len(r.worker_ids)) for r in results] == [("SUCCESSFUL", 1)] * 3
    # Both workers took tasks: they did run at the same time.
    assert {r.worker_ids[0] for r in results} == {"worker-1", "worker-2"}
    assert Article.objects.count() == 9
    assert Counter(Article.objects.values_list("title", flat=True)) == Counter(f"Talks, day {n}" for n in range(1, 10))
    assert ImportBatch.objects.filter(status=ImportBatch.Status.DONE).count() == 2
    outcomes = Counter(ImportItem.objects.values_list("status", flat=True))
    # Six new in batch one, three new and three already stored in batch two (or the other way
    # round for 4-6): never "failed".
    assert outcomes == {ImportItem.Status.NEW: 9, ImportItem.Status.SKIPPED: 3}
    if connection.vendor == "postgresql":
        # Each article parsed once. On SQLite (no advisory locks) two workers may both parse one
        # article; the second then finds it stored and skips it, as the outcomes above show.
        assert extractor.parsed == Counter(article(n).text for n in range(1, 10))


def worker(worker_id: str) -> None:
    try:
        run_worker(worker_id)
    finally:
        connection.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_held_lock_is_refused_to_another_session_and_freed_after():
    key = lock_key("import-batch", 1)
    seen: list[bool] = []

    def other_session() -> None:
        try:
            with try_holding(key) as got:
                seen.append(got)
        finally:
            connection.close()

    with holding([key]):
        thread = threading.Thread(target=other_session)
        thread.start()
        thread.join(timeout=10)
    thread = threading.Thread(target=other_session)
    thread.start()
    thread.join(timeout=10)

    assert seen == [False, True]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="on SQLite writers queue anyway")
@pytest.mark.django_db(transaction=True)
def test_two_reextractions_of_one_article_at_once_find_each_statement_once(negotiation, monkeypatch):
    text = "Ilse Varga said the river is low."
    article = make_article(negotiation, title="Arven talks", text=text)
    both_read = threading.Barrier(2)
    real = ingest._old_statements

    def old_statements(articles):
        statements = real(articles)
        # Both have read the statements as they were before either wrote, if both get this far
        # together; a run that waits for the other instead goes on after a while, alone.
        with suppress(threading.BrokenBarrierError):
            both_read.wait(timeout=2)
        return statements

    monkeypatch.setattr(ingest, "_old_statements", old_statements)

    def reextract() -> None:
        try:
            extractor = FakeExtractor(lambda t: [found(t, "the river is low")])
            reextract_articles(negotiation, Article.objects.filter(pk=article.pk), extractor=extractor)
        finally:
            connection.close()

    runs = [threading.Thread(target=reextract) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join(timeout=60)

    assert list(Statement.objects.filter(article=article).values_list("text", flat=True)) == ["the river is low"]
