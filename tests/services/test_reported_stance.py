"""A statement's reported stance ("Blinken said Israel had accepted the proposal" records Israel's)
is corrected and deleted like any other field: on the annotation, logged, and the grid and the
matrix follow the corrected values."""

from datetime import date

import pytest

from negotiations.models import AnnotationRevision, Party, Proposal, Stance, Statement, StatementAnnotation
from negotiations.services.annotation import AnnotationError, do_add_statement, do_annotate_statement, do_set_status
from negotiations.services.positions import position_grid
from negotiations.services.proposals import do_merge_proposals, proposal_matrix
from tests.helpers import make_article, make_statement, placed_again

pytestmark = pytest.mark.django_db

FORMULA, DAM = "Commission flow formula", "Kell dam"
REPORT = "Ferreira said Sudmark had accepted the flow formula."


def party(negotiation, name: str) -> Party:
    return Party.objects.get(negotiation=negotiation, name=name)


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("annie")


@pytest.fixture
def report(negotiation) -> Statement:
    """The Commission's envoy reporting that Sudmark accepted the formula; she takes no stance."""
    article = make_article(negotiation, text=REPORT, published=date(2025, 4, 2))
    return make_statement(
        article,
        REPORT,
        speaker="Ana Ferreira",
        party="River Commission",
        kind=Statement.Kind.INDIRECT,
        proposal=FORMULA,
        reported=("Sudmark", Stance.ACCEPTS, FORMULA),
    )


def answer(negotiation, proposal: str, who: str) -> str:
    matrix = proposal_matrix(negotiation)
    row = next(row for row in matrix.rows if row.proposal.name == proposal)
    return next(cell.answer for cell in row.cells if cell.party.name == who)


def cell_stance(negotiation, who: str, issue: str) -> str | None:
    grid = position_grid(negotiation)
    row = next(row for row in grid.rows if row.party.name == who)
    cell = next(cell for i, cell in row.pairs if i.name == issue)
    return cell.stance if cell else None


def revisions(statement) -> list[tuple[str, object, object]]:
    return [(r.field, r.old_value, r.new_value) for r in AnnotationRevision.objects.filter(statement=statement)]


def test_correcting_the_reported_stance_logs_it_and_the_matrix_follows(negotiation, report, user):
    assert answer(negotiation, FORMULA, "Sudmark") == "accepted"

    do_annotate_statement(report, user=user, changes={"reported_stance": Stance.REJECTS}, expected_version=0)

    assert answer(negotiation, FORMULA, "Sudmark") == "rejected"
    assert revisions(report) == [("reported_stance", "accepts", "rejects")]
    values = Statement.objects.for_display().get(pk=report.pk).effective
    assert (values.reported_party.name, values.reported_stance, values.reported_target) == (
        "Sudmark",
        Stance.REJECTS,
        FORMULA,
    )
    # The extractor's layer is untouched: a re-extraction rewrites it, the correction stays.
    report.refresh_from_db()
    assert report.reported_stance == Stance.ACCEPTS


def test_moving_the_report_to_another_party_and_an_issue_moves_the_grid_cell(negotiation, report, user):
    changes = {"reported_party": party(negotiation, "Norland"), "reported_stance": Stance.OPPOSES}
    changes["reported_target"] = DAM

    do_annotate_statement(report, user=user, changes=changes, expected_version=0)

    assert answer(negotiation, FORMULA, "Sudmark") == ""
    assert cell_stance(negotiation, "Norland", DAM) == Stance.OPPOSES
    assert revisions(report) == [
        ("reported_party", "Sudmark", "Norland"),
        ("reported_stance", "accepts", "opposes"),
        ("reported_target", FORMULA, DAM),
    ]


def test_deleting_the_reported_stance_takes_the_answer_away(negotiation, report, user):
    changes = {"reported_party": None, "reported_stance": "", "reported_target": ""}

    annotation = do_annotate_statement(report, user=user, changes=changes, expected_version=0)

    assert answer(negotiation, FORMULA, "Sudmark") == ""
    assert annotation.is_annotated and annotation.reported_stance == "" and annotation.reported_party_set
    values = Statement.objects.for_display().get(pk=report.pk).effective
    assert (values.reported_party, values.reported_stance, values.reported_target) == (None, "", "")


def test_a_reported_stance_a_person_adds_places_the_party(negotiation, user):
    text = "Ferreira said Norland now demanded a dam study."
    plain = make_statement(make_article(negotiation, text=text), text, speaker="Ana Ferreira", party="River Commission")
    assert cell_stance(negotiation, "Norland", DAM) is None

    changes = {"reported_party": party(negotiation, "Norland"), "reported_stance": Stance.DEMANDS}
    do_annotate_statement(plain, user=user, changes={**changes, "reported_target": DAM}, expected_version=0)

    assert cell_stance(negotiation, "Norland", DAM) == Stance.DEMANDS


