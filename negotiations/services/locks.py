"""Locks that let several `db_worker` processes share the task queue without doing one thing twice.

django-tasks-db hands each task to one worker (it claims the row with `select_for_update(
skip_locked=True)` on PostgreSQL, in an EXCLUSIVE transaction on SQLite). But two tasks can
still cover the same work: a batch queued again ("Resume") while a worker runs it, two batches
or a batch and `manage.py ingest` holding the same article (one feed entry reached through two
sources). Without more, both workers would fetch and parse that article, and the one that
stored it second got a unique-constraint error, reported as "not stored".

Two re-extractions of one article at once (two people asking for one after a setup change)
both matched against the statements as they were before either wrote, and stored each new
statement twice.

Invariants (PostgreSQL): while a process reads and stores an article, or re-extracts it, no
other process reads, stores or re-extracts that article (same negotiation and URL, or same
title and text), and only one run of a batch is under way at a time. The locks are PostgreSQL
session advisory locks: they are not tied to a transaction, so a worker holds them across the
seconds of parsing without holding a transaction open, and a worker that dies loses them with
its connection (behind a pooler, PgBouncer's session mode keeps them; transaction mode does not).

On SQLite there are no such locks and these are no-ops: writers are serialised (IMMEDIATE
transactions), so two workers may both parse one article, but the second finds it stored when
it writes (ingest re-checks under the write lock) and counts it as skipped; nothing is stored
twice. Run one worker on SQLite.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection
from django.db.transaction import TransactionManagementError

# The first half of every key: another application's advisory locks in the same database
# (which use small numbers, typically) never collide with Parley's.
NAMESPACE = "parley"


def lock_key(*parts: object) -> int:
    """A signed 64-bit advisory lock key for `parts`, e.g. ("article-url", 3, "https://x.test/a")."""
    digest = hashlib.blake2b(repr((NAMESPACE, *parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _advisory() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def holding(keys: Iterable[int]) -> Iterator[None]:
    """Wait for and hold the advisory locks `keys` (taken in order, so two holders never deadlock)."""
    keys = sorted(set(keys))
    if not _advisory() or not keys:
        yield
        return
    taken: list[int] = []
    try:
        with connection.cursor() as cursor:
            for key in keys:
                cursor.execute("SELECT pg_advisory_lock(%s)", [key])
                taken.append(key)
        yield
    finally:
        _release(taken)


@contextmanager
def try_holding(key: int) -> Iterator[bool]:
    """Hold the advisory lock `key` if nobody does (True), else go on without it (False)."""
    if not _advisory():
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        got = cursor.fetchone()[0]
    try:
        yield got
    finally:
        if got:
            _release([key])


def _release(keys: list[int]) -> None:
    if not keys or connection.connection is None:
        return  # the connection is gone, and its locks with it
    try:
        with connection.cursor() as cursor:
            for key in reversed(keys):
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
    except (DatabaseError, TransactionManagementError):
        # A lock kept would stop every other worker at this article for good: dropping the
        # connection drops its locks (outside a transaction; inside one, the caller's error
        # rolls it back and ends in the same place when the caller gives the connection up).
        if not connection.in_atomic_block:
            connection.close()
        raise


def article_keys(negotiation_id: int, urls: Iterable[str], digests: Iterable[str]) -> list[int]:
    """The locks of articles with these URLs and content hashes: what ingest calls the same article."""
    return [lock_key("article-url", negotiation_id, url) for url in urls if url] + [
        lock_key("article-content", negotiation_id, digest) for digest in digests
    ]
