"""The sign-in page (django.contrib.auth's LoginView) is throttled by django-axes: after
AXES_FAILURE_LIMIT wrong passwords for a username, or from an address, even the right password is
refused for an hour."""

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory
from django.urls import reverse

from config.signin import client_ip

pytestmark = pytest.mark.django_db

RIGHT = {"username": "annie", "password": "a long passphrase"}
WRONG = {"username": "annie", "password": "not it"}


def sign_in(client, data, address="198.51.100.7"):
    return client.post(reverse("login"), data, REMOTE_ADDR=address)


def test_many_wrong_passwords_then_the_right_one_is_refused(client, annotator):
    # Before: 30 wrong passwords, then the right one, all answered as if nothing happened.
    assert sign_in(client, WRONG).status_code == 200
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, WRONG)

    response = sign_in(client, RIGHT)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # From another address too: the username is locked, not only the address.
    assert sign_in(client, RIGHT, address="203.0.113.9").status_code == 429


def test_one_address_trying_every_username_is_stopped(client, annotator):
    for number in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client, {"username": f"guess{number}", "password": "x"})

    assert sign_in(client, RIGHT).status_code == 429
    assert sign_in(client, RIGHT, address="203.0.113.9").status_code == 302


def test_a_few_typos_then_the_right_password_signs_in(client, annotator):
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, WRONG)

    response = sign_in(client, RIGHT)

    assert response.status_code == 302 and response.url == "/"
    assert int(client.session["_auth_user_id"]) == annotator.pk


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")

    assert client_ip(request) == "10.0.0.2"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_ip(request) == "203.0.113.7"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"


def test_the_test_clients_login_still_works(client, annotator):
    # It calls authenticate() without a request, which axes alone refuses with an exception.
    assert client.login(username="annie", password="a long passphrase")
    assert not client.login(username="annie", password="not it")
