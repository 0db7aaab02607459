"""Confirming, rejecting and taking the verdict back: annotators only, logged, and a rejected
statement leaves the timeline, the home page and the article."""

import pytest
from django.urls import reverse

from negotiations.models import AnnotationRevision, StatementAnnotation
from negotiations.services.annotation import do_set_status
from tests.helpers import make_statement
from tests.views.helpers import BRELL_CLAIM, VARGA_QUOTE, fresh, htmx, river_article, text_of

pytestmark = pytest.mark.django_db

Status = StatementAnnotation.Status


@pytest.fixture
def article(negotiation):
    return river_article(negotiation)


@pytest.fixture
def brell(article):
    return make_statement(article, BRELL_CLAIM, speaker="Tomas Brell", party="Sudmark")


def review_url(statement) -> str:
    return reverse("statement_review", args=[statement.article.negotiation.slug, statement.pk])


def page_url(statement) -> str:
    return reverse("statement_detail", args=[statement.article.negotiation.slug, statement.pk])


def review(client, statement, status, version=0, **kwargs):
    data = {"status": status, "version": version}
    data.update(kwargs.pop("data", {}))
    return client.post(review_url(statement), data, **kwargs)


def status_log(statement) -> list[tuple[str, str, str]]:
    return [
        (r.old_value, r.new_value, r.user.username)
        for r in AnnotationRevision.objects.filter(statement=statement, field="status").order_by("id")
    ]


def test_anonymous_is_sent_to_sign_in(client, brell):
    response = review(client, brell, Status.CONFIRMED)

    assert response.status_code == 302 and response.url == f"/accounts/login/?next={review_url(brell)}"
    assert fresh(brell).annotation_or_none is None


def test_a_reader_without_the_permission_is_refused(reader_client, brell):
    assert review(reader_client, brell, Status.REJECTED).status_code == 403
    assert fresh(brell).annotation_or_none is None


def test_only_post(annotator_client, brell):
    assert annotator_client.get(review_url(brell)).status_code == 405


def test_confirm_then_undo(annotator_client, brell):
    response = review(annotator_client, brell, Status.CONFIRMED)

    assert response.status_code == 302 and response.url == page_url(brell)
    assert fresh(brell).effective.status == Status.CONFIRMED
    page = text_of(annotator_client.get(response.url))
    assert '<li class="message success">Confirmed.</li>' in page
    assert '<span class="tag status-confirmed">confirmed</span>' in page
    assert 'name="version" value="1"' in page and 'value="unreviewed">Undo confirm</button>' in page

    response = review(annotator_client, brell, Status.UNREVIEWED, version=1)

    assert response.status_code == 302
    assert fresh(brell).effective.status == Status.UNREVIEWED
    assert "Review undone." in text_of(annotator_client.get(response.url))
    assert status_log(brell) == [("unreviewed", "confirmed", "annie"), ("confirmed", "unreviewed", "annie")]


def test_reject_hides_the_statement_from_readers_until_undone(client, annotator_client, negotiation, article, brell):
    varga = make_statement(article, VARGA_QUOTE)
    timeline = reverse("timeline", args=[negotiation.slug])
    home = reverse("negotiation_detail", args=[negotiation.slug])
    article_url = reverse("article_detail", args=[negotiation.slug, article.pk])

    response = review(annotator_client, brell, Status.REJECTED, data={"next": timeline})

    assert response.status_code == 302 and response.url == timeline
    followed = text_of(annotator_client.get(timeline))
    assert "Rejected: hidden from the timeline." in followed
    for url in (timeline, home, article_url):
        page = text_of(client.get(url))
        assert f'id="statement-{brell.pk}"' not in page and f'id="statement-{varga.pk}"' in page
    rejected = text_of(client.get(f"{timeline}?review=rejected"))
    assert f'id="statement-{brell.pk}"' in rejected and f'id="statement-{varga.pk}"' not in rejected
    assert client.get(page_url(brell)).status_code == 200

    review(annotator_client, brell, Status.UNREVIEWED, version=1)

    assert f'id="statement-{brell.pk}"' in text_of(client.get(timeline))


def test_htmx_answers_the_card_with_the_next_action(annotator_client, brell):
    response = review(annotator_client, brell, Status.REJECTED, headers=htmx(f"statement-{brell.pk}"))

    assert response.status_code == 200
    page = text_of(response).strip()
    assert page.startswith(f'<article class="statement party-1 is-rejected" id="statement-{brell.pk}"')
    assert '<span class="flash" role="status">Rejected: hidden from the timeline.</span>' in page
    assert 'name="version" value="1"' in page and "Undo reject" in page
    assert "<html" not in page
    assert "HX-Request" in response["Vary"]


def test_a_stale_version_is_a_conflict(annotator_client, other_annotator, brell):
    do_set_status(brell, user=other_annotator, status=Status.CONFIRMED, expected_version=0)

    response = review(annotator_client, brell, Status.REJECTED, version=0)

    assert response.status_code == 409
    page = text_of(response)
    assert "otto changed this statement while you were looking at it" in page and "<html" in page
    assert fresh(brell).effective.status == Status.CONFIRMED
    assert status_log(brell) == [("unreviewed", "confirmed", "otto")]

    partial = review(annotator_client, brell, Status.REJECTED, version=0, headers=htmx(f"statement-{brell.pk}"))
    assert partial.status_code == 409
    assert text_of(partial).strip().startswith("<article") and "otto changed this statement" in text_of(partial)
    assert 'name="version" value="1"' in text_of(partial)  # the buttons now act on what is on screen


@pytest.mark.parametrize("data", [{"status": "maybe", "version": 0}, {"status": "confirmed"}, {"version": 0}])
def test_a_broken_request_is_400(annotator_client, brell, data):
    response = annotator_client.post(review_url(brell), data)

    assert response.status_code == 400
    assert fresh(brell).annotation_or_none is None


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_an_unsafe_next_falls_back_to_the_statement(annotator_client, brell, next_url):
    response = review(annotator_client, brell, Status.CONFIRMED, data={"next": next_url})

    assert response.status_code == 302 and response.url == page_url(brell)


def test_the_same_status_again_writes_nothing(annotator_client, brell):
    review(annotator_client, brell, Status.CONFIRMED)

    response = review(annotator_client, brell, Status.CONFIRMED, version=1)

    assert response.status_code == 302
    assert len(status_log(brell)) == 1
