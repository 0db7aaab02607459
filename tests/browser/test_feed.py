"""The negotiation's Atom feed, as a browser (or a feed reader) fetches it from the server."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from django.urls import reverse
from playwright.sync_api import Page, expect

from negotiations.models import Stance
from tests.helpers import make_article, make_negotiation, make_statement

ATOM = "{http://www.w3.org/2005/Atom}"
REFUSAL = "Norland will not accept the Kell dam."
DEMAND = "Norland demands that the Kell dam be torn down."


def test_the_feed_is_atom_with_a_statement_and_a_position_change(page: Page, live_server):
    negotiation = make_negotiation()
    first = make_article(negotiation, title="Norland says no", text=REFUSAL, published=date(2025, 4, 2))
    second = make_article(negotiation, title="Norland hardens", text=DEMAND, published=date(2025, 4, 6))
    common = {"speaker": "Ilse Varga", "party": "Norland", "target": "Kell dam"}
    make_statement(first, REFUSAL, said_on=date(2025, 4, 1), stance=Stance.REJECTS, **common)
    demands = make_statement(second, DEMAND, said_on=date(2025, 4, 5), stance=Stance.DEMANDS, **common)
    norland, dam = negotiation.parties.get(name="Norland"), negotiation.issues.get(name="Kell dam")

    response = page.request.get(reverse("feed", args=[negotiation.slug]))

    assert response.ok
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(response.body())
    assert root.tag == f"{ATOM}feed"
    found = {entry.findtext(f"{ATOM}title"): entry for entry in root.findall(f"{ATOM}entry")}
    assert list(found) == [
        "Norland on Kell dam: rejects → demands",
        "Norland: demands Kell dam",
        "Norland: rejects Kell dam",
    ]
    change_link = found["Norland on Kell dam: rejects → demands"].find(f"{ATOM}link").get("href")
    cell = reverse("position_cell", args=[negotiation.slug, norland.pk, dam.pk])
    assert change_link == f"{live_server.url}{cell}#change-{demands.pk}"

    # A reader follows the statement's entry to its page.
    page.goto(found["Norland: demands Kell dam"].find(f"{ATOM}link").get("href"))
    expect(page.get_by_text(DEMAND).first).to_be_visible()
