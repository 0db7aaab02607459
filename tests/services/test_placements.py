"""The stored placements: every service write keeps them equal to a rebuild from scratch, and the
grid and the matrix read from them say what the rules say when run on every statement."""

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from negotiations.models import Issue, Party, Placement, Proposal, Stance, Statement, StatementAnnotation
from negotiations.services.annotation import do_add_statement, do_annotate_statement, do_set_status
from negotiations.services.placements import rebuild_placements
from negotiations.services.positions import build_position, evidence_by_party, position_grid, stance_statements
from negotiations.services.proposals import (
    Cell,
    answer_claims,
    answer_statements,
    do_add_proposal,
    do_merge_proposals,
    proposal_matrix,
)
from negotiations.services.reports import position_rows
from negotiations.services.setup import load_negotiation_data
from tests.helpers import annotate, make_article, make_negotiation

pytestmark = pytest.mark.django_db

PARTIES = ("Norland", "Sudmark", "River Commission")
ISSUES = ("Dry-season flow", "Kell dam", "Data sharing")
PROPOSALS = ("Commission flow formula", "Sudmark draft")
STANCES = [Stance.DEMANDS, Stance.SUPPORTS, Stance.ACCEPTS, Stance.REJECTS, Stance.OPPOSES, Stance.CONDITIONAL]
FIRST_DAY = date(2025, 3, 1)


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("ines", password="x")


@pytest.fixture
def talks():
    negotiation = make_negotiation(slug="arven", title="Arven river talks")  # PARTIES, ISSUES, PROPOSALS[0]
    Proposal.objects.create(
        negotiation=negotiation, name=PROPOSALS[1], party=Party.objects.get(negotiation=negotiation, name="Sudmark")
    )
    return negotiation


