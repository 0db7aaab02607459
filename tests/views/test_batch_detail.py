"""A batch's page: queued, running n of m, done, and what became of each article; it polls itself
with htmx until the batch is done."""

import pytest
from django.urls import reverse

from negotiations.models import ImportBatch, ImportItem
from tests.helpers import make_article
from tests.views.helpers import htmx, text_of

pytestmark = pytest.mark.django_db

Status = ImportItem.Status


def make_batch(negotiation, outcomes, status=ImportBatch.Status.QUEUED) -> ImportBatch:
    """A batch whose items have `outcomes`: (status, line, message, article or None)."""
    batch = ImportBatch.objects.create(negotiation=negotiation, total=len(outcomes), status=status)
    ImportItem.objects.bulk_create(
        ImportItem(batch=batch, position=n, where=f"talks.jsonl:{n + 1}", line=line, status=s, message=m, article=a)
        for n, (s, line, m, a) in enumerate(outcomes)
    )
    return batch


def url(batch) -> str:
    return reverse("batch_detail", args=[batch.negotiation.slug, batch.pk])


def test_a_queued_batch_polls_itself(editor_client, negotiation):
    batch = make_batch(negotiation, [(Status.PENDING, 1, "", None)] * 3)

    page = text_of(editor_client.get(url(batch)))

    assert "queued (3 articles)" in page
    assert f'href="{url(batch)}" hx-get="{url(batch)}" hx-trigger="every 1s" hx-target="#batch-progress"' in page


def test_a_running_batch_says_how_far_it_got_and_each_outcome(editor_client, negotiation):
    article = make_article(negotiation, title="Talks resume")
    batch = make_batch(
        negotiation,
        [
            (Status.NEW, 1, "2 statements found", article),
            (Status.FAILED, 2, "not valid JSON (Expecting value at column 1)", None),
            (Status.PENDING, 3, "", None),
        ],
        status=ImportBatch.Status.RUNNING,
    )

    page = text_of(editor_client.get(url(batch)))

    assert "running: 2 of 3" in page
    assert f'<a href="{reverse("article_detail", args=[negotiation.slug, article.pk])}">Talks resume</a>' in page
    assert "line 2: not valid JSON (Expecting value at column 1)" in page
    assert "waiting" in page


def test_htmx_gets_only_the_progress_and_a_done_batch_stops_polling(editor_client, negotiation):
    batch = make_batch(
        negotiation, [(Status.NEW, None, "", None), (Status.SKIPPED, None, "", None)], status=ImportBatch.Status.DONE
    )

    response = editor_client.get(url(batch), headers=htmx("batch-progress"))

    part = text_of(response)
    assert part.lstrip().startswith('<section id="batch-progress"') and "<html" not in part
    assert "done: 1 new, 1 skipped as already stored, 0 failed" in part
    assert "hx-trigger" not in part
    assert "HX-Request" in response["Vary"]


def test_another_negotiations_batch_is_404(editor_client, negotiation):
    from tests.helpers import make_negotiation

    other = make_batch(make_negotiation(slug="other", with_setup=False), [])

    assert editor_client.get(reverse("batch_detail", args=[negotiation.slug, other.pk])).status_code == 404


def test_queries_do_not_grow_with_items(editor_client, negotiation, django_assert_num_queries):
    few = make_batch(negotiation, [(Status.NEW, 1, "", make_article(negotiation, title="A", text="a"))])
    many = make_batch(
        negotiation,
        [(Status.NEW, n, "", make_article(negotiation, title=f"T{n}", text=f"t{n}")) for n in range(30)],
    )
    # session, user, permissions (user's, group's), the batch with its counts, its items with their articles
    for batch in (few, many):
        with django_assert_num_queries(6):
            editor_client.get(url(batch))
