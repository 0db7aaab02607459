"""Users and clients for the page tests: an annotator (in the `annotators` group that migration
0003 creates), a reader who is signed in but may not annotate, and anonymous (pytest-django's
`client`)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client


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
