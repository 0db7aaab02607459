import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from config.settings import env_bool


def create_demo_user(*args):
    out = StringIO()
    call_command("create_demo_user", *args, stdout=out)
    return re.search(r"password (\S+)", out.getvalue()).group(1)


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("true", True), (" Yes ", True), ("0", False), ("", False), ("off", False)]
)
def test_env_bool_reads_common_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("PARLEY_TEST_FLAG", value)
    assert env_bool("PARLEY_TEST_FLAG", not expected) is expected


def test_env_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv("PARLEY_TEST_FLAG", raising=False)
    assert env_bool("PARLEY_TEST_FLAG", True) is True


@pytest.mark.django_db
def test_demo_user_refused_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("create_demo_user", stdout=StringIO())
    assert not get_user_model().objects.filter(username="demo").exists()


@pytest.mark.django_db
def test_demo_user_forced_locally_without_debug(settings):
    settings.DEBUG = False

    password = create_demo_user("--local-demo")

    assert get_user_model().objects.get(username="demo").check_password(password)


@pytest.mark.django_db
def test_demo_user_is_an_annotator_and_an_editor_and_rerunning_resets_the_password(settings):
    settings.DEBUG = True

    first = create_demo_user()
    second = create_demo_user()

    user = get_user_model().objects.get(username="demo")
    assert sorted(user.groups.values_list("name", flat=True)) == ["annotators", "editors"]
    assert not user.is_staff and not user.is_superuser
    assert first != second
    assert user.check_password(second)
