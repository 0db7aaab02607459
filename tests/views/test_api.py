"""The read-only JSON API: statements with the timeline's filters, positions, proposals."""

import json
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from negotiations import api
from negotiations.models import Stance, Statement, StatementAnnotation
from negotiations.services.export import FIELDS, statement_row
from tests.helpers import annotate, make_article, make_negotiation, make_statement
from tests.views.helpers import build_talks, visible

pytestmark = pytest.mark.django_db

Status = StatementAnnotation.Status
FORMULA = "Commission flow formula"
REFUSAL = "Norland will not accept the Kell dam."
DEMAND = "Norland demands that the Kell dam be torn down."
DATA = "Wir teilen die Pegeldaten – gern."


@pytest.fixture
def talks(negotiation):
    """Norland rejects the Kell dam (1 April), then demands it go (5 April); Sudmark, in German,
    shares gauge data and accepts the formula."""
    first = make_article(negotiation, title="Norland says no", text=REFUSAL, published=date(2025, 4, 2))
    second = make_article(negotiation, title="Norland hardens", text=f"{DEMAND} {DATA}", published=date(2025, 4, 6))
    common = {"speaker": "Ilse Varga", "party": "Norland", "target": "Kell dam", "issues": ("Kell dam",)}
    rejects = make_statement(first, REFUSAL, said_on=date(2025, 4, 1), stance=Stance.REJECTS, **common)
    demands = make_statement(second, DEMAND, said_on=date(2025, 4, 5), stance=Stance.DEMANDS, **common)
    data = make_statement(
        second,
        DATA,
        speaker="Tomas Brell",
        party="Sudmark",
        issues=("Data sharing",),
        stance=Stance.ACCEPTS,
        target=FORMULA,
    )
    return rejects, demands, data


def get(client, name: str, negotiation, query: str = "", status: int = 200) -> dict:
    response = client.get(reverse(name, args=[negotiation.slug]) + (f"?{query}" if query else ""))
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def ids(answer: dict) -> list[int]:
    return [row["id"] for row in answer["results"]]


def test_the_index_lists_the_endpoints(client, negotiation):
    answer = get(client, "api_index", negotiation)

    assert answer["negotiation"] == {
        "slug": "arven-river",
        "title": "Arven river water-sharing talks",
        "url": "http://testserver/n/arven-river/",
    }
    assert answer["endpoints"] == {
        "statements": "http://testserver/api/n/arven-river/statements/",
        "positions": "http://testserver/api/n/arven-river/positions/",
        "changes": "http://testserver/api/n/arven-river/changes/",
        "proposals": "http://testserver/api/n/arven-river/proposals/",
        "claims": "http://testserver/api/n/arven-river/claims/",
    }
    assert answer["feed"] == "http://testserver/n/arven-river/feed/"
    assert answer["downloads"]["positions_csv"] == "http://testserver/n/arven-river/positions.csv"


# --- statements --------------------------------------------------------------------------------


def test_statements_are_the_export_rows_newest_first_without_rejected_ones(client, negotiation, talks):
    rejects, demands, data = talks
    annotate(rejects, Status.REJECTED)
    annotate(data, speaker="Tomas Brell, Foreign Minister", party="Norland")

    answer = get(client, "api_statements", negotiation)

    assert [answer[key] for key in ("count", "page", "pages", "next", "previous")] == [2, 1, 1, None, None]
    # Data's day is its article's, 6 April: after the demand of the 5th.
    assert ids(answer) == [data.pk, demands.pk]
    assert answer["results"][0] == statement_row(Statement.objects.for_display().get(pk=data.pk))
    assert set(answer["results"][0]) == set(FIELDS)
    first = answer["results"][0]
    assert (first["speaker"], first["party"]) == ("Tomas Brell, Foreign Minister", "Norland")


