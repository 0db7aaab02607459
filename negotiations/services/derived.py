"""Data derived from statements and stored, so that pages at newsroom scale need not recompute it.

Invariant: after every write made through the services (ingest, re-extraction, annotation,
merges, setup reloads), the stored derived data equals what `rebuild(negotiation)` computes from
scratch. `rebuild` is for bulk loads that bypass the services (and for repairs); the
`rebuild_derived` command runs it.

Each kind of derived data registers its own rebuilder in REBUILDERS, in the module that owns it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from negotiations.models import Negotiation

REBUILDERS: list[Callable[[Negotiation], None]] = []


def rebuilder(function: Callable[[Negotiation], None]) -> Callable[[Negotiation], None]:
    """Register `function` as the rebuilder of one kind of derived data."""
    REBUILDERS.append(function)
    return function


def rebuild(negotiation: Negotiation) -> None:
    with transaction.atomic():
        for function in REBUILDERS:
            function(negotiation)
