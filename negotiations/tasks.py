"""Background work, run by `manage.py db_worker` (Django's Tasks API, django-tasks-db backend)."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from negotiations.models import Negotiation
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
