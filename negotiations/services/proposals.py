"""Proposals and how each party answered them, derived from statements as readers see them.

A party's answer to a proposal comes from two kinds of statement about it:

* its own: the speaker's party accepts, supports, accepts with conditions, rejects or opposes it;
* reported: someone says what the party's answer was ("Israel had accepted the U.S. proposal").

The matrix shows the latest answer and every claim behind it. Claims that disagree within a
week of each other, where at least one is somebody else's account, are contradictions and shown
side by side: "Blinken: Israel accepted" against Israeli officials downplaying that a deal is
near. A party's own statement about a proposal whose cue is a denial ("downplayed", "denied")
counts as disputing an answer others report, not as an answer of its own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from itertools import islice

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from negotiations.models import (
    Alias,
    AnnotationRevision,
    Negotiation,
    Party,
    Placement,
    Proposal,
    Stance,
    Statement,
    StatementAnnotation,
)
from negotiations.services.positions import REPORTED_BY_PERSON, Evidence, evidence_of_row, grid_statements, is_clear
from negotiations.services.shown import refresh_shown

ANSWER_OF = {
    Stance.ACCEPTS: "accepted",
    Stance.SUPPORTS: "accepted",
    Stance.CONDITIONAL: "conditional",
    Stance.REJECTS: "rejected",
    Stance.OPPOSES: "rejected",
}
DISPUTED = "disputed"
ANSWER_LABELS = {
    "accepted": "Accepted",
    "conditional": "Accepted with conditions",
    "rejected": "Rejected",
    DISPUTED: "Disputes it",
    "": "No answer yet",
}
# Cue verbs (any inflection) by which a party plays down or denies what is said about it.
DISPUTE_CUE = re.compile(
    r"^(?:downplay|play(?:s|ed|ing)? down|den(?:y|ies|ied|ying)|dismiss|disput|contradict|deflect)"
)
# Claims further apart than this are a change of mind, not a contradiction.
CONTRADICTION_WINDOW = timedelta(days=7)


class ProposalError(ValueError):
    """Input a person can fix; the message is shown to them as is."""


@dataclass
class Claim:
    evidence: Evidence
    answer: str

    @property
    def statement(self) -> Statement:
        return self.evidence.statement


@dataclass
class Cell:
    proposal: Proposal
    party: Party
    claims: list[Claim] = field(default_factory=list)  # oldest first

    @property
    def proposer(self) -> bool:
        return self.proposal.party_id == self.party.pk

    @property
    def latest(self) -> Claim | None:
        answers = [c for c in self.claims if c.answer != DISPUTED]
        # On one day the party's own word goes before anyone's account of it; otherwise (two own
        # words, or two accounts, on one day) the later one in reading order wins.
        return max(
            answers,
            key=lambda c: (c.evidence.sort_key[0], not c.evidence.reported, c.evidence.sort_key[1:]),
            default=None,
        )

    @property
    def answer(self) -> str:
        return self.latest.answer if self.latest else ""

    @property
    def unclear(self) -> bool:
        """The answer rests only on claims read below the confidence threshold (positions.py)."""
        backing = [c for c in self.claims if c.answer == self.answer]
        return bool(backing) and not any(c.evidence.clear for c in backing)

    @property
    def contradictions(self) -> list[tuple[Claim, Claim]]:
        pairs = []
        for i, a in enumerate(self.claims):
            for b in self.claims[i + 1 :]:
                if a.answer == b.answer or not (a.evidence.reported or b.evidence.reported):
                    continue
                if a.evidence.day and b.evidence.day and abs(b.evidence.day - a.evidence.day) > CONTRADICTION_WINDOW:
                    continue
                pairs.append((a, b))
        return pairs


@dataclass
class AnswerCell:
    """A matrix cell read from the stored placements (services/placements.py): the party's
    answer to the proposal, the claim behind it and the counts the matrix shows."""

    proposal: Proposal
    party: Party
    latest: Claim | None = None
    claim_count: int = 0
    contradiction_count: int = 0
    unclear: bool = False
    speaker: str = ""  # the latest claim's speaker as readers see it (a person's correction wins)

    @property
    def proposer(self) -> bool:
        return self.proposal.party_id == self.party.pk

    @property
    def answer(self) -> str:
        return self.latest.answer if self.latest else ""

    # Every claim and contradiction, read on demand (the cell's page shows them a page at a time).

    @cached_property
    def _rows(self) -> list[Placement]:
        return list(Placement.objects.filter(party=self.party, proposal=self.proposal).order_by("seq"))

    @cached_property
    def _statements(self) -> dict[int, Statement]:
        return Statement.objects.for_display().in_bulk([row.statement_id for row in self._rows])

    @property
    def claims(self) -> list[Claim]:
        return [claim_of(row, self._statements[row.statement_id]) for row in self._rows]

    @property
    def contradictions(self) -> list[tuple[Claim, Claim]]:
        return [
            (claim_of(a, self._statements[a.statement_id]), claim_of(b, self._statements[b.statement_id]))
            for a, b in contradicting_pairs(self._rows)
        ]


@dataclass
class Row:
    proposal: Proposal
    cells: list[AnswerCell]
    statement_count: int = 0


@dataclass
class Matrix:
    parties: list[Party]
    rows: list[Row]

    @property
    def contradicted(self) -> list[AnswerCell]:
        return [cell for row in self.rows for cell in row.cells if cell.contradiction_count]


def claim_of(row: Placement, statement: Statement) -> Claim:
    return Claim(evidence_of_row(row, statement), row.answer)


def proposal_matrix(negotiation: Negotiation) -> Matrix:
    """Proposals (by date) x parties, each cell the party's answer with the claim behind it."""
    parties = list(negotiation.parties.all())
    proposals = list(negotiation.proposals.select_related("party").prefetch_related("aliases"))
    stored = list(
        Placement.objects.filter(negotiation=negotiation, proposal__isnull=False).filter(Q(head=True) | Q(latest=True))
    )
    statements = grid_statements(row.statement_id for row in stored if row.latest)
    cells: dict[tuple[int, int], AnswerCell] = {}
    by_party, by_proposal = {p.pk: p for p in parties}, {p.pk: p for p in proposals}
    for row in stored:
        key = (row.party_id, row.proposal_id)
        cell = cells.setdefault(key, AnswerCell(by_proposal[row.proposal_id], by_party[row.party_id]))
        if row.head:
            cell.claim_count, cell.contradiction_count, cell.unclear = (
                row.seq + 1,
                row.contradictions,
                not is_clear(row.answer_certainty),
            )
        if row.latest:
            statement = statements[row.statement_id]
            cell.latest, cell.speaker = claim_of(row, statement), statement.shown_speaker
    counts = statement_counts(negotiation)
    rows = [
        Row(p, [cells.get((party.pk, p.pk)) or AnswerCell(p, party) for party in parties], counts.get(p.pk, 0))
        for p in proposals
    ]
    return Matrix(parties, rows)


