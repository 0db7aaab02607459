from datetime import date

import pytest
from django.urls import reverse

from negotiations.models import Negotiation, Statement, StatementAnnotation
from tests.helpers import annotate, make_article, make_negotiation, make_statement

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
CLAIM = "Sudmark rejected the flow formula"


def detail(client, negotiation):
    return client.get(reverse("negotiation_detail", args=[negotiation.slug]))


def statement_rows(response):
    """The statements table's body: the parties and issues lists above it name the same things."""
    return response.content.decode().split("<tbody>")[1]


def test_list_links_to_each_negotiation(client, negotiation):
    make_negotiation(slug="other", title="Other talks", with_setup=False)

    response = client.get(reverse("negotiation_list"))

    assert response.status_code == 200
    assert f'href="/n/{negotiation.slug}/"' in response.content.decode()
    assert b'href="/n/other/"' in response.content


def test_detail_shows_parties_issues_and_statements(client, negotiation):
    article = make_article(negotiation, title="Talks stall")
    make_statement(
        article,
        CLAIM,
        speaker="Tomas Brell",
        party="Sudmark",
        kind=Statement.Kind.INDIRECT,
        said_on=date(2025, 4, 1),
        issues=("Dry-season flow",),
    )

    response = detail(client, negotiation)

    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{negotiation.title}</h1>" in page
    assert 'Norland <span class="kind">Party</span>' in page
    assert 'River Commission <span class="kind">Mediator</span>' in page
    assert "<li>Kell dam</li>" in page
    row = statement_rows(response)
    for value in ["2025-04-01", "Tomas Brell", "Sudmark", "indirect", CLAIM, "Dry-season flow", "Talks stall"]:
        assert value in row


def test_unknown_slug_is_404(client):
    assert client.get(reverse("negotiation_detail", args=["nope"])).status_code == 404


def test_hand_corrections_win_over_the_extractor(client, negotiation):
    statement = make_statement(
        make_article(negotiation),
        CLAIM,
        speaker="Extractor Speaker",
        party="Norland",
        kind=Statement.Kind.INDIRECT,
        issues=("Kell dam",),
    )
    annotate(
        statement,
        StatementAnnotation.Status.CONFIRMED,
        party="Sudmark",
        said_on=date(2025, 3, 30),
        issues=(),
        speaker="Corrected Speaker",
        kind=Statement.Kind.DIRECT,
    )

    row = statement_rows(detail(client, negotiation))

    assert "Corrected Speaker" in row and "Extractor Speaker" not in row
    assert "Sudmark" in row and "Norland" not in row
    assert "2025-03-30" in row
    assert f"<q>{CLAIM}</q>" in row
    assert "Kell dam" not in row


def test_rejected_statements_are_hidden(client, negotiation):
    article = make_article(negotiation)
    make_statement(article, "We need more water in August.")
    annotate(make_statement(article, CLAIM), StatementAnnotation.Status.REJECTED)

    row = statement_rows(detail(client, negotiation))

    assert "We need more water in August." in row
    assert CLAIM not in row


def test_newest_article_first(client, negotiation):
    for title, published in [("Older", date(2025, 1, 1)), ("Undated", None), ("Newer", date(2025, 5, 1))]:
        make_statement(
            make_article(negotiation, title=f"{title} article", text=f"{title}: {CLAIM}", published=published), CLAIM
        )

    page = detail(client, negotiation).content.decode()

    assert page.index("Newer article") < page.index("Older article") < page.index("Undated article")


def test_untrusted_text_is_escaped(client, negotiation):
    article = make_article(negotiation, title=f"Title {SCRIPT}", text=f"Text {SCRIPT} ends.")
    make_statement(article, f"{SCRIPT} ends", speaker=f"Speaker {SCRIPT}")
    Negotiation.objects.filter(pk=negotiation.pk).update(title=f"Talks {SCRIPT}")

    for url in [reverse("negotiation_list"), reverse("negotiation_detail", args=[negotiation.slug])]:
        page = client.get(url).content.decode()
        assert SCRIPT not in page
        assert ESCAPED_SCRIPT in page
    assert page.count(ESCAPED_SCRIPT) == 5  # negotiation title (<title> and <h1>), article title, statement, speaker


def test_pages_carry_csp_and_nonced_htmx(client, negotiation):
    response = detail(client, negotiation)

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    page = response.content.decode()
    assert f'nonce="{nonce}"' in page
    assert "django_htmx/htmx-2.min.js" in page
    assert "<style" not in page and " style=" not in page
    assert f'hx-headers=\'{{"x-csrftoken": "{response.context["csrf_token"]}"}}\'' in page


@pytest.mark.parametrize("count", [1, 5])
def test_detail_query_count_does_not_grow_with_statements(client, negotiation, django_assert_num_queries, count):
    for i in range(count):
        article = make_article(negotiation, text=f"Article {i}: {CLAIM}")
        statement = make_statement(article, CLAIM, party="Norland", issues=("Kell dam",))
        annotate(statement, party="Sudmark", issues=("Data sharing",))

    # negotiation, parties, issues, statements, and one prefetch each for both issue lists
    with django_assert_num_queries(6):
        response = detail(client, negotiation)
    rows = statement_rows(response)
    assert rows.count('<tr class="article">') == count
    assert rows.count("<tr>") == count


def test_annotator_signs_in_and_out(client, django_user_model):
    django_user_model.objects.create_user("annotator", password="a long passphrase")
    assert b'name="username"' in client.get(reverse("login")).content

    response = client.post(reverse("login"), {"username": "annotator", "password": "a long passphrase"})
    assert response.status_code == 302 and response.url == "/"
    assert b"Sign out annotator" in client.get("/").content

    assert client.post(reverse("logout")).url == "/"
    assert b"Sign in" in client.get("/").content
