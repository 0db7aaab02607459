"""Positions and answers, stored: one `Placement` row per statement placing a party on an issue
or a proposal, with the state of its cell as of that row.

What places a party, and how, is decided in one place only: positions.py (`evidence_by_party`)
and proposals.py (`answer_claims`), from the statements as readers see them. This module runs
those rules on the statements a write touched and stores the result, so that the grid, its
"as of" replay, a cell's history, the matrix and the feeds read a few indexed rows instead of
every statement of the negotiation.

Invariants:

* The Placement rows of a negotiation are what `rebuild_placements` computes from its statements
  now. Every write path that can change what a statement places (ingest, re-extraction,
  annotation, adding a statement, merging proposals, setup reloads) runs inside `keeping(...)`,
  in its own transaction, so a reader never sees a grid that disagrees with the statements.
* Within a cell (party x issue, or party x proposal), `seq` numbers the rows from 0 in
  `Evidence.sort_key` order, `head` marks the last, and the `changes`/`run_*` fields describe the
  history up to and including the row; the `dated_*` fields do the same over the rows with a
  day, which is all that an "as of" replay sees. So the grid as of any day is, per cell, the last
  dated row on or before that day.
* On a proposal cell, `latest` marks the answer the cell shows (proposals.py `Cell.latest`), and
  the head row carries the cell's contradiction count and the certainty of its answer. Whether
  a row is clear is decided on reading, against PARLEY_STANCE_THRESHOLD, a setting.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from django.db.models import Q

from negotiations.models import Negotiation, Placement, Statement
from negotiations.services.derived import rebuilder
from negotiations.services.positions import POSITION_STANCES, REPORTED_BY_PERSON, Evidence, evidence_by_party
from negotiations.services.proposals import ANSWER_OF, CONTRADICTION_WINDOW, DISPUTED, answer_claims

Cell = tuple[int, int | None, int | None]  # party id, issue id, proposal id

# The statements that may place a party: positions.py's `stance_statements` and proposals.py's
# `answer_statements` together.
PLACING = (
    Q(stance__in=POSITION_STANCES)
    | Q(annotation__stance__in=POSITION_STANCES)
    | Q(stance__in=ANSWER_OF)
    | Q(annotation__stance__in=ANSWER_OF)
    | ~Q(reported_stance="")
    | REPORTED_BY_PERSON
    | Q(proposal__isnull=False)
    | Q(annotation__proposal__isnull=False)
)
# Fields `_settle` computes; a row whose values did not move is not written again.
SETTLED_FIELDS = (
    "seq",
    "head",
    "latest",
    "changed_from",
    "before_statement_pk",
    "before_day",
    "changes",
    "run_length",
    "run_since",
    "run_certainty",
    "dated_seq",
    "dated_changed_from",
    "dated_changes",
    "dated_run_length",
    "dated_run_since",
    "dated_run_certainty",
    "contradictions",
    "answer_certainty",
)
REBUILD_CHUNK = 2000


def cell_of(row: Placement) -> Cell:
    return (row.party_id, row.issue_id, row.proposal_id)


def sort_key(row: Placement) -> tuple:
    """Evidence.sort_key, from the stored row."""
    return (
        row.day or date.min,
        row.published or date.min,
        row.article_pk,
        row.start,
        not row.reported,
        row.statement_id,
    )


def answer_key(row: Placement) -> tuple:
    """proposals.py `Cell.latest`'s order: on one day, a party's own word after others' accounts."""
    return (row.day or date.min, not row.reported, *sort_key(row)[1:])


# --- computing rows from statements -------------------------------------------------------------


def _load(statements: Q) -> list[Statement]:
    return list(
        Statement.objects.filter(statements)
        .visible()
        .filter(PLACING)
        .for_rules()
        .select_related("reported_party")
        .defer("article__text")
    )


def _targets(negotiation: Negotiation) -> tuple[dict[str, int], dict[str, int]]:
    issues = dict(negotiation.issues.values_list("name", "pk"))
    proposals = dict(negotiation.proposals.values_list("name", "pk"))
    return issues, proposals