def statement_counts(negotiation: Negotiation) -> dict[int, int]:
    """How many visible statements are about each proposal, by the proposal readers see (a
    person's choice wins: the stored `shown_proposal`, services/shown.py), as the timeline's
    proposal filter that the count links to. One query, which an index answers."""
    rows = (
        Statement.objects.filter(negotiation=negotiation, hidden=False, shown_proposal__isnull=False)
        .order_by()
        .values_list("shown_proposal_id")
        .annotate(n=Count("*"))
    )
    return dict(rows)


CLAIMS_PAGE = 50


@dataclass
class AnswerHistory:
    """One party's answer to one proposal: a page of its claims and a page of its contradictions."""

    cell: AnswerCell
    claims: Page
    contradictions: Page


def answer_history(
    proposal: Proposal, party: Party, claims_page: str | int | None = None, contradictions_page: str | int | None = None
) -> AnswerHistory:
    """The cell with a page of its claims (oldest first; the last page by default) and a page
    of its contradictory pairs (`Cell.contradictions`' order)."""
    rows = list(Placement.objects.filter(party=party, proposal=proposal).order_by("seq"))
    claim_pages = Paginator(rows, CLAIMS_PAGE)
    shown = claim_pages.get_page(claims_page if claims_page is not None else claim_pages.num_pages)
    head = rows[-1] if rows else None
    pairs = Paginator(LazyPairs(rows, head.contradictions if head else 0), CLAIMS_PAGE).get_page(contradictions_page)
    latest = next((row for row in rows if row.latest), None)
    needed = {row.statement_id for row in shown.object_list} | {r.statement_id for pair in pairs for r in pair}
    if latest is not None:
        needed.add(latest.statement_id)
    statements = Statement.objects.for_display().in_bulk(list(needed))
    shown.object_list = [claim_of(row, statements[row.statement_id]) for row in shown.object_list]
    pairs.object_list = [tuple(claim_of(r, statements[r.statement_id]) for r in pair) for pair in pairs.object_list]
    cell = AnswerCell(
        proposal,
        party,
        claim_of(latest, statements[latest.statement_id]) if latest else None,
        len(rows),
        head.contradictions if head else 0,
        not is_clear(head.answer_certainty) if head else False,
    )
    return AnswerHistory(cell, shown, pairs)


