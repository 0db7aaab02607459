"""Where each party stands on each issue, derived from statements as readers see them.

A party's position on an issue is its latest stance there, held since the first of the
unbroken run of statements with that stance, and backed by that run. A statement places a
party on an issue in two ways:

* its own: the speaker's party takes a stance toward the issue (the statement's target), or
  toward nothing in particular in a statement about the issue ("we will not give in on this");
* reported: the content says what the party's stance is ("new demands added by Netanyahu,
  such as troops remaining along the border"), whoever says it.

When the stance differs from the one before it, that is a position change. Nothing here is
stored: positions follow every correction at once, and `as_of` replays the grid on any day.

A stance the extractor read with a confidence below PARLEY_STANCE_THRESHOLD is *unclear*: it
still places the party (so the history shows it), but a position whose run rests only on
unclear statements says so instead of naming the stance as if it were known. A stance a person
set (the speaker's own or a reported one) or confirmed is always clear.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Q

from negotiations.models import EffectiveStatement, Issue, Negotiation, Party, Stance, Statement, StatementAnnotation
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
        clear = by_person or confirmed or statement.stance_confidence >= settings.PARLEY_STANCE_THRESHOLD
        return cls(statement, stance, day, values.said_on is not None, reported, clear)

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
    change_days: list[date] = field(default_factory=list)  # every day a position changed

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
        .for_display()
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


def position_grid(negotiation: Negotiation, as_of: date | None = None) -> Grid:
    """Every party's position on every issue, as of the end of `as_of` (None: today)."""
    issues = list(negotiation.issues.all())
    parties = list(negotiation.parties.all())
    evidence = evidence_by_party(stance_statements(negotiation), {i.name: i.pk for i in issues})
    # Every day a position changed, up to now: a grid replayed on an earlier day still offers
    # the later days to step forward to.
    change_days = sorted(
        {
            after.day
            for history in evidence.values()
            for before, after in zip(history, history[1:], strict=False)
            if after.stance != before.stance and after.day is not None
        }
    )
    if as_of is not None:
        evidence = {key: [e for e in seen if e.day is not None and e.day <= as_of] for key, seen in evidence.items()}

    def row(party: Party) -> GridRow:
        cells = [
            build_position(party, issue, evidence[party.pk, issue.pk]) if evidence.get((party.pk, issue.pk)) else None
            for issue in issues
        ]
        return GridRow(party, cells, issues)

    return Grid(
        issues=issues,
        parties=[row(p) for p in parties if p.kind == Party.Kind.PARTY],
        mediators=[row(p) for p in parties if p.kind != Party.Kind.PARTY],
        as_of=as_of,
        change_days=change_days,
    )


def position_changes(negotiation: Negotiation) -> list[PositionChange]:
    """Every position change in the negotiation, newest first."""
    grid = position_grid(negotiation)
    changes = [change for row in grid.rows for cell in row.cells if cell for change in cell.changes]
    changes.sort(key=lambda c: c.after.sort_key, reverse=True)
    return changes
