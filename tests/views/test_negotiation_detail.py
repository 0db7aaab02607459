"""A negotiation's home: parties, issues, proposals, counts, and the latest statements."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from negotiations.models import Issue, Negotiation, Party, Statement, StatementAnnotation
from negotiations.views import LATEST_ON_HOME
from tests.helpers import annotate, make_article, make_statement
from tests.views.helpers import BRELL_CLAIM, VARGA_QUOTE, build_talks, paths, river_article, text_of, visible

pytestmark = pytest.mark.django_db

Status = StatementAnnotation.Status
SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def home(client, negotiation):
    return client.get(reverse("negotiation_detail", args=[negotiation.slug]))


def latest(response) -> str:
    """The "Latest statements" section: the lists above it name the same parties and issues."""
    page = text_of(response)
    return page[page.index('id="latest-heading"') :]


def test_unknown_slug_is_404(client, db):
    assert client.get(reverse("negotiation_detail", args=["nope"])).status_code == 404


def test_shows_parties_actors_issues_and_proposals_with_links_to_the_timeline(client, negotiation):
    response = home(client, negotiation)

    assert response.status_code == 200
    page = text_of(response)
    assert f"<h1>{negotiation.title}</h1>" in page
    norland = Party.objects.get(negotiation=negotiation, name="Norland")
    commission = Party.objects.get(negotiation=negotiation, name="River Commission")
    assert f'href="/n/{negotiation.slug}/timeline/?party={norland.pk}">Norland</a>' in page
    assert 'River Commission</a>\n          <span class="kind">Mediator</span>' in page
    assert "Water Minister Ilse Varga" in page
    dam = Issue.objects.get(negotiation=negotiation, name="Kell dam")
    assert f'<a href="/n/{negotiation.slug}/timeline/?issue={dam.pk}">Kell dam</a>' in page
    assert "Commission flow formula" in page and f'party-badge party-{commission.position}">River Commission' in page
    assert "10 Mar 2025" in page
    links = paths(page)
    for name in ("timeline", "article_list"):
        assert reverse(name, args=[negotiation.slug]) in links
    assert f"/n/{negotiation.slug}/timeline/?review=confirmed" in links
    assert f"/n/{negotiation.slug}/timeline/?review=rejected" in links


def test_counts_statements_readers_see(client, negotiation):
    article = river_article(negotiation)
    make_statement(article, VARGA_QUOTE)
    annotate(make_statement(article, BRELL_CLAIM), Status.REJECTED)
    annotate(make_statement(article, "Ilse Varga said"), Status.CONFIRMED)
    make_article(negotiation, title="Another", text="Nothing.")

    page = text_of(home(client, negotiation))

    assert f'<dt>Articles</dt><dd><a href="/n/{negotiation.slug}/articles/">2</a>' in page
    assert f'<dt>Statements</dt><dd><a href="/n/{negotiation.slug}/timeline/">2</a>' in page
    assert "<dt>Confirmed by hand</dt><dd><a" in page and '?review=confirmed">1</a>' in page
    assert '?review=rejected">1</a>' in page


def test_latest_statements_show_what_a_person_corrected(client, negotiation):
    statement = make_statement(
        river_article(negotiation, title="Talks stall"),
        BRELL_CLAIM,
        speaker="Extractor Speaker",
        party="Norland",
        kind=Statement.Kind.INDIRECT,
        issues=("Kell dam",),
    )
    annotate(
        statement,
        Status.CONFIRMED,
        party="Sudmark",
        said_on=date(2025, 3, 30),
        issues=(),
        speaker="Corrected Speaker",
        kind=Statement.Kind.DIRECT,
    )

    section = latest(home(client, negotiation))

    assert "Corrected Speaker" in section and "Extractor Speaker" not in section
    assert 'party-badge party-1">Sudmark<' in section and "Norland" not in section
    assert '<time datetime="2025-03-30">30 Mar 2025</time>' in section
    assert f"<q>{BRELL_CLAIM}</q>" in section
    assert "Kell dam" not in section
    assert f'href="/n/{negotiation.slug}/articles/{statement.article_id}/#s-{statement.pk}">Talks stall</a>' in section
    assert f'href="/n/{negotiation.slug}/statements/{statement.pk}/">' in section


def test_latest_statements_leave_out_rejected_and_stop_at_six(client, negotiation):
    sentences = [f"Point {n}." for n in range(LATEST_ON_HOME + 2)]
    article = make_article(negotiation, text=" ".join(sentences))
    statements = [make_statement(article, s, said_on=date(2025, 4, 1 + n)) for n, s in enumerate(sentences)]
    annotate(statements[-1], Status.REJECTED)

    section = latest(home(client, negotiation))

    # Newest first, the rejected newest one left out.
    expected = [f"Point {n}." for n in range(LATEST_ON_HOME, 0, -1)]
    found = [s for s in sentences if s in section]
    assert sorted(found, key=section.index) == expected
    assert f'href="/n/{negotiation.slug}/timeline/">The whole timeline' in section


def test_empty_negotiation_says_how_to_ingest(client, negotiation):
    page = text_of(home(client, negotiation))

    assert "No statements yet" in page and f"ingest --negotiation {negotiation.slug}" in page


def test_only_annotators_get_edit_controls(client, reader_client, annotator_client, negotiation):
    statement = make_statement(river_article(negotiation), VARGA_QUOTE)
    review = reverse("statement_review", args=[negotiation.slug, statement.pk])

    for reader in (client, reader_client):
        assert review not in text_of(home(reader, negotiation))
    page = text_of(home(annotator_client, negotiation))
    assert f'hx-post="{review}"' in page
    assert 'name="status" value="confirmed">Confirm</button>' in page


def test_untrusted_text_is_escaped(client, negotiation):
    article = make_article(negotiation, title=f"Title {SCRIPT}", text=f"Text {SCRIPT} ends.")
    make_statement(article, f"{SCRIPT} ends", speaker=f"Speaker {SCRIPT}")
    Negotiation.objects.filter(pk=negotiation.pk).update(title=f"Talks {SCRIPT}")

    page = text_of(home(client, negotiation))

    assert SCRIPT not in page
    # The negotiation's title (<title>, the feed link's title, the subnav's label and link, <h1>),
    # the article's title, the statement, its speaker, and the speaker again in the card's aria-label.
    assert page.count(ESCAPED_SCRIPT) == 9
    assert 'aria-label="Statement by Speaker &lt;script&gt;alert(1)&lt;/script&gt;"' in page


def test_pages_carry_csp_and_nonced_scripts(client, negotiation):
    response = home(client, negotiation)

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "style-src 'self'" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    page = text_of(response)
    assert f'nonce="{nonce}"' in page
    assert "django_htmx/htmx-2.min.js" in page
    assert "<style" not in page and " style=" not in page
    assert f'hx-headers=\'{{"x-csrftoken": "{response.context["csrf_token"]}"}}\'' in page


# negotiation, parties and their actors, issues, proposals, the article count, the statement
# counts, the confirmed count, the latest statements' ids, the statements and the issues readers
# see; signed in: session, user, and the user's and groups' permissions.
HOME_QUERIES = {"anonymous": 11, "annotator": 15}


@pytest.mark.parametrize("who", ["anonymous", "annotator"])
def test_queries_do_not_grow_with_statements(negotiation, annotator, django_assert_num_queries, who):
    client = Client()
    if who == "annotator":
        client.force_login(annotator)

    build_talks(negotiation, 3, user=annotator)
    with django_assert_num_queries(HOME_QUERIES[who]):
        few = home(client, negotiation)
    build_talks(negotiation, 22, user=annotator)
    with django_assert_num_queries(HOME_QUERIES[who]):
        many = home(client, negotiation)

    assert f'timeline/">{visible(3)}</a>' in text_of(few)
    assert f'timeline/">{visible(3) + visible(22, offset=3)}</a>' in text_of(many)
    assert latest(many).count('<article class="statement') == LATEST_ON_HOME
