"""Users and clients for the page tests: an annotator (in the `annotators` group that migration
0003 creates), an editor (in `editors`, migration 0007), a reader who is signed in but may not
annotate, and anonymous (pytest-django's `client`)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from negotiations.models import Statement
from tests.helpers import make_statement
from tests.views.helpers import BRELL_CLAIM, river_article


@pytest.fixture
def annotator(django_user_model):
    user = django_user_model.objects.create_user("annie", password="a long passphrase")
    user.groups.add(Group.objects.get(name="annotators"))
    return user


@pytest.fixture
def other_annotator(django_user_model):
    user = django_user_model.objects.create_user("otto", password="a long passphrase")
    user.groups.add(Group.objects.get(name="annotators"))
    return user


@pytest.fixture
def editor(django_user_model):
    """A user in the `editors` group that migration 0007 creates (negotiations.edit_negotiation)."""
    user = django_user_model.objects.create_user("edie", password="a long passphrase")
    user.groups.add(Group.objects.get(name="editors"))
    return user


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("rita", password="a long passphrase")


@pytest.fixture
def annotator_client(annotator) -> Client:
    client = Client()
    client.force_login(annotator)
    return client


@pytest.fixture
def reader_client(reader) -> Client:
    client = Client()
    client.force_login(reader)
    return client


@pytest.fixture
def brell(negotiation) -> Statement:
    """Tomas Brell's claim, as the extractor found it, with every field the editor shows set."""
    return make_statement(
        river_article(negotiation),
        BRELL_CLAIM,
        speaker="Tomas Brell",
        party="Sudmark",
        actor="Tomas Brell",
        kind=Statement.Kind.INDIRECT,
        said_on=date(2025, 4, 1),
        issues=("Kell dam",),
    )


@pytest.fixture
def immediate_tasks(settings) -> None:
    """Background tasks run as they are enqueued, in the request, as a worker would run them."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
