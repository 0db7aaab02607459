"""Background work, run by `manage.py db_worker` (Django's Tasks API, django-tasks-db backend).

A task's arguments and result are JSON: ids in, counts out. The work itself is in services/, so
that commands and tests run it without a worker.
"""

from __future__ import annotations

from typing import Any

from django.tasks import task

from negotiations.models import ImportBatch, Negotiation, Source
from negotiations.services.following import do_poll_source, schedule_polling
from negotiations.services.imports import do_run_import_batch
from negotiations.services.ingest import build_extractor, reextract_articles
from negotiations.services.unknown import record_failure, record_outcome, statement_parties


@task()
def reextract_negotiation_task(
    negotiation_id: int, article_ids: list[int] | None = None, change_id: int | None = None
) -> dict[str, Any]:
    """Re-extract a negotiation's stored articles (all, or `article_ids`), keeping hand annotations.

    With `change_id` (a SetupChange made on the unknown speakers page), the change records which
    statements gained a party. Returns the report's counts and errors (a task's result must be JSON).
    """
    negotiation = Negotiation.objects.get(pk=negotiation_id)
    articles = None if article_ids is None else negotiation.articles.filter(pk__in=article_ids)
    before = statement_parties(article_ids or []) if change_id is not None else {}
    try:
        extractor = build_extractor(negotiation)
        # A worker lives long: without a memory zone, every string spaCy meets stays in its vocab.
        with extractor.nlp.memory_zone():
            report = reextract_articles(negotiation, articles, extractor=extractor)
    except Exception:
        if change_id is not None:
            record_failure(change_id)
        raise
    if change_id is not None:
        record_outcome(change_id, before)
    return report.as_dict()


@task()
def run_import_batch_task(batch_id: int) -> dict[str, Any]:
    """Store a batch's pending articles; run again, it picks up where a dead worker stopped."""
    batch = ImportBatch.objects.select_related("negotiation").get(pk=batch_id)
    extractor = build_extractor(batch.negotiation)
    with extractor.nlp.memory_zone():
        batch = do_run_import_batch(batch.pk, extractor=extractor)
    return {"batch": batch.pk, "status": batch.status}


@task()
def poll_source_task(source_id: int) -> dict[str, Any]:
    """Poll one source now (the sources page's "Poll now")."""
    poll = do_poll_source(Source.objects.select_related("negotiation").get(pk=source_id))
    return {"poll": poll.pk, "new": poll.new, "error": poll.error}


@task()
def poll_all_sources_task() -> dict[str, Any]:
    """Poll every source, then queue this task again PARLEY_POLL_MINUTES from now.

    The worker runs it when it is due, so a running `db_worker` polls the sources for as long
    as it runs; `manage.py poll_sources --schedule` (and adding a source) queues the first one.
    """
    try:
        polls = [do_poll_source(source) for source in Source.objects.select_related("negotiation")]
    finally:
        # Even after a failure (the database gone for a moment): polling must not stop for good.
        # Through schedule_polling, which adds none when one is queued (say by `poll_sources
        # --schedule` meanwhile): two rounds queued would go on as two for ever.
        schedule_polling(now=False)
    return {"polls": len(polls), "new": sum(poll.new for poll in polls)}
