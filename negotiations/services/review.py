"""The stance review queue: the statements whose stance most needs a person's eye, first.

A visible statement is in the queue while no person has checked it (confirmed it, or set its
stance or its reported stance: `checked_by_person`) and

* it *decides* something readers see: it is the latest statement of a grid cell (a party's
  position on an issue, services/positions.py) or of a matrix answer (a party's answer to a
  proposal, services/proposals.py): that is what a reader takes away, so a wrong reading there
  costs most; or
* its stance is *unclear*: the extractor read it with a confidence below the setting
  PARLEY_STANCE_THRESHOLD (0.5 unless set).

The order, most consequential first:

1. statements that decide cells or answers before those that decide none, those deciding more
   of them first;
2. then the lower stance confidence first (the likelier mistake);
3. then the newest first (the day it was said, else its article's date).

The queue is read from the stored placements on every request, never stored itself: a
correction takes the statement out and puts in the one that now decides its cell, if unchecked.

When a person corrects a stance, the other statements the extractor read the same way (same
rule, same cue, same stance, none checked by a person) are likely wrong the same way:
`same_reading` finds them and `do_apply_same_stance` gives them the corrected stance, each
through do_annotate_statement, so each gets its own revision and conflicts are refused.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import Coalesce

from negotiations.models import Issue, Negotiation, Party, Placement, Proposal, Statement, StatementAnnotation
from negotiations.services.annotation import AnnotationConflict, do_annotate_statement

Status = StatementAnnotation.Status


def stance_threshold() -> float:
    """Below this confidence the extractor's stance is unclear (the stance branch's setting)."""
    return float(getattr(settings, "PARLEY_STANCE_THRESHOLD", 0.5))


def checked_by_person(statement: Statement) -> bool:
    """A person confirmed the statement, or set its stance or its reported stance.

    Only those: a person who corrected the speaker said nothing about the stance.
    """
    note = statement.annotation_or_none
    if note is None:
        return False
    return note.status != Status.UNREVIEWED or bool(note.stance) or note.reported_stance is not None


def is_unclear(statement: Statement, threshold: float) -> bool:
    return statement.stance_confidence < threshold and not checked_by_person(statement)


@dataclass(frozen=True)
class Decision:
    """A grid cell or a matrix answer that a statement decides, and what it makes it."""

    kind: str  # "position" (party x issue) or "answer" (party x proposal)
    party: Party
    subject: Issue | Proposal
    value: str  # the stance (a position) or the answer code (ANSWER_LABELS)
    reported: bool  # through someone else's account of the party's stance


@dataclass
class ReviewItem:
    statement: Statement
    decides: list[Decision]
    unclear: bool


@dataclass
class ReviewQueue:
    items: QueueItems  # most consequential first, read a page at a time
    threshold: float
    issues: list[Issue] = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)


def decisions(
    negotiation: Negotiation, issues: list[Issue], parties: list[Party], proposals: list[Proposal]
) -> dict[int, list[Decision]]:
    """Statement id -> the cells and answers it decides now: the stored last row of each grid
    cell and the stored answer of each matrix cell (services/placements.py), one query, so the
    queue agrees with what the grid and the matrix show."""
    found: dict[int, list[Decision]] = defaultdict(list)
    party_by_id = {party.pk: party for party in parties}
    issue_by_id = {issue.pk: issue for issue in issues}
    proposal_by_id = {proposal.pk: proposal for proposal in proposals}
    deciding = Placement.objects.filter(negotiation=negotiation).filter(
        Q(issue__isnull=False, head=True) | Q(proposal__isnull=False, latest=True)
    )
    for row in deciding.order_by("party_id", "issue_id", "proposal_id"):
        if row.issue_id is not None:
            decision = Decision(
                "position", party_by_id[row.party_id], issue_by_id[row.issue_id], row.stance, row.reported
            )
        else:
            subject = proposal_by_id[row.proposal_id]
            decision = Decision("answer", party_by_id[row.party_id], subject, row.answer, row.reported)
        found[row.statement_id].append(decision)
    return found


def unchecked(statements: QuerySet[Statement]) -> QuerySet[Statement]:
    """The visible ones no person has checked (`checked_by_person`, stored as `checked` by
    services/shown.py)."""
    return statements.filter(hidden=False, checked=False)


class QueueItems:
    """The queue as a sequence for a Paginator: the statements that decide something (a few per
    cell at most, ordered in Python on their sort keys alone), then the unclear ones that decide
    nothing, ordered and paged in SQL along the `statement_review` index, so a page costs the same
    however long the queue. Only a page's statements are loaded whole."""

    def __init__(self, negotiation: Negotiation, decided: dict[int, list[Decision]], threshold: float):
        self.decided = decided
        self.threshold = threshold
        self.statements = Statement.objects.filter(negotiation=negotiation)
        # pk, confidence, the day readers see (said on, else the article's date), article, start.
        keys = unchecked(self.statements.filter(pk__in=list(decided))).values_list(
            "pk", "stance_confidence", "shown_day", "article_id", "start"
        )
        self.first = sorted(keys, key=lambda k: self._sort_key(*k))
        self.rest = (
            unchecked(self.statements.filter(stance_confidence__lt=threshold))
            .exclude(pk__in=list(decided))
            .order_by("stance_confidence", F("shown_day").desc(nulls_last=True), "-article_id", "-start", "-pk")
        )

    def _sort_key(self, pk: int, confidence: float, day: date | None, article_id: int, start: int) -> tuple:
        # The module docstring's order: deciding more first, then the lower confidence, then the
        # newest (by the day readers see, then reading order).
        day = day or date.min
        return (-len(self.decided[pk]), confidence, -day.toordinal(), -article_id, -start, -pk)

    @cached_property
    def rest_count(self) -> int:
        """The unclear statements that decide nothing and no person checked: the unchecked
        unclear ones (counted from the `statement_review` index alone), less those that decide
        something (the first part, all unchecked)."""
        unclear = unchecked(self.statements.filter(stance_confidence__lt=self.threshold)).count()
        return unclear - sum(1 for _, confidence, *_ in self.first if confidence < self.threshold)

    def __len__(self) -> int:
        return len(self.first) + self.rest_count

    def __getitem__(self, page: slice) -> list[ReviewItem]:
        start, stop = page.start or 0, page.stop if page.stop is not None else len(self)
        keys = self.first[start:stop]
        loaded = Statement.objects.for_display().in_bulk([k[0] for k in keys]) if keys else {}
        items = [ReviewItem(loaded[k[0]], self.decided[k[0]], k[1] < self.threshold) for k in keys]
        if stop > len(self.first):
            rest = self.rest[max(0, start - len(self.first)) : stop - len(self.first)].for_display()
            items += [ReviewItem(s, [], True) for s in rest]
        return items


