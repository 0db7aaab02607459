"""The report rows: positions and proposals as plain data, flattened to CSV, and the feeds' news."""

import csv
import io
from datetime import date

import pytest

from negotiations.models import Stance, StatementAnnotation
from negotiations.services.positions import position_grid
from negotiations.services.proposals import proposal_matrix
from negotiations.services.reports import (
    POSITION_FIELDS,
    PROPOSAL_FIELDS,
    NotFound,
    ReportError,
    claim_row,
    claim_rows,
    csv_text,
    latest_news,
    parse_day,
    parse_id,
    position_rows,
    proposal_rows,
)
from tests.helpers import annotate, make_article, make_statement, placed_again

pytestmark = pytest.mark.django_db

Status = StatementAnnotation.Status
FORMULA = "Commission flow formula"
REFUSAL = "Norland will not accept the Kell dam."
DEMAND = "Norland demands that the Kell dam be torn down."


@pytest.fixture
def shift(negotiation):
    """Norland rejects the Kell dam on 1 April and demands it go on 5 April: one change."""
    first = make_article(negotiation, title="Norland says no", text=REFUSAL, published=date(2025, 4, 2))
    second = make_article(negotiation, title="Norland hardens", text=DEMAND, published=date(2025, 4, 6))
    rejects = make_statement(
        first,
        REFUSAL,
        speaker="Ilse Varga",
        party="Norland",
        said_on=date(2025, 4, 1),
        stance=Stance.REJECTS,
        target="Kell dam",
    )
    demands = make_statement(
        second,
        DEMAND,
        speaker="Ilse Varga",
        party="Norland",
        said_on=date(2025, 4, 5),
        stance=Stance.DEMANDS,
        target="Kell dam",
    )
    return rejects, demands


def row_of(rows, party: str, issue: str) -> dict:
    return next(row for row in rows if row["party"] == party and row["issue"] == issue)


# --- positions ---------------------------------------------------------------------------------


def test_a_row_per_party_and_issue_with_the_latest_statement_and_the_change(negotiation, shift):
    rejects, demands = shift

    rows = position_rows(position_grid(negotiation))

    assert [(row["party"], row["issue"]) for row in rows] == [
        (party, issue)
        for party in ("Norland", "Sudmark", "River Commission")
        for issue in ("Dry-season flow", "Kell dam", "Data sharing")
    ]
    assert set(rows[0]) == set(POSITION_FIELDS)
    dam = row_of(rows, "Norland", "Kell dam")
    assert dam == {
        "party_id": negotiation.parties.get(name="Norland").pk,
        "party": "Norland",
        "party_kind": "party",
        "issue_id": negotiation.issues.get(name="Kell dam").pk,
        "issue": "Kell dam",
        "stance": "demands",
        "since": "2025-04-05",
        "statement_id": demands.pk,
        "speaker": "Ilse Varga",
        "said_on": "2025-04-05",
        "text": DEMAND,
        "statement_ids": [demands.pk],
        "change_count": 1,
        "last_change": {
            "day": "2025-04-05",
            "before": {"stance": "rejects", "statement_id": rejects.pk, "day": "2025-04-01"},
            "after": {"stance": "demands", "statement_id": demands.pk, "day": "2025-04-05"},
        },
    }
    assert row_of(rows, "River Commission", "Kell dam")["party_kind"] == "mediator"
    empty = row_of(rows, "Sudmark", "Kell dam")
    assert (empty["stance"], empty["statement_id"], empty["statement_ids"], empty["last_change"]) == (
        None,
        None,
        [],
        None,
    )


def annotate_status(statement, status):
    # The statement is annotated already: a person's later review changes the same row.
    StatementAnnotation.objects.filter(statement=statement).update(status=status)
    placed_again(statement.article.negotiation)


def test_a_persons_correction_and_rejection_decide_the_position(negotiation, shift):
    rejects, demands = shift
    annotate(demands, stance=Stance.REJECTS, speaker="Ilse Varga, Water Minister")

    dam = row_of(position_rows(position_grid(negotiation)), "Norland", "Kell dam")

    assert (dam["stance"], dam["since"], dam["speaker"]) == ("rejects", "2025-04-01", "Ilse Varga, Water Minister")
    assert dam["statement_ids"] == [rejects.pk, demands.pk]
    assert dam["last_change"] is None

    annotate_status(demands, Status.REJECTED)
    dam = row_of(position_rows(position_grid(negotiation)), "Norland", "Kell dam")
    assert dam["statement_ids"] == [rejects.pk]


