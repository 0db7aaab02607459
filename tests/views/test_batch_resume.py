"""Run the rest again: a batch that is not done is queued again (its pending items only are stored,
see tests/services/test_imports.py); a done batch is left alone."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from negotiations.models import ImportBatch
from negotiations.tasks import run_import_batch_task
from tests.views.helpers import text_of

pytestmark = pytest.mark.django_db


def resume(client, batch, **options):
    return client.post(reverse("batch_resume", args=[batch.negotiation.slug, batch.pk]), **options)


def test_a_batch_left_running_is_queued_again(editor_client, negotiation):
    batch = ImportBatch.objects.create(negotiation=negotiation, total=3, status=ImportBatch.Status.RUNNING)
    detail = reverse("batch_detail", args=[negotiation.slug, batch.pk])

    assert f'action="{reverse("batch_resume", args=[negotiation.slug, batch.pk])}"' in text_of(
        editor_client.get(detail)
    )
    response = resume(editor_client, batch, follow=True)

    assert response.redirect_chain[-1][0] == detail
    assert "Queued again" in text_of(response)
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.args_kwargs["args"]) == (run_import_batch_task.module_path, [batch.pk])


def test_a_done_batch_is_left_alone(editor_client, negotiation):
    batch = ImportBatch.objects.create(negotiation=negotiation, total=1, status=ImportBatch.Status.DONE)

    response = resume(editor_client, batch, follow=True)

    assert "done already" in text_of(response) and "batch-resume" not in text_of(response)
    assert not DBTaskResult.objects.exists()


def test_readers_may_not_and_get_is_not_allowed(reader_client, editor_client, negotiation):
    batch = ImportBatch.objects.create(negotiation=negotiation, total=1)

    assert resume(reader_client, batch).status_code == 403
    assert editor_client.get(reverse("batch_resume", args=[negotiation.slug, batch.pk])).status_code == 405
    assert not DBTaskResult.objects.exists()
