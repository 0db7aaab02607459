import json
import os
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from config import settings as settings_module
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


# The production settings are read once, at start: each case starts a fresh Python with its own
# environment, as gunicorn or manage.py would.
DEV_KEY = "parley-insecure-development-key-change-me"
A_KEY = "k3Y-" + "x7Qp9zLm2Rv8Tn4Wc6Hb1Jd5Fg0Ys3Ue" * 2
PRODUCTION = {
    "SECRET_KEY": A_KEY,
    "ALLOWED_HOSTS": "parley.example",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_COOKIES": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "CSRF_TRUSTED_ORIGINS": "https://parley.example,https://www.parley.example",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", *PRODUCTION} and not key.startswith("PARLEY_")
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings_module.BASE_DIR,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": "sqlite://:memory:", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_serving_without_a_secret_key_and_debug_off_refuses_to_start():
    # Before: the published development key signed cookies in production, so anyone could forge one.
    result = run_python("import config.wsgi")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Set SECRET_KEY" in result.stderr


def test_serving_with_a_secret_key_or_with_debug_starts():
    assert run_python("import config.wsgi", SECRET_KEY=A_KEY).returncode == 0
    assert run_python("import config.wsgi", DEBUG="1").returncode == 0


def test_commands_without_a_secret_key_never_use_the_published_one():
    # ingest, export or db_worker sign nothing, so they run; a key nobody knows keeps it so.
    show = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"

    first, second = run_python(show).stdout.strip(), run_python(show).stdout.strip()

    assert DEV_KEY not in (first, second)
    assert first != second and len(first) >= 50
    assert run_python(show, DEBUG="1").stdout.strip() == DEV_KEY


def test_production_variables_set_the_security_settings():
    show = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps(["
        "s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.CSRF_TRUSTED_ORIGINS, s.SECURE_PROXY_SSL_HEADER]))"
    )

    assert json.loads(run_python(show, **PRODUCTION).stdout) == [
        True,
        True,
        True,
        31536000,
        True,
        True,
        ["https://parley.example", "https://www.parley.example"],
        ["HTTP_X_FORWARDED_PROTO", "https"],
    ]
    assert json.loads(run_python(show, SECRET_KEY=A_KEY).stdout) == [False, False, False, 0, False, False, [], None]


def test_check_deploy_is_clean_with_the_production_variables():
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        **PRODUCTION,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_without_them():
    result = run_python(
        "from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        SECRET_KEY=A_KEY,
    )

    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


@pytest.mark.django_db
def test_sign_in_behind_a_tls_proxy_is_accepted(settings, django_user_model):
    # Before: CSRF compared Origin https://parley.example with the http:// the proxy spoke, a 403.
    settings.ALLOWED_HOSTS = ["parley.example"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.CSRF_TRUSTED_ORIGINS = ["https://parley.example"]
    django_user_model.objects.create_user("annie", password="a long passphrase")
    client = Client(enforce_csrf_checks=True, HTTP_HOST="parley.example", HTTP_X_FORWARDED_PROTO="https")
    client.get("/accounts/login/", secure=False)
    token = client.cookies["csrftoken"].value

    response = client.post(
        "/accounts/login/",
        {"username": "annie", "password": "a long passphrase", "csrfmiddlewaretoken": token},
        headers={"Origin": "https://parley.example", "Referer": "https://parley.example/accounts/login/"},
    )

    assert response.status_code == 302, response.content[:300]


def test_static_files_are_served_by_whitenoise(client):
    response = client.get("/static/parley.js")

    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    assert b"".join(response.streaming_content)


def test_a_sqlite_file_is_opened_with_write_ahead_logging_and_full_sync(tmp_path):
    """One fsync a commit instead of the rollback journal's several, and readers that do not wait
    for the worker's writes; a commit that returned stays on disk (synchronous FULL: 2)."""
    show = (
        "import django; django.setup(); from django.db import connection; c = connection.cursor(); "
        "print([c.execute(f'PRAGMA {p}').fetchone()[0] for p in ('journal_mode', 'synchronous')])"
    )
    result = run_python(show, DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}", SECRET_KEY=A_KEY)
    assert result.stdout.strip() == "['wal', 2]", result.stderr
