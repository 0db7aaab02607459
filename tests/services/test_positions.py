from datetime import date, timedelta
from itertools import count

import pytest

from negotiations.models import Issue, Negotiation, Party, Stance, Statement, StatementAnnotation
from negotiations.services.annotation import do_annotate_statement
from negotiations.services.positions import CHANGE_DAYS, Grid, Position, position_changes, position_grid
from tests.helpers import annotate, make_article, make_negotiation, make_statement

FLOW, DAM, DATA = "Dry-season flow", "Kell dam", "Data sharing"
FORMULA = "Commission flow formula"
_numbers = count()


def say(
    negotiation: Negotiation,
    party: str | None,
    stance: str,
    *,
    said_on: date | None = None,
    published: date | None = date(2025, 4, 2),
    target: str = "",
    issues: tuple[str, ...] = (),
    reported: tuple[str, str, str] | None = None,
) -> Statement:
    """One statement in an article of its own, so that every date a test relies on is spelled out."""
    n = next(_numbers)
    text = f"Statement {n} on the Arven talks."
    article = make_article(negotiation, title=f"Article {n}", text=text, published=published)
    return make_statement(
        article, text, party=party, said_on=said_on, stance=stance, target=target, issues=issues, reported=reported
    )


def placed(grid: Grid) -> dict[tuple[str, str], str]:
    """(party, issue) -> stance, for every cell that holds a position."""
    return {
        (row.party.name, issue.name): cell.stance
        for row in grid.rows
        for cell, issue in zip(row.cells, grid.issues, strict=True)
        if cell is not None
    }


def position(negotiation: Negotiation, party: str, issue: str, as_of: date | None = None) -> Position | None:
    grid = position_grid(negotiation, as_of)
    return grid.position(
        Party.objects.get(negotiation=negotiation, name=party).pk,
        Issue.objects.get(negotiation=negotiation, name=issue).pk,
    )


def statements(evidence) -> list[Statement]:
    return [e.statement for e in evidence]


@pytest.mark.django_db
def test_the_latest_stance_is_the_position_held_since_the_first_day_of_its_unbroken_run(negotiation):
    first = say(negotiation, "Norland", Stance.DEMANDS, said_on=date(2025, 3, 1), target=FLOW)
    turn = say(negotiation, "Norland", Stance.OPPOSES, said_on=date(2025, 3, 10), target=FLOW)
    back = say(negotiation, "Norland", Stance.DEMANDS, said_on=date(2025, 3, 20), target=FLOW)
    again = say(negotiation, "Norland", Stance.DEMANDS, said_on=date(2025, 4, 1), target=FLOW)

    held = position(negotiation, "Norland", FLOW)

    assert held.stance == Stance.DEMANDS
    # Not 1 March: the run was broken on 10 March.
    assert held.since == date(2025, 3, 20)
    assert set(statements(held.run)) == {back, again}
    assert statements(held.history) == [first, turn, back, again]
    assert held.latest.statement == again


@pytest.mark.django_db
def test_a_statement_counts_on_the_day_it_was_said_else_on_its_articles_date(negotiation):
    # Reported on 10 April, said on 1 March: older than a statement only dated by its article.
    said_earlier = say(
        negotiation, "Norland", Stance.OPPOSES, said_on=date(2025, 3, 1), published=date(2025, 4, 10), target=FLOW
    )
    undated = say(negotiation, "Norland", Stance.DEMANDS, published=date(2025, 3, 5), target=FLOW)

    held = position(negotiation, "Norland", FLOW)

    assert (held.stance, held.since) == (Stance.DEMANDS, date(2025, 3, 5))
    assert statements(held.history) == [said_earlier, undated]
    assert (held.history[0].dated, held.history[1].dated) == (True, False)


