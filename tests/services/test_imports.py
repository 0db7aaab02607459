"""Batches of articles: files read when the batch is made (bad lines fail with their line), each
article stored in its own transaction with its item's outcome, and a batch whose worker died
finished by running it again, without storing anything twice."""

from __future__ import annotations

import json

import pytest

from negotiations.models import Article, ImportBatch, ImportItem, Statement
from negotiations.services import imports, ingest
from negotiations.services.imports import NothingToImport, Pasted, Upload, do_create_import_batch, do_run_import_batch
from negotiations.services.sources import ItemError
from tests.services.test_ingest import FakeExtractor, found

pytestmark = pytest.mark.django_db

Status = ImportItem.Status


def jsonl(*records: object) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records).encode()


def article(n: int) -> dict:
    text = f"Ilse Varga said the river is low, day {n}."
    return {"title": f"Talks, day {n}", "text": text, "published": "2025-04-02"}


def html(title: str, body: str) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{body}</p><p>{body} Officials met again in the afternoon and talked for hours.</p></article></body></html>"
    ).encode()


def varga_finds(text: str):
    return [found(text, "the river is low")] if "the river is low" in text else []


def items_of(batch: ImportBatch) -> list[tuple[str, int | None, str]]:
    return list(batch.items.order_by("position").values_list("status", "line", "message"))


def test_files_are_read_when_the_batch_is_made_and_a_bad_line_fails_with_its_line(negotiation):
    uploads = [Upload("talks.jsonl", jsonl(article(1), "{not json", article(3)))]

    batch = do_create_import_batch(negotiation, uploads=uploads, enqueue=False)

    assert batch.total == 3 and batch.status == ImportBatch.Status.QUEUED
    rows = items_of(batch)
    assert [(status, line) for status, line, _ in rows] == [
        (Status.PENDING, 1),
        (Status.FAILED, 2),
        (Status.PENDING, 3),
    ]
    assert rows[1][2].startswith("not valid JSON")
    assert not Article.objects.exists()


def test_running_stores_the_rest_and_says_what_became_of_each(negotiation):
    uploads = [
        Upload("talks.jsonl", jsonl(article(1), {"title": "No text"}, article(1))),
        Upload("one.html", html("The commission meets", "Ana Ferreira said the commission would publish the data.")),
    ]
    batch = do_create_import_batch(
        negotiation,
        uploads=uploads,
        pasted=Pasted("Pasted talks", "Ilse Varga said the river is low again."),
        enqueue=False,
    )

    batch = do_run_import_batch(batch.pk, extractor=FakeExtractor(varga_finds))

    assert batch.status == ImportBatch.Status.DONE and batch.finished_at is not None
    rows = items_of(batch)
    assert [status for status, _, _ in rows] == [Status.NEW, Status.FAILED, Status.SKIPPED, Status.NEW, Status.NEW]
    assert rows[0][2] == "1 statement found"
    assert rows[1][1:] == (2, 'missing "text"')
    stored = batch.items.get(position=0).article
    assert stored.title == "Talks, day 1" and batch.items.get(position=2).article == stored
    assert Article.objects.filter(negotiation=negotiation).count() == 3
    assert Statement.objects.filter(article__negotiation=negotiation).count() == 2
    counts = ImportBatch.objects.with_counts().get(pk=batch.pk)
    assert (counts.done, counts.new, counts.skipped, counts.failed) == (5, 3, 1, 1)


def test_urls_are_fetched_by_the_run_and_a_failed_fetch_is_the_items_reason(negotiation):
    urls = ["https://news.example/a", "https://news.example/b"]
    batch = do_create_import_batch(negotiation, urls=urls, enqueue=False)
    pages = {"https://news.example/a": html("Dam talks", "Tomas Brell said the dam would be finished.")}

    def fetch(url):
        return ItemError(url, "could not fetch: HTTP 404 Not Found") if url not in pages else _read(url, pages[url])

    batch = do_run_import_batch(batch.pk, extractor=FakeExtractor(), fetch=fetch)

    rows = items_of(batch)
    assert [status for status, _, _ in rows] == [Status.NEW, Status.FAILED]
    assert rows[1][2] == "could not fetch: HTTP 404 Not Found"
    assert Article.objects.get().url == "https://news.example/a"


