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

from django.db.models import Q
from django.db.models.functions import Coalesce

from negotiations.models import Issue, Negotiation, Party, Placement, Statement
from negotiations.services.export import write_csv
from negotiations.services.positions import BY_ARRIVAL, CellState, Grid, PositionChange, position_changes
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
    "changes",
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
    "claims",
)
# A flat file has no room for a list of claims: their statements are a click away in JSON.
PROPOSAL_CSV_FIELDS = tuple(name for name in PROPOSAL_FIELDS if name != "claims")
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
    shown = [cell for _, _, cell in cells if cell is not None]
    runs, changes = run_statements(shown, grid.as_of), cell_changes(shown, grid.as_of)
    return [
        _position_row(p, i, cell, runs.get((p.pk, i.pk), []), changes.get((p.pk, i.pk), [])) for p, i, cell in cells
    ]


def _cells_query(cells: list[CellState], extra_per_cell: dict[int, dict[str, int]] | None = None) -> Q:
    query = Q(pk__in=[])
    for cell in cells:
        query |= Q(party_id=cell.party.pk, issue_id=cell.issue.pk, **(extra_per_cell or {}).get(id(cell), {}))
    return query


def run_statements(cells: list[CellState], as_of: date | None) -> dict[tuple[int, int], list[int]]:
    """The statements behind each cell's current stance, oldest first (Position.run reversed)."""
    seq = "dated_seq" if as_of is not None else "seq"
    found: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for start in range(0, len(cells), 100):
        chunk = cells[start : start + 100]
        bounds = {id(c): {f"{seq}__gte": c.count - c.run_length, f"{seq}__lt": c.count} for c in chunk}
        rows = Placement.objects.filter(_cells_query(chunk, bounds))
        rows = rows.values_list("party_id", "issue_id", seq, "statement_id")
        for party_id, issue_id, number, statement_id in rows:
            found.setdefault((party_id, issue_id), []).append((number, statement_id))
    return {key: [pk for _, pk in sorted(rows)] for key, rows in found.items()}


def cell_changes(cells: list[CellState], as_of: date | None) -> dict[tuple[int, int], list[dict[str, Any]]]:
    """Each cell's changes of position, oldest first, as the export writes them: the stored
    change rows of the negotiation (an index holds them), narrowed to the cells asked for."""
    if not cells:
        return {}
    wanted = {(cell.party.pk, cell.issue.pk) for cell in cells}
    parties, issues = {party for party, _ in wanted}, {issue for _, issue in wanted}
    rows = Placement.objects.filter(
        negotiation_id=cells[0].party.negotiation_id, issue__isnull=False, party_id__in=parties, issue_id__in=issues
    ).exclude(changed_from="")
    if as_of is not None:
        rows = rows.exclude(dated_changed_from="").filter(day__lte=as_of).order_by("dated_seq")
        before_field = "dated_changed_from"
    else:
        rows = rows.order_by("seq")
        before_field = "changed_from"
    found: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for party_id, issue_id, day, before, before_pk, before_day, stance, pk in rows.values_list(
        "party_id", "issue_id", "day", before_field, "before_statement_pk", "before_day", "stance", "statement_id"
    ):
        if (party_id, issue_id) not in wanted:
            continue
        found.setdefault((party_id, issue_id), []).append(
            {
                "day": _day(day),
                "before": {"stance": before, "statement_id": before_pk, "day": _day(before_day)},
                "after": {"stance": stance, "statement_id": pk, "day": _day(day)},
            }
        )
    return found


def _position_row(
    party: Party, issue: Issue, cell: CellState | None, run: list[int], changes: list[dict[str, Any]]
) -> dict[str, Any]:
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
        "changes": [],
    }
    if cell is None:
        return row
    latest = cell.latest.statement
    row.update(
        stance=cell.stance,
        since=_day(cell.since),
        statement_id=latest.pk,
        speaker=latest.effective.speaker,
        said_on=_day(cell.latest.day),
        text=latest.text,
        statement_ids=run,
        change_count=cell.change_count,
        changes=changes,
    )
    return row


def proposal_rows(matrix: Matrix) -> list[dict[str, Any]]:
    """One row per proposal x party of `matrix`, a party with no answer yet included (answer "")."""
    claims = matrix_claims(matrix)
    return [
        _proposal_row(cell, claims.get((cell.party.pk, cell.proposal.pk), []))
        for row in matrix.rows
        for cell in row.cells
    ]


def matrix_claims(matrix: Matrix) -> dict[tuple[int, int], list[dict[str, Any]]]:
    """Every claim of every cell, oldest first, read as plain values (no statement is loaded)."""
    proposals = [row.proposal.pk for row in matrix.rows]
    rows = (
        Placement.objects.filter(proposal_id__in=proposals)
        .annotate(speaker=Coalesce("statement__annotation__speaker", "statement__speaker"))
        .order_by("party_id", "proposal_id", "seq")
        .values_list("party_id", "proposal_id", "answer", "statement_id", "speaker", "day", "reported")
    )
    found: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for party_id, proposal_id, answer, statement_id, speaker, day, reported in rows:
        found.setdefault((party_id, proposal_id), []).append(
            {"answer": answer, "statement_id": statement_id, "speaker": speaker, "day": _day(day), "reported": reported}
        )
    return found


def _proposal_row(cell: AnswerCell, claims: list[dict[str, Any]]) -> dict[str, Any]:
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
        "answered_by_speaker": evidence.statement.effective.speaker if evidence else None,
        "statement_id": evidence.statement.pk if evidence else None,
        "reported": evidence.reported if evidence else False,
        "contradicted": bool(cell.contradiction_count),
        "claims": claims,
    }


def _flat(value: Any) -> Any:
    # A list cell joins as text: ids as numbers, a change as "day: before → after".
    if isinstance(value, list):
        return [_change_text(item) if isinstance(item, dict) else str(item) for item in value]
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