def test_statements_take_the_timelines_filters_on_effective_values(client, negotiation, talks):
    rejects, demands, data = talks
    annotate(data, party="Norland", issues=("Kell dam",))
    norland, sudmark = negotiation.parties.get(name="Norland"), negotiation.parties.get(name="Sudmark")
    dam = negotiation.issues.get(name="Kell dam")

    assert ids(get(client, "api_statements", negotiation, f"party={norland.pk}")) == [data.pk, demands.pk, rejects.pk]
    assert ids(get(client, "api_statements", negotiation, f"party={sudmark.pk}")) == []
    assert ids(get(client, "api_statements", negotiation, f"issue={dam.pk}&order=oldest")) == [
        rejects.pk,
        demands.pk,
        data.pk,
    ]
    assert ids(get(client, "api_statements", negotiation, "stance=demands")) == [demands.pk]
    assert ids(get(client, "api_statements", negotiation, "q=Pegeldaten")) == [data.pk]
    assert ids(get(client, "api_statements", negotiation, "date_to=2025-04-02")) == [rejects.pk]
    # As on the timeline, a bad value drops that filter only.
    assert ids(get(client, "api_statements", negotiation, "stance=demands&party=abc")) == [demands.pk]


def test_rejected_statements_only_when_asked_for(client, negotiation, talks):
    rejects, _, _ = talks
    annotate(rejects, Status.REJECTED, note="not a statement")

    answer = get(client, "api_statements", negotiation, "review=rejected")

    assert ids(answer) == [rejects.pk]
    assert (answer["results"][0]["status"], answer["results"][0]["note"]) == ("rejected", "not a statement")


def test_statements_come_a_hundred_to_a_page_with_links_keeping_the_filters(client, negotiation, annotator):
    build_talks(negotiation, 260, user=annotator)
    total = visible(260)
    assert api.PAGE_SIZE == 100 and 200 < total <= 300

    first = get(client, "api_statements", negotiation, "order=oldest")
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()

    assert (first["count"], first["pages"], len(first["results"]), first["previous"]) == (total, 3, 100, None)
    assert urlsplit(first["next"])[:3] == ("http", "testserver", "/api/n/arven-river/statements/")
    assert parse_qs(urlsplit(first["next"]).query) == {"order": ["oldest"], "page": ["2"]}
    assert parse_qs(urlsplit(second["previous"]).query) == {"order": ["oldest"], "page": ["1"]}
    assert (second["page"], len(second["results"])) == (2, 100)
    assert (third["page"], len(third["results"]), third["next"]) == (3, total - 200, None)
    every = ids(first) + ids(second) + ids(third)
    assert len(set(every)) == total


def test_a_bad_page_is_400_and_a_page_past_the_end_404(client, negotiation, talks):
    assert get(client, "api_statements", negotiation, "page=two", status=400) == {
        "error": "page must be a number; got 'two'."
    }
    assert get(client, "api_statements", negotiation, "page=9", status=404) == {"error": "No page 9: there are 1."}


# --- positions and proposals -------------------------------------------------------------------


def test_positions_as_of_a_day_for_a_party_and_an_issue(client, negotiation, talks):
    rejects, demands, _ = talks
    norland, dam = negotiation.parties.get(name="Norland"), negotiation.issues.get(name="Kell dam")

    answer = get(client, "api_positions", negotiation)
    assert (answer["as_of"], len(answer["results"])) == (None, 9)

    one = get(client, "api_positions", negotiation, f"party={norland.pk}&issue={dam.pk}")
    assert [(r["party"], r["issue"], r["stance"], r["change_count"]) for r in one["results"]] == [
        ("Norland", "Kell dam", "demands", 1)
    ]
    assert one["results"][0]["last_change"]["before"] == {
        "stance": "rejects",
        "statement_id": rejects.pk,
        "day": "2025-04-01",
    }
    # The whole history is a link away, paginated.
    changes = client.get(one["results"][0]["changes_url"]).json()
    assert (changes["count"], changes["next"]) == (1, None)
    assert changes["results"] == [
        {
            "party_id": norland.pk,
            "party": "Norland",
            "issue_id": dam.pk,
            "issue": "Kell dam",
            "day": "2025-04-05",
            "before": {"stance": "rejects", "statement_id": rejects.pk, "day": "2025-04-01"},
            "after": {"stance": "demands", "statement_id": demands.pk, "day": "2025-04-05"},
        }
    ]

    earlier = get(client, "api_positions", negotiation, f"as_of=2025-04-04&issue={dam.pk}")
    assert earlier["as_of"] == "2025-04-04"
    assert [(r["party"], r["stance"]) for r in earlier["results"]] == [
        ("Norland", "rejects"),
        ("Sudmark", None),
        ("River Commission", None),
    ]