@pytest.mark.django_db
def test_an_untargeted_stance_counts_for_the_linked_issues_and_a_targeted_one_only_for_its_target(negotiation):
    say(negotiation, "Norland", Stance.DEMANDS, issues=(FLOW, DAM))
    say(negotiation, "Sudmark", Stance.SUPPORTS, target=DATA, issues=(FLOW,))
    # A stance toward a proposal or a party places nobody on the issues the statement is linked to.
    say(negotiation, "Sudmark", Stance.REJECTS, target=FORMULA, issues=(DAM,))

    assert placed(position_grid(negotiation)) == {
        ("Norland", FLOW): Stance.DEMANDS,
        ("Norland", DAM): Stance.DEMANDS,
        ("Sudmark", DATA): Stance.SUPPORTS,
    }


@pytest.mark.django_db
def test_neutral_statements_and_accusations_place_nobody(negotiation):
    say(negotiation, "Norland", Stance.NEUTRAL, issues=(FLOW,))
    say(negotiation, "Norland", Stance.NEUTRAL, target=DAM)
    say(negotiation, "Sudmark", Stance.ACCUSES, target="Norland", issues=(DAM,))
    say(negotiation, "Sudmark", Stance.ACCUSES, target=DAM)
    # Nor do they break a run: the demand still holds since 1 March.
    say(negotiation, "Norland", Stance.DEMANDS, said_on=date(2025, 3, 1), target=DATA)
    say(negotiation, "Norland", Stance.NEUTRAL, said_on=date(2025, 3, 5), target=DATA)
    say(negotiation, "Norland", Stance.ACCUSES, said_on=date(2025, 3, 6), target=DATA)

    assert placed(position_grid(negotiation)) == {("Norland", DATA): Stance.DEMANDS}
    assert position(negotiation, "Norland", DATA).since == date(2025, 3, 1)


@pytest.mark.django_db
def test_a_statement_without_a_party_places_nobody(negotiation):
    say(negotiation, None, Stance.DEMANDS, target=FLOW)

    assert placed(position_grid(negotiation)) == {}


@pytest.mark.django_db
def test_a_reported_stance_places_the_reported_party(negotiation):
    # The commission's envoy, neutral herself, says what Sudmark demands.
    told = say(negotiation, "River Commission", Stance.NEUTRAL, reported=("Sudmark", Stance.DEMANDS, DAM))
    # A report toward a proposal places nobody on an issue.
    say(negotiation, "River Commission", Stance.NEUTRAL, reported=("Norland", Stance.ACCEPTS, FORMULA))
    # Nor does a reported accusation or a neutral report.
    say(negotiation, "Sudmark", Stance.NEUTRAL, reported=("Norland", Stance.ACCUSES, FLOW))
    say(negotiation, "Sudmark", Stance.NEUTRAL, reported=("Norland", Stance.NEUTRAL, FLOW))

    assert placed(position_grid(negotiation)) == {("Sudmark", DAM): Stance.DEMANDS}
    held = position(negotiation, "Sudmark", DAM)
    assert statements(held.run) == [told]
    assert held.latest.reported


@pytest.mark.django_db
def test_a_stance_reported_by_the_partys_own_speaker_is_not_flagged_reported(negotiation):
    say(negotiation, "Sudmark", Stance.NEUTRAL, reported=("Sudmark", Stance.REJECTS, DAM))

    assert not position(negotiation, "Sudmark", DAM).latest.reported


@pytest.mark.django_db
def test_a_statement_that_both_takes_and_reports_its_own_stance_backs_it_once(negotiation):
    # "Norland insists on the minimum flow, Varga said": the speaker's own stance and the report
    # of Norland's are one and the same claim.
    both = say(negotiation, "Norland", Stance.DEMANDS, target=FLOW, reported=("Norland", Stance.DEMANDS, FLOW))

    held = position(negotiation, "Norland", FLOW)

    assert statements(held.history) == [both]
    assert not held.latest.reported


@pytest.mark.django_db
def test_a_speakers_own_stance_stands_for_the_report_of_their_partys_in_the_same_statement(negotiation):
    # The extractor read the report differently from the speaker's stance: one statement is not
    # a change of position, and the speaker's stance is the one a person can correct.
    say(negotiation, "Norland", Stance.DEMANDS, target=FLOW, reported=("Norland", Stance.OPPOSES, FLOW))

    held = position(negotiation, "Norland", FLOW)

    assert (held.stance, held.changes) == (Stance.DEMANDS, [])


