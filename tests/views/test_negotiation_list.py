"""The front page: every negotiation, with how many articles and visible statements it has."""

import pytest
from django.test import Client
from django.urls import reverse

from negotiations.models import Negotiation, StatementAnnotation
from tests.helpers import annotate, make_article, make_negotiation, make_statement
from tests.views.helpers import BRELL_CLAIM, VARGA_QUOTE, build_talks, paths, river_article, text_of, visible

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_links_to_each_negotiation_with_its_counts(client, negotiation):
    other = make_negotiation(slug="other", title="Other talks", with_setup=False)
    Negotiation.objects.filter(pk=other.pk).update(description="Talks about other things.")
    article = river_article(negotiation)
    make_statement(article, VARGA_QUOTE)
    annotate(make_statement(article, BRELL_CLAIM), StatementAnnotation.Status.REJECTED)
    make_article(negotiation, title="Nothing said", text="Nobody spoke.")

    response = client.get(reverse("negotiation_list"))

    assert response.status_code == 200
    page = text_of(response)
    assert {f"/n/{negotiation.slug}/", "/n/other/"} <= paths(page)
    # The rejected statement does not count.
    assert "2 articles, 1 statement<" in page
    assert "0 articles, 0 statements" in page
    assert "<p>Talks about other things.</p>" in page
    # Ordered by title.
    assert page.index("Arven river water-sharing talks") < page.index("Other talks")


def test_says_how_to_start_when_there_is_none(client, db):
    page = text_of(client.get(reverse("negotiation_list")))

    assert "No negotiation yet" in page and "load_negotiation" in page


def test_titles_are_escaped(client, negotiation):
    Negotiation.objects.filter(pk=negotiation.pk).update(title=f"Talks {SCRIPT}", description=f"About {SCRIPT}")

    page = text_of(client.get(reverse("negotiation_list")))

    assert SCRIPT not in page
    assert page.count(ESCAPED_SCRIPT) == 2


def test_signed_in_shows_sign_out_and_anonymous_sign_in(client, annotator_client, negotiation):
    page = text_of(client.get(reverse("negotiation_list")))
    assert 'href="/accounts/login/?next=/"' in page and "Sign out" not in page

    page = text_of(annotator_client.get(reverse("negotiation_list")))
    assert "Sign out annie" in page and 'action="/accounts/logout/"' in page and "Sign in" not in page


# the negotiations with their counts; signed in: session, user, and the permissions (the user's,
# the groups') that decide whether to offer "New negotiation"
LIST_QUERIES = {"anonymous": 1, "annotator": 5}


@pytest.mark.parametrize("who", ["anonymous", "annotator"])
def test_queries_do_not_grow_with_negotiations_or_statements(negotiation, annotator, django_assert_num_queries, who):
    client = Client()
    if who == "annotator":
        client.force_login(annotator)

    build_talks(negotiation, 3, user=annotator)
    with django_assert_num_queries(LIST_QUERIES[who]):
        few = text_of(client.get(reverse("negotiation_list")))
    build_talks(negotiation, 22, user=annotator)
    for n in range(3):
        build_talks(make_negotiation(slug=f"more-{n}", title=f"More talks {n}"), 5, user=annotator)
    with django_assert_num_queries(LIST_QUERIES[who]):
        many = text_of(client.get(reverse("negotiation_list")))

    assert f"{visible(3)} statements" in few
    assert f"{visible(3) + visible(22, offset=3)} statements" in many
    assert many.count('<li>\n      <a href="/n/') == 4
