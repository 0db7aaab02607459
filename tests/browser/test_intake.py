"""Feeding a negotiation articles from the browser: a batch of files stored by the worker while
its page follows along, a followed feed polled twice, and the pages refused to non-editors."""

from __future__ import annotations

import json
import re

from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from negotiations.models import Article, ImportBatch
from tests.browser import screenshot, signed_in
from tests.browser.support import drop_status_errors, make_annotator, make_editor
from tests.feed_server import rss
from tests.helpers import make_negotiation, run_worker


def jsonl(*lines: object) -> bytes:
    return "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines).encode()


def html(title: str, body: str) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{body}</p><p>Officials met again in the afternoon and talked for hours about the river.</p>"
        "</article></body></html>"
    ).encode()


def test_a_jsonl_file_and_two_pages_go_in_and_a_bad_line_is_reported_with_its_line(
    page, live_server, django_user_model
):
    negotiation = make_negotiation()
    signed_in(page, live_server, make_editor(django_user_model))
    files = [
        {
            "name": "talks.jsonl",
            "mimeType": "application/jsonl",
            "buffer": jsonl(
                {"title": "Varga on the flow", "text": 'Ilse Varga said: "We need more water in August."'},
                '{"title": "Broken", "text": ',
                {"title": "Brell on the dam", "text": "Tomas Brell said the Kell dam would be finished by spring."},
            ),
        },
        {
            "name": "commission.html",
            "mimeType": "text/html",
            "buffer": html("Commission tables a formula", "Ana Ferreira said the flow formula was fair."),
        },
        {
            "name": "gauges.html",
            "mimeType": "text/html",
            "buffer": html("Gauge data shared", "Norland said it would share gauge data weekly."),
        },
    ]

    page.goto(f"/n/{negotiation.slug}/")
    page.get_by_role("link", name="Add articles").click()
    page.get_by_label("Files").set_input_files(files)
    page.get_by_role("button", name="Add").click()

    batch = ImportBatch.objects.get()
    expect(page).to_have_url(re.compile(rf"/batches/{batch.pk}/$"))
    status = page.locator("#batch-progress .batch-status")
    expect(status).to_have_text("queued (5 articles)")
    broken = page.locator(".batch-items tr.item-failed")
    expect(broken).to_contain_text("line 2: not valid JSON")

    run_worker()

    # The page polls itself: no reload here.
    expect(status).to_have_text("done: 4 new, 0 skipped as already stored, 1 failed", timeout=10_000)
    expect(page.locator(".batch-items tr.item-new")).to_have_count(4)
    expect(broken).to_contain_text("talks.jsonl:2")
    expect(page.get_by_role("button", name="Run the rest again")).to_have_count(0)
    assert set(Article.objects.values_list("title", flat=True)) == {
        "Varga on the flow",
        "Brell on the dam",
        "Commission tables a formula",
        "Gauge data shared",
    }
    screenshot(page, "batch")
    page.get_by_role("link", name="Varga on the flow").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Varga on the flow")
    expect(page.locator("#article-text mark.hl").first).to_be_visible()

    page.goto(f"/n/{negotiation.slug}/batches/")
    expect(page.locator("table.batches tbody tr")).to_have_count(1)
    expect(page.locator("table.batches tbody tr")).to_contain_text("done")


def test_following_a_local_feed_and_polling_it_twice_adds_its_entries_once(
    page, live_server, django_user_model, feed_server
):
    negotiation = make_negotiation()
    # Each entry's page is on the live server too: the form fetches pages by default.
    talks = feed_server.serve(
        "talks", html("Arven talks resume", "Tomas Brell said the Kell dam would be finished by spring.")
    )
    formula = feed_server.serve(
        "formula", html("Arven formula on the table", "Ana Ferreira said the flow formula was fair.")
    )
    feed = feed_server.serve(
        "river",
        rss(
            {"title": "Arven talks resume", "link": talks, "text": "<p>Brell on the dam.</p>"},
            {"title": "Cup final", "link": feed_server.url("cup"), "text": "<p>Brava won 2-1.</p>"},
            {"title": "Arven formula on the table", "link": formula, "text": "<p>Ferreira on the formula.</p>"},
        ),
    )
    signed_in(page, live_server, make_editor(django_user_model))

    page.goto(f"/n/{negotiation.slug}/")
    page.get_by_role("link", name="Sources").click()
    page.get_by_label("Feed address (RSS or Atom)").fill(feed)
    page.get_by_label("Keywords").fill("Arven")
    page.get_by_role("button", name="Follow").click()

    source = page.locator("section.source")
    expect(source.get_by_role("heading")).to_have_text(feed)
    expect(source).to_contain_text("Not polled yet.")
    polls = source.locator("tr.poll")

    source.get_by_role("button", name="Poll now").click()
    run_worker()
    page.reload()
    expect(polls).to_have_count(1)
    expect(polls.first.locator("td")).to_have_text([re.compile(r"\d"), "3", "2", "2", "0", "—"])

    source.get_by_role("button", name="Poll now").click()
    run_worker()
    page.reload()
    expect(polls).to_have_count(2)
    expect(polls.first.locator("td")).to_have_text([re.compile(r"\d"), "3", "0", "0", "0", "—"])
    assert sorted(Article.objects.values_list("url", flat=True)) == sorted([talks, formula])
    assert "the Kell dam would be finished by spring" in Article.objects.get(url=talks).text
    screenshot(page, "sources")
    # The worker's periodic poll stays queued for its next round.
    assert DBTaskResult.objects.filter(task_path="negotiations.tasks.poll_all_sources_task", status="READY").exists()

    polls.nth(1).get_by_role("link").click()
    expect(page.locator("#batch-progress .batch-status")).to_have_text(
        "done: 2 new, 0 skipped as already stored, 0 failed"
    )


def test_readers_and_annotators_are_refused_the_editors_pages(page, live_server, django_user_model, page_errors):
    negotiation = make_negotiation()
    reader = django_user_model.objects.create_user(username="reader", password="a long passphrase")
    pages = [
        f"/n/{negotiation.slug}/articles/add/",
        f"/n/{negotiation.slug}/batches/",
        f"/n/{negotiation.slug}/sources/",
    ]

    for user in (reader, make_annotator(django_user_model, "annotator")):
        page.context.clear_cookies()
        signed_in(page, live_server, user)
        page.goto(f"/n/{negotiation.slug}/")
        expect(page.get_by_role("link", name="Add articles")).to_have_count(0)
        for path in pages:
            assert page.goto(path).status == 403, (user.username, path)

    drop_status_errors(page_errors, 403)
