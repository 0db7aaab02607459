from datetime import date

import pytest
from django.urls import reverse

from negotiations.models import Article, Issue, Negotiation, Party, Statement, StatementAnnotation

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def negotiation():
    negotiation = Negotiation.objects.create(slug="talks", title="The Talks")
    Party.objects.create(negotiation=negotiation, name="Israel", kind=Party.Kind.PARTY, position=0)
    Party.objects.create(negotiation=negotiation, name="Qatar", kind=Party.Kind.MEDIATOR, position=1)
    Issue.objects.create(negotiation=negotiation, name="Philadelphi corridor")
    return negotiation


def add_article(negotiation, title="An article", published=date(2024, 8, 20), text="Some text."):
    return Article.objects.create(negotiation=negotiation, title=title, published=published, text=text)


def add_statement(article, text="the talks were close", speaker="Antony Blinken", **fields):
    fields.setdefault("kind", Statement.Kind.INDIRECT)
    return Statement.objects.create(article=article, text=text, speaker=speaker, start=0, end=len(text), **fields)


def detail(client, negotiation):
    return client.get(reverse("negotiation_detail", args=[negotiation.slug]))


def test_list_links_to_each_negotiation(client, negotiation):
    Negotiation.objects.create(slug="other", title="Other talks")

    response = client.get(reverse("negotiation_list"))

    assert response.status_code == 200
    assert b'href="/n/talks/"' in response.content
    assert b'href="/n/other/"' in response.content


def test_detail_shows_parties_issues_and_statements(client, negotiation):
    qatar = negotiation.parties.get(name="Qatar")
    issue = negotiation.issues.get()
    article = add_article(negotiation, title="Talks stall")
    statement = add_statement(article, party=qatar, said_on=date(2024, 8, 19))
    statement.issues.add(issue)

    response = detail(client, negotiation)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>The Talks</h1>" in page
    assert 'Qatar <span class="kind">Mediator</span>' in page
    assert 'Israel <span class="kind">Party</span>' in page
    row = page[page.index("<tbody>") :]
    for value in ["2024-08-19", "Antony Blinken", "Qatar", "indirect", "the talks were close", "Philadelphi corridor"]:
        assert value in row
    assert "Talks stall" in row


def test_unknown_slug_is_404(client):
    assert client.get(reverse("negotiation_detail", args=["nope"])).status_code == 404


def test_hand_corrections_win_over_the_extractor(client, negotiation):
    israel, qatar = negotiation.parties.all()
    issue = negotiation.issues.get()
    statement = add_statement(add_article(negotiation), speaker="Extractor Speaker", party=israel)
    statement.issues.add(issue)
    annotation = StatementAnnotation.objects.create(
        statement=statement,
        status=StatementAnnotation.Status.CONFIRMED,
        speaker="Corrected Speaker",
        party=qatar,
        party_set=True,
        said_on=date(2024, 8, 1),
        said_on_set=True,
        kind=Statement.Kind.DIRECT,
        issues_set=True,
    )
    assert annotation.issues.count() == 0

    row = detail(client, negotiation).content.decode().split("<tbody>")[1]

    assert "Corrected Speaker" in row and "Extractor Speaker" not in row
    assert "Qatar" in row and "Israel" not in row
    assert "2024-08-01" in row
    assert "<q>the talks were close</q>" in row
    assert "Philadelphi corridor" not in row


def test_rejected_statements_are_hidden(client, negotiation):
    article = add_article(negotiation)
    add_statement(article, text="kept statement")
    rejected = add_statement(article, text="rejected statement")
    StatementAnnotation.objects.create(statement=rejected, status=StatementAnnotation.Status.REJECTED)

    page = detail(client, negotiation).content.decode()

    assert "kept statement" in page
    assert "rejected statement" not in page


def test_newest_article_first(client, negotiation):
    add_statement(add_article(negotiation, title="Older article", published=date(2024, 5, 1)))
    add_statement(add_article(negotiation, title="Undated article", published=None, text="Other text."))
    add_statement(add_article(negotiation, title="Newer article", published=date(2024, 8, 1), text="Third."))

    page = detail(client, negotiation).content.decode()

    assert page.index("Newer article") < page.index("Older article") < page.index("Undated article")


def test_untrusted_text_is_escaped(client, negotiation):
    article = add_article(negotiation, title=f"Title {SCRIPT}", text=f"Text {SCRIPT}")
    add_statement(article, text=f"claim {SCRIPT}", speaker=f"Speaker {SCRIPT}")
    Negotiation.objects.filter(pk=negotiation.pk).update(title=f"Talks {SCRIPT}")

    for url in [reverse("negotiation_list"), reverse("negotiation_detail", args=[negotiation.slug])]:
        page = client.get(url).content.decode()
        assert SCRIPT not in page
        assert ESCAPED_SCRIPT in page
    assert page.count(ESCAPED_SCRIPT) >= 4  # negotiation title (twice), article title, statement, speaker


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
    israel = negotiation.parties.get(name="Israel")
    issue = negotiation.issues.get()
    for i in range(count):
        statement = add_statement(add_article(negotiation, text=f"Article {i}."), party=israel)
        statement.issues.add(issue)
        annotation = StatementAnnotation.objects.create(
            statement=statement, party=israel, party_set=True, issues_set=True
        )
        annotation.issues.add(issue)

    # negotiation, parties, issues, statements, and one prefetch each for both issue lists
    with django_assert_num_queries(6):
        response = detail(client, negotiation)
    assert response.content.decode().count("<tr>") == count + 1


def test_annotator_signs_in_and_out(client, django_user_model):
    django_user_model.objects.create_user("annotator", password="a long passphrase")
    assert b'name="username"' in client.get(reverse("login")).content

    response = client.post(reverse("login"), {"username": "annotator", "password": "a long passphrase"})
    assert response.status_code == 302 and response.url == "/"
    assert b"Sign out annotator" in client.get("/").content

    assert client.post(reverse("logout")).url == "/"
    assert b"Sign in" in client.get("/").content
