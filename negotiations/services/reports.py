"""The positions grid, the proposals matrix and the latest news as plain data, for exports, the
JSON API and the Atom feeds.

Rows are dicts of JSON types (dates as ISO strings), built from what positions.py and
proposals.py derive, so they show every correction the pages show. `csv_text` flattens them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from negotiations.models import Issue, Negotiation, Party, Placement, Statement
from negotiations.services.export import write_csv
from negotiations.services.positions import BY_ARRIVAL, BY_DAY, CellState, Grid, PositionChange, position_changes
from negotiations.services.proposals import AnswerCell, Matrix
from negotiations.services.timeline import on_issue

POSITION_FIELDS = (
    "party_id",
    "party",
    "party_kind",
    "issue_id",
    "issue",
    "stance",
    "since",
    "statement_id",
    "speaker",
    "said_on",
    "text",
    "statement_ids",
    "change_count",
    "last_change",
)
PROPOSAL_FIELDS = (
    "proposal_id",
    "proposal",
    "proposed_by",
    "proposed_on",
    "party_id",
    "party",
    "answer",
    "answered_on",
    "answered_by_speaker",
    "statement_id",
    "reported",
    "contradicted",
    "claim_count",
)
NEWS_LIMIT = 50


class ReportError(ValueError):
    """A request a person can fix; the message says how."""


class NotFound(ReportError):
    """An id that names nothing in this negotiation."""


def parse_day(text: str | None) -> date | None:
    """`?as_of=YYYY-MM-DD`; empty is none (the positions page's form sends it empty)."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ReportError(f"as_of must be a day as YYYY-MM-DD, such as 2025-04-02; got {text!r}.") from None


def parse_id(name: str, text: str | None) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ReportError(f"{name} must be a number (an id); got {text!r}.") from None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def position_rows(grid: Grid, party: int | None = None, issue: int | None = None) -> list[dict[str, Any]]:
    """One row per party x issue cell of `grid`, a cell with no position included (stance None).

    `said_on` is the latest statement's day as the grid counts it: said on, else its article's date.
    A row carries the cell's last change and how many there were; the whole history of changes is
    `change_rows`' (paginated in the API): at 500,000 statements it runs to hundreds of thousands.
    Raises NotFound when `party` or `issue` is given and is not in the grid.
    """
    if party is not None and party not in {row.party.pk for row in grid.rows}:
        raise NotFound(f"No party {party} in this negotiation.")
    if issue is not None and issue not in {i.pk for i in grid.issues}:
        raise NotFound(f"No issue {issue} in this negotiation.")
    cells = [
        (row.party, each, cell)
        for row in grid.rows
        if party is None or row.party.pk == party
        for each, cell in zip(grid.issues, row.cells, strict=True)
        if issue is None or each.pk == issue
    ]
    runs = current_runs([cell for _, _, cell in cells if cell is not None], grid.as_of)
    return [_position_row(p, i, cell, runs.get((p.pk, i.pk))) for p, i, cell in cells]


RUN_ROWS = 5_000


@dataclass
class Run:
    """The statements behind a cell's current stance, oldest first, and the change that began it
    (None when the cell never changed: its run is its whole history)."""

    statement_ids: list[int]
    change: dict[str, Any] | None


def current_runs(cells: list[CellState], as_of: date | None) -> dict[tuple[int, int], Run]:
    """Each cell's current run of one stance (Position.run, oldest first), in one query however
    many cells: the rows numbered from the run's start to the cell's last, joined to a VALUES list
    of (party, issue, number), one per statement of the runs (a chain of ORs would grow past
    SQLite's expression depth with the cells). Equal numbers, not ranges: PostgreSQL cannot tell
    that a range holds a row or two and would read every placement; an equality is an index
    lookup (`placement_issue_cell`, `placement_dated_cell`).

    The run's first row is the cell's last change when there was one: its stance differed from
    the row before (`changed_from`, or over dated rows only `dated_changed_from` as of a day)."""
    if not cells:
        return {}
    seq, changed = ("dated_seq", "dated_changed_from") if as_of is not None else ("seq", "changed_from")
    table = Placement._meta.db_table
    wanted = [(c.party.pk, c.issue.pk, number) for c in cells for number in range(c.count - c.run_length, c.count)]
    found: dict[tuple[int, int], list[tuple]] = {}
    # More than RUN_ROWS statements in the runs take a query more per RUN_ROWS: SQLite takes
    # 32,766 parameters at most, PostgreSQL 65,535.
    for start in range(0, len(wanted), RUN_ROWS):
        chunk = wanted[start : start + RUN_ROWS]
        # The column names are this module's own; every value is a parameter.
        sql = (
            f"SELECT p.party_id, p.issue_id, p.{seq}, p.statement_id, p.{changed}, p.before_statement_pk,"
            f" p.before_day, p.stance, p.day FROM {table} p JOIN (VALUES "
            + ", ".join(["(%s, %s, %s)"] * len(chunk))
            + f") AS cell ON p.party_id = cell.column1 AND p.issue_id = cell.column2 AND p.{seq} = cell.column3"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for row in chunk for value in row])
            for party_id, issue_id, *rest in cursor.fetchall():
                found.setdefault((party_id, issue_id), []).append(tuple(rest))
    runs = {}
    for key, rows in found.items():
        rows.sort()
        _, statement_id, before, before_pk, before_day, stance, day = rows[0]
        change = _change(before, before_pk, as_date(before_day), stance, statement_id, as_date(day)) if before else None
        runs[key] = Run([row[1] for row in rows], change)
    return runs


