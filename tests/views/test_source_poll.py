"""Poll now: queues a poll of one source for the worker and goes back to the sources page."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from negotiations.models import Source
from negotiations.tasks import poll_source_task
from tests.helpers import make_negotiation

pytestmark = pytest.mark.django_db


def test_queues_the_poll_and_returns_to_the_source(editor_client, negotiation):
    source = Source.objects.create(negotiation=negotiation, url="https://river.example/feed")

    response = editor_client.post(reverse("source_poll", args=[negotiation.slug, source.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("source_list", args=[negotiation.slug]) + f"#source-{source.pk}"
    assert "Polling https://river.example/feed" in response.content.decode()
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.args_kwargs["args"]) == (poll_source_task.module_path, [source.pk])


def test_another_negotiations_source_is_404(editor_client, negotiation):
    other = Source.objects.create(
        negotiation=make_negotiation(slug="other", with_setup=False), url="https://x.example/"
    )

    assert editor_client.post(reverse("source_poll", args=[negotiation.slug, other.pk])).status_code == 404
    assert not DBTaskResult.objects.exists()


def test_get_is_not_allowed(editor_client, negotiation):
    source = Source.objects.create(negotiation=negotiation, url="https://river.example/feed")

    assert editor_client.get(reverse("source_poll", args=[negotiation.slug, source.pk])).status_code == 405