def _row(negotiation_id: int, evidence: Evidence, party_id: int, **target) -> Placement:
    statement = evidence.statement
    return Placement(
        negotiation_id=negotiation_id,
        statement_id=statement.pk,
        party_id=party_id,
        stance=evidence.stance,
        reported=evidence.reported,
        certainty=evidence.certainty,
        day=evidence.day,
        dated=evidence.dated,
        published=statement.article.published,
        article_pk=statement.article_id,
        start=statement.start,
        **target,
    )


def placements_of(
    negotiation_id: int, statements: list[Statement], issues: dict[str, int], proposals: dict[str, int]
) -> list[Placement]:
    """Unsaved rows for what `statements` place, by positions.py's and proposals.py's rules."""
    rows = [
        _row(negotiation_id, evidence, party_id, issue_id=issue_id)
        for (party_id, issue_id), history in evidence_by_party(statements, issues).items()
        for evidence in history
    ]
    rows += [
        _row(negotiation_id, claim.evidence, party_id, proposal_id=proposal_id, answer=claim.answer)
        for (party_id, proposal_id), claims in answer_claims(statements, proposals).items()
        for claim in claims
    ]
    return rows


# --- the state of a cell as of each row ---------------------------------------------------------


def _settle(rows: list[Placement]) -> None:
    """Number one cell's rows and set what each says of the cell up to it (see the invariants)."""
    rows.sort(key=sort_key)
    for row in rows:
        row.head = row.latest = False
        row.contradictions, row.answer_certainty = 0, 1.0
    _walk(rows, dated=False)
    _walk([row for row in rows if row.day is not None], dated=True)
    for row in rows:
        if row.day is None:
            row.dated_seq = row.dated_changes = row.dated_run_length = row.dated_run_since = row.dated_run_certainty = (
                None
            )
            row.dated_changed_from = ""
    rows[-1].head = True
    if rows[0].proposal_id is None:
        rows[-1].latest = True
        return
    answers = [row for row in rows if row.answer != DISPUTED]
    if answers:
        latest = max(answers, key=answer_key)
        latest.latest = True
        backing = [row for row in rows if row.answer == latest.answer]
        rows[-1].answer_certainty = max(row.certainty for row in backing)
    rows[-1].contradictions = count_contradictions(rows)


def _walk(rows: list[Placement], *, dated: bool) -> None:
    prefix = "dated_" if dated else ""
    changes = run_length = 0
    since: date | None = None
    certainty = 0.0
    before: Placement | None = None
    for seq, row in enumerate(rows):
        changed = before is not None and row.stance != before.stance
        if changed:
            changes, run_length, certainty = changes + 1, 0, 0.0
        if run_length == 0:
            since = row.day
        run_length += 1
        certainty = max(certainty, row.certainty)
        setattr(row, f"{prefix}seq", seq)
        setattr(row, f"{prefix}changed_from", before.stance if changed and before else "")
        setattr(row, f"{prefix}changes", changes)
        setattr(row, f"{prefix}run_length", run_length)
        setattr(row, f"{prefix}run_since", since)
        setattr(row, f"{prefix}run_certainty", certainty)
        if not dated:
            row.before_statement_pk = before.statement_id if changed and before else None
            row.before_day = before.day if changed and before else None
        before = row


def count_contradictions(rows: list[Placement]) -> int:
    """proposals.py `Cell.contradictions`, counted in one pass: pairs of claims with different
    answers, at least one of them an account by someone else, not more than a week apart (a
    claim without a day pairs with every other). `rows` are in seq order, so by day."""
    total = 0
    undated: Counter = Counter()  # (answer, reported) of the claims without a day
    window: deque[Placement] = deque()
    in_window: Counter = Counter()
    for row in rows:
        if row.day is not None:
            while window and row.day - window[0].day > CONTRADICTION_WINDOW:
                gone = window.popleft()
                in_window[gone.answer, gone.reported] -= 1
        for counts in (undated, in_window):
            for (answer, reported), n in counts.items():
                if answer != row.answer and (reported or row.reported):
                    total += n
        if row.day is None:
            undated[row.answer, row.reported] += 1
        else:
            window.append(row)
            in_window[row.answer, row.reported] += 1
    return total


def _values(row: Placement) -> tuple:
    return tuple(getattr(row, name) for name in SETTLED_FIELDS)


def _cells_query(cells: Iterable[Cell]) -> Q:
    query = Q(pk__in=[])
    for party_id, issue_id, proposal_id in cells:
        query |= Q(party_id=party_id, issue_id=issue_id, proposal_id=proposal_id)
    return query