def test_a_reported_stance_needs_its_party(negotiation, report, user):
    with pytest.raises(AnnotationError, match="needs the party"):
        do_annotate_statement(report, user=user, changes={"reported_party": None}, expected_version=0)

    assert not AnnotationRevision.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("reported_stance", "thrilled", "Unknown reported stance"), ("reported_target", "The moon", "not an issue")],
)
def test_unknown_reported_values_are_refused(negotiation, report, user, field, value, message):
    with pytest.raises(AnnotationError, match=message):
        do_annotate_statement(report, user=user, changes={field: value}, expected_version=0)


def test_a_statement_added_by_hand_can_carry_a_reported_stance(negotiation, user):
    article = make_article(negotiation, text=REPORT)

    added = do_add_statement(
        article,
        user=user,
        start=0,
        end=len(REPORT),
        kind=Statement.Kind.INDIRECT,
        party=party(negotiation, "River Commission"),
        reported_party=party(negotiation, "Sudmark"),
        reported_stance=Stance.CONDITIONAL,
        reported_target=FORMULA,
    )

    assert answer(negotiation, FORMULA, "Sudmark") == "conditional"
    created = AnnotationRevision.objects.get(statement=added).new_value
    assert (created["reported_party"], created["reported_stance"], created["reported_target"]) == (
        "Sudmark",
        "conditional",
        FORMULA,
    )


def test_merging_a_proposal_renames_a_persons_reported_target(negotiation, report, user):
    found = Proposal.objects.create(negotiation=negotiation, name="A Commission text", origin=Proposal.Origin.ARTICLE)
    do_annotate_statement(report, user=user, changes={"reported_target": found.name}, expected_version=0)
    assert answer(negotiation, found.name, "Sudmark") == "accepted"

    do_merge_proposals(found, Proposal.objects.get(negotiation=negotiation, name=FORMULA))

    assert StatementAnnotation.objects.get(statement=report).reported_target == FORMULA
    assert answer(negotiation, FORMULA, "Sudmark") == "accepted"


# --- a person's reported stance is clear -----------------------------------------------------------


def answer_cell(negotiation, proposal: str, who: str):
    row = next(row for row in proposal_matrix(negotiation).rows if row.proposal.name == proposal)
    return next(cell for cell in row.cells if cell.party.name == who)


def grid_cell(negotiation, who: str, issue: str):
    row = next(row for row in position_grid(negotiation).rows if row.party.name == who)
    return next(cell for i, cell in row.pairs if i.name == issue)


@pytest.fixture
def unsure(report, settings) -> Statement:
    """The report, read with a confidence below the threshold: Sudmark's answer is unclear."""
    settings.PARLEY_STANCE_THRESHOLD = 0.6
    report.stance_confidence = 0.3
    report.save()
    placed_again(report.article.negotiation)
    return report


def test_a_reported_stance_a_person_set_is_clear_in_the_matrix(negotiation, unsure, user):
    assert answer_cell(negotiation, FORMULA, "Sudmark").unclear

    do_annotate_statement(unsure, user=user, changes={"reported_stance": Stance.REJECTS}, expected_version=0)

    sudmark = answer_cell(negotiation, FORMULA, "Sudmark")
    assert sudmark.answer == "rejected" and not sudmark.unclear
    assert sudmark.latest.evidence.clear


def test_a_reported_stance_a_person_set_is_clear_in_the_grid(negotiation, unsure, user):
    changes = {"reported_party": party(negotiation, "Norland"), "reported_target": DAM}

    # Only the party and target moved: the stance is still the extractor's unsure "accepts".
    do_annotate_statement(unsure, user=user, changes=changes, expected_version=0)
    assert grid_cell(negotiation, "Norland", DAM).unclear

    do_annotate_statement(unsure, user=user, changes={"reported_stance": Stance.OPPOSES}, expected_version=1)
    norland = grid_cell(negotiation, "Norland", DAM)
    assert norland.stance == Stance.OPPOSES and not norland.unclear


def test_the_speakers_stance_set_by_a_person_leaves_the_reported_one_unclear(negotiation, unsure, user):
    # A person vouches for the Commission's own support, not for the envoy's account of Sudmark.
    changes = {"stance": Stance.SUPPORTS, "target": FORMULA}
    do_annotate_statement(unsure, user=user, changes=changes, expected_version=0)

    assert not answer_cell(negotiation, FORMULA, "River Commission").unclear
    assert answer_cell(negotiation, FORMULA, "Sudmark").unclear


def test_a_statement_confirmed_as_read_is_clear(negotiation, unsure, user):
    # The review queue's "c": the statement leaves the queue, so its answer must not stay unclear.
    do_set_status(unsure, user=user, status=StatementAnnotation.Status.CONFIRMED, expected_version=0)

    sudmark = answer_cell(negotiation, FORMULA, "Sudmark")
    assert sudmark.answer == "accepted" and not sudmark.unclear
