"""A negotiation's articles, newest first, with how many statements readers see in each."""

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from negotiations.models import StatementAnnotation
from negotiations.views import ARTICLE_PAGE_SIZE
from tests.helpers import annotate, make_article, make_negotiation, make_statement
from tests.views.helpers import BRELL_CLAIM, VARGA_QUOTE, build_talks, htmx, paths, river_article, text_of

pytestmark = pytest.mark.django_db


def articles(client, negotiation):
    return client.get(reverse("article_list", args=[negotiation.slug]))


def rows(response) -> list[str]:
    body = text_of(response).split("<tbody>")[1].split("</tbody>")[0]
    return body.split("<tr>")[1:]


def test_unknown_slug_is_404(client, db):
    assert client.get(reverse("article_list", args=["nope"])).status_code == 404


def test_newest_first_undated_last_with_links_and_visible_statement_counts(client, negotiation):
    older = make_article(negotiation, title="Older article", text="Older.", published=date(2025, 1, 1))
    undated = make_article(negotiation, title="Undated article", text="Undated.", published=None, source="")
    newer = river_article(negotiation, title="Newer article", published=date(2025, 5, 1))
    make_statement(newer, VARGA_QUOTE)
    annotate(make_statement(newer, BRELL_CLAIM), StatementAnnotation.Status.REJECTED)
    make_article(make_negotiation(slug="other", title="Other", with_setup=False), title="Elsewhere", text="Other.")

    response = articles(client, negotiation)

    assert response.status_code == 200
    found = rows(response)
    titles = [re.search(r'<td><a href="[^"]+">([^<]*)</a></td>', row).group(1) for row in found]
    assert titles == ["Newer article", "Older article", "Undated article"]
    assert '<time datetime="2025-05-01">1 May 2025</time>' in found[0]
    assert re.search(r"<td>1</td>\s*</tr>", found[0])  # the rejected statement does not count
    assert "<td>0</td>" in found[1]
    assert "<td>—</td>" in found[2]  # neither date nor source
    assert "The River Gazette" in found[0]
    links = paths(text_of(response))
    for article in (older, undated, newer):
        assert reverse("article_detail", args=[negotiation.slug, article.pk]) in links
    assert "Elsewhere" not in text_of(response)


def test_without_articles_says_how_to_ingest(client, negotiation):
    page = text_of(articles(client, negotiation))

    assert "No articles yet" in page and f"ingest --negotiation {negotiation.slug}" in page


def test_titles_and_sources_are_escaped(client, negotiation):
    make_article(negotiation, title="<b>Bold</b> title", text="x", source="<i>Gazette</i>")

    page = text_of(articles(client, negotiation))

    assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt; title" in page
    assert "&lt;i&gt;Gazette&lt;/i&gt;" in page


# negotiation, the count of articles, the page's ids, its articles with their statement counts;
# signed in: session and user
ARTICLE_LIST_QUERIES = {"anonymous": 4, "annotator": 6}


@pytest.mark.parametrize("who", ["anonymous", "annotator"])
def test_queries_do_not_grow_with_articles(negotiation, annotator, django_assert_num_queries, who):
    client = Client()
    if who == "annotator":
        client.force_login(annotator)

    build_talks(negotiation, 3, user=annotator)
    with django_assert_num_queries(ARTICLE_LIST_QUERIES[who]):
        few = articles(client, negotiation)
    build_talks(negotiation, 22, user=annotator)
    with django_assert_num_queries(ARTICLE_LIST_QUERIES[who]):
        many = articles(client, negotiation)

    assert len(rows(few)) == 1 and len(rows(many)) == 6


def titles_of(response) -> list[str]:
    return re.findall(r'<td><a href="[^"]+">([^<]*)</a></td>', text_of(response))


def many_articles(negotiation, count: int) -> list[str]:
    """`count` articles, three to a day and every seventh undated: titles in the list's order."""
    made = []
    for n in range(count):
        published = None if n % 7 == 0 else date(2025, 1, 1) + timedelta(days=n // 3)
        made.append(make_article(negotiation, title=f"Article {n:03}", text=f"Text {n}.", published=published))
    newest_first = sorted(made, key=lambda a: (a.published is None, -(a.published or date.min).toordinal(), -a.pk))
    return [a.title for a in newest_first]


def test_pages_of_fifty_in_a_stable_order_cover_every_article_once(client, negotiation):
    expected = many_articles(negotiation, 2 * ARTICLE_PAGE_SIZE + 20)
    url = reverse("article_list", args=[negotiation.slug])

    pages = [client.get(url, {"page": n}) for n in (1, 2, 3)]

    assert [len(titles_of(page)) for page in pages] == [ARTICLE_PAGE_SIZE, ARTICLE_PAGE_SIZE, 20]
    assert [title for page in pages for title in titles_of(page)] == expected
    first = text_of(pages[0])
    assert f"{len(expected)} articles, page 1 of 3" in first
    # Without JavaScript the link opens page 2; htmx swaps page 2's rows in for the link's row.
    assert 'href="?page=2"' in first and 'hx-get="?page=2"' in first and 'id="load-more"' in first
    assert 'id="load-more"' not in text_of(pages[2])
    # A page number past the end or not a number: the last page, the first (as the timeline does).
    assert titles_of(client.get(url, {"page": 9})) == titles_of(pages[2])
    assert titles_of(client.get(url, {"page": "x"})) == titles_of(pages[0])


def test_htmx_gets_only_the_next_rows_and_the_next_link(client, negotiation):
    expected = many_articles(negotiation, ARTICLE_PAGE_SIZE + 5)
    url = reverse("article_list", args=[negotiation.slug])

    more = client.get(url, {"page": 2}, headers=htmx("load-more"))

    assert more.status_code == 200
    body = text_of(more)
    assert "<table" not in body and "<h1>" not in body
    assert titles_of(more) == expected[ARTICLE_PAGE_SIZE:]
    assert 'id="load-more"' not in body
    # The whole page for a request without htmx, and for another target.
    assert "<table" in text_of(client.get(url, {"page": 2}))


@pytest.mark.parametrize("who", ["anonymous", "annotator"])
def test_queries_do_not_grow_from_three_to_thirty_articles(negotiation, annotator, django_assert_num_queries, who):
    client = Client()
    if who == "annotator":
        client.force_login(annotator)

    build_talks(negotiation, 15, user=annotator, per_article=5)
    with django_assert_num_queries(ARTICLE_LIST_QUERIES[who]):
        few = articles(client, negotiation)
    build_talks(negotiation, 135, user=annotator, per_article=5)
    with django_assert_num_queries(ARTICLE_LIST_QUERIES[who]):
        many = articles(client, negotiation)

    assert len(rows(few)) == 3 and len(rows(many)) == 30
