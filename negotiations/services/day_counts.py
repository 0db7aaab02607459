"""The timeline's counts per day and party, stored: `ShownDayCount` (models.py, migration 0016).

An unfiltered timeline of 500,000 statements grouped every statement by day and party on every
request (0.2 s) to draw its chart and count its pages. The counts are kept instead by triggers
on the statement table, from the stored values of services/shown.py, so they follow every write
in its own transaction, corrections included.

Invariant: a negotiation's rows are what `rebuild_day_counts` computes from its statements' stored
values (one per hidden, day and party with at least one statement, none with 0).

They answer the timeline when its filters are only parties, a date range and "rejected" or
all (`serves`): the same counts as `timeline_chart.party_day_counts` on `matching_statements`.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F, Q, QuerySet, Sum

from negotiations.models import Negotiation, ShownDayCount, Statement
from negotiations.services import shown  # noqa: F401  (its rebuilder first: these read its values)
from negotiations.services.derived import rebuilder

STATEMENT_KEY = "negotiation_id, hidden, shown_day, shown_party_id"


def serves(filters) -> bool:
    """True when the stored counts hold `filters`' counts: no filter but parties, dates and the
    review choice of rejected (hidden) or visible statements; the order does not matter."""
    return (
        filters.review in ("", "rejected")
        and filters.actor is None
        and not filters.speaker.strip()
        and filters.issue is None
        and not filters.kind
        and not filters.stance
        and filters.proposal is None
        and not filters.q.strip()
    )


def stored_counts(negotiation: Negotiation, filters) -> QuerySet:
    """The rows (day, party id, count) for `filters` (which `serves`), in the order of
    `timeline_chart.party_day_counts`: by day then party, undated and "no party" last."""
    rows = ShownDayCount.objects.filter(negotiation=negotiation, hidden=filters.review == "rejected")
    rows = filters.narrow(rows, party="party_id", day="day")
    rows = rows.order_by(F("day").asc(nulls_last=True), F("party_id").asc(nulls_last=True))
    return rows.values_list("day", "party_id", "count")


def totals(negotiation: Negotiation) -> dict[str, int]:
    """How many statements readers see ("total") and how many people rejected ("rejected"): one query."""
    rows = ShownDayCount.objects.filter(negotiation=negotiation)
    sums = rows.aggregate(total=Sum("count", filter=Q(hidden=False)), rejected=Sum("count", filter=Q(hidden=True)))
    return {name: value or 0 for name, value in sums.items()}


@rebuilder
def rebuild_day_counts(negotiation: Negotiation) -> None:
    ShownDayCount.objects.filter(negotiation=negotiation).delete()
    table, statements = ShownDayCount._meta.db_table, Statement._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (negotiation_id, hidden, day, party_id, count) "
            f"SELECT {STATEMENT_KEY}, COUNT(*) FROM {statements} WHERE negotiation_id = %s GROUP BY {STATEMENT_KEY}",
            [negotiation.pk],
        )