def test_positions_answer_a_bad_day_or_id_400_and_an_unknown_one_404(client, negotiation):
    other = make_negotiation(slug="other-talks", title="Other talks")

    assert "as_of must be a day" in get(client, "api_positions", negotiation, "as_of=yesterday", status=400)["error"]
    assert "party must be a number" in get(client, "api_positions", negotiation, "party=Norland", status=400)["error"]
    theirs = other.parties.first().pk
    assert get(client, "api_positions", negotiation, f"party={theirs}", status=404) == {
        "error": f"No party {theirs} in this negotiation."
    }
    assert get(client, "api_positions", negotiation, "issue=999999", status=404) == {
        "error": "No issue 999999 in this negotiation."
    }


def test_proposals_answer_per_party_with_claims(client, negotiation, talks):
    _, _, data = talks

    rows = get(client, "api_proposals", negotiation)["results"]

    assert [(r["proposal"], r["party"], r["answer"], r["claim_count"]) for r in rows] == [
        (FORMULA, "Norland", "", 0),
        (FORMULA, "Sudmark", "accepted", 1),
        (FORMULA, "River Commission", "", 0),
    ]
    claims = client.get(rows[1]["claims_url"]).json()
    assert (claims["count"], claims["page"], claims["next"]) == (1, 1, None)
    assert claims["results"] == [
        {
            "answer": "accepted",
            "statement_id": data.pk,
            "speaker": "Tomas Brell",
            "day": "2025-04-06",
            "reported": False,
        }
    ]
    assert client.get(rows[0]["claims_url"]).json()["results"] == []


def test_changes_come_newest_first_a_page_at_a_time(client, negotiation, monkeypatch):
    # Pages of 3 rather than 100, so that a few statements make a second page.
    monkeypatch.setattr("negotiations.api.PAGE_SIZE", 3)
    norland, dam = negotiation.parties.get(name="Norland"), negotiation.issues.get(name="Kell dam")
    article = make_article(negotiation, title="Back and forth", text=REFUSAL, published=date(2025, 6, 1))
    made = [
        make_statement(
            article,
            REFUSAL,
            speaker="Ilse Varga",
            party="Norland",
            said_on=date(2025, 1, 1 + day),
            stance=Stance.REJECTS if day % 2 else Stance.DEMANDS,
            target="Kell dam",
        )
        for day in range(5)
    ]

    first = get(client, "api_changes", negotiation, f"party={norland.pk}&issue={dam.pk}")
    second = client.get(first["next"]).json()

    assert (first["count"], first["pages"], second["next"]) == (4, 2, None)
    rows = first["results"] + second["results"]
    assert [row["day"] for row in rows] == ["2025-01-05", "2025-01-04", "2025-01-03", "2025-01-02"]
    assert [(row["before"]["statement_id"], row["after"]["statement_id"]) for row in rows] == [
        (made[3].pk, made[4].pk),
        (made[2].pk, made[3].pk),
        (made[1].pk, made[2].pk),
        (made[0].pk, made[1].pk),
    ]
    assert (
        get(client, "api_changes", negotiation, f"issue={negotiation.issues.get(name='Data sharing').pk}")["results"]
        == []
    )


def test_changes_and_claims_answer_a_bad_or_unknown_id(client, negotiation):
    assert "party must be a number" in get(client, "api_changes", negotiation, "party=x", status=400)["error"]
    assert get(client, "api_changes", negotiation, "issue=999999", status=404) == {
        "error": "No issue 999999 in this negotiation."
    }
    assert "proposal and party are both needed" in get(client, "api_claims", negotiation, status=400)["error"]
    norland = negotiation.parties.get(name="Norland")
    assert get(client, "api_claims", negotiation, f"proposal=999999&party={norland.pk}", status=404) == {
        "error": "No proposal 999999 in this negotiation."
    }


# --- the HTTP side -----------------------------------------------------------------------------

ENDPOINTS = ["api_index", "api_statements", "api_positions", "api_changes", "api_proposals"]


@pytest.mark.parametrize("name", ENDPOINTS)
def test_read_only_and_unknown_negotiation_is_404_json(client, negotiation, name):
    here = reverse(name, args=[negotiation.slug])

    assert client.post(here).status_code == 405
    assert client.head(here).status_code == 200
    response = client.get(reverse(name, args=["nowhere"]))
    assert response.status_code == 404
    assert response.json() == {"error": "No negotiation 'nowhere'."}


