"""The batches page: recent batches, newest first, with who or which feed added them and their outcome."""

import pytest
from django.urls import reverse

from negotiations.models import ImportBatch, ImportItem, Source
from tests.views.helpers import text_of

pytestmark = pytest.mark.django_db

Status = ImportItem.Status


def make_batches(negotiation, count: int, *, user=None, source=None) -> None:
    for _ in range(count):
        batch = ImportBatch.objects.create(
            negotiation=negotiation, total=3, status=ImportBatch.Status.DONE, created_by=user, source=source
        )
        ImportItem.objects.bulk_create(
            ImportItem(batch=batch, position=n, where=f"a{n}", status=status)
            for n, status in enumerate([Status.NEW, Status.NEW, Status.FAILED])
        )


def rows(response) -> list[str]:
    return text_of(response).split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]


def test_lists_batches_with_their_outcome(editor_client, editor, negotiation):
    source = Source.objects.create(negotiation=negotiation, url="https://river.example/feed")
    make_batches(negotiation, 1, source=source)
    make_batches(negotiation, 1, user=editor)
    ImportBatch.objects.create(negotiation=negotiation, total=4)

    found = rows(editor_client.get(reverse("batch_list", args=[negotiation.slug])))

    assert len(found) == 3
    assert "queued (4 articles)" in found[0]
    assert "edie" in found[1] and "done" in found[1]
    assert "feed https://river.example/feed" in found[2]
    assert [cell.split("</td>")[0] for cell in found[1].split("<td>")[-3:]] == ["2", "0", "1"]


def test_without_batches_says_so(editor_client, negotiation):
    assert "No batches yet." in text_of(editor_client.get(reverse("batch_list", args=[negotiation.slug])))


def test_queries_do_not_grow_with_batches(editor_client, editor, negotiation, django_assert_num_queries):
    source = Source.objects.create(negotiation=negotiation, url="https://river.example/feed")
    page = reverse("batch_list", args=[negotiation.slug])
    make_batches(negotiation, 1, user=editor)
    # session, user, permissions (user's, group's), negotiation, batches with counts, user and source
    with django_assert_num_queries(6):
        editor_client.get(page)
    make_batches(negotiation, 10, user=editor)
    make_batches(negotiation, 10, source=source)
    with django_assert_num_queries(6):
        assert len(rows(editor_client.get(page))) == 21
