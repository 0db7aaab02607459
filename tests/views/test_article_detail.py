"""An article: its text exactly as stored with the statements highlighted, and the statements beside it."""

import html
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from negotiations.models import StatementAnnotation
from tests.helpers import annotate, make_article, make_negotiation, make_statement
from tests.views.helpers import BRELL_CLAIM, RIVER_TEXT, VARGA_QUOTE, build_talks, river_article, text_of, visible

pytestmark = pytest.mark.django_db

Status = StatementAnnotation.Status


def article_page(client, article):
    return client.get(reverse("article_detail", args=[article.negotiation.slug, article.pk]))


def text_block(response) -> str:
    page = text_of(response)
    start = page.index('<div class="article-text" id="article-text" data-article-text>')
    return page[start : page.index("</div>", start)].split(">", 1)[1]


def side(response) -> str:
    page = text_of(response)
    return page[page.index('id="side-heading"') :]


def test_unknown_or_other_negotiations_article_is_404(client, negotiation):
    article = river_article(negotiation)
    other = make_negotiation(slug="other", title="Other", with_setup=False)

    assert client.get(reverse("article_detail", args=[other.slug, article.pk])).status_code == 404
    assert client.get(reverse("article_detail", args=[negotiation.slug, article.pk + 1])).status_code == 404


def test_shows_the_article_with_a_link_to_the_original(client, negotiation):
    article = river_article(negotiation, url="https://gazette.example/arven", published=date(2025, 4, 2))

    response = article_page(client, article)

    assert response.status_code == 200
    page = text_of(response)
    assert "<h1>Talks on the Arven resume</h1>" in page
    assert '<time datetime="2025-04-02">2 April 2025</time>' in page
    assert "The River Gazette" in page
    assert (
        'href="https://gazette.example/arven" rel="noopener noreferrer nofollow" target="_blank">original</a>' in page
    )
    assert "The extractor found no statement here." in page
    assert f'href="/n/{negotiation.slug}/articles/" aria-current="page">Articles</a>' in page


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x</b>", None])
def test_no_link_for_a_url_that_is_not_a_web_address(client, negotiation, url):
    page = text_of(article_page(client, river_article(negotiation, url=url)))

    assert ">original</a>" not in page
    assert "javascript:" not in page.lower() and "data:text" not in page


def test_the_text_is_the_stored_text_with_statements_highlighted(client, negotiation):
    article = river_article(negotiation)
    varga = make_statement(article, VARGA_QUOTE, party="Norland")
    brell = make_statement(article, BRELL_CLAIM, party="Norland")
    annotate(brell, party="Sudmark")  # the person's party decides the colour

    response = article_page(client, article)

    block = text_block(response)
    assert html.unescape(re.sub(r"<[^>]+>", "", block)) == RIVER_TEXT
    assert (
        f'<mark class="hl party-0" data-statements="{varga.pk}" id="s-{varga.pk}" tabindex="-1">{VARGA_QUOTE}</mark>'
        in block
    )
    assert f'<mark class="hl party-1" data-statements="{brell.pk}" id="s-{brell.pk}"' in block
    assert re.search(r"· 2 statements\s*</p>", text_of(response))
    cards = side(response)
    assert cards.index(f'id="statement-{varga.pk}"') < cards.index(f'id="statement-{brell.pk}"')
    assert f'<a class="source" href="#s-{varga.pk}">in the text</a>' in cards


def test_nested_and_same_start_statements(client, negotiation):
    article = river_article(negotiation)
    outer = make_statement(article, f'said: "{VARGA_QUOTE}"')
    inner = make_statement(article, "more water")
    same_start = make_statement(article, 'said: "We need')

    block = text_block(article_page(client, article))

    assert html.unescape(re.sub(r"<[^>]+>", "", block)) == RIVER_TEXT
    # Where they overlap the innermost (shortest) comes first and gives the colour.
    assert f'data-statements="{same_start.pk} {outer.pk}" id="s-{outer.pk}"' in block
    assert f'<span class="anchor" id="s-{same_start.pk}"></span>' in block
    assert f'data-statements="{inner.pk} {outer.pk}" id="s-{inner.pk}" tabindex="-1">more water</mark>' in block
    assert block.count(f'id="s-{outer.pk}"') == 1


def test_rejected_statements_are_neither_highlighted_nor_listed(client, negotiation):
    article = river_article(negotiation)
    kept = make_statement(article, VARGA_QUOTE)
    rejected = make_statement(article, BRELL_CLAIM)
    annotate(rejected, Status.REJECTED)

    response = article_page(client, article)

    assert f"s-{rejected.pk}" not in text_of(response) and f"statement-{rejected.pk}" not in text_of(response)
    assert f'id="s-{kept.pk}"' in text_block(response)
    assert re.search(r"· 1 statement\s*</p>", text_of(response))
    assert BRELL_CLAIM in text_block(response)  # still part of the text, only not marked


def test_markup_in_the_text_stays_text(client, negotiation):
    text = 'He said "<b>no</b> & <script>alert(1)</script>" and left.'
    article = make_article(negotiation, text=text)
    make_statement(article, "<b>no</b> & <script>")

    block = text_block(article_page(client, article))

    assert "<script>" not in block and "<b>" not in block
    assert "&lt;b&gt;no&lt;/b&gt; &amp; &lt;script&gt;" in block
    assert html.unescape(re.sub(r"<[^>]+>", "", block)) == text


def test_only_annotators_get_the_add_form(client, reader_client, annotator_client, negotiation):
    article = river_article(negotiation)
    make_statement(article, VARGA_QUOTE)
    action = reverse("statement_add", args=[negotiation.slug, article.pk])

    for reader in (client, reader_client):
        page = text_of(article_page(reader, article))
        assert action not in page and "data-add-statement" not in page and "Select words" not in page
    page = text_of(article_page(annotator_client, article))
    assert f'<form method="post" action="{action}" data-add-statement>' in page
    assert 'name="start"' in page and 'name="end"' in page and 'name="text"' in page
    assert '<details class="add-statement" id="add-statement">' in page  # closed until needed
    assert "Select words in the text to add a statement" in page
    # The new statement's day defaults to the article's.
    assert 'name="said_on" value="2025-04-02"' in page


# negotiation and article, its statements and the issues readers see; signed in: session,
# user, the user's and groups' permissions, and the add form's actors, parties and issues.
ARTICLE_QUERIES = {"anonymous": 3, "annotator": 14}


@pytest.mark.parametrize("who", ["anonymous", "annotator"])
def test_queries_do_not_grow_with_statements(negotiation, annotator, django_assert_num_queries, who):
    client = Client()
    if who == "annotator":
        client.force_login(annotator)

    [few_article] = build_talks(negotiation, 3, user=annotator, per_article=3)
    [many_article] = build_talks(negotiation, 25, user=annotator, per_article=25)
    with django_assert_num_queries(ARTICLE_QUERIES[who]):
        few = article_page(client, few_article)
    with django_assert_num_queries(ARTICLE_QUERIES[who]):
        many = article_page(client, many_article)

    assert side(few).count('<article class="statement') == visible(3)
    assert side(many).count('<article class="statement') == visible(25, offset=3)