def review_queue(negotiation: Negotiation) -> ReviewQueue:
    """The queue (the view pages it): constant queries however many statements."""
    threshold = stance_threshold()
    issues = list(negotiation.issues.all())
    parties = list(negotiation.parties.all())
    proposals = list(negotiation.proposals.all())
    decided = decisions(negotiation, issues, parties, proposals)
    return ReviewQueue(QueueItems(negotiation, decided, threshold), threshold, issues, parties, proposals)


def review_item(statement: Statement) -> ReviewItem:
    """One statement as the queue shows it, with what it decides now (after a correction)."""
    negotiation = statement.article.negotiation
    issues = list(negotiation.issues.all())
    parties = list(negotiation.parties.all())
    proposals = list(negotiation.proposals.all())
    decided = decisions(negotiation, issues, parties, proposals)
    return ReviewItem(statement, decided.get(statement.pk, []), is_unclear(statement, stance_threshold()))


# The offer lists the first of them, oldest first: "rejected" read as rejects can be thousands of
# statements at newsroom scale. Applying it moves them out of the reading, so the next offer
# lists the next ones.
SAME_READING_SHOWN = 50


@dataclass
class SameReading:
    """The offer: the first statements read the same way, and how many there are in all."""

    statements: list[Statement]
    total: int

    def __bool__(self) -> bool:
        return bool(self.statements)


def read_the_same_way(statement: Statement) -> QuerySet[Statement] | None:
    """The other visible statements of the negotiation the extractor read as it read `statement`:
    the same rule, the same cue (any case) and the same stance, none of them checked by a person
    (confirmed, or given a stance or a reported stance: the stored `checked`, as in the queue).

    None unless a person corrected the statement's stance (set one other than the extractor's)
    and the extractor recorded its rule and cue: a correction of "rejected the proposal" read as
    rejects is a hint about every "rejected ..." read so, not about "said".
    """
    values = statement.effective
    if not (statement.rule and statement.cue) or values.stance == statement.stance:
        return None
    note = statement.annotation_or_none
    if note is None or not note.stance:
        return None
    # The stored values (services/shown.py) and the index statement_same_reading.
    return (
        Statement.objects.filter(
            negotiation_id=statement.article.negotiation_id,
            rule=statement.rule,
            cue__iexact=statement.cue,
            stance=statement.stance,
            hidden=False,
            checked=False,
        )
        .exclude(pk=statement.pk)
        .order_by("article_published", "article_id", "start", "id")
    )


def same_reading(statement: Statement) -> SameReading:
    """The offer for `statement`, in one query: the first SAME_READING_SHOWN statements read the
    same way with the speaker readers see and the annotation version the offer carries, and the
    count of all of them (a window over the whole reading, before the limit)."""
    others = read_the_same_way(statement)
    if others is None:
        return SameReading([], 0)
    shown = list(
        others.with_shown_speaker()
        .annotate(offered_version=Coalesce("annotation__version", 0), total=Window(Count("pk")))
        .only("pk", "text", "speaker")[:SAME_READING_SHOWN]
    )
    return SameReading(shown, shown[0].total if shown else 0)


@dataclass
class SameStanceResult:
    stance: str
    applied: list[Statement] = field(default_factory=list)
    # Offered, but changed by someone since the offer, or no longer read that way: left alone.
    skipped: int = 0


def do_apply_same_stance(statement: Statement, *, user, versions: Mapping[int, int]) -> SameStanceResult:
    """Give the statements of `read_the_same_way(statement)` that the person was offered the stance
    the person gave `statement`.

    `versions` maps each offered statement's id to the annotation version shown in the offer:
    only those are changed, each with do_annotate_statement (its own revision, its own version
    check), so a statement someone changed since the offer is skipped, never overwritten.
    """
    stance = statement.effective.stance
    result = SameStanceResult(stance)
    with transaction.atomic():
        others = read_the_same_way(statement)
        offered = others.filter(pk__in=list(versions)).select_related("annotation") if others is not None else []
        for other in offered:
            try:
                do_annotate_statement(other, user=user, changes={"stance": stance}, expected_version=versions[other.pk])
            except AnnotationConflict:
                continue
            result.applied.append(other)
    result.skipped = len(versions) - len(result.applied)
    return result
