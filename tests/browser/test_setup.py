"""The editors' pages in a browser: creating a negotiation and editing its setup in place, the
YAML round trip, assigning an unknown speaker to a party (the background re-extraction runs at
once here) and seeing the statements gain it, and readers and annotators refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from negotiations.models import Actor, Negotiation, Party, Statement
from negotiations.services.ingest import ingest_articles
from negotiations.services.setup import load_negotiation_data
from negotiations.services.sources import ArticleInput
from tests.browser import PASSWORD, screenshot, signed_in
from tests.browser.support import drop_status_errors, has_class, make_annotator
from tests.services.test_setup import SETUP

KOVIC = (
    "Marta Kovic said on Tuesday that the dam must release more water in the dry season. "
    '"We will not wait for the Arven Basin Authority," Kovic said. '
    "Ilse Varga said Norland would share gauge data with the Lindau Institute."
)


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(username="editor", password=PASSWORD)
    user.groups.add(Group.objects.get(name="editors"))
    return user


@pytest.fixture
def immediate_tasks(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def item_form(page: Page, label: str):
    return page.get_by_role("form", name=label)


def test_an_editor_creates_a_negotiation_and_edits_its_setup(page, live_server, page_errors, editor):
    signed_in(page, live_server, editor)
    page.goto("/")
    page.get_by_role("link", name="New negotiation").click()
    page.get_by_label("Slug").fill("arven-river")
    page.get_by_label("Title").fill("Arven river talks")
    page.get_by_role("button", name="Create", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/n/arven-river/setup/")
    expect(page.get_by_role("status")).to_contain_text("Created “Arven river talks”")

    new_party = item_form(page, "New party")
    new_party.get_by_label("Name").fill("Norland")
    new_party.get_by_label("Aliases, one a line").fill("Norlandic\nOslen")
    new_party.get_by_role("button", name="Add party").click()
    expect(page.get_by_role("status")).to_have_text("Added party 'Norland'.")
    new_party.get_by_label("Name").fill("River Commission")
    new_party.get_by_label("Kind").select_option("mediator")
    new_party.get_by_role("button", name="Add party").click()

    # The same mistake a file could make, with load_negotiation's message, beside the form.
    new_party.get_by_label("Name").fill("Norland")
    new_party.get_by_role("button", name="Add party").click()
    expect(new_party.get_by_role("alert")).to_have_text("duplicate party name 'Norland' (first on line 5)")
    expect(new_party.get_by_label("Name")).to_have_value("Norland")
    drop_status_errors(page_errors, 422)

    new_actor = item_form(page, "New actor of Norland")
    new_actor.get_by_label("Name").fill("Ilse Varga")
    new_actor.get_by_label("Title").fill("Water Minister")
    new_actor.get_by_role("button", name="Add actor").click()
    expect(item_form(page, "Actor Ilse Varga").get_by_label("Title")).to_have_value("Water Minister")

    new_issue = item_form(page, "New issue")
    new_issue.get_by_label("Name").fill("Kell dam")
    new_issue.get_by_label("Aliases, one a line").fill("dam\nreservoir")
    new_issue.get_by_role("button", name="Add issue").click()
    new_proposal = item_form(page, "New proposal")
    new_proposal.get_by_label("Name").fill("Commission flow formula")
    new_proposal.get_by_label("By").select_option("River Commission")
    new_proposal.get_by_label("Date").fill("2025-03-10")
    new_proposal.get_by_role("button", name="Add proposal").click()

    # The commission first: its colour is the first party's now.
    page.get_by_role("button", name="Move River Commission up").click()
    badges = page.locator("#parties .setup-item > .party-badge")
    expect(badges).to_have_text(["River Commission", "Norland"])
    expect(badges.first).to_have_class(has_class("party-0"))

    rename = item_form(page, "Issue Kell dam")
    rename.get_by_label("Name").fill("Kell reservoir")
    rename.get_by_role("button", name="Save").click()
    expect(item_form(page, "Issue Kell reservoir")).to_be_visible()
    expect(page.locator("#changes li").first).to_contain_text("editor: Renamed issue 'Kell dam' to 'Kell reservoir'")

    screenshot(page, "setup")

    negotiation = Negotiation.objects.get(slug="arven-river")
    assert [(p.name, p.kind, p.position) for p in negotiation.parties.order_by("position")] == [
        ("River Commission", Party.Kind.MEDIATOR, 0),
        ("Norland", Party.Kind.PARTY, 1),
    ]
    assert Actor.objects.get(negotiation=negotiation, name="Ilse Varga").party.name == "Norland"
    assert negotiation.proposals.get().date == date(2025, 3, 10)


def test_the_setup_downloads_as_yaml_and_uploads_to_the_same_file(page, live_server, page_errors, editor, tmp_path):
    negotiation = load_negotiation_data(SETUP).negotiation
    signed_in(page, live_server, editor)
    page.goto(f"/n/{negotiation.slug}/setup/")

    with page.expect_download() as first:
        page.get_by_role("link", name="arven-river.yaml").click()
    path = tmp_path / "arven-river.yaml"
    first.value.save_as(path)
    downloaded = path.read_text(encoding="utf-8")
    assert "  - name: Norland\n    kind: party\n    aliases: [Norlandic, Oslen]" in downloaded

    page.get_by_label("Load a setup file").set_input_files(path)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("status")).to_contain_text("Loaded arven-river.yaml")
    expect(page.locator("#changes li").first).to_contain_text("Loaded arven-river.yaml")

    with page.expect_download() as second:
        page.get_by_role("link", name="arven-river.yaml").click()
    again = tmp_path / "again.yaml"
    second.value.save_as(again)
    assert again.read_text(encoding="utf-8") == downloaded

    # A file with a mistake is refused with its name and line, and changes nothing.
    bad = tmp_path / "mine.yaml"
    bad.write_text(downloaded.replace("kind: mediator", "kind: referee"), encoding="utf-8")
    page.get_by_label("Load a setup file").set_input_files(bad)
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#upload-setup").get_by_role("alert")).to_contain_text(
        "mine.yaml:19: bad kind 'referee' for party 'River Commission'"
    )
    drop_status_errors(page_errors, 422)
    assert Party.objects.get(negotiation=negotiation, name="River Commission").kind == Party.Kind.MEDIATOR


def test_assigning_an_unknown_speaker_gives_the_statements_a_party(page, live_server, editor, immediate_tasks):
    negotiation = load_negotiation_data(SETUP).negotiation
    ingest_articles(
        negotiation, [ArticleInput(where="test", title="Kovic warns", text=KOVIC, published=date(2025, 4, 2))]
    )
    kovic = list(Statement.objects.filter(speaker="Marta Kovic").order_by("start"))
    assert len(kovic) == 2 and all(statement.party is None for statement in kovic)
    signed_in(page, live_server, editor)
    page.goto(f"/n/{negotiation.slug}/")
    page.get_by_role("link", name="Unknown speakers").click()

    speaker = page.locator('li[data-speaker="Marta Kovic"]')
    expect(speaker.get_by_role("heading")).to_contain_text("2 statements")
    expect(speaker.locator(".examples li")).to_have_count(2)
    expect(page.locator('li[data-name="Lindau Institute"]')).to_be_visible()
    form = speaker.get_by_role("form", name="Assign Marta Kovic")
    form.get_by_label("Speaks for").select_option("Sudmark")
    form.get_by_label("Title").fill("Deputy Minister")
    form.get_by_role("button", name="Add as actor").click()

    outcome = page.locator(".outcome").first
    expect(outcome).to_contain_text("Added actor 'Marta Kovic' to 'Sudmark'")
    expect(outcome).to_contain_text("2 statements gained a party.")
    expect(outcome.locator(".gained li .party-badge")).to_have_text(["Sudmark", "Sudmark"])
    expect(page.locator('li[data-speaker="Marta Kovic"]')).to_have_count(0)
    screenshot(page, "unknown")

    outcome.get_by_role("link", name="the dam must release more water").click()
    expect(page.locator(f"mark#s-{kovic[0].pk}")).to_have_class(has_class("party-1"))


def test_readers_and_annotators_are_refused_the_editor_pages(page, live_server, page_errors, django_user_model):
    negotiation = load_negotiation_data(SETUP).negotiation
    reader = django_user_model.objects.create_user(username="reader", password=PASSWORD)
    for user in (reader, make_annotator(django_user_model, "annie")):
        page.context.clear_cookies()
        signed_in(page, live_server, user)
        for url in ("/new/", f"/n/{negotiation.slug}/setup/", f"/n/{negotiation.slug}/unknown/"):
            response = page.goto(url)
            assert response is not None and response.status == 403, (user.username, url)
        page.goto(f"/n/{negotiation.slug}/")
        expect(page.get_by_role("link", name="Setup")).to_have_count(0)
    drop_status_errors(page_errors, 403)
