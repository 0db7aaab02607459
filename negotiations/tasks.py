"""Background work, run by `manage.py db_worker` (Django's Tasks API, django-tasks-db backend)."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from negotiations.models import Negotiation
from negotiations.services.ingest import build_extractor, reextract_articles


@task()
def reextract_negotiation_task(negotiation_id: int) -> dict[str, Any]:
    """Re-extract every stored article of a negotiation, keeping hand annotations.

    Returns the report's counts and errors (a task's result must be JSON).
    """
    negotiation = Negotiation.objects.get(pk=negotiation_id)
    extractor = build_extractor(negotiation)
    # A worker lives long: without a memory zone, every string spaCy meets stays in its vocab.
    with extractor.nlp.memory_zone():
        report = reextract_articles(negotiation, extractor=extractor)
    return report.as_dict()
