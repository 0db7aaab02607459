"""Batches of articles added from the browser ("Add articles") or by polling a source.

Invariants:

* A batch's items are written when the batch is created, in the order given. Files are read
  then, so a bad line of a JSON Lines file is an item that failed at once, with its line number,
  while the other lines go in. URLs are kept as they are and fetched by the task.
* `do_run_import_batch` takes the items still pending, one at a time, and stores each article
  (with its statements, through services/ingest.py) in its own transaction, in which its item
  also becomes "new". A worker that dies half way leaves whole articles whose items say so, and
  pending items for the rest; running the batch again stores only those. Nothing is stored
  twice: an article already stored (same URL, else same title and text) is "skipped as already
  stored", the database refuses a second copy, and only a pending item takes an outcome.
* Several workers (PostgreSQL): one run of a batch at a time, and one process at a time reads
  and stores a given article, so no article is parsed or stored twice (services/locks.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from negotiations.models import Article, ImportBatch, ImportItem, Negotiation, Source, content_hash
from negotiations.services.ingest import StatementExtractor, build_extractor, ingest_articles
from negotiations.services.locks import lock_key, try_holding
from negotiations.services.sources import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    TEXT_SUFFIXES,
    ArticleInput,
    ItemError,
    SourceItem,
    read_content,
    read_url,
)

PASTED = "pasted text"


@dataclass(frozen=True)
class Upload:
    """An uploaded file: its name (which decides how it is read) and its bytes."""

    name: str
    content: bytes


@dataclass(frozen=True)
class Pasted:
    title: str
    text: str
    published: date | None = None


class NothingToImport(ValueError):
    """Nothing to import; the message says what to give."""


KNOWN_SUFFIXES = JSONL_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES


def read_uploads(uploads: Iterable[Upload]) -> Iterator[tuple[SourceItem, int | None]]:
    """Every item of the files, with the line it came from for JSON Lines files."""
    for upload in uploads:
        if PurePath(upload.name).suffix.lower() not in KNOWN_SUFFIXES:
            known = ", ".join(sorted(KNOWN_SUFFIXES))
            yield ItemError(upload.name, f"not a file Parley reads (it reads {known})"), None
            continue
        for item in read_content(upload.content, upload.name):
            yield item, _line(item.where, upload.name)


def _line(where: str, name: str) -> int | None:
    # read_jsonl names an item "talks.jsonl:7".
    number = where.removeprefix(f"{name}:")
    return int(number) if number != where and number.isdigit() else None


def payload_of(item: ArticleInput) -> dict:
    return {
        "where": item.where,
        "title": item.title,
        "text": item.text,
        "url": item.url,
        "source": item.source,
        "published": item.published.isoformat() if item.published else None,
        "external_id": item.external_id,
    }


def article_input(payload: dict) -> ArticleInput:
    published = payload.get("published")
    return ArticleInput(**{**payload, "published": date.fromisoformat(published) if published else None})


def do_create_import_batch(
    negotiation: Negotiation,
    *,
    user=None,
    urls: Iterable[str] = (),
    uploads: Iterable[Upload] = (),
    pasted: Pasted | None = None,
    articles: Iterable[SourceItem | str] = (),
    source: Source | None = None,
    enqueue: bool = True,
) -> ImportBatch:
    """Store a batch and its items (files read now, URLs to fetch later) and, with `enqueue`,
    queue the task that runs it once the batch is committed.

    `articles` are items read already, or URLs (str) to fetch, in the order given after the
    other kinds: a feed's entries (services/following.py)."""
    now = timezone.now()
    rows: list[ImportItem] = []

    def add(item: SourceItem | None, *, line: int | None = None, fetch_url: str = "") -> None:
        row = ImportItem(position=len(rows), line=line, fetch_url=fetch_url)
        if isinstance(item, ItemError):
            row.where, row.status, row.message, row.done_at = item.where, ImportItem.Status.FAILED, item.message, now
        elif item is not None:
            row.where, row.payload = item.where, payload_of(item)
        else:
            row.where = fetch_url
        row.where = row.where[: ImportItem._meta.get_field("where").max_length]
        rows.append(row)

    for url in urls:
        add(None, fetch_url=url)
    for item, line in read_uploads(uploads):
        add(item, line=line)
    if pasted is not None:
        title, text = pasted.title.strip(), pasted.text.strip()
        add(ArticleInput(where=PASTED, title=title, text=text, published=pasted.published))
    for item in articles:
        if isinstance(item, str):
            add(None, fetch_url=item)
        else:
            add(item)
    if not rows:
        raise NothingToImport("Give at least one URL, file or pasted article.")

    with transaction.atomic():
        batch = ImportBatch.objects.create(negotiation=negotiation, created_by=user, source=source, total=len(rows))
        for row in rows:
            row.batch = batch
        ImportItem.objects.bulk_create(rows)
        if enqueue:
            # Imported here: tasks.py imports this module.
            from negotiations.tasks import run_import_batch_task

            transaction.on_commit(lambda: run_import_batch_task.enqueue(batch.pk))
    return batch