@pytest.mark.django_db
def test_of_one_sentence_told_by_two_sides_the_partys_own_telling_is_its_latest_word(negotiation):
    # "..., according to Norlandic and Sudmarkian officials": two statements on one span, the
    # Sudmarkian one a report of Norland's demand. Made in either order, Norland's own is latest.
    text = "Norland wants the minimum flow, according to officials."
    for first, second in (("Sudmark", "Norland"), ("Norland", "Sudmark")):
        article = make_article(negotiation, title=f"Told by {first} first", text=text, published=date(2025, 4, 2))
        for teller in (first, second):
            make_statement(article, text, party=teller, reported=("Norland", Stance.DEMANDS, FLOW))

        held = position(negotiation, "Norland", FLOW)

        assert (held.latest.statement.party.name, held.latest.reported) == ("Norland", False)


@pytest.mark.django_db
def test_a_change_of_stance_is_a_position_change_with_before_and_after(negotiation):
    demand = say(negotiation, "Sudmark", Stance.DEMANDS, said_on=date(2025, 3, 1), target=DAM)
    say(negotiation, "Sudmark", Stance.DEMANDS, said_on=date(2025, 3, 2), target=DAM)
    opposed = say(negotiation, "Sudmark", Stance.OPPOSES, said_on=date(2025, 3, 9), target=DAM)
    before_turn = say(negotiation, "Sudmark", Stance.OPPOSES, said_on=date(2025, 3, 12), target=DAM)
    support = say(negotiation, "Sudmark", Stance.SUPPORTS, said_on=date(2025, 3, 15), target=DAM)

    changes = position(negotiation, "Sudmark", DAM).changes

    assert [(c.before.stance, c.after.stance, c.day) for c in changes] == [
        (Stance.DEMANDS, Stance.OPPOSES, date(2025, 3, 9)),
        (Stance.OPPOSES, Stance.SUPPORTS, date(2025, 3, 15)),
    ]
    # before: the last statement of the old stance, not the first.
    assert [(c.before.statement, c.after.statement) for c in changes] == [
        (Statement.objects.get(said_on=date(2025, 3, 2)), opposed),
        (before_turn, support),
    ]
    assert demand not in [c.before.statement for c in changes]
    assert {(c.party.name, c.issue.name) for c in changes} == {("Sudmark", DAM)}


@pytest.mark.django_db
def test_as_of_replays_the_grid_on_that_day(negotiation):
    say(negotiation, "Norland", Stance.DEMANDS, said_on=date(2025, 3, 1), target=FLOW)
    say(negotiation, "Norland", Stance.OPPOSES, said_on=date(2025, 3, 20), target=FLOW)
    # Said on 14 March, but only reported after the day asked for: it was said by then.
    say(negotiation, "Sudmark", Stance.SUPPORTS, said_on=date(2025, 3, 14), published=date(2025, 4, 1), target=DAM)
    # Dated by its article only, after the day.
    say(negotiation, "Sudmark", Stance.REJECTS, published=date(2025, 3, 16), target=DATA)
    # No date at all: nobody can say it had been said by then.
    say(negotiation, "Norland", Stance.SUPPORTS, published=None, target=DATA)

    grid = position_grid(negotiation, as_of=date(2025, 3, 15))

    assert grid.as_of == date(2025, 3, 15)
    assert placed(grid) == {("Norland", FLOW): Stance.DEMANDS, ("Sudmark", DAM): Stance.SUPPORTS}
    # The days a position changed include those after it, to step forward to.
    assert grid.change_days == [date(2025, 3, 20)]
    # The day itself counts, to its end.
    assert placed(position_grid(negotiation, as_of=date(2025, 3, 20)))["Norland", FLOW] == Stance.OPPOSES
    assert placed(position_grid(negotiation)) == {
        ("Norland", FLOW): Stance.OPPOSES,
        ("Sudmark", DAM): Stance.SUPPORTS,
        ("Sudmark", DATA): Stance.REJECTS,
        ("Norland", DATA): Stance.SUPPORTS,
    }