def as_date(value: date | str | None) -> date | None:
    # SQLite's cursor gives a date column back as text.
    return date.fromisoformat(value) if isinstance(value, str) else value


def change_rows(
    negotiation: Negotiation, party: int | None = None, issue: int | None = None
) -> QuerySet[Placement, dict[str, Any]]:
    """Every change of position in the negotiation (narrowed to a party, an issue), newest first by
    the day of the change as the feeds order them (positions.BY_DAY), as plain values for
    `change_row`: the full history of the grid, for a paginator."""
    rows = Placement.objects.filter(negotiation=negotiation, issue__isnull=False).exclude(changed_from="")
    if party is not None:
        rows = rows.filter(party_id=party)
    if issue is not None:
        rows = rows.filter(issue_id=issue)
    return rows.order_by(*BY_DAY).values(
        "party_id",
        "party__name",
        "issue_id",
        "issue__name",
        "day",
        "changed_from",
        "before_statement_pk",
        "before_day",
        "stance",
        "statement_id",
    )


def change_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "party_id": row["party_id"],
        "party": row["party__name"],
        "issue_id": row["issue_id"],
        "issue": row["issue__name"],
        **_change(
            row["changed_from"],
            row["before_statement_pk"],
            row["before_day"],
            row["stance"],
            row["statement_id"],
            row["day"],
        ),
    }


def _change(
    before: str, before_pk: int, before_day: date | None, stance: str, statement_id: int, day: date | None
) -> dict[str, Any]:
    """A change of position as the exports and the API write it: the day, the stance before and after."""
    return {
        "day": _day(day),
        "before": {"stance": before, "statement_id": before_pk, "day": _day(before_day)},
        "after": {"stance": stance, "statement_id": statement_id, "day": _day(day)},
    }


def _position_row(party: Party, issue: Issue, cell: CellState | None, run: Run | None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "party_id": party.pk,
        "party": party.name,
        "party_kind": party.kind,
        "issue_id": issue.pk,
        "issue": issue.name,
        "stance": None,
        "since": None,
        "statement_id": None,
        "speaker": None,
        "said_on": None,
        "text": None,
        "statement_ids": [],
        "change_count": 0,
        "last_change": None,
    }
    if cell is None:
        return row
    latest = cell.latest.statement
    row.update(
        stance=cell.stance,
        since=_day(cell.since),
        statement_id=latest.pk,
        speaker=cell.speaker,
        said_on=_day(cell.latest.day),
        text=latest.text,
        statement_ids=run.statement_ids if run else [],
        change_count=cell.change_count,
        last_change=run.change if run else None,
    )
    return row