class LazyPairs:
    """The contradictory pairs of a cell for a Paginator: counted when stored, made page by page."""

    def __init__(self, rows: list[Placement], count: int):
        self.rows, self.count = rows, count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, page: slice) -> list[tuple[Placement, Placement]]:
        return list(islice(contradicting_pairs(self.rows), page.start, page.stop))


def contradicting_pairs(rows: list[Placement]):
    """`Cell.contradictions` over stored rows in seq order, lazily."""
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            if a.answer == b.answer or not (a.reported or b.reported):
                continue
            if a.day and b.day and abs(b.day - a.day) > CONTRADICTION_WINDOW:
                if b.day - a.day > CONTRADICTION_WINDOW:
                    break
                continue
            yield (a, b)


def answer_statements(negotiation: Negotiation) -> list[Statement]:
    """The visible statements that may answer a proposal or be about one: three queries."""
    answering = Q(stance__in=ANSWER_OF) | Q(annotation__stance__in=ANSWER_OF) | ~Q(reported_stance="")
    answering |= REPORTED_BY_PERSON
    about_one = Q(proposal__isnull=False) | Q(annotation__proposal__isnull=False)
    return list(
        Statement.objects.filter(article__negotiation=negotiation)
        .visible()
        .filter(answering | about_one)
        .for_rules()
        .select_related("reported_party")
    )


def answer_claims(statements: list[Statement], proposals: dict[str, int]) -> dict[tuple[int, int], list[Claim]]:
    """(party id, proposal id) -> the claims about the party's answer, oldest first; `proposals`
    maps a name to its id."""
    found: dict[tuple[int, int], list[Claim]] = defaultdict(list)
    for statement in statements:
        values = statement.effective
        party = values.party
        # A stance toward an issue or a party, in a statement about a proposal, is no answer to it.
        own_target = proposals.get(values.target) if values.target else getattr(values.proposal, "pk", None)
        if party is not None and own_target is not None:
            if values.stance in ANSWER_OF:
                answer = ANSWER_OF[values.stance]
            elif values.stance == Stance.NEUTRAL and DISPUTE_CUE.match(statement.cue.lower()):
                answer = DISPUTED
            else:
                answer = None
            if answer is not None:
                found[party.pk, own_target].append(Claim(Evidence.of(statement, values, values.stance), answer))
        reported = values.reported_party
        if reported is not None and values.reported_stance in ANSWER_OF:
            target = proposals.get(values.reported_target)
            if target is not None:
                by_itself = party is not None and party.pk == reported.pk
                evidence = Evidence.of(statement, values, values.reported_stance, not by_itself, told=True)
                found[reported.pk, target].append(Claim(evidence, ANSWER_OF[values.reported_stance]))
    for claims in found.values():
        claims.sort(key=lambda c: c.evidence.sort_key)
    return found


def do_add_proposal(
    negotiation: Negotiation, *, name: str, party: Party | None = None, day=None, aliases: Iterable[str] = ()
) -> Proposal:
    """A proposal a person adds by hand: the extractor knows it by its name and aliases from the
    next extraction on (`ingest --reextract` links the statements already stored)."""
    name = " ".join(name.split())
    if not name:
        raise ProposalError("A proposal needs a name.")
    limit = Proposal._meta.get_field("name").max_length
    if len(name) > limit:
        raise ProposalError(f"The name is longer than {limit} characters.")
    if party is not None and party.negotiation_id != negotiation.pk:
        raise ProposalError(f"{party.name} belongs to another negotiation.")
    words = [name, *(" ".join(alias.split()) for alias in aliases)]
    words = list(dict.fromkeys(w for w in words if w))
    with transaction.atomic():
        taken = {n.casefold() for n in negotiation.proposals.values_list("name", flat=True)}
        taken |= {
            t.casefold()
            for t in Alias.objects.filter(negotiation=negotiation, proposal__isnull=False).values_list(
                "text", flat=True
            )
        }
        clash = next((w for w in words if w.casefold() in taken), None)
        if clash is not None:
            raise ProposalError(f"“{clash}” already names a proposal.")
        proposal = Proposal.objects.create(
            negotiation=negotiation, name=name, party=party, date=day, origin=Proposal.Origin.MANUAL
        )
        Alias.objects.bulk_create(
            Alias(negotiation=negotiation, text=text[: Alias._meta.get_field("text").max_length], proposal=proposal)
            for text in words[1:]
        )
        from negotiations.services import placements  # it builds on this module

        placements.refresh_named(negotiation, {proposal.name})
    return proposal


