"""Where each party stands on each issue, derived from statements as readers see them.

A party's position on an issue is its latest stance there, held since the first of the
unbroken run of statements with that stance, and backed by that run. A statement places a
party on an issue in two ways:

* its own: the speaker's party takes a stance toward the issue (the statement's target), or
  toward nothing in particular in a statement about the issue ("we will not give in on this");
* reported: the content says what the party's stance is ("new demands added by Netanyahu,
  such as troops remaining along the border"), whoever says it.

When the stance differs from the one before it, that is a position change. The rules here
decide what places a party; services/placements.py stores their result, kept current by every
write in the same transaction, so positions follow every correction at once and `as_of`
replays the grid on any day, reading a few rows per cell.

A stance the extractor read with a confidence below PARLEY_STANCE_THRESHOLD is *unclear*: it
still places the party (so the history shows it), but a position whose run rests only on
unclear statements says so instead of naming the stance as if it were known. A stance a person
set (the speaker's own or a reported one) or confirmed is always clear.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import F, OuterRef, Q, Subquery

from negotiations.models import (
    EffectiveStatement,
    Issue,
    Negotiation,
    Party,
    Placement,
    Stance,
    Statement,
    StatementAnnotation,
)
from negotiations.services.highlight import sentence_around

# The stances that say where a party stands; neutral reports and accusations do not.
POSITION_STANCES = frozenset(
    {Stance.DEMANDS, Stance.SUPPORTS, Stance.ACCEPTS, Stance.CONDITIONAL, Stance.REJECTS, Stance.OPPOSES}
)


@dataclass
class Evidence:
    """One statement placing a party on an issue or a proposal."""

    statement: Statement
    stance: str
    day: date | None  # said on, else the article's date
    dated: bool  # the day is the statement's own, not its article's
    reported: bool  # someone else's account of the party's stance
    clear: bool = True  # a person set or confirmed it, or the extractor read it at or above the threshold
    certainty: float = 1.0  # 1.0 when a person set or confirmed it, else the extractor's confidence

    @classmethod
    def of(
        cls,
        statement: Statement,
        values: EffectiveStatement,
        stance: str,
        reported: bool = False,
        *,
        told: bool = False,
    ) -> Evidence:
        """`statement` (whose values readers see are `values`) placing a party with `stance`: the
        speaker's own stance, or with `told` the one its words report (`values.reported_stance`).

        Clear when a person stands behind that stance: they set it (the own one or the reported
        one, whichever this is), or confirmed the statement as read (the review queue's "c"), or
        the extractor read it at or above the threshold. A person who set only the reported stance
        of "Blinken said Israel had accepted" vouches for Israel's acceptance, not for Blinken's.
        """
        day = values.said_on or statement.article.published
        by_person = values.reported_stance_by_person if told else values.stance_by_person
        confirmed = values.status == StatementAnnotation.Status.CONFIRMED
        certainty = 1.0 if by_person or confirmed else statement.stance_confidence
        clear = certainty >= settings.PARLEY_STANCE_THRESHOLD
        return cls(statement, stance, day, values.said_on is not None, reported, clear, certainty)

    @property
    def sentence(self) -> tuple[str, str, str]:
        s = self.statement
        return sentence_around(s.article.text, s.start, s.end)

    @property
    def sort_key(self) -> tuple:
        s = self.statement
        # One sentence told by two sides: the party's own telling comes last, as its latest word.
        return (self.day or date.min, s.article.published or date.min, s.article_id, s.start, not self.reported, s.pk)


@dataclass
class PositionChange:
    party: Party
    issue: Issue
    before: Evidence
    after: Evidence

    @property
    def day(self) -> date | None:
        return self.after.day


@dataclass
class HistoryEntry:
    evidence: Evidence
    changed_from: str | None  # the stance before, when this statement changed it


@dataclass
class Position:
    party: Party
    issue: Issue
    history: list[Evidence]  # oldest first
    changes: list[PositionChange] = field(default_factory=list)

    @property
    def entries(self) -> list[HistoryEntry]:
        before = [None, *(e.stance for e in self.history)]
        return [
            HistoryEntry(e, previous if previous is not None and previous != e.stance else None)
            for e, previous in zip(self.history, before, strict=False)
        ]

    @property
    def latest(self) -> Evidence:
        return self.history[-1]

    @property
    def stance(self) -> str:
        return self.latest.stance

    @property
    def run(self) -> list[Evidence]:
        """The statements behind the current stance: the unbroken run ending with the latest."""
        run = []
        for evidence in reversed(self.history):
            if evidence.stance != self.stance:
                break
            run.append(evidence)
        return run

    @property
    def since(self) -> date | None:
        return self.run[-1].day

    @property
    def unclear(self) -> bool:
        """Every statement behind the current stance was read below the confidence threshold."""
        return not any(evidence.clear for evidence in self.run)


@dataclass
class GridRow:
    party: Party
    cells: list[Position | None]
    issues: list[Issue] = field(default_factory=list)

    @property
    def pairs(self) -> list[tuple[Issue, Position | None]]:
        return list(zip(self.issues, self.cells, strict=True))


@dataclass
class Grid:
    issues: list[Issue]
    parties: list[GridRow]  # the negotiating parties
    mediators: list[GridRow]  # mediators and observers, in their own band
    as_of: date | None
    change_days: list[date] = field(default_factory=list)  # the latest days a position changed
    earlier_changes: bool = False  # positions changed on days before those too

    @property
    def rows(self) -> list[GridRow]:
        return [*self.parties, *self.mediators]

    @property
    def bands(self) -> list[tuple[str, list[GridRow]]]:
        return [(name, rows) for name, rows in (("parties", self.parties), ("mediators", self.mediators)) if rows]

    def position(self, party_id: int, issue_id: int) -> Position | None:
        for row in self.rows:
            if row.party.pk == party_id:
                for cell, issue in zip(row.cells, self.issues, strict=True):
                    if issue.pk == issue_id:
                        return cell
        return None


# A person's reported stance (StatementAnnotation.reported_stance: None is "not set", "" deleted).
REPORTED_BY_PERSON = Q(annotation__reported_stance__isnull=False) & ~Q(annotation__reported_stance="")


def stance_statements(negotiation: Negotiation) -> list[Statement]:
    """The visible statements that may carry a stance, ready for `.effective`: four queries."""
    own = Q(stance__in=POSITION_STANCES) | Q(annotation__stance__in=POSITION_STANCES)
    statements = (
        Statement.objects.filter(article__negotiation=negotiation)
        .visible()
        .filter(own | ~Q(reported_stance="") | REPORTED_BY_PERSON)
        .for_rules()
        .select_related("reported_party")
    )
    return list(statements)


def evidence_by_party(statements: list[Statement], targets: dict[str, int]) -> dict[tuple[int, int], list[Evidence]]:
    """(party id, target id) -> the evidence, oldest first; `targets` maps a name to its id.

    A statement with no target speaks to every issue it is linked to.
    """
    found: dict[tuple[int, int], list[Evidence]] = defaultdict(list)
    for statement in statements:
        values = statement.effective
        about: list[int] = []
        if values.party is not None and values.stance in POSITION_STANCES:
            if values.target:
                about = [targets[values.target]] if values.target in targets else []
            else:
                about = [issue.pk for issue in values.issues if issue.name in targets]
            for target_id in about:
                found[values.party.pk, target_id].append(Evidence.of(statement, values, values.stance))
        reported = values.reported_party
        if reported is not None and values.reported_stance in POSITION_STANCES:
            target_id = targets.get(values.reported_target)
            # A speaker reporting their own party's stance where they took one themselves is one
            # claim, not two: their own (which a person can correct) stands for it.
            if reported.pk == getattr(values.party, "pk", None) and target_id in about:
                target_id = None
            if target_id is not None:
                own = values.party is not None and values.party.pk == reported.pk
                found[reported.pk, target_id].append(
                    Evidence.of(statement, values, values.reported_stance, not own, told=True)
                )
    for evidence in found.values():
        evidence.sort(key=lambda e: e.sort_key)
    return found


def build_position(party: Party, issue: Issue, history: list[Evidence]) -> Position:
    position = Position(party, issue, history)
    for before, after in zip(history, history[1:], strict=False):
        if after.stance != before.stance:
            position.changes.append(PositionChange(party, issue, before, after))
    return position


@dataclass
class CellState:
    """A grid cell read from the stored placements (services/placements.py): the party's
    position on the issue as of the grid's day, with the counts the grid shows."""

    party: Party
    issue: Issue
    latest: Evidence
    count: int  # statements in the history
    change_count: int
    run_length: int  # statements behind the current stance
    since: date | None
    unclear: bool
    as_of: date | None = None
    speaker: str = ""  # the latest statement's speaker as readers see it (a person's correction wins)

    @property
    def stance(self) -> str:
        return self.latest.stance

    # The whole history, read on demand (the pages show it a page at a time: `cell_history`).

    @cached_property
    def history(self) -> list[Evidence]:
        rows = Placement.objects.filter(party=self.party, issue=self.issue)
        if self.as_of is not None:
            rows = rows.filter(day__lte=self.as_of, dated_seq__isnull=False).order_by("dated_seq")
        else:
            rows = rows.order_by("seq")
        rows = list(rows)
        statements = shown_statements(row.statement_id for row in rows)
        return [evidence_of_row(row, statements[row.statement_id]) for row in rows]

    @property
    def run(self) -> list[Evidence]:
        """The statements behind the current stance, newest first (Position.run)."""
        return list(reversed(self.history[-self.run_length :]))

    @property
    def changes(self) -> list[PositionChange]:
        return build_position(self.party, self.issue, self.history).changes

    @property
    def entries(self) -> list[HistoryEntry]:
        return Position(self.party, self.issue, self.history).entries


def is_clear(certainty: float) -> bool:
    return certainty >= settings.PARLEY_STANCE_THRESHOLD


def evidence_of_row(row: Placement, statement: Statement) -> Evidence:
    return Evidence(statement, row.stance, row.day, row.dated, row.reported, is_clear(row.certainty), row.certainty)


def _cell(
    row: Placement, party: Party, issue: Issue, statement: Statement, as_of: date | None, speaker: str | None = None
) -> CellState:
    """The cell as of `row`: over every row, or over the dated ones in an "as of" replay. The
    speaker is `statement.effective`'s unless given (the grid reads it in SQL: `grid_statements`)."""
    if as_of is not None:
        count, changes, run, since, certainty = (
            row.dated_seq + 1,
            row.dated_changes,
            row.dated_run_length,
            row.dated_run_since,
            row.dated_run_certainty,
        )
    else:
        count, changes, run, since, certainty = (
            row.seq + 1,
            row.changes,
            row.run_length,
            row.run_since,
            row.run_certainty,
        )
    unclear = not is_clear(certainty)
    if speaker is None:
        speaker = statement.effective.speaker
    evidence = evidence_of_row(row, statement)
    return CellState(party, issue, evidence, count, changes, run, since, unclear, as_of, speaker)


def last_rows(negotiation: Negotiation, as_of: date | None) -> list[Placement]:
    """Each issue cell's last row: its head, or as of the end of `as_of` the last dated row on or
    before that day (an index lookup per cell, however long the history)."""
    heads = Placement.objects.filter(negotiation=negotiation, head=True, issue__isnull=False)
    if as_of is None:
        return list(heads)
    last = (
        Placement.objects.filter(
            party_id=OuterRef("party_id"), issue_id=OuterRef("issue_id"), day__lte=as_of, dated_seq__isnull=False
        )
        .order_by("-day", "-dated_seq")
        .values("pk")[:1]
    )
    return list(Placement.objects.filter(pk__in=heads.annotate(last=Subquery(last)).values("last")))


def shown_statements(ids: Iterable[int]) -> dict[int, Statement]:
    """The statements behind some cells, as readers see them."""
    return Statement.objects.for_display().in_bulk(list(ids))


def grid_statements(ids: Iterable[int]) -> dict[int, Statement]:
    """The latest statements of the grid's cells with only what a cell shows: the text and the
    speaker readers see (`shown_speaker`: a person's, else the extractor's, as
    `Statement.effective` decides), without the article's text and the related rows that
    `shown_statements` loads for a whole statement (at 40 issues, 480 of them per page)."""
    return (
        Statement.objects.with_shown_speaker()
        .only("id", "article_id", "text", "start", "end")
        .order_by()  # Statement's ordering joins the article and the negotiation
        .in_bulk(list(ids))
    )


CHANGE_DAYS = 40  # the days of change the grid links to, the latest


def position_grid(negotiation: Negotiation, as_of: date | None = None) -> Grid:
    """Every party's position on every issue, as of the end of `as_of` (None: today)."""
    issues = list(negotiation.issues.all())
    parties = list(negotiation.parties.all())
    rows = last_rows(negotiation, as_of)
    statements = grid_statements(row.statement_id for row in rows)
    by_id = {party.pk: party for party in parties}
    issue_by_id = {issue.pk: issue for issue in issues}
    cells = {}
    for row in rows:
        statement = statements[row.statement_id]
        party, issue = by_id[row.party_id], issue_by_id[row.issue_id]
        cells[row.party_id, row.issue_id] = _cell(row, party, issue, statement, as_of, statement.shown_speaker)
    # Every day a position changed, up to now: a grid replayed on an earlier day still offers
    # the later days to step forward to.
    # The latest days a position changed, up to now: a grid replayed on an earlier day still
    # offers the later days to step forward to. A long negotiation has hundreds; the as-of field
    # reaches the others.
    latest_days = (
        Placement.objects.filter(negotiation=negotiation, issue__isnull=False, day__isnull=False)
        .exclude(changed_from="")
        .order_by("-day")
        .values_list("day", flat=True)
        .distinct()
    )
    change_days = sorted(latest_days[: CHANGE_DAYS + 1])
    earlier_changes = len(change_days) > CHANGE_DAYS
    change_days = change_days[-CHANGE_DAYS:]

    def row(party: Party) -> GridRow:
        return GridRow(party, [cells.get((party.pk, issue.pk)) for issue in issues], issues)

    return Grid(
        issues=issues,
        parties=[row(p) for p in parties if p.kind == Party.Kind.PARTY],
        mediators=[row(p) for p in parties if p.kind != Party.Kind.PARTY],
        as_of=as_of,
        change_days=change_days,
        earlier_changes=earlier_changes,
    )


HISTORY_PAGE = 50


@dataclass
class CellHistory:
    """One party's position on one issue with one page of its history (oldest first)."""

    position: CellState
    entries: list[HistoryEntry]
    page: Page


def cell_history(
    negotiation: Negotiation, party: Party, issue: Issue, as_of: date | None = None, page: str | int | None = None
) -> CellHistory | None:
    """The cell's position and a page of its history; by default the last page, the latest."""
    rows = Placement.objects.filter(party=party, issue=issue)
    if as_of is not None:
        rows = rows.filter(day__lte=as_of, dated_seq__isnull=False).order_by("dated_seq")
    else:
        rows = rows.order_by("seq")
    paginator = Paginator(rows, HISTORY_PAGE)
    if not paginator.count:
        return None
    shown = paginator.get_page(page if page is not None else paginator.num_pages)
    last = rows.last()
    page_rows = list(shown.object_list)
    statements = shown_statements([last.statement_id, *(row.statement_id for row in page_rows)])
    dated = as_of is not None
    entries = [
        HistoryEntry(
            evidence_of_row(row, statements[row.statement_id]),
            (row.dated_changed_from if dated else row.changed_from) or None,
        )
        for row in page_rows
    ]
    position = _cell(last, party, issue, statements[last.statement_id], as_of)
    return CellHistory(position, entries, shown)


# Newest first: by the day of the change (Evidence.sort_key), or by when Parley learnt of it.
BY_DAY = (
    F("day").desc(nulls_last=True),
    F("published").desc(nulls_last=True),
    "-article_pk",
    "-start",
    "reported",
    "-statement_id",
)
# Statement ids grow as statements come in: the newest first without reading the statements.
BY_ARRIVAL = ("-statement_id", "party_id", "issue_id")


def position_changes(
    negotiation: Negotiation,
    party: Party | None = None,
    issue: Issue | None = None,
    limit: int | None = None,
    order: tuple = BY_DAY,
) -> list[PositionChange]:
    """Position changes, newest first by `order`; `party` and `issue` narrow them."""
    rows = (
        Placement.objects.filter(negotiation=negotiation, issue__isnull=False)
        .exclude(changed_from="")
        .select_related("party", "issue")
        .order_by(*order)
    )
    if party is not None:
        rows = rows.filter(party=party)
    if issue is not None:
        rows = rows.filter(issue=issue)
    rows = list(rows[:limit] if limit is not None else rows)
    statements = shown_statements({pk for row in rows for pk in (row.statement_id, row.before_statement_pk)})
    return [
        PositionChange(
            row.party,
            row.issue,
            Evidence(statements[row.before_statement_pk], row.changed_from, row.before_day, False, False),
            evidence_of_row(row, statements[row.statement_id]),
        )
        for row in rows
    ]