def test_as_of_replays_the_position_before_the_change(negotiation, shift):
    rejects, _ = shift

    dam = row_of(position_rows(position_grid(negotiation, date(2025, 4, 4))), "Norland", "Kell dam")

    assert (dam["stance"], dam["statement_id"], dam["change_count"]) == ("rejects", rejects.pk, 0)


def test_rows_of_one_party_or_one_issue(negotiation, shift):
    grid = position_grid(negotiation)
    norland = grid.parties[0].party
    dam = grid.issues[1]

    assert {row["issue"] for row in position_rows(grid, party=norland.pk)} == {
        "Dry-season flow",
        "Kell dam",
        "Data sharing",
    }
    assert {row["party"] for row in position_rows(grid, party=norland.pk)} == {"Norland"}
    assert [(row["party"], row["issue"]) for row in position_rows(grid, party=norland.pk, issue=dam.pk)] == [
        ("Norland", "Kell dam")
    ]
    with pytest.raises(NotFound, match="No party 0"):
        position_rows(grid, party=0)
    with pytest.raises(NotFound, match="No issue 0"):
        position_rows(grid, issue=0)


# --- proposals ---------------------------------------------------------------------------------


@pytest.fixture
def answers(negotiation):
    """Sudmark rejects the formula on 3 April; the Commission's envoy says on 4 April it accepted."""
    article = make_article(
        negotiation,
        text="Sudmark turned the formula down. Ferreira said Sudmark had accepted it.",
        published=date(2025, 4, 4),
    )
    own = make_statement(
        article,
        "Sudmark turned the formula down.",
        speaker="Tomas Brell",
        party="Sudmark",
        said_on=date(2025, 4, 3),
        stance=Stance.REJECTS,
        target=FORMULA,
    )
    reported = make_statement(
        article,
        "Ferreira said Sudmark had accepted it.",
        speaker="Ana Ferreira",
        party="River Commission",
        reported=("Sudmark", "accepts", FORMULA),
    )
    return own, reported


def test_a_row_per_proposal_and_party_with_the_answer_and_its_claims(negotiation, answers):
    own, reported = answers

    rows = proposal_rows(proposal_matrix(negotiation))

    assert [row["party"] for row in rows] == ["Norland", "Sudmark", "River Commission"]
    sudmark = rows[1]
    assert {key: sudmark[key] for key in PROPOSAL_FIELDS if not key.endswith("_id")} == {
        "proposal": FORMULA,
        "proposed_by": "River Commission",
        "proposed_on": "2025-03-10",
        "party": "Sudmark",
        # The envoy's account is the latest: 4 April, after Sudmark's own word of the 3rd.
        "answer": "accepted",
        "answered_on": "2025-04-04",
        "answered_by_speaker": "Ana Ferreira",
        "reported": True,
        "contradicted": True,
        "claim_count": 2,
    }
    assert sudmark["statement_id"] == reported.pk
    assert [claim_row(row) for row in claim_rows(sudmark["proposal_id"], sudmark["party_id"])] == [
        {
            "answer": "rejected",
            "statement_id": own.pk,
            "speaker": "Tomas Brell",
            "day": "2025-04-03",
            "reported": False,
        },
        {
            "answer": "accepted",
            "statement_id": reported.pk,
            "speaker": "Ana Ferreira",
            "day": "2025-04-04",
            "reported": True,
        },
    ]
    norland = rows[0]
    assert [
        norland[key] for key in ("answer", "answered_on", "statement_id", "claim_count", "reported", "contradicted")
    ] == [
        *("", None, None, 0),
        *(False, False),
    ]


def test_a_rejected_claim_leaves_the_answer(negotiation, answers):
    own, reported = answers
    annotate(reported, Status.REJECTED)

    sudmark = proposal_rows(proposal_matrix(negotiation))[1]

    assert (sudmark["answer"], sudmark["statement_id"], sudmark["contradicted"]) == ("rejected", own.pk, False)
    assert [claim["statement_id"] for claim in claim_rows(sudmark["proposal_id"], sudmark["party_id"])] == [own.pk]


