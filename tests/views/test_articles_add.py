"""Add articles: URLs, files and pasted text become one batch, queued for the worker; the
editor lands on the batch's page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from negotiations.models import ImportBatch, ImportItem
from negotiations.tasks import run_import_batch_task
from tests.helpers import make_article
from tests.views.helpers import text_of

pytestmark = pytest.mark.django_db

ARTICLE = b'{"title": "Talks resume", "text": "Ilse Varga said the river is low."}\n'


def url(negotiation) -> str:
    return reverse("articles_add", args=[negotiation.slug])


def test_the_form_takes_urls_files_and_pasted_text(editor_client, negotiation):
    page = text_of(editor_client.get(url(negotiation)))

    assert 'enctype="multipart/form-data"' in page
    assert 'name="urls"' in page and 'name="title"' in page and 'name="text"' in page
    assert '<input type="file" name="files" multiple' in page


def test_submitting_makes_a_batch_queues_it_and_shows_it(
    editor_client, editor, negotiation, django_capture_on_commit_callbacks
):
    files = [
        SimpleUploadedFile("talks.jsonl", ARTICLE + b"{broken\n"),
        SimpleUploadedFile("page.txt", b"Dam talks\nTomas Brell said the dam is nearly done."),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            url(negotiation),
            {"urls": "https://river.example/a\n\n", "files": files, "title": "Pasted", "text": "Some text."},
        )

    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == batch.get_absolute_url()
    assert (batch.negotiation, batch.created_by, batch.total) == (negotiation, editor, 5)
    rows = list(batch.items.values_list("where", "line", "status", "fetch_url"))
    assert rows == [
        ("https://river.example/a", None, ImportItem.Status.PENDING, "https://river.example/a"),
        ("talks.jsonl:1", 1, ImportItem.Status.PENDING, ""),
        ("talks.jsonl:2", 2, ImportItem.Status.FAILED, ""),
        ("page.txt", None, ImportItem.Status.PENDING, ""),
        ("pasted text", None, ImportItem.Status.PENDING, ""),
    ]
    task = DBTaskResult.objects.get()
    assert task.task_path == run_import_batch_task.module_path and task.args_kwargs["args"] == [batch.pk]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"urls": "https://river.example/a\nriver.example b"}, "Line 2 is not a web address (http or https)"),
        ({"title": "Only a title"}, "A pasted article needs both its title and its text."),
        ({}, "Give at least one web address, file or pasted article."),
    ],
)
def test_bad_input_is_refused_with_the_form_kept(editor_client, negotiation, data, message):
    response = editor_client.post(url(negotiation), data)

    assert response.status_code == 422
    assert message in text_of(response)
    assert not ImportBatch.objects.exists() and not DBTaskResult.objects.exists()


def test_queries_do_not_grow_with_articles_or_batches(editor_client, negotiation, django_assert_num_queries):
    # session, user, the user's and group permissions, negotiation: the form reads nothing else
    with django_assert_num_queries(5):
        editor_client.get(url(negotiation))
    batch = ImportBatch.objects.create(negotiation=negotiation, total=1)
    ImportItem.objects.create(batch=batch, position=0, where="a.txt")
    make_article(negotiation)
    with django_assert_num_queries(5):
        editor_client.get(url(negotiation))
