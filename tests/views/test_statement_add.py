"""Adding a statement the extractor missed: from a selection's offsets, or from the words alone
(no JavaScript), refused when the words are not there, ambiguous or already a statement."""

from datetime import date

import pytest
from django.urls import reverse

from negotiations.models import AnnotationRevision, Party, Statement, StatementAnnotation
from tests.helpers import annotate, make_statement
from tests.views.helpers import BRELL_CLAIM, RIVER_TEXT, VARGA_QUOTE, river_article, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(negotiation):
    return river_article(negotiation)


def add_url(article) -> str:
    return reverse("statement_add", args=[article.negotiation.slug, article.pk])


def article_url(article) -> str:
    return reverse("article_detail", args=[article.negotiation.slug, article.pk])


def add_data(text: str, **values) -> dict:
    return {"text": text, "kind": Statement.Kind.DIRECT, "speaker": "", "note": "", **values}


def test_anonymous_is_sent_to_sign_in(client, article):
    response = client.post(add_url(article), add_data(VARGA_QUOTE))

    assert response.status_code == 302 and response.url == f"/accounts/login/?next={add_url(article)}"
    assert not Statement.objects.exists()


def test_a_reader_without_the_permission_is_refused(reader_client, article):
    assert reader_client.post(add_url(article), add_data(VARGA_QUOTE)).status_code == 403
    assert not Statement.objects.exists()


def test_get_goes_to_the_form_on_the_article(annotator_client, article):
    response = annotator_client.get(add_url(article))

    assert response.status_code == 302 and response.url == f"{article_url(article)}#add-statement"


def test_a_selection_adds_a_confirmed_statement_highlighted_in_the_article(annotator_client, negotiation, article):
    start = RIVER_TEXT.index(VARGA_QUOTE)
    varga = negotiation.actors.get(name="Ilse Varga")
    data = add_data(
        VARGA_QUOTE,
        start=start,
        end=start + len(VARGA_QUOTE),
        speaker="Ilse Varga",
        actor=varga.pk,
        said_on="2025-04-01",
        issues=[negotiation.issues.get(name="Dry-season flow").pk],
        note="missed by the extractor",
    )

    response = annotator_client.post(add_url(article), data)

    statement = Statement.objects.get()
    assert response.status_code == 302 and response.url == f"{article_url(article)}#s-{statement.pk}"
    assert (statement.start, statement.end, statement.text) == (start, start + len(VARGA_QUOTE), VARGA_QUOTE)
    assert statement.origin == Statement.Origin.MANUAL
    assert statement.party == Party.objects.get(negotiation=negotiation, name="Norland")  # the actor's
    assert statement.said_on == date(2025, 4, 1)
    assert statement.annotation.status == StatementAnnotation.Status.CONFIRMED
    assert statement.annotation.note == "missed by the extractor"
    [revision] = AnnotationRevision.objects.filter(statement=statement)
    assert revision.field == "created" and revision.user.username == "annie"

    page = text_of(annotator_client.get(response.url))
    assert '<li class="message success">Statement added.</li>' in page
    assert f'<mark class="hl party-0" data-statements="{statement.pk}" id="s-{statement.pk}"' in page
    assert '<span class="tag">added by hand</span>' in page


def test_a_selection_with_whitespace_around_is_trimmed(annotator_client, article):
    start = RIVER_TEXT.index(BRELL_CLAIM) - 1
    data = add_data(BRELL_CLAIM, start=start, end=start + len(BRELL_CLAIM) + 1)

    assert annotator_client.post(add_url(article), data).status_code == 302
    assert Statement.objects.get().text == BRELL_CLAIM


def test_the_words_alone_find_the_statement(annotator_client, article):
    response = annotator_client.post(add_url(article), add_data(f"  {BRELL_CLAIM}\n"))

    statement = Statement.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#s-{statement.pk}")
    assert statement.start == RIVER_TEXT.index(BRELL_CLAIM) and statement.text == BRELL_CLAIM


def test_offsets_that_do_not_match_the_words_give_way_to_the_words(annotator_client, article):
    response = annotator_client.post(add_url(article), add_data(BRELL_CLAIM, start=0, end=5))

    assert response.status_code == 302
    assert Statement.objects.get().text == BRELL_CLAIM


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("We need less water.", "This text is not in the article: copy it exactly, or select it in the text."),
        ("said", "This text occurs 2 times in the article: quote more of it, or select it in the text."),
        ("", "This field is required."),
    ],
)
def test_words_that_do_not_locate_one_span_are_refused(annotator_client, article, text, message):
    article.text = f"{RIVER_TEXT} Brell said nothing."
    article.save()

    response = annotator_client.post(add_url(article), add_data(text))

    assert response.status_code == 422
    page = text_of(response)
    assert message in page
    assert '<details class="add-statement" id="add-statement" open>' in page  # the form, open, with what was typed
    assert f">\n{text}</textarea>" in page
    assert not Statement.objects.exists()


def test_an_existing_statement_is_not_added_twice(annotator_client, article):
    make_statement(article, VARGA_QUOTE)

    response = annotator_client.post(add_url(article), add_data(VARGA_QUOTE))

    assert response.status_code == 422
    assert "That text is already a statement." in text_of(response)
    assert Statement.objects.count() == 1


def test_a_rejected_statements_words_can_be_added_again(annotator_client, article):
    annotate(make_statement(article, VARGA_QUOTE), StatementAnnotation.Status.REJECTED)

    assert annotator_client.post(add_url(article), add_data(VARGA_QUOTE)).status_code == 302
    assert Statement.objects.visible().get().origin == Statement.Origin.MANUAL


def test_bad_values_are_refused(annotator_client, article):
    response = annotator_client.post(add_url(article), add_data(VARGA_QUOTE, kind="sung", said_on="soon"))

    assert response.status_code == 422
    assert "Enter a valid date." in text_of(response) and "Select a valid choice." in text_of(response)
    assert not Statement.objects.exists()
