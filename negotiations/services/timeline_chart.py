"""The timeline's chart of statements per party per day, and the counts behind it.

`timeline_counts` gives the counts of `matching_statements` per day and party, from the counts
stored per day and party (services/day_counts.py) or per issue (`ShownIssue`) when the filters
allow, as on an unfiltered timeline, instead of grouping every statement; a word search is
counted up to SEARCH_COUNT_LIMIT. The paginator's count is their sum (TimelinePaginator).
`build_chart` bins them into columns of days, weeks or months. The chart is plain numbers: the
template draws the `<rect>`s (the `chart_bars` tag) and maps `party_position` to a CSS class,
because the CSP forbids inline styles.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import NamedTuple

from django.db import connection
from django.db.models import (
    Count,
    F,
    QuerySet,
)

from negotiations.models import Negotiation, Party, ShownIssue, Statement
from negotiations.services import day_counts
from negotiations.services.timeline import TimelineFilters, matching_statements


class DayCount(NamedTuple):
    # A tuple: a chart of two years for a dozen parties reads 9,500 of them.
    day: date | None
    party_id: int | None
    count: int


def party_day_counts(queryset: QuerySet[Statement]) -> list[DayCount]:
    """How many statements of `queryset` fall on each (day, effective party): one query.

    `queryset` is typically `matching_statements(...)`, already filtered. It groups the stored
    values (services/shown.py), which an index holds, so no statement row is read when no
    filter needs one.
    """
    # Ordering and related loading would otherwise end up in the GROUP BY or run for nothing.
    rows = (
        queryset.select_related(None)
        .prefetch_related(None)
        .order_by()
        .values("shown_day", "shown_party_id")
        # COUNT(*), not COUNT(id): the index holds the day and party but not the id.
        .annotate(count=Count("*"))
        .order_by(F("shown_day").asc(nulls_last=True), F("shown_party_id").asc(nulls_last=True))
    )
    return read_day_counts(rows)


def read_day_counts(rows: QuerySet) -> list[DayCount]:
    """The rows of a query of (day, party id, count), through a plain cursor: Django's
    conversions took 25 ms for the 9,500 rows of two years of a dozen parties."""
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [DayCount(_as_date(day), party_id, count) for day, party_id, count in cursor.fetchall()]


def _as_date(value) -> date | None:
    # SQLite gives dates back as text to a plain cursor.
    return date.fromisoformat(value) if isinstance(value, str) else value


def counts_are_stored(filters: TimelineFilters) -> bool:
    """True when `timeline_counts` reads stored rows for `filters` (no statement): no filter but
    parties, dates, "rejected" and an issue."""
    return day_counts.serves(replace(filters, issue=None))


def timeline_counts(negotiation: Negotiation, filters: TimelineFilters) -> list[DayCount] | None:
    """`party_day_counts(matching_statements(negotiation, filters))`, read from stored rows when
    they hold these filters' counts (`counts_are_stored`): the counts per day and party
    (services/day_counts.py), or with an issue its statements' stored issues (`ShownIssue`,
    whose index holds day and party). None for a word search matching more than
    SEARCH_COUNT_LIMIT statements (`capped_day_counts`). One query in every case."""
    if filters.issue is not None and counts_are_stored(filters):
        rows = ShownIssue.objects.filter(
            negotiation=negotiation, issue_id=filters.issue, hidden=filters.review == "rejected"
        )
        return party_day_counts(filters.narrow(rows))
    if day_counts.serves(filters):
        return read_day_counts(day_counts.stored_counts(negotiation, filters))
    if filters.q.strip():
        return capped_day_counts(matching_statements(negotiation, filters), SEARCH_COUNT_LIMIT)
    return party_day_counts(matching_statements(negotiation, filters))


# A word search counts its matches up to this many. Each match of the search index is a visit to
# the statement's row, which no other index can spare: "water" matches 45,000 of 500,000
# statements, and counting them took 0.2 s. Past the limit the timeline says "more than" and
# draws no chart (UncountedPaginator pages it).
SEARCH_COUNT_LIMIT = 5_000


def capped_day_counts(statements: QuerySet[Statement], limit: int) -> list[DayCount] | None:
    """`party_day_counts(statements)`, or None when more than `limit` statements match: one
    query, which reads at most limit + 1 of them."""
    first = statements.select_related(None).prefetch_related(None).order_by()
    sql, params = first.values("shown_day", "shown_party_id")[: limit + 1].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT shown_day, shown_party_id, COUNT(*) FROM ({sql}) first GROUP BY shown_day, shown_party_id",
            params,
        )
        rows = cursor.fetchall()
    if sum(count for *_, count in rows) > limit:
        return None
    counts = [DayCount(_as_date(day), party_id, count) for day, party_id, count in rows]
    return sorted(counts, key=lambda c: (c.day is None, c.day or date.min, c.party_id is None, c.party_id or 0))


@dataclass(frozen=True)
class Bar:
    """One `<rect>`: a party's share of one day's column."""

    x: float
    y: float
    width: float
    height: float
    party_position: int | None
    title: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    days: tuple[date, date]  # first and last day: the x axis's ends
    max_count: int  # statements in the busiest column: the y axis's top
    undated: int  # statements left out of the chart because they have no day at all
    unit: str = "day"  # what a column counts: "day", "week" (from Monday) or "month"


NO_PARTY_LABEL = "no party"
# The widest a bar gets, as a fraction of the chart's width.
MIN_SLOTS = 24
# The most columns a chart draws. Two years of days for a dozen parties were 8,760 `<rect>`s,
# most of a 1.2 MB timeline page, each under a pixel wide at 600 units: past this many days a
# column is a week (two years: 105 columns), past this many weeks a month.
MAX_COLUMNS = 120


def _column_unit(first: date, last: date) -> str:
    days = (last - first).days + 1
    if days <= MAX_COLUMNS:
        return "day"
    if (_column_of(last, "week") - _column_of(first, "week")).days // 7 + 1 <= MAX_COLUMNS:
        return "week"
    return "month"


def _column_of(day: date, unit: str) -> date:
    """The first day of the column `day` falls in."""
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _slot(column: date, first: date, unit: str) -> int:
    """How many columns `column` is after the column `first`."""
    if unit == "month":
        return (column.year - first.year) * 12 + column.month - first.month
    return (column - first).days // (7 if unit == "week" else 1)


def _column_label(column: date, unit: str) -> str:
    if unit == "week":
        return f"week of {column.isoformat()}"
    if unit == "month":
        return column.strftime("%Y-%m")
    return column.isoformat()


def build_chart(counts: list[DayCount], parties: list[Party], *, width: int = 600, height: int = 120) -> Chart | None:
    """A stacked bar chart of `counts`, or None when no statement has a day.

    The x axis is the calendar from the first to the last day, so gaps in the talks show as
    gaps. A column is a day, or a week or a month when the days would be more than MAX_COLUMNS
    (`Chart.unit` says which). Each column stacks parties in the order of `parties` from the
    bottom up, statements without a party on top; the busiest column fills the height.
    """
    undated = sum(c.count for c in counts if c.day is None)
    dated = [c for c in counts if c.day is not None and c.count > 0]
    if not dated:
        return None
    days = (min(c.day for c in dated), max(c.day for c in dated))
    unit = _column_unit(*days)
    by_day: dict[date, dict[int | None, int]] = {}
    columns: dict[date, date] = {}  # a day's column, worked out once per day rather than per party
    for day, party_id, count in dated:
        column = columns.get(day)
        if column is None:
            column = columns[day] = _column_of(day, unit)
        per_party = by_day.setdefault(column, {})
        per_party[party_id] = per_party.get(party_id, 0) + count

    first, last = min(by_day), max(by_day)
    slots = _slot(last, first, unit) + 1
    step = width / slots
    # A 1px gap keeps neighbouring columns apart, but only when a bar keeps at least 2px.
    bar_width = step - 1 if step >= 3 else max(step, 1.0)
    # A few days' talks would otherwise be a few slabs as wide as the chart: bars stay bars.
    bar_width = min(bar_width, width / MIN_SLOTS)
    if slots > 1 and step < bar_width:
        # Bars wider than their slot (under 1px per column): squeeze the positions so the last fits.
        step = (width - bar_width) / (slots - 1)
    offset = (step - bar_width) / 2 if step > bar_width else 0.0

    known = {party.pk: party for party in parties}
    stack_order = [party.pk for party in parties]
    max_count = max(sum(per_party.values()) for per_party in by_day.values())
    scale = height / max_count

    bars = []
    for day in sorted(by_day):
        per_party = by_day[day]
        # Parties not passed in (should not happen) still count, between the known ones and "no party".
        strays = sorted(pk for pk in per_party if pk is not None and pk not in known)
        order = [pk for pk in stack_order if pk in per_party] + strays + ([None] if None in per_party else [])
        x = round(_slot(day, first, unit) * step + offset, 2)
        below = 0
        top = float(height)
        for party_id in order:
            count = per_party[party_id]
            below += count
            # Boundaries are rounded, not heights, so stacked segments meet without hairline gaps.
            new_top = round(height - below * scale, 2)
            party = known.get(party_id)
            if party is not None:
                name, position = party.name, party.position
            else:
                name, position = (NO_PARTY_LABEL if party_id is None else f"party #{party_id}"), None
            bars.append(
                Bar(
                    x=x,
                    y=new_top,
                    width=round(bar_width, 2),
                    height=round(top - new_top, 2),
                    party_position=position,
                    title=f"{_column_label(day, unit)} · {name}: {count}",
                )
            )
            top = new_top
    return Chart(width=width, height=height, bars=bars, days=days, max_count=max_count, undated=undated, unit=unit)