@pytest.mark.django_db
def test_mediators_and_observers_have_their_own_band(negotiation):
    Party.objects.create(negotiation=negotiation, name="Upland League", kind=Party.Kind.OBSERVER, position=3)
    say(negotiation, "River Commission", Stance.SUPPORTS, target=DATA)
    say(negotiation, "Upland League", Stance.DEMANDS, target=FLOW)

    grid = position_grid(negotiation)

    assert [row.party.name for row in grid.parties] == ["Norland", "Sudmark"]
    assert [row.party.name for row in grid.mediators] == ["River Commission", "Upland League"]
    assert [issue.name for issue in grid.issues] == [FLOW, DAM, DATA]
    assert [cell.stance if cell else None for cell in grid.mediators[0].cells] == [None, None, Stance.SUPPORTS]
    assert [cell.stance if cell else None for cell in grid.mediators[1].cells] == [Stance.DEMANDS, None, None]
    assert all(cell is None for row in grid.parties for cell in row.cells)


@pytest.mark.django_db
def test_a_persons_correction_moves_the_position_at_once(negotiation):
    statement = say(negotiation, "Norland", Stance.DEMANDS, target=FLOW)
    assert placed(position_grid(negotiation)) == {("Norland", FLOW): Stance.DEMANDS}

    def correct(**changes) -> dict[tuple[str, str], str]:
        version = getattr(statement.annotation_or_none, "version", 0)
        do_annotate_statement(statement, user=None, changes=changes, expected_version=version)
        return placed(position_grid(negotiation))

    assert correct(stance=Stance.OPPOSES) == {("Norland", FLOW): Stance.OPPOSES}
    assert correct(target=DAM) == {("Norland", DAM): Stance.OPPOSES}
    sudmark = Party.objects.get(negotiation=negotiation, name="Sudmark")
    assert correct(party=sudmark) == {("Sudmark", DAM): Stance.OPPOSES}
    # Untargeted: the issues a person linked it to count.
    issues = list(Issue.objects.filter(negotiation=negotiation, name__in=[FLOW, DATA]))
    assert correct(target="", issues=issues) == {("Sudmark", FLOW): Stance.OPPOSES, ("Sudmark", DATA): Stance.OPPOSES}
    assert correct(stance=Stance.NEUTRAL) == {}


@pytest.mark.django_db
def test_a_neutral_statement_a_person_gives_a_stance_places_its_party(negotiation):
    statement = say(negotiation, "Sudmark", Stance.NEUTRAL, target=DAM)

    do_annotate_statement(statement, user=None, changes={"stance": Stance.REJECTS}, expected_version=0)

    assert placed(position_grid(negotiation)) == {("Sudmark", DAM): Stance.REJECTS}


@pytest.mark.django_db
def test_rejected_statements_never_count(negotiation):
    kept = say(negotiation, "Norland", Stance.DEMANDS, said_on=date(2025, 3, 1), target=FLOW)
    later = say(negotiation, "Norland", Stance.OPPOSES, said_on=date(2025, 3, 5), target=FLOW)
    report = say(negotiation, "Sudmark", Stance.NEUTRAL, reported=("Norland", Stance.SUPPORTS, DAM))
    annotate(later, status=StatementAnnotation.Status.REJECTED)
    annotate(report, status=StatementAnnotation.Status.REJECTED)

    assert placed(position_grid(negotiation)) == {("Norland", FLOW): Stance.DEMANDS}
    held = position(negotiation, "Norland", FLOW)
    assert (statements(held.history), held.changes) == ([kept], [])
    assert position_changes(negotiation) == []