# --- CSV and parsing ---------------------------------------------------------------------------


def test_csv_is_flat(negotiation, shift):
    rejects, demands = shift
    rows = position_rows(position_grid(negotiation))

    parsed = list(csv.DictReader(io.StringIO(csv_text(rows, POSITION_FIELDS), newline="")))

    dam = row_of(parsed, "Norland", "Kell dam")
    assert dam["statement_ids"] == str(demands.pk)
    assert dam["last_change"] == f"2025-04-05: rejects (#{rejects.pk}) → demands (#{demands.pk})"
    empty = row_of(parsed, "Sudmark", "Kell dam")
    assert (empty["stance"], empty["statement_ids"], empty["change_count"]) == ("", "", "0")


def test_csv_joins_lists_and_writes_booleans():
    text = csv_text([{"ids": [1, 2], "flag": True, "none": None}], ("ids", "flag", "none"))

    assert text.splitlines() == ["ids,flag,none", "1; 2,true,"]


def test_parse_day_and_id():
    assert parse_day("2025-04-02") == date(2025, 4, 2)
    assert parse_day("") is None and parse_day(None) is None
    with pytest.raises(ReportError, match=r"as_of must be a day as YYYY-MM-DD.*'2 April'"):
        parse_day("2 April")
    assert parse_id("party", "12") == 12 and parse_id("party", "") is None
    with pytest.raises(ReportError, match="party must be a number"):
        parse_id("party", "Norland")


# --- news for the feeds ------------------------------------------------------------------------


def test_news_is_newest_first_by_when_parley_learnt_of_it(negotiation, shift):
    rejects, demands = shift
    # Said before the others, but only found now: it is the newest news.
    late = make_article(negotiation, title="An old quote", text="Brell spoke of data.", published=date(2025, 3, 1))
    old_quote = make_statement(late, "Brell spoke of data.", speaker="Tomas Brell", party="Sudmark")

    news = latest_news(negotiation)

    assert [(item.statement.pk, item.change is not None) for item in news] == [
        (old_quote.pk, False),
        (demands.pk, True),
        (demands.pk, False),
        (rejects.pk, False),
    ]
    change = news[1].change
    assert (change.party.name, change.issue.name, change.before.stance, change.after.stance) == (
        "Norland",
        "Kell dam",
        "rejects",
        "demands",
    )
    assert news[0].known_at == old_quote.created_at


def test_news_leaves_out_rejected_statements_and_follows_corrections(negotiation, shift):
    rejects, demands = shift
    annotate(rejects, Status.REJECTED)
    annotate(demands, party="Sudmark", issues=("Data sharing",))
    sudmark = negotiation.parties.get(name="Sudmark")
    norland = negotiation.parties.get(name="Norland")
    data = negotiation.issues.get(name="Data sharing")
    dam = negotiation.issues.get(name="Kell dam")

    assert [item.statement.pk for item in latest_news(negotiation)] == [demands.pk]
    assert [item.statement.pk for item in latest_news(negotiation, party=sudmark)] == [demands.pk]
    assert latest_news(negotiation, party=norland) == []
    assert [item.statement.pk for item in latest_news(negotiation, issue=data)] == [demands.pk]
    assert latest_news(negotiation, issue=dam) == []


def test_news_of_a_party_or_an_issue_takes_its_changes(negotiation, shift):
    _, demands = shift
    norland = negotiation.parties.get(name="Norland")
    sudmark = negotiation.parties.get(name="Sudmark")
    dam = negotiation.issues.get(name="Kell dam")
    flow = negotiation.issues.get(name="Dry-season flow")

    assert [item.change is not None for item in latest_news(negotiation, party=norland)] == [True, False, False]
    # The statements name no issue: the change, by its target, is the Kell dam's news all the same.
    assert [(item.statement.pk, item.change is not None) for item in latest_news(negotiation, issue=dam)] == [
        (demands.pk, True)
    ]
    assert latest_news(negotiation, party=sudmark) == []
    assert latest_news(negotiation, issue=flow) == []


def test_news_stops_at_the_limit(negotiation, shift):
    assert len(latest_news(negotiation, limit=2)) == 2