def do_merge_proposals(source: Proposal, into: Proposal, *, user=None) -> Proposal:
    """Make `source` (found in an article, or added by hand) the same proposal as `into`.

    Statements and people's annotations that named `source` name `into` instead, each changed
    annotation with a revision by `user` and a new version (an editor holding the old one gets a
    conflict); `source`'s name and aliases become `into`'s aliases of origin "merge", so the
    extractor finds `into` under those words next time, and loading the setup file again keeps
    them; `source` is deleted. A proposal from the setup file cannot be merged away: loading the
    file again would bring it back.
    """
    if source.pk == into.pk:
        raise ProposalError("A proposal cannot be merged into itself.")
    if source.negotiation_id != into.negotiation_id:
        raise ProposalError(f"{into.name} belongs to another negotiation.")
    if source.origin == Proposal.Origin.SETUP:
        raise ProposalError(f"{source.name} comes from the setup file: remove it there instead.")
    from negotiations.services import placements  # it builds on this module

    with transaction.atomic():
        source = Proposal.objects.select_for_update().get(pk=source.pk)
        with placements.keeping(into.negotiation, statements=_naming(source)):
            _merge(source, into, user)
    return into


def _naming(proposal: Proposal) -> list[int]:
    """The statements that name `proposal`, or place a party on it, as the extractor or a person has it."""
    statements = Statement.objects.filter(article__negotiation_id=proposal.negotiation_id)
    named = Q(proposal=proposal) | Q(target=proposal.name) | Q(reported_target=proposal.name)
    named |= Q(annotation__proposal=proposal) | Q(annotation__target=proposal.name)
    named |= Q(annotation__reported_target=proposal.name) | Q(placements__proposal=proposal)
    return list(statements.filter(named).values_list("pk", flat=True).distinct())


def _merge(source: Proposal, into: Proposal, user) -> None:
    Statement.objects.filter(proposal=source).update(proposal=into)
    _move_annotations(source, into, user)
    statements = Statement.objects.filter(article__negotiation_id=source.negotiation_id)
    statements.filter(target=source.name).update(target=into.name)
    statements.filter(reported_target=source.name).update(reported_target=into.name)
    known = {text.casefold() for text in into.aliases.values_list("text", flat=True)} | {into.name.casefold()}
    for alias in source.aliases.all():
        if alias.text.casefold() in known:
            alias.delete()
        else:
            alias.proposal = into
            alias.origin = Alias.Origin.MERGE
            alias.save(update_fields=["proposal", "origin"])
            known.add(alias.text.casefold())
    if source.name.casefold() not in known:
        Alias.objects.create(
            negotiation_id=source.negotiation_id, text=source.name, proposal=into, origin=Alias.Origin.MERGE
        )
    if into.party_id is None and source.party_id is not None:
        into.party_id = source.party_id
        into.save(update_fields=["party"])
    # Deleting the proposal would empty the stored proposal of the statements still shown with it.
    refresh_shown(statements=Statement.objects.filter(shown_proposal=source))
    source.delete()


def _move_annotations(source: Proposal, into: Proposal, user) -> None:
    """People's annotations that named `source` (as their proposal, their target or the target of
    the stance they report) name `into`,
    logged as if the person merging had edited them: "proposal: Sudmarkian draft → Commission
    flow formula"."""
    annotations = list(
        StatementAnnotation.objects.select_for_update()
        .filter(statement__article__negotiation_id=source.negotiation_id)
        .filter(Q(proposal=source) | Q(target=source.name) | Q(reported_target=source.name))
    )
    revisions = []
    now = timezone.now()
    for annotation in annotations:
        annotation.version += 1
        annotation.updated_by = user
        annotation.updated_at = now
        changed = []
        if annotation.proposal_id == source.pk:
            annotation.proposal = into
            changed.append("proposal")
        if annotation.target == source.name:
            annotation.target = into.name
            changed.append("target")
        if annotation.reported_target == source.name:
            annotation.reported_target = into.name
            changed.append("reported_target")
        for name in changed:
            revisions.append(
                AnnotationRevision(
                    statement_id=annotation.statement_id,
                    user=user,
                    version=annotation.version,
                    field=name,
                    old_value=source.name,
                    new_value=into.name,
                )
            )
    StatementAnnotation.objects.bulk_update(
        annotations, ["proposal", "target", "reported_target", "version", "updated_by", "updated_at"]
    )
    AnnotationRevision.objects.bulk_create(revisions)