@pytest.mark.django_db
def test_position_changes_are_listed_newest_first(negotiation):
    say(negotiation, "Norland", Stance.DEMANDS, said_on=date(2025, 3, 1), target=FLOW)
    say(negotiation, "Norland", Stance.OPPOSES, said_on=date(2025, 3, 10), target=FLOW)
    say(negotiation, "Norland", Stance.SUPPORTS, said_on=date(2025, 3, 30), target=FLOW)
    say(negotiation, "Sudmark", Stance.REJECTS, said_on=date(2025, 3, 2), target=DAM)
    say(negotiation, "Sudmark", Stance.ACCEPTS, said_on=date(2025, 3, 20), target=DAM)
    say(negotiation, "River Commission", Stance.SUPPORTS, said_on=date(2025, 3, 25), target=DATA)

    changes = position_changes(negotiation)

    assert [(c.day, c.party.name, c.issue.name, c.before.stance, c.after.stance) for c in changes] == [
        (date(2025, 3, 30), "Norland", FLOW, Stance.OPPOSES, Stance.SUPPORTS),
        (date(2025, 3, 20), "Sudmark", DAM, Stance.REJECTS, Stance.ACCEPTS),
        (date(2025, 3, 10), "Norland", FLOW, Stance.DEMANDS, Stance.OPPOSES),
    ]


@pytest.mark.django_db
def test_another_negotiations_statements_do_not_count(negotiation):
    other = make_negotiation(slug="other-river", title="Another river")
    # Same names, another negotiation's rows.
    say(other, "Norland", Stance.DEMANDS, target=FLOW)

    assert placed(position_grid(negotiation)) == {}
    assert placed(position_grid(other)) == {("Norland", FLOW): Stance.DEMANDS}


def _some_statements(negotiation: Negotiation, n: int) -> None:
    """n statements of every kind that is read: own, reported, annotated (with issues), rejected."""
    for i in range(n):
        day = date(2025, 3, 1 + i)
        say(negotiation, "Norland", Stance.DEMANDS if i % 2 else Stance.OPPOSES, said_on=day, issues=(FLOW, DAM))
        say(negotiation, "River Commission", Stance.NEUTRAL, said_on=day, reported=("Sudmark", Stance.REJECTS, DAM))
        corrected = say(negotiation, "Sudmark", Stance.SUPPORTS, said_on=day, target=DATA)
        annotate(corrected, party="Norland", issues=(DATA,), stance=Stance.DEMANDS, target="")
        rejected = say(negotiation, "Norland", Stance.ACCEPTS, said_on=day, target=FLOW)
        annotate(rejected, status=StatementAnnotation.Status.REJECTED)


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 12])
def test_the_grid_takes_the_same_number_of_queries_however_many_statements(negotiation, n, django_assert_num_queries):
    _some_statements(negotiation, n)
    negotiation = Negotiation.objects.get(pk=negotiation.pk)

    # Issues, parties, the cells' stored last rows, their statements, the days of change.
    with django_assert_num_queries(5):
        grid = position_grid(negotiation)
        # Reading what a page shows costs nothing more.
        for row in grid.rows:
            for cell in row.cells:
                if cell:
                    latest = cell.latest
                    shown = (cell.speaker, latest.statement.text, latest.statement.pk, latest.day, latest.reported)
                    assert shown and (cell.stance, cell.count, cell.since, cell.unclear) is not None

    assert placed(grid)["Norland", DATA] == Stance.DEMANDS
    assert placed(grid)["Sudmark", DAM] == Stance.REJECTS


@pytest.mark.django_db
def test_the_grid_links_the_latest_days_of_change_and_says_there_were_earlier_ones(negotiation):
    first = date(2025, 1, 1)
    for n in range(CHANGE_DAYS + 3):
        say(
            negotiation,
            "Norland",
            [Stance.DEMANDS, Stance.OPPOSES][n % 2],
            said_on=first + timedelta(days=n),
            target=FLOW,
        )

    grid = position_grid(negotiation)

    # Every statement after the first changed the position: days 1 to CHANGE_DAYS + 2.
    assert grid.change_days == [first + timedelta(days=n) for n in range(3, CHANGE_DAYS + 3)]
    assert grid.earlier_changes
    # Replayed on an earlier day, the grid still offers the same days to step forward to.
    assert position_grid(negotiation, first + timedelta(days=5)).change_days == grid.change_days