def _read(url, content):
    from negotiations.services.sources import read_html

    return read_html(content, url, url=url)


def test_nothing_to_import_is_refused(negotiation):
    with pytest.raises(NothingToImport):
        do_create_import_batch(negotiation, enqueue=False)
    assert not ImportBatch.objects.exists()


class WorkerKilled(BaseException):
    """A worker killed mid-write: not an Exception, so nothing on the way catches it."""


@pytest.mark.parametrize("k", [0, 2, 4])
def test_a_worker_killed_after_k_articles_leaves_k_and_a_rerun_stores_the_rest_once(negotiation, monkeypatch, k):
    total = 5
    batch = do_create_import_batch(
        negotiation, uploads=[Upload("talks.jsonl", jsonl(*(article(n) for n in range(total))))], enqueue=False
    )
    real = ingest._create_statements
    written = []

    def dies_on_article_k_plus_1(stored_article, statements, names):
        # The article's row is written already: the kill comes in the middle of storing it.
        if len(written) == k:
            raise WorkerKilled
        written.append(stored_article.pk)
        return real(stored_article, statements, names)

    monkeypatch.setattr(ingest, "_create_statements", dies_on_article_k_plus_1)
    with pytest.raises(WorkerKilled):
        do_run_import_batch(batch.pk, extractor=FakeExtractor(varga_finds))

    assert Article.objects.filter(negotiation=negotiation).count() == k
    assert Statement.objects.filter(article__negotiation=negotiation).count() == k
    assert [status for status, _, _ in items_of(batch)] == [Status.NEW] * k + [Status.PENDING] * (total - k)
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.RUNNING

    monkeypatch.setattr(ingest, "_create_statements", real)
    extractor = FakeExtractor(varga_finds)
    batch = do_run_import_batch(batch.pk, extractor=extractor)

    assert batch.status == ImportBatch.Status.DONE
    assert [status for status, _, _ in items_of(batch)] == [Status.NEW] * total
    # Only the articles not stored before were extracted again.
    assert sum(len(texts) for texts in extractor.batches) == total - k
    titles = sorted(Article.objects.filter(negotiation=negotiation).values_list("title", flat=True))
    assert titles == sorted(f"Talks, day {n}" for n in range(total))
    assert Statement.objects.filter(article__negotiation=negotiation).count() == total


def test_running_a_done_batch_again_changes_nothing(negotiation):
    batch = do_create_import_batch(negotiation, uploads=[Upload("a.jsonl", jsonl(article(1)))], enqueue=False)
    do_run_import_batch(batch.pk, extractor=FakeExtractor(varga_finds))
    extractor = FakeExtractor(varga_finds)

    do_run_import_batch(batch.pk, extractor=extractor)

    assert extractor.batches == []
    assert items_of(batch) == [(Status.NEW, 1, "1 statement found")]
    assert Article.objects.count() == 1


def test_two_runs_of_one_batch_store_each_article_once_and_keep_the_first_outcome(negotiation, monkeypatch):
    batch = do_create_import_batch(
        negotiation, uploads=[Upload("talks.jsonl", jsonl(article(1), article(2)))], enqueue=False
    )
    real = imports.article_input
    calls = []

    def another_worker_meanwhile(payload):
        # The first run has listed the pending items; a second run does them all before it goes on.
        if not calls:
            calls.append(payload)
            do_run_import_batch(batch.pk, extractor=FakeExtractor(varga_finds))
        return real(payload)

    monkeypatch.setattr(imports, "article_input", another_worker_meanwhile)
    do_run_import_batch(batch.pk, extractor=FakeExtractor(varga_finds))

    assert [status for status, _, _ in items_of(batch)] == [Status.NEW, Status.NEW]
    assert Article.objects.count() == 2 and Statement.objects.count() == 2


def test_a_file_of_another_kind_fails_with_its_name(negotiation):
    batch = do_create_import_batch(negotiation, uploads=[Upload("minutes.pdf", b"%PDF-1.7")], enqueue=False)

    [(where, status, message)] = batch.items.values_list("where", "status", "message")
    assert (where, status) == ("minutes.pdf", Status.FAILED)
    assert message == "not a file Parley reads (it reads .htm, .html, .json, .jsonl, .ndjson, .text, .txt, .xhtml)"
