"""Downloads of the positions grid (as of a day) and the proposals matrix, as CSV and JSON."""

import csv
import io
import json
from datetime import date

import pytest
from django.urls import reverse

from negotiations.models import Stance, StatementAnnotation
from negotiations.services.reports import POSITION_FIELDS, PROPOSAL_FIELDS
from tests.helpers import annotate, make_article, make_statement
from tests.views.helpers import build_talks

pytestmark = pytest.mark.django_db

Status = StatementAnnotation.Status
FORMULA = "Commission flow formula"
REFUSAL = "Norland will not accept the Kell dam."
DEMAND = "Norland demands that the Kell dam be torn down."
ANSWER = "Sudmark turned the formula down."
ACCOUNT = "Ferreira said Sudmark had accepted it."


@pytest.fixture
def talks(negotiation):
    """Norland rejects the Kell dam (1 April), then demands it go (5 April); Sudmark rejects the
    formula (3 April) while the envoy says it accepted (5 April)."""
    first = make_article(negotiation, title="Norland says no", text=REFUSAL, published=date(2025, 4, 2))
    second = make_article(negotiation, title="Talks", text=f"{DEMAND} {ANSWER} {ACCOUNT}", published=date(2025, 4, 6))
    common = {"speaker": "Ilse Varga", "party": "Norland", "target": "Kell dam"}
    rejects = make_statement(first, REFUSAL, said_on=date(2025, 4, 1), stance=Stance.REJECTS, **common)
    demands = make_statement(second, DEMAND, said_on=date(2025, 4, 5), stance=Stance.DEMANDS, **common)
    answer = make_statement(
        second,
        ANSWER,
        speaker="Tomas Brell",
        party="Sudmark",
        said_on=date(2025, 4, 3),
        stance="rejects",
        target=FORMULA,
    )
    account = make_statement(
        second, ACCOUNT, speaker="Ana Ferreira", party="River Commission", reported=("Sudmark", "accepts", FORMULA)
    )
    return rejects, demands, answer, account


def url(name: str, negotiation, query: str = "") -> str:
    return reverse(name, args=[negotiation.slug]) + (f"?{query}" if query else "")


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode(), newline="")))


def row_of(rows, party: str, issue: str) -> dict:
    return next(row for row in rows if row["party"] == party and row["issue"] == issue)


def test_positions_csv_is_a_download_with_a_row_per_cell(client, negotiation, talks):
    rejects, demands, _, _ = talks

    response = client.get(url("positions_csv", negotiation))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="arven-river-positions.csv"'
    rows = csv_rows(response)
    assert tuple(rows[0]) == POSITION_FIELDS
    assert len(rows) == 3 * 3
    dam = row_of(rows, "Norland", "Kell dam")
    assert (dam["stance"], dam["since"], dam["statement_id"], dam["speaker"], dam["text"]) == (
        "demands",
        "2025-04-05",
        str(demands.pk),
        "Ilse Varga",
        DEMAND,
    )
    assert (dam["statement_ids"], dam["change_count"]) == (str(demands.pk), "1")
    assert dam["last_change"] == f"2025-04-05: rejects (#{rejects.pk}) → demands (#{demands.pk})"
    assert row_of(rows, "Sudmark", "Kell dam")["stance"] == ""


def test_positions_json_nests_the_last_change(client, negotiation, talks):
    rejects, demands, _, _ = talks

    response = client.get(url("positions_json", negotiation))

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="arven-river-positions.json"'
    rows = json.loads(response.content)
    dam = row_of(rows, "Norland", "Kell dam")
    assert dam["last_change"] == {
        "day": "2025-04-05",
        "before": {"stance": "rejects", "statement_id": rejects.pk, "day": "2025-04-01"},
        "after": {"stance": "demands", "statement_id": demands.pk, "day": "2025-04-05"},
    }
    assert row_of(rows, "Sudmark", "Kell dam")["stance"] is None


def test_positions_as_of_a_day_and_after_corrections(client, negotiation, talks):
    rejects, demands, _, _ = talks

    response = client.get(url("positions_json", negotiation, "as_of=2025-04-04"))

    assert response["Content-Disposition"] == 'attachment; filename="arven-river-positions-2025-04-04.json"'
    dam = row_of(json.loads(response.content), "Norland", "Kell dam")
    assert (dam["stance"], dam["statement_id"], dam["last_change"]) == ("rejects", rejects.pk, None)

    annotate(demands, Status.REJECTED)
    dam = row_of(csv_rows(client.get(url("positions_csv", negotiation))), "Norland", "Kell dam")
    assert (dam["stance"], dam["statement_ids"], dam["last_change"]) == ("rejects", str(rejects.pk), "")


