"""One statement: its card, its place in the article, the extractor's values beside the shown
ones, and the history of what people changed."""

import pytest
from django.test import Client
from django.urls import reverse

from negotiations.models import Party, Proposal, Statement, StatementAnnotation
from negotiations.services.annotation import do_annotate_statement, do_set_status
from tests.helpers import annotate, make_negotiation
from tests.views.helpers import BRELL_CLAIM, VARGA_QUOTE, build_talks, htmx, paths, text_of

pytestmark = pytest.mark.django_db

Status = StatementAnnotation.Status


def statement_page(client, statement, **kwargs):
    return client.get(reverse("statement_detail", args=[statement.article.negotiation.slug, statement.pk]), **kwargs)


def section(response, heading_id: str) -> str:
    page = text_of(response)
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def test_unknown_or_other_negotiations_statement_is_404(client, negotiation, brell):
    make_negotiation(slug="other", title="Other", with_setup=False)

    assert client.get(reverse("statement_detail", args=["other", brell.pk])).status_code == 404
    assert client.get(reverse("statement_detail", args=[negotiation.slug, brell.pk + 1])).status_code == 404


def test_the_card_shows_the_stance_its_proposal_and_the_stance_it_reports(client, negotiation, brell):
    formula = Proposal.objects.get(negotiation=negotiation, name="Commission flow formula")
    Statement.objects.filter(pk=brell.pk).update(
        stance="demands",
        target="Kell dam",
        proposal=formula,
        reported_party=Party.objects.get(negotiation=negotiation, name="Norland"),
        reported_stance="rejects",
        reported_target=formula.name,
    )
    annotate(brell, stance="opposes")

    card = section(statement_page(client, brell), f"statement-{brell.pk}")

    assert '<span class="stance stance-opposes">Opposes</span> Kell dam' in card
    assert f'#proposal-{formula.pk}">Commission flow formula</a>' in card
    assert 'reports</span> Norland: <span class="stance stance-rejects">Rejects</span> Commission flow formula' in card


def test_shows_the_statement_in_its_article(client, negotiation, brell):
    response = statement_page(client, brell)

    assert response.status_code == 200
    page = text_of(response)
    assert f'id="statement-{brell.pk}"' in page
    context = section(response, "context-heading")
    assert f'…Ilse Varga said: &quot;{VARGA_QUOTE}&quot; <mark class="hl party-1">{BRELL_CLAIM}</mark>…' in context
    links = paths(page)
    assert reverse("article_detail", args=[negotiation.slug, brell.article_id]) in links
    assert f'href="/n/{negotiation.slug}/articles/{brell.article_id}/#s-{brell.pk}"' in page
    assert reverse("timeline", args=[negotiation.slug]) in links
    assert "Nobody has changed this statement" in section(response, "history-heading")


def test_values_show_the_extractors_beside_the_persons(client, negotiation, brell):
    annotate(brell, party="Norland", said_on=None, issues=(), speaker="Ilse Varga", kind=Statement.Kind.DIRECT)

    values = section(statement_page(client, brell), "values-heading")

    assert '<th scope="row">Speaker</th><td>Tomas Brell</td><td>Ilse Varga</td>' in values
    assert '<th scope="row">Party</th><td>Sudmark</td><td>Norland</td>' in values
    assert '<th scope="row">Said on</th><td>2025-04-01</td><td>—</td>' in values
    assert '<th scope="row">Kind</th><td>Reported speech</td><td>Direct quote</td>' in values
    assert '<th scope="row">Issues</th><td>Kell dam</td><td>—</td>' in values
    # Why Parley took the sentence for a statement: the extraction rule that matched it.
    assert '<th scope="row">Rule</th><td><code>clause</code></td>' in values
    assert '<th scope="row">Actor</th><td>Foreign Minister Tomas Brell</td><td>Foreign Minister Tomas Brell</td>' in (
        values
    )


