"""PARLEY_LOGIN_REQUIRED: every page but the sign-in page asks for an account. Without it,
anonymous visitors read everything and see no control that changes anything."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.helpers import make_statement
from tests.views.helpers import VARGA_QUOTE, htmx, river_article, text_of

pytestmark = pytest.mark.django_db

LOGIN_REQUIRED = "negotiations.middleware.LoginRequiredMiddleware"


@pytest.fixture
def login_required(settings):
    # config/settings.py appends the middleware when PARLEY_LOGIN_REQUIRED is set at import.
    assert LOGIN_REQUIRED not in django_settings.MIDDLEWARE
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, LOGIN_REQUIRED]


@pytest.fixture
def pages(negotiation):
    article = river_article(negotiation)
    statement = make_statement(article, VARGA_QUOTE)
    slug = negotiation.slug
    return [
        reverse("negotiation_list"),
        reverse("negotiation_detail", args=[slug]),
        reverse("timeline", args=[slug]),
        reverse("timeline", args=[slug]) + "?review=rejected&party=abc",
        reverse("article_list", args=[slug]),
        reverse("article_detail", args=[slug, article.pk]),
        reverse("statement_detail", args=[slug, statement.pk]),
        reverse("statement_edit", args=[slug, statement.pk]),
        reverse("statement_add", args=[slug, article.pk]),
    ]


def test_anonymous_is_sent_to_sign_in_from_every_page(client, login_required, pages):
    for url in pages:
        for headers in ({}, htmx("timeline-results")):
            response = client.get(url, headers=headers)
            assert response.status_code == 302, url
            assert response.url.startswith("/accounts/login/?next="), url
    review = pages[6] + "review/"  # the statement's
    response = client.post(review, {"status": "confirmed", "version": 0})
    assert response.status_code == 302 and response.url == f"/accounts/login/?next={review}"


def test_the_sign_in_page_works_and_signing_in_opens_the_pages(client, login_required, pages, annotator):
    login = client.get(reverse("login") + f"?next={pages[2]}")
    assert login.status_code == 200
    assert 'name="username"' in text_of(login) and f'name="next" value="{pages[2]}"' in text_of(login)

    response = client.post(reverse("login"), {"username": "annie", "password": "a long passphrase", "next": pages[2]})

    assert response.status_code == 302 and response.url == pages[2]
    for url in pages[:7]:
        assert client.get(url).status_code == 200, url


def test_a_signed_in_reader_reads_but_may_not_annotate(reader_client, login_required, pages):
    for url in pages[:7]:
        assert reader_client.get(url).status_code == 200, url
    assert reader_client.get(pages[7]).status_code == 403


def test_without_it_anonymous_reads_every_page_without_edit_controls(client, pages):
    for url in pages[:7]:
        response = client.get(url)
        assert response.status_code == 200, url
        page = text_of(response)
        for control in ("/edit/", "/review/", "/add/", "data-add-statement", "data-statement-form", 'name="status"'):
            assert control not in page, (url, control)
        assert "Sign in" in page


def test_annotator_signs_in_and_out(client, annotator):
    assert b'name="username"' in client.get(reverse("login")).content

    response = client.post(reverse("login"), {"username": "annie", "password": "a long passphrase"})
    assert response.status_code == 302 and response.url == "/"
    assert b"Sign out annie" in client.get("/").content

    assert client.post(reverse("logout")).url == "/"
    assert b"Sign in" in client.get("/").content


def test_a_wrong_password_is_refused(client, annotator):
    response = client.post(reverse("login"), {"username": "annie", "password": "wrong"})

    assert response.status_code == 200
    assert "Please enter a correct username and password" in text_of(response)
    assert b"Sign out" not in client.get("/").content