def test_text_is_utf8_not_escaped(client, negotiation, talks):
    response = client.get(reverse("api_statements", args=[negotiation.slug]))

    assert DATA.encode() in response.content
    assert b"\\u2013" not in response.content


@pytest.mark.parametrize("size", [3, 25])
def test_the_query_count_does_not_grow_with_the_statements(
    client, negotiation, annotator, size, django_assert_num_queries, django_assert_max_num_queries
):
    build_talks(negotiation, size, user=annotator)

    # The negotiation; the filter form's parties, actors, issues and proposals; the count; the
    # page's ids, its statements and the issues readers see.
    with django_assert_num_queries(9):
        get(client, "api_statements", negotiation, "order=oldest")
    # The negotiation; the grid's issues, parties, stored last rows, their statements, the days
    # of change; the runs' rows.
    with django_assert_num_queries(7):
        get(client, "api_positions", negotiation)
    # The negotiation; parties; proposals and their aliases; stored heads and answers, their
    # statements; the statements per proposal.
    with django_assert_num_queries(7):
        get(client, "api_proposals", negotiation)
    norland, dam = negotiation.parties.get(name="Norland"), negotiation.issues.get(name="Kell dam")
    proposal = negotiation.proposals.first()
    # The negotiation; the party and the issue (or proposal); the count; the page (none when
    # the cell has no rows).
    with django_assert_max_num_queries(5):
        get(client, "api_changes", negotiation, f"party={norland.pk}&issue={dam.pk}")
    with django_assert_max_num_queries(5):
        get(client, "api_claims", negotiation, f"proposal={proposal.pk}&party={norland.pk}")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        # Before: a 1,000-word search was a 500 on SQLite, answered as an HTML page.
        ("q=" + "+".join(["dam"] * 1000), "q: search for at most 12 words; got 1000."),
        ("q=" + "+".join(["dam"] * 13), "q: search for at most 12 words; got 13."),
        ("q=" + "d" * 201, "q: search for at most 200 characters; got 201."),
    ],
)
def test_a_search_too_long_is_400_json(client, negotiation, talks, query, message):
    assert get(client, "api_statements", negotiation, query, status=400) == {"error": message}


def test_a_search_of_twelve_words_is_answered(client, negotiation, talks):
    rejects, demands, _ = talks

    answer = get(client, "api_statements", negotiation, "q=" + "+".join(["Kell"] * 11 + ["Norland"]))

    assert ids(answer) == [demands.pk, rejects.pk]


def test_an_unexpected_error_is_500_json(client, negotiation, talks, monkeypatch):
    def broken(statement):
        raise RuntimeError("a bug")

    monkeypatch.setattr(api, "statement_row", broken)
    client.raise_request_exception = False

    assert get(client, "api_statements", negotiation, status=500) == {
        "error": "Parley failed to answer this request; the error is logged."
    }


def test_an_unknown_address_under_the_api_is_404_json(client, negotiation):
    response = client.get(f"/api/n/{negotiation.slug}/nothing/")

    assert response.status_code == 404
    assert response.json() == {"error": f"No API endpoint at /api/n/{negotiation.slug}/nothing/."}


@pytest.mark.parametrize("name", ENDPOINTS)
def test_post_is_405_json(client, negotiation, name):
    response = client.post(reverse(name, args=[negotiation.slug]))

    assert response.status_code == 405
    assert response.json() == {"error": "Only GET and HEAD: this API is read-only."}
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("name", ENDPOINTS)
def test_with_login_required_anonymous_gets_403_json_not_a_sign_in_page(client, settings, negotiation, name):
    # Before: a 302 to the HTML sign-in page, which a script cannot follow.
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "negotiations.middleware.LoginRequiredMiddleware"]

    response = client.get(reverse(name, args=[negotiation.slug]))

    assert response.status_code == 403
    assert response.json() == {
        "error": "This Parley needs an account: sign in at /accounts/login/ and send the session cookie."
    }
    assert client.get(f"/api/n/{negotiation.slug}/nothing/").status_code == 403


def test_with_login_required_a_signed_in_reader_gets_the_api(reader_client, settings, negotiation):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "negotiations.middleware.LoginRequiredMiddleware"]

    response = reader_client.get(reverse("api_index", args=[negotiation.slug]))

    assert response.status_code == 200 and response.json()["negotiation"]["slug"] == negotiation.slug