def settle_cells(cells: set[Cell], new: list[Placement]) -> None:
    """Store `new` and renumber every row of `cells` (each new row's cell must be among them)."""
    by_cell: dict[Cell, list[Placement]] = defaultdict(list)
    before: dict[int, tuple] = {}
    cell_list = sorted(cells, key=lambda cell: tuple(-1 if v is None else v for v in cell))
    for start in range(0, len(cell_list), 100):
        for row in Placement.objects.filter(_cells_query(cell_list[start : start + 100])):
            by_cell[cell_of(row)].append(row)
            before[row.pk] = _values(row)
    for row in new:
        by_cell[cell_of(row)].append(row)
    for rows in by_cell.values():
        _settle(rows)
    changed = [row for rows in by_cell.values() for row in rows if row.pk and _values(row) != before[row.pk]]
    Placement.objects.bulk_update(changed, SETTLED_FIELDS, batch_size=1000)
    Placement.objects.bulk_create(new, batch_size=1000)


# --- keeping them current -----------------------------------------------------------------------


def refresh(negotiation: Negotiation, *, statements: Iterable[int] = (), articles: Iterable[int] = ()) -> None:
    """Recompute what the given statements (and every statement of the given articles) place."""
    with keeping(negotiation, statements=statements, articles=articles):
        pass


def _recompute(negotiation: Negotiation, statements: Q, cells: set[Cell]) -> None:
    loaded = _load(Q(article__negotiation=negotiation) & statements)
    # Most statements place nobody ("said the talks would resume"): nothing to store or renumber.
    if not loaded and not cells:
        return
    issues, proposals = _targets(negotiation)
    new = placements_of(negotiation.pk, loaded, issues, proposals)
    settle_cells(cells | {cell_of(row) for row in new}, new)


@contextmanager
def keeping(
    negotiation: Negotiation, *, statements: Iterable[int] = (), articles: Iterable[int] = ()
) -> Iterator[None]:
    """Keep the placements current across the writes in the block, which may change, create or
    delete the given statements or any statement of the given articles. Call it inside the
    writes' transaction: the cells those statements placed before are noted first, since a
    deleted statement takes its rows with it."""
    statement_ids, article_ids = list(statements), list(articles)
    stored = Placement.objects.filter(Q(statement_id__in=statement_ids) | Q(article_pk__in=article_ids))
    cells = {(p, i, r) for p, i, r in stored.values_list("party_id", "issue_id", "proposal_id")}
    yield
    if cells:
        stored.delete()
    _recompute(negotiation, Q(pk__in=statement_ids) | Q(article_id__in=article_ids), cells)


def target_names(negotiation: Negotiation) -> set[str]:
    """The names a stance's target can take: the issues' and the proposals'."""
    issues, proposals = _targets(negotiation)
    return set(issues) | set(proposals)


def refresh_named(negotiation: Negotiation, names: Iterable[str]) -> None:
    """Recompute what the statements whose stance (or reported stance) is toward one of `names`
    place: after an issue or a proposal of that name appears."""
    names = list(names)
    if not names:
        return
    named = Q(target__in=names) | Q(reported_target__in=names)
    named |= Q(annotation__target__in=names) | Q(annotation__reported_target__in=names)
    ids = Statement.objects.filter(article__negotiation=negotiation).filter(named).values_list("pk", flat=True)
    refresh(negotiation, statements=list(ids))


@rebuilder
def rebuild_placements(negotiation: Negotiation) -> None:
    """Every Placement of `negotiation` from scratch, a chunk of statements at a time."""
    Placement.objects.filter(negotiation=negotiation).delete()
    issues, proposals = _targets(negotiation)
    ids = list(
        Statement.objects.filter(article__negotiation=negotiation)
        .visible()
        .filter(PLACING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    by_cell: dict[Cell, list[Placement]] = defaultdict(list)
    for start in range(0, len(ids), REBUILD_CHUNK):
        chunk = _load(Q(pk__in=ids[start : start + REBUILD_CHUNK]))
        for row in placements_of(negotiation.pk, chunk, issues, proposals):
            by_cell[cell_of(row)].append(row)
    for rows in by_cell.values():
        _settle(rows)
    Placement.objects.bulk_create([row for rows in by_cell.values() for row in rows], batch_size=2000)
