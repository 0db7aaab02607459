"""The Atom feeds of new statements and position changes: a negotiation's, a party's, an issue's."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.urls import reverse

from negotiations.models import Stance, StatementAnnotation
from tests.helpers import annotate, make_article, make_negotiation, make_statement
from tests.views.helpers import build_talks

pytestmark = pytest.mark.django_db

Status = StatementAnnotation.Status
ATOM = "{http://www.w3.org/2005/Atom}"
REFUSAL = "Norland will not accept the Kell dam."
DEMAND = "Norland demands that the Kell dam be torn down."
DATA = "We will share the gauge data."


@pytest.fixture
def talks(negotiation):
    """Norland rejects the Kell dam (1 April), then demands it go (5 April); Sudmark shares data."""
    first = make_article(negotiation, title="Norland says no", text=REFUSAL, published=date(2025, 4, 2))
    second = make_article(negotiation, title="Norland hardens", text=f"{DEMAND} {DATA}", published=date(2025, 4, 6))
    common = {"speaker": "Ilse Varga", "party": "Norland", "target": "Kell dam", "issues": ("Kell dam",)}
    rejects = make_statement(first, REFUSAL, said_on=date(2025, 4, 1), stance=Stance.REJECTS, **common)
    demands = make_statement(second, DEMAND, said_on=date(2025, 4, 5), stance=Stance.DEMANDS, **common)
    data = make_statement(
        second, DATA, speaker="Tomas Brell", party="Sudmark", actor="Tomas Brell", issues=("Data sharing",)
    )
    return rejects, demands, data


def feed(client, name: str, *args) -> ET.Element:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root: ET.Element) -> list[dict]:
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.findtext(f"{ATOM}id"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "published": entry.findtext(f"{ATOM}published"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def statement_url(statement) -> str:
    return "http://testserver" + reverse("statement_detail", args=[statement.article.negotiation.slug, statement.pk])


def test_the_negotiations_feed_has_statements_and_the_change_newest_first(client, negotiation, talks):
    rejects, demands, data = talks
    norland, dam = negotiation.parties.get(name="Norland"), negotiation.issues.get(name="Kell dam")

    root = feed(client, "feed", negotiation.slug)

    assert root.findtext(f"{ATOM}title") == "Arven river water-sharing talks: new statements and position changes"
    assert [(e["title"], e["link"], e["author"]) for e in entries(root)] == [
        ("Tomas Brell (Sudmark) said “We will share the gauge data.”", statement_url(data), "Tomas Brell"),
        (
            "Norland on Kell dam: rejects → demands",
            "http://testserver"
            + reverse("position_cell", args=[negotiation.slug, norland.pk, dam.pk])
            + f"#change-{demands.pk}",
            "Ilse Varga",
        ),
        ("Norland: demands Kell dam", statement_url(demands), "Ilse Varga"),
        ("Norland: rejects Kell dam", statement_url(rejects), "Ilse Varga"),
    ]
    found = entries(root)
    assert len({e["id"] for e in found}) == 4
    assert found[0]["id"] == statement_url(data)
    assert all(e["published"] and e["updated"] for e in found)
    assert "Norland rejects (2025-04-01), now demands" in found[1]["summary"]
    assert DEMAND in found[1]["summary"]


def test_entries_show_what_people_corrected_and_leave_out_what_they_rejected(client, negotiation, talks):
    rejects, demands, data = talks
    annotate(rejects, Status.REJECTED)
    annotate(data, speaker="Tomas Brell, Foreign Minister", stance=Stance.SUPPORTS, target="Data sharing")

    found = entries(feed(client, "feed", negotiation.slug))

    assert [(e["title"], e["author"]) for e in found] == [
        ("Sudmark: supports Data sharing", "Tomas Brell, Foreign Minister"),
        ("Norland: demands Kell dam", "Ilse Varga"),
    ]
    assert statement_url(rejects) not in {e["link"] for e in found}


def test_a_partys_feed_takes_its_statements_by_the_corrected_party_and_its_changes(client, negotiation, talks):
    rejects, demands, data = talks
    annotate(data, party="Norland")
    norland, sudmark = negotiation.parties.get(name="Norland"), negotiation.parties.get(name="Sudmark")

    root = feed(client, "party_feed", negotiation.slug, norland.pk)

    assert root.findtext(f"{ATOM}title").startswith("Norland in Arven river")
    assert [e["title"] for e in entries(root)] == [
        "Tomas Brell (Norland) said “We will share the gauge data.”",
        "Norland on Kell dam: rejects → demands",
        "Norland: demands Kell dam",
        "Norland: rejects Kell dam",
    ]
    assert entries(feed(client, "party_feed", negotiation.slug, sudmark.pk)) == []


def test_an_issues_feed_takes_statements_by_their_corrected_issues_and_its_changes(client, negotiation, talks):
    rejects, demands, data = talks
    annotate(rejects, issues=("Data sharing",))
    dam, data_sharing = negotiation.issues.get(name="Kell dam"), negotiation.issues.get(name="Data sharing")

    assert [e["link"] for e in entries(feed(client, "issue_feed", negotiation.slug, dam.pk))][1:] == [
        statement_url(demands)
    ]
    assert [e["title"] for e in entries(feed(client, "issue_feed", negotiation.slug, dam.pk))][0] == (
        "Norland on Kell dam: rejects → demands"
    )
    assert [e["link"] for e in entries(feed(client, "issue_feed", negotiation.slug, data_sharing.pk))] == [
        statement_url(data),
        statement_url(rejects),
    ]


def test_unknown_party_or_issue_or_another_negotiations_is_404(client, negotiation):
    other = make_negotiation(slug="other-talks", title="Other talks")
    theirs_party, theirs_issue = other.parties.first(), other.issues.first()

    assert client.get(reverse("feed", args=["nowhere"])).status_code == 404
    assert client.get(reverse("party_feed", args=[negotiation.slug, 999999])).status_code == 404
    assert client.get(reverse("party_feed", args=[negotiation.slug, theirs_party.pk])).status_code == 404
    assert client.get(reverse("issue_feed", args=[negotiation.slug, 999999])).status_code == 404
    assert client.get(reverse("issue_feed", args=[negotiation.slug, theirs_issue.pk])).status_code == 404
    assert client.get(reverse("party_feed", args=[other.slug, theirs_party.pk])).status_code == 200


def test_at_most_fifty_entries(client, negotiation, annotator):
    build_talks(negotiation, 70, user=annotator)

    assert len(entries(feed(client, "feed", negotiation.slug))) == 50


@pytest.mark.parametrize("size", [3, 25])
def test_the_query_count_does_not_grow_with_the_statements(
    client, negotiation, annotator, size, django_assert_max_num_queries
):
    build_talks(negotiation, size, user=annotator)
    norland, dam = negotiation.parties.get(name="Norland"), negotiation.issues.get(name="Kell dam")

    # The negotiation; the newest statements and their two prefetched issue sets; the newest
    # stored changes of position, their statements and their two issue sets (none of those three
    # when nothing changed yet).
    with django_assert_max_num_queries(8):
        feed(client, "feed", negotiation.slug)
    # The party or issue with its negotiation, in one query, instead of the negotiation.
    with django_assert_max_num_queries(8):
        feed(client, "party_feed", negotiation.slug, norland.pk)
    with django_assert_max_num_queries(8):
        feed(client, "issue_feed", negotiation.slug, dam.pk)