def written_directly(negotiation, n: int, seed: int = 7) -> list[Statement]:
    """`n` statements written with the ORM alone, as a bulk load would, in a few articles: own
    stances toward issues and proposals, reported ones, undated ones, low-confidence ones, denials."""
    rng = random.Random(seed)
    parties = list(Party.objects.filter(negotiation=negotiation))
    issues = list(Issue.objects.filter(negotiation=negotiation))
    proposals = list(Proposal.objects.filter(negotiation=negotiation))
    made = []
    for a in range(max(1, n // 4)):
        text = " ".join(f"Sentence {a}-{i} of the Arven talks." for i in range(4))
        published = FIRST_DAY + timedelta(days=rng.randrange(40)) if rng.random() > 0.1 else None
        article = make_article(negotiation, title=f"Article {a}", text=text, published=published)
        for i in range(4):
            sentence = f"Sentence {a}-{i} of the Arven talks."
            start = text.index(sentence)
            about = rng.random()
            target = rng.choice(ISSUES) if about < 0.5 else (rng.choice(PROPOSALS) if about < 0.8 else "")
            reported = rng.random() < 0.25
            statement = Statement.objects.create(
                article=article,
                start=start,
                end=start + len(sentence),
                text=sentence,
                kind=Statement.Kind.DIRECT,
                cue=rng.choice(["said", "denied", "downplayed", "warned"]),
                speaker="Someone",
                party=rng.choice(parties),
                said_on=article.published - timedelta(days=rng.randrange(3))
                if article.published and rng.random() < 0.7
                else None,
                stance=rng.choice([*STANCES, Stance.NEUTRAL, Stance.ACCUSES]),
                stance_confidence=rng.random(),
                target=target,
                proposal=rng.choice(proposals) if target in PROPOSALS else None,
                reported_party=rng.choice(parties) if reported else None,
                reported_stance=rng.choice(STANCES) if reported else "",
                reported_target=rng.choice([*ISSUES, *PROPOSALS]) if reported else "",
            )
            statement.issues.set(rng.sample(issues, rng.randrange(3)))
            made.append(statement)
    return made


def snapshot(negotiation) -> list[tuple]:
    fields = [f.attname for f in Placement._meta.concrete_fields if f.attname != "id"]
    rows = Placement.objects.filter(negotiation=negotiation).values_list(*fields)
    return sorted(rows, key=repr)


def assert_same_as_a_rebuild(negotiation) -> None:
    stored = snapshot(negotiation)
    rebuild_placements(negotiation)
    assert stored == snapshot(negotiation)


def test_a_rebuild_places_what_the_statements_say(talks):
    written_directly(talks, 40)
    assert not Placement.objects.exists()

    rebuild_placements(talks)

    assert Placement.objects.filter(negotiation=talks, issue__isnull=False).exists()
    assert Placement.objects.filter(negotiation=talks, proposal__isnull=False).exists()
    # Each cell numbered from 0 with one head.
    for party, issue, proposal in set(Placement.objects.values_list("party", "issue", "proposal")):
        rows = Placement.objects.filter(party=party, issue=issue, proposal=proposal)
        assert sorted(rows.values_list("seq", flat=True)) == list(range(rows.count()))
        assert rows.filter(head=True).get().seq == rows.count() - 1


def test_every_write_through_the_services_keeps_the_placements_as_a_rebuild_makes_them(talks, user):
    statements = written_directly(talks, 40)
    rebuild_placements(talks)
    norland = Party.objects.get(negotiation=talks, name="Norland")
    dam = Issue.objects.get(negotiation=talks, name="Kell dam")

    def edit(statement, **changes):
        version = getattr(StatementAnnotation.objects.filter(statement=statement).first(), "version", 0)
        do_annotate_statement(statement, user=user, changes=changes, expected_version=version)

    edit(statements[0], stance=Stance.REJECTS, target="Kell dam")
    assert_same_as_a_rebuild(talks)
    edit(statements[1], party=norland, said_on=FIRST_DAY + timedelta(days=50))
    assert_same_as_a_rebuild(talks)
    edit(statements[2], issues=[dam], target="", stance=Stance.DEMANDS)
    assert_same_as_a_rebuild(talks)
    edit(statements[3], reported_party=norland, reported_stance=Stance.ACCEPTS, reported_target=PROPOSALS[0])
    assert_same_as_a_rebuild(talks)
    do_set_status(statements[4], user=user, status=StatementAnnotation.Status.REJECTED, expected_version=0)
    assert_same_as_a_rebuild(talks)
    do_set_status(statements[5], user=user, status=StatementAnnotation.Status.CONFIRMED, expected_version=0)
    assert_same_as_a_rebuild(talks)

    article = statements[6].article
    do_add_statement(
        article,
        user=user,
        start=0,
        end=10,
        kind=Statement.Kind.INDIRECT,
        speaker="Ilse Varga",
        party=norland,
        stance=Stance.OPPOSES,
        target="Data sharing",
    )
    assert_same_as_a_rebuild(talks)

    # A proposal found in an article, then merged into the setup's: its claims move with it.
    found = Proposal.objects.create(negotiation=talks, name="Ferreira plan", origin=Proposal.Origin.ARTICLE)
    Statement.objects.filter(pk=statements[7].pk).update(target="Ferreira plan", proposal=found, stance=Stance.ACCEPTS)
    rebuild_placements(talks)
    assert Placement.objects.filter(proposal=found).exists()
    do_merge_proposals(found, Proposal.objects.get(negotiation=talks, name=PROPOSALS[0]), user=user)
    assert_same_as_a_rebuild(talks)

    # Stances toward a name nobody listed place a party once it is listed.
    Statement.objects.filter(pk=statements[8].pk).update(target="Navigation", stance=Stance.DEMANDS)
    Statement.objects.filter(pk=statements[9].pk).update(target="Lock plan", stance=Stance.ACCEPTS)
    rebuild_placements(talks)
    do_add_proposal(talks, name="Lock plan")
    assert_same_as_a_rebuild(talks)
    assert Placement.objects.filter(statement=statements[9], proposal__name="Lock plan").exists()
    setup = "\n".join(
        [
            "slug: arven",
            "title: Arven river talks",
            "parties:",
            *(f"  - name: {name}" for name in PARTIES),
            "issues:",
            *(f"  - name: {name}" for name in (*ISSUES, "Navigation")),
        ]
    )
    load_negotiation_data(setup)
    assert_same_as_a_rebuild(talks)
    assert Placement.objects.filter(statement=statements[8], issue__name="Navigation").exists()


def positions_by_rules(negotiation, as_of):
    """(party, issue) -> Position, by the rules run on every statement (dated ones up to `as_of`)."""
    issues = list(negotiation.issues.all())
    evidence = evidence_by_party(stance_statements(negotiation), {i.name: i.pk for i in issues})
    found = {}
    for (party_id, issue_id), history in evidence.items():
        if as_of is not None:
            history = [e for e in history if e.day is not None and e.day <= as_of]
        if history:
            party, issue = Party.objects.get(pk=party_id), Issue.objects.get(pk=issue_id)
            found[party_id, issue_id] = build_position(party, issue, history)
    return found


def grid_by_rules(negotiation, as_of):
    """(party, issue) -> (stance, since, unclear, statements, changes)."""
    return {
        key: (p.stance, p.since, p.unclear, len(p.history), len(p.changes))
        for key, p in positions_by_rules(negotiation, as_of).items()
    }


def grid_stored(negotiation, as_of):
    grid = position_grid(negotiation, as_of)
    return {
        (row.party.pk, issue.pk): (cell.stance, cell.since, cell.unclear, cell.count, cell.change_count)
        for row in grid.rows
        for issue, cell in row.pairs
        if cell is not None
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_stored_grid_says_what_the_rules_say_on_every_day(talks, seed, settings):
    settings.PARLEY_STANCE_THRESHOLD = 0.5
    written_directly(talks, 60, seed=seed)
    rebuild_placements(talks)

    for as_of in [None, *(FIRST_DAY + timedelta(days=d) for d in range(-1, 45, 4))]:
        assert grid_stored(talks, as_of) == grid_by_rules(talks, as_of), as_of


def runs_by_rules(negotiation, as_of):
    """(party, issue) -> (the run's statements oldest first, the last change's (before, after) statements)."""
    found = {}
    for key, p in positions_by_rules(negotiation, as_of).items():
        last = p.changes[-1] if p.changes else None
        change = (last.before.statement.pk, last.after.statement.pk, last.before.stance) if last else None
        found[key] = ([e.statement.pk for e in reversed(p.run)], change)
    return found


def runs_exported(negotiation, as_of):
    found = {}
    for row in position_rows(position_grid(negotiation, as_of)):
        if row["stance"] is not None:
            last, change = row["last_change"], None
            if last is not None:
                change = (last["before"]["statement_id"], last["after"]["statement_id"], last["before"]["stance"])
            found[row["party_id"], row["issue_id"]] = (row["statement_ids"], change)
    return found


@pytest.mark.parametrize("seed", [6, 7])
def test_the_exported_runs_and_last_changes_say_what_the_rules_say(talks, seed, settings):
    written_directly(talks, 60, seed=seed)
    rebuild_placements(talks)

    for as_of in [None, *(FIRST_DAY + timedelta(days=d) for d in range(-1, 45, 6))]:
        assert runs_exported(talks, as_of) == runs_by_rules(talks, as_of), as_of


def test_the_threshold_is_read_when_the_grid_is_read(talks, settings):
    written_directly(talks, 60)
    rebuild_placements(talks)

    unclear = {}
    for threshold in (0.2, 0.6, 0.95):
        settings.PARLEY_STANCE_THRESHOLD = threshold
        stored = grid_stored(talks, None)
        assert stored == grid_by_rules(talks, None)
        unclear[threshold] = sum(1 for _, _, is_unclear, _, _ in stored.values() if is_unclear)
    assert unclear[0.2] < unclear[0.95]


@pytest.mark.parametrize("seed", [4, 5])
def test_the_stored_matrix_says_what_the_rules_say(talks, seed, settings):
    settings.PARLEY_STANCE_THRESHOLD = 0.5
    written_directly(talks, 80, seed=seed)
    # Some people's corrections: another proposal, none, a rejection.
    some = list(Statement.objects.filter(article__negotiation=talks).order_by("pk"))[::7]
    for n, statement in enumerate(some):
        annotate(
            statement,
            proposal=[None, *talks.proposals.all()][n % 3],
            proposal_set=True,
            status="rejected" if n % 4 == 3 else "unreviewed",
        )
    rebuild_placements(talks)
    parties = {p.pk: p for p in talks.parties.all()}
    proposals = {p.pk: p for p in talks.proposals.all()}
    claims = answer_claims(answer_statements(talks), {p.name: p.pk for p in proposals.values()})

    stored = {
        (cell.party.pk, cell.proposal.pk): (cell.answer, cell.unclear, cell.claim_count, cell.contradiction_count)
        for row in proposal_matrix(talks).rows
        for cell in row.cells
        if cell.claim_count
    }

    by_rules = {}
    for (party_id, proposal_id), found in claims.items():
        cell = Cell(proposals[proposal_id], parties[party_id], found)
        by_rules[party_id, proposal_id] = (cell.answer, cell.unclear, len(found), len(cell.contradictions))
    assert stored == by_rules
    assert any(count for *_, count in stored.values())
    # The statements about each proposal, by the proposal readers see.
    visible = Statement.objects.filter(article__negotiation=talks).visible()
    about = Counter(s.effective.proposal.pk for s in visible if s.effective.proposal is not None)
    assert {row.proposal.pk: row.statement_count for row in proposal_matrix(talks).rows if row.statement_count} == about