def proposal_rows(matrix: Matrix) -> list[dict[str, Any]]:
    """One row per proposal x party of `matrix`, a party with no answer yet included (answer "").
    A row counts the cell's claims; they are `claim_rows`' (paginated in the API)."""
    return [_proposal_row(cell) for row in matrix.rows for cell in row.cells]


def claim_rows(proposal: int, party: int) -> QuerySet[Placement, dict[str, Any]]:
    """One cell's claims, oldest first, as plain values for `claim_row` (no statement is loaded)."""
    return (
        Placement.objects.filter(proposal_id=proposal, party_id=party)
        .annotate(speaker=Coalesce("statement__annotation__speaker", "statement__speaker"))
        .order_by("seq")
        .values("answer", "statement_id", "speaker", "day", "reported")
    )


def claim_row(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "day": _day(row["day"])}


def _proposal_row(cell: AnswerCell) -> dict[str, Any]:
    proposal, latest = cell.proposal, cell.latest
    evidence = latest.evidence if latest else None
    return {
        "proposal_id": proposal.pk,
        "proposal": proposal.name,
        "proposed_by": proposal.party.name if proposal.party else None,
        "proposed_on": _day(proposal.date),
        "party_id": cell.party.pk,
        "party": cell.party.name,
        "answer": cell.answer,
        "answered_on": _day(evidence.day) if evidence else None,
        "answered_by_speaker": cell.speaker if evidence else None,
        "statement_id": evidence.statement.pk if evidence else None,
        "reported": evidence.reported if evidence else False,
        "contradicted": bool(cell.contradiction_count),
        "claim_count": cell.claim_count,
    }


def _flat(value: Any) -> Any:
    # A list cell joins as text (ids as numbers), a change as "day: before → after".
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, dict):
        return _change_text(value)
    return value


def _change_text(change: dict[str, Any]) -> str:
    before, after = change["before"], change["after"]
    return (
        f"{change['day'] or 'undated'}: {before['stance']} (#{before['statement_id']})"
        f" → {after['stance']} (#{after['statement_id']})"
    )


def csv_text(rows: list[dict[str, Any]], fields: tuple[str, ...]) -> str:
    """`rows` as CSV with a header of `fields`, flattened as the statement export's CSV is."""
    out = io.StringIO()
    write_csv(({name: _flat(row[name]) for name in fields} for row in rows), fields, out)
    return out.getvalue()


@dataclass
class NewsItem:
    """A statement, or a position change (then `statement` is the one that made it), for a feed."""

    statement: Statement
    negotiation: Negotiation
    change: PositionChange | None = None

    @property
    def known_at(self) -> datetime:
        """When Parley learnt of it: a change is news when the statement that made it came in."""
        return self.statement.created_at

    @property
    def updated_at(self) -> datetime:
        annotation = self.statement.annotation_or_none
        if annotation is None:
            return self.statement.updated_at
        return max(self.statement.updated_at, annotation.updated_at)


def latest_news(
    negotiation: Negotiation, party: Party | None = None, issue: Issue | None = None, limit: int = NEWS_LIMIT
) -> list[NewsItem]:
    """The `limit` newest statements and position changes, by when Parley learnt of them.

    Visible statements only, taken by their effective party and issues; `party` and `issue`
    narrow both statements and changes to that party or issue.
    """
    # The stored shown values (services/shown.py), and ids for arrival: ids grow as statements come in.
    statements = Statement.objects.filter(negotiation=negotiation, hidden=False)
    if party is not None:
        statements = statements.filter(shown_party_id=party.pk)
    if issue is not None:
        statements = statements.filter(on_issue(issue.pk))
    items = [NewsItem(s, negotiation) for s in statements.for_display().order_by("-pk")[:limit]]
    items += [
        NewsItem(change.after.statement, negotiation, change)
        for change in position_changes(negotiation, party=party, issue=issue, limit=limit, order=BY_ARRIVAL)
    ]
    # A change goes before the statement that made it: it is the bigger news of the two.
    items.sort(key=lambda item: (item.known_at, item.statement.pk, item.change is not None), reverse=True)
    return items[:limit]