def test_an_empty_as_of_is_today(client, negotiation, talks):
    rows = json.loads(client.get(url("positions_json", negotiation, "as_of=")).content)

    assert row_of(rows, "Norland", "Kell dam")["stance"] == "demands"


@pytest.mark.parametrize("name", ["positions_csv", "positions_json"])
def test_a_bad_day_is_400_with_a_message(client, negotiation, name):
    response = client.get(url(name, negotiation, "as_of=5+April"))

    assert response.status_code == 400
    assert "as_of must be a day as YYYY-MM-DD" in response.content.decode()
    assert "'5 April'" in response.content.decode()


def test_proposals_csv_has_a_row_per_proposal_and_party(client, negotiation, talks):
    _, _, answer, account = talks

    response = client.get(url("proposals_csv", negotiation))

    assert response["Content-Disposition"] == 'attachment; filename="arven-river-proposals.csv"'
    rows = csv_rows(response)
    assert tuple(rows[0]) == PROPOSAL_FIELDS
    assert [row["party"] for row in rows] == ["Norland", "Sudmark", "River Commission"]
    sudmark = rows[1]
    assert {k: sudmark[k] for k in ("proposal", "proposed_by", "proposed_on", "answer", "answered_on")} == {
        "proposal": FORMULA,
        "proposed_by": "River Commission",
        "proposed_on": "2025-03-10",
        "answer": "accepted",
        "answered_on": "2025-04-06",
    }
    assert (sudmark["answered_by_speaker"], sudmark["statement_id"]) == ("Ana Ferreira", str(account.pk))
    assert (sudmark["reported"], sudmark["contradicted"]) == ("true", "true")
    assert (sudmark["claim_count"], rows[0]["claim_count"]) == ("2", "0")
    assert (rows[0]["answer"], rows[0]["statement_id"], rows[0]["reported"]) == ("", "", "false")


def test_proposals_json_counts_the_claims(client, negotiation, talks):
    _, _, answer, account = talks
    annotate(account, Status.REJECTED)

    response = client.get(url("proposals_json", negotiation))

    assert response["Content-Disposition"] == 'attachment; filename="arven-river-proposals.json"'
    sudmark = json.loads(response.content)[1]
    assert (sudmark["answer"], sudmark["statement_id"], sudmark["claim_count"]) == ("rejected", answer.pk, 1)


@pytest.mark.parametrize("name", ["positions_csv", "positions_json", "proposals_csv", "proposals_json"])
def test_unknown_negotiation_is_404_and_post_is_405(client, negotiation, name):
    assert client.get(reverse(name, args=["nowhere"])).status_code == 404
    assert client.post(url(name, negotiation)).status_code == 405
    assert client.head(url(name, negotiation)).status_code == 200


@pytest.mark.parametrize("size", [3, 25])
def test_the_query_count_does_not_grow_with_the_statements(
    client, negotiation, annotator, size, django_assert_num_queries
):
    build_talks(negotiation, size, user=annotator)

    # The negotiation; the grid's issues, parties, stored last rows, their statements, the days
    # of change; the runs' rows.
    for name in ("positions_csv", "positions_json"):
        with django_assert_num_queries(7):
            assert client.get(url(name, negotiation, "as_of=2025-03-04")).status_code == 200
    # The negotiation; parties; proposals and their aliases; stored heads and answers, their
    # statements; the statements per proposal.
    for name in ("proposals_csv", "proposals_json"):
        with django_assert_num_queries(7):
            assert client.get(url(name, negotiation)).status_code == 200


def test_csv_downloads_quote_cells_a_spreadsheet_would_run_as_formulas(client, negotiation, talks):
    # A person's words go into the downloads as they are typed: "=1+1" must stay text there.
    rejects, demands, answer, account = talks
    annotate(demands, speaker='=HYPERLINK("http://evil.example")')
    annotate(account, speaker="@SUM(1+1)")

    positions = csv_rows(client.get(url("positions_csv", negotiation)))
    proposals = csv_rows(client.get(url("proposals_csv", negotiation)))

    assert row_of(positions, "Norland", "Kell dam")["speaker"] == '\'=HYPERLINK("http://evil.example")'
    assert proposals[1]["answered_by_speaker"] == "'@SUM(1+1)"
    assert row_of(positions, "Norland", "Kell dam")["statement_id"] == str(demands.pk)