def test_history_lists_every_change_with_its_author(client, annotator, negotiation, brell):
    do_annotate_statement(
        brell, user=annotator, changes={"speaker": "Brell", "issues": [], "note": "short name"}, expected_version=0
    )
    do_set_status(brell, user=annotator, status=Status.CONFIRMED, expected_version=1)

    response = statement_page(client, brell)

    history = section(response, "history-heading")
    assert history.count("<td>annie</td>") == 4
    assert "<td>speaker</td>\n            <td>Tomas Brell</td>\n            <td>Brell</td>" in history
    assert "<td>issues</td>\n            <td>Kell dam</td>\n            <td>—</td>" in history
    assert "<td>review</td>\n            <td>unreviewed</td>\n            <td>confirmed</td>" in history
    card = text_of(response)
    assert ">history</a>" in card and "edited by annie" in card and "status-confirmed" in card


def test_a_rejected_statement_still_has_its_page(client, annotator_client, negotiation, brell):
    annotate(brell, Status.REJECTED)

    response = statement_page(annotator_client, brell)

    assert response.status_code == 200
    page = text_of(response)
    assert "is-rejected" in page and 'value="unreviewed">Undo reject</button>' in page


def test_htmx_gets_the_card_alone(client, negotiation, brell):
    response = statement_page(client, brell, headers=htmx(f"statement-{brell.pk}"))

    assert response.status_code == 200
    page = text_of(response).strip()
    assert page.startswith(f'<article class="statement party-1" id="statement-{brell.pk}"')
    assert page.endswith("</article>")
    assert "<html" not in page and "History" not in page
    assert "HX-Request" in response["Vary"]
    assert "HX-Request" in statement_page(client, brell)["Vary"]


def test_a_history_restore_gets_the_whole_page(client, negotiation, brell):
    headers = htmx(**{"HX-History-Restore-Request": "true"})

    page = text_of(statement_page(client, brell, headers=headers))

    assert "<html" in page and 'id="history-heading"' in page


def test_only_annotators_get_the_form(client, reader_client, annotator_client, negotiation, brell):
    for reader in (client, reader_client):
        page = text_of(statement_page(reader, brell))
        assert "Correct it" not in page and "data-statement-form" not in page and "/edit/" not in page

    page = text_of(statement_page(annotator_client, brell))
    edit = reverse("statement_edit", args=[negotiation.slug, brell.pk])
    assert f'<form class="statement-form" id="statement-{brell.pk}" method="post" action="{edit}" data' in page
    assert f'name="s{brell.pk}-speaker" value="Tomas Brell"' in page
    assert f'name="s{brell.pk}-version" value="0"' in page
    assert f'<input type="hidden" name="next" value="/n/{negotiation.slug}/statements/{brell.pk}/">' in page


# the statement (with its article, actors, parties, annotation and editor), the issues readers
# see, the extractor's issues (the full page's table of values), the revisions; signed in:
# session, user, the user's and groups' permissions, and the form's actors, parties and issues.
# The htmx card needs neither the extractor's issues nor the revisions.
STATEMENT_QUERIES = {("anonymous", False): 4, ("annotator", False): 15, ("anonymous", True): 2, ("annotator", True): 6}


@pytest.mark.parametrize("partial", [False, True])
@pytest.mark.parametrize("who", ["anonymous", "annotator"])
def test_queries_do_not_grow_with_issues_or_revisions(negotiation, annotator, django_assert_num_queries, who, partial):
    client = Client()
    if who == "annotator":
        client.force_login(annotator)
    headers = htmx("statement-1") if partial else {}
    build_talks(negotiation, 3, user=annotator)
    statement = Statement.objects.get(annotation__version=2)
    before = len(text_of(statement_page(client, statement)))

    with django_assert_num_queries(STATEMENT_QUERIES[who, partial]):
        statement_page(client, statement, headers=headers)
    for version in range(2, 12):
        do_annotate_statement(
            statement,
            user=annotator,
            changes={"note": f"note {version}", "speaker": f"S{version}"},
            expected_version=version,
        )
    with django_assert_num_queries(STATEMENT_QUERIES[who, partial]):
        statement_page(client, statement, headers=headers)

    assert len(text_of(statement_page(client, statement))) > before
