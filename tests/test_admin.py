import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiations.models import Alias, AnnotationRevision, Party, Statement, StatementAnnotation
from tests.helpers import annotate, make_article, make_statement

MODELS = ["negotiation", "party", "actor", "issue", "proposal", "alias", "article", "statement"]
MODELS += ["statementannotation", "annotationrevision"]


@pytest.fixture
def statement(negotiation):
    statement = make_statement(make_article(negotiation), "We need more water in August.", party="Norland")
    annotate(statement, status=StatementAnnotation.Status.CONFIRMED, party="Sudmark", issues=("Kell dam",))
    AnnotationRevision.objects.create(statement=statement, field="party", old_value="Norland", new_value="Sudmark")
    return statement


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS)
def test_every_list_and_change_page_opens(admin_client, statement, model):
    changelist = admin_client.get(reverse(f"admin:negotiations_{model}_changelist"), {"q": "a"})
    assert changelist.status_code == 200
    obj = changelist.context["cl"].queryset.model.objects.first()
    assert admin_client.get(reverse(f"admin:negotiations_{model}_change", args=[obj.pk])).status_code == 200


def statement_list_queries(admin_client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse("admin:negotiations_statement_changelist"))
    assert response.status_code == 200
    return len(queries)


def article_list_queries(admin_client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse("admin:negotiations_article_changelist"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_list_pages_do_not_query_per_row(admin_client, negotiation, statement):
    few = (statement_list_queries(admin_client), article_list_queries(admin_client))
    for number in range(5):
        article = make_article(negotiation, title=f"Day {number}", text=f"Sudmark said: No dam {number}.")
        annotate(make_statement(article, f"No dam {number}.", party="Sudmark"), note="seen")

    assert (statement_list_queries(admin_client), article_list_queries(admin_client)) == few


@pytest.mark.django_db
def test_article_list_counts_statements(admin_client, negotiation, statement):
    make_statement(statement.article, "Sudmark rejected the flow formula.")

    response = admin_client.get(reverse("admin:negotiations_article_changelist"))

    assert [article.statement_count for article in response.context["cl"].result_list] == [2]


@pytest.mark.django_db
def test_unreviewed_filter_includes_statements_nobody_opened(admin_client, statement):
    untouched = make_statement(statement.article, "Sudmark rejected the flow formula.")
    opened = make_statement(statement.article, "Sudmark")
    annotate(opened, note="later")
    url = reverse("admin:negotiations_statement_changelist")

    unreviewed = admin_client.get(url, {"status": "unreviewed"}).context["cl"].result_list
    confirmed = admin_client.get(url, {"status": "confirmed"}).context["cl"].result_list

    assert {s.pk for s in unreviewed} == {untouched.pk, opened.pk}
    assert [s.pk for s in confirmed] == [statement.pk]


@pytest.mark.django_db
def test_an_alias_added_on_a_party_page_gets_the_partys_negotiation(admin_client, negotiation):
    party = Party.objects.get(name="Norland")
    prefix = "aliases"
    existing = list(party.aliases.order_by("id"))
    data = {"name": party.name, "kind": party.kind, "negotiation": negotiation.pk, "position": party.position}
    data |= {
        f"{prefix}-TOTAL_FORMS": str(len(existing) + 1),
        f"{prefix}-INITIAL_FORMS": str(len(existing)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, alias in enumerate(existing):
        data |= {f"{prefix}-{index}-id": str(alias.pk), f"{prefix}-{index}-text": alias.text}
    data[f"{prefix}-{len(existing)}-text"] = "Nordic side"

    response = admin_client.post(reverse("admin:negotiations_party_change", args=[party.pk]), data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    added = Alias.objects.get(text="Nordic side")
    assert (added.party_id, added.negotiation_id) == (party.pk, negotiation.pk)


@pytest.mark.django_db
def test_an_annotation_saved_in_the_admin_bumps_its_version(admin_client, admin_user, statement):
    annotation = statement.annotation
    version = annotation.version
    data = {
        "statement": statement.pk,
        "status": StatementAnnotation.Status.REJECTED,
        "party": annotation.party_id,
        "party_set": "on",
        "issues": [issue.pk for issue in annotation.issues.all()],
        "issues_set": "on",
        "note": "not a statement",
    }

    response = admin_client.post(reverse("admin:negotiations_statementannotation_change", args=[annotation.pk]), data)

    assert response.status_code == 302
    annotation.refresh_from_db()
    assert (annotation.status, annotation.version, annotation.updated_by) == ("rejected", version + 1, admin_user)
    assert Statement.objects.visible().count() == 0


@pytest.mark.django_db
def test_revisions_are_read_only(admin_client, statement):
    revision = AnnotationRevision.objects.get()

    response = admin_client.post(
        reverse("admin:negotiations_annotationrevision_change", args=[revision.pk]), {"field": "speaker"}
    )

    assert response.status_code == 403
    assert admin_client.get(reverse("admin:negotiations_annotationrevision_add")).status_code == 403