Fetch = Callable[[str], SourceItem]


def do_run_import_batch(
    batch_id: int,
    *,
    extractor: StatementExtractor | None = None,
    fetch: Fetch = read_url,
) -> ImportBatch:
    """Store the batch's pending items one by one, each with its outcome, then mark it done.

    While another run of the batch is under way (queued again with "Resume" while a worker ran
    it), this one leaves it to that run at once (PostgreSQL; services/locks.py).
    """
    with try_holding(lock_key("import-batch", batch_id)) as only_run:
        if not only_run:
            return ImportBatch.objects.get(pk=batch_id)
        return _run_import_batch(batch_id, extractor=extractor, fetch=fetch)


def _run_import_batch(batch_id: int, *, extractor: StatementExtractor | None, fetch: Fetch) -> ImportBatch:
    batch = ImportBatch.objects.select_related("negotiation").get(pk=batch_id)
    negotiation = batch.negotiation
    ImportBatch.objects.filter(pk=batch.pk).exclude(status=ImportBatch.Status.DONE).update(
        status=ImportBatch.Status.RUNNING, started_at=batch.started_at or timezone.now()
    )
    # Ids first: SQLite gives no isolation between an open cursor and the writes made meanwhile.
    pending = list(batch.items.filter(status=ImportItem.Status.PENDING).values_list("pk", "payload", "fetch_url"))
    for pk, payload, fetch_url in pending:
        if not ImportItem.objects.filter(pk=pk, status=ImportItem.Status.PENDING).exists():
            continue  # another run of the batch did it meanwhile
        # Fetching and extracting take seconds: no transaction is open meanwhile (on SQLite an
        # open transaction that has read holds back every writer, the pages' too).
        read = article_input(payload) if payload is not None else fetch(fetch_url)
        if isinstance(read, ItemError):
            _finish(pk, ImportItem.Status.FAILED, read.message)
            continue
        if extractor is None:
            extractor = build_extractor(negotiation)

        def stored(item: ArticleInput, article: Article, statements: int, pk: int = pk) -> None:
            # Inside the article's own transaction: the article and its "new" commit together.
            found = f"{statements} statement{'' if statements == 1 else 's'} found"
            _finish(pk, ImportItem.Status.NEW, found, article)

        report = ingest_articles(negotiation, [read], extractor=extractor, batch_size=1, on_stored=stored)
        if report.failed:
            _finish(pk, ImportItem.Status.FAILED, "; ".join(error.message for error in report.errors))
        elif not report.new:
            _finish(pk, ImportItem.Status.SKIPPED, "", stored_article(negotiation, read))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.DONE, finished_at=timezone.now())
    batch.refresh_from_db()
    return batch


def _finish(pk: int, status: str, message: str, article: Article | None = None) -> None:
    # Only a pending item: the first outcome recorded stands, should two runs meet.
    ImportItem.objects.filter(pk=pk, status=ImportItem.Status.PENDING).update(
        status=status, message=message, article=article, done_at=timezone.now()
    )


def stored_article(negotiation: Negotiation, item: ArticleInput) -> Article | None:
    """The stored article that `item` is (as ingest decides): same URL, else same title and text."""
    same = Q(content_hash=content_hash(item.title, item.text))
    if item.url:
        same |= Q(url=item.url)
    return Article.objects.filter(negotiation=negotiation).filter(same).order_by("pk").first()
