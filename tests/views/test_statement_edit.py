"""Correcting a statement: annotators only, every change logged, a stale form is a conflict."""

import threading
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.urls import reverse

from negotiations.models import AnnotationRevision, Issue, Party, Statement
from negotiations.services import annotation as annotation_service
from negotiations.services.annotation import do_annotate_statement
from tests.helpers import make_negotiation
from tests.views.helpers import edit_data, fresh, htmx, text_of

pytestmark = pytest.mark.django_db


def edit_url(statement) -> str:
    return reverse("statement_edit", args=[statement.article.negotiation.slug, statement.pk])


def page_url(statement) -> str:
    return reverse("statement_detail", args=[statement.article.negotiation.slug, statement.pk])


def revisions(statement) -> list[tuple[str, object, object, str]]:
    return [
        (r.field, r.old_value, r.new_value, r.user.username)
        for r in AnnotationRevision.objects.filter(statement=statement).select_related("user").order_by("id")
    ]


def party(negotiation, name):
    return Party.objects.get(negotiation=negotiation, name=name)


def issue(negotiation, name):
    return Issue.objects.get(negotiation=negotiation, name=name)


# --- who may -------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_sign_in(client, brell, method):
    response = getattr(client, method)(edit_url(brell), edit_data(brell, speaker="X") if method == "post" else None)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={edit_url(brell)}"
    assert not AnnotationRevision.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_reader_without_the_permission_is_refused(reader_client, brell, method):
    response = getattr(reader_client, method)(edit_url(brell), edit_data(brell, speaker="X"))

    assert response.status_code == 403
    assert not AnnotationRevision.objects.exists()


def test_other_methods_are_not_allowed(annotator_client, brell):
    assert annotator_client.put(edit_url(brell)).status_code == 405
    assert annotator_client.delete(edit_url(brell)).status_code == 405


def test_a_statement_of_another_negotiation_is_404(annotator_client, brell):
    make_negotiation(slug="other", title="Other", with_setup=False)

    assert annotator_client.get(reverse("statement_edit", args=["other", brell.pk])).status_code == 404


# --- the form ------------------------------------------------------------------------------------


def test_get_shows_the_statement_page_with_the_form(annotator_client, brell):
    response = annotator_client.get(edit_url(brell))

    assert response.status_code == 200
    page = text_of(response)
    assert "<html" in page and 'id="edit-heading"' in page
    assert f'name="s{brell.pk}-speaker" value="Tomas Brell"' in page
    assert f'name="s{brell.pk}-said_on" value="2025-04-01"' in page
    assert "hx-post" not in page.split('id="edit-heading"')[1]  # the plain form, without htmx


def test_htmx_get_answers_the_inline_form(annotator_client, brell):
    response = annotator_client.get(edit_url(brell), headers=htmx(f"statement-{brell.pk}"))

    assert response.status_code == 200
    page = text_of(response).strip()
    assert page.startswith(f'<form class="statement-form" id="statement-{brell.pk}"')
    assert f'hx-post="{edit_url(brell)}" hx-target="this" hx-swap="outerHTML"' in page
    assert f'hx-get="{page_url(brell)}" hx-target="#statement-{brell.pk}"' in page  # cancel brings the card back
    assert "<html" not in page
    assert "HX-Request" in response["Vary"]


# --- saving --------------------------------------------------------------------------------------


def test_saving_writes_revisions_and_redirects_to_the_statement(annotator_client, negotiation, brell):
    data = edit_data(
        brell,
        speaker="Brell",
        party=party(negotiation, "Norland"),
        said_on=date(2025, 3, 31),
        issues=[issue(negotiation, "Kell dam"), issue(negotiation, "Data sharing")],
        note="Checked <b>twice</b>",
    )

    response = annotator_client.post(edit_url(brell), data)

    assert response.status_code == 302 and response.url == page_url(brell)
    assert revisions(brell) == [
        ("speaker", "Tomas Brell", "Brell", "annie"),
        ("party", "Sudmark", "Norland", "annie"),
        ("said_on", "2025-04-01", "2025-03-31", "annie"),
        ("issues", ["Kell dam"], ["Kell dam", "Data sharing"], "annie"),
        ("note", "", "Checked <b>twice</b>", "annie"),
    ]
    values = fresh(brell).effective
    assert (values.speaker, values.party.name, values.said_on) == ("Brell", "Norland", date(2025, 3, 31))
    assert fresh(brell).annotation.version == 1

    page = text_of(annotator_client.get(response.url))
    assert '<li class="message success">Saved.</li>' in page
    history = page[page.index('id="history-heading"') :]
    assert history.count("<td>annie</td>") == 5
    assert "<td>said on</td>\n            <td>2025-04-01</td>\n            <td>2025-03-31</td>" in history
    assert "Checked &lt;b&gt;twice&lt;/b&gt;" in history and "<b>twice" not in page
    assert f'name="s{brell.pk}-version" value="1"' in page


def test_saving_without_a_change_writes_nothing(annotator_client, brell):
    response = annotator_client.post(edit_url(brell), edit_data(brell))

    assert response.status_code == 302
    assert revisions(brell) == []


def test_htmx_save_answers_the_card_with_the_new_values(annotator_client, negotiation, brell):
    data = edit_data(brell, speaker="Brell", party=party(negotiation, "River Commission"))

    response = annotator_client.post(edit_url(brell), data, headers=htmx(f"statement-{brell.pk}"))

    assert response.status_code == 200
    page = text_of(response).strip()
    assert page.startswith(f'<article class="statement party-2" id="statement-{brell.pk}"')
    assert '<span class="who">Brell</span>' in page
    assert '<span class="party-badge party-2">River Commission</span>' in page
    assert '<span class="flash" role="status">Saved.</span>' in page
    assert "edited by annie" in page and ">history</a>" in page
    assert "<html" not in page
    assert len(revisions(brell)) == 2


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/n/arven-river/timeline/?party=2", "/n/arven-river/timeline/?party=2"),
        ("https://evil.example/", None),
        ("//evil.example/", None),
        ("javascript:alert(1)", None),
        ("http://testserver.evil.example/", None),
        ("", None),
    ],
)
def test_next_is_followed_only_within_the_site(annotator_client, brell, next_url, expected):
    data = {**edit_data(brell, speaker="Brell"), "next": next_url}

    response = annotator_client.post(edit_url(brell), data)

    assert response.status_code == 302
    assert response.url == (expected or page_url(brell))


# --- refusals ------------------------------------------------------------------------------------


def test_a_stale_version_is_a_conflict_that_names_the_other_person_and_saves_nothing(
    annotator_client, other_annotator, negotiation, brell
):
    form = edit_data(brell, speaker="Annie's speaker", note="mine")
    do_annotate_statement(brell, user=other_annotator, changes={"speaker": "Otto's speaker"}, expected_version=0)

    response = annotator_client.post(edit_url(brell), form)

    assert response.status_code == 409
    page = text_of(response)
    assert "<strong>otto</strong> saved a change to this statement while you were editing it" in page
    assert "<li>speaker: Tomas Brell → Otto&#x27;s speaker</li>" in page
    # What annie typed is still in the form, now against the version she has seen.
    assert f'name="s{brell.pk}-speaker" value="Annie&#x27;s speaker"' in page
    assert f'name="s{brell.pk}-version" value="1"' in page
    assert revisions(brell) == [("speaker", "Tomas Brell", "Otto's speaker", "otto")]
    assert fresh(brell).effective.speaker == "Otto's speaker"
    assert fresh(brell).effective.note == ""

    # Saving again now is a deliberate overwrite.
    again = annotator_client.post(edit_url(brell), {**form, f"s{brell.pk}-version": 1})
    assert again.status_code == 302
    assert fresh(brell).effective.speaker == "Annie's speaker"


def annotator_with_permission(django_user_model, username: str):
    # Not through the annotators group: an earlier transactional test may have emptied the
    # tables that hold it (and, on SQLite after a serialized rollback, the permission too).
    ContentType.objects.clear_cache()  # it may name a content type the emptying took away
    content_type = ContentType.objects.get_for_model(Statement)
    permission, _ = Permission.objects.get_or_create(
        codename="annotate_statement", content_type=content_type, defaults={"name": "Can correct statements"}
    )
    user = django_user_model.objects.create_user(username)
    user.user_permissions.add(permission)
    return user


# Committed data, for two threads.
@pytest.mark.django_db(transaction=True)
def test_two_people_saving_one_statement_at_once_get_one_save_and_one_conflict(django_user_model, brell, monkeypatch):
    annotator = annotator_with_permission(django_user_model, "annie")
    other_annotator = annotator_with_permission(django_user_model, "otto")
    # Before, on SQLite: both transactions began DEFERRED, both read version 0 (select_for_update
    # locks nothing there), and the second to write got "database is locked", an HTTP 500.
    # Each save waits (up to a second) after reading until the other has read too, so without a
    # lock taken when the transaction begins both read the same version.
    lock = annotation_service._lock
    have_read = []
    both = threading.Condition()

    def lock_then_wait(statement, expected):
        found = lock(statement, expected)
        with both:
            have_read.append(statement.pk)
            both.notify_all()
            both.wait_for(lambda: len(have_read) == 2, timeout=1)
        return found

    monkeypatch.setattr(annotation_service, "_lock", lock_then_wait)
    statuses = {}

    def save(user, speaker):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        try:
            statuses[user.username] = client.post(edit_url(brell), edit_data(brell, speaker=speaker)).status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(annotator, "Annie's speaker")),
        threading.Thread(target=save, args=(other_annotator, "Otto's speaker")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses.values()) == [302, 409]
    winner = next(name for name, status in statuses.items() if status == 302)
    assert [(field, user) for field, _, _, user in revisions(brell)] == [("speaker", winner)]
    assert fresh(brell).effective.speaker == ("Annie's speaker" if winner == "annie" else "Otto's speaker")


def test_after_a_conflict_saving_again_keeps_what_only_the_other_person_changed(
    annotator_client, other_annotator, negotiation, brell
):
    # annie opens the form; otto then sets the day and the note, which annie does not touch.
    form = edit_data(brell, party=party(negotiation, "Norland"))
    do_annotate_statement(
        brell,
        user=other_annotator,
        changes={"said_on": date(2025, 4, 1), "note": "Otto's note"},
        expected_version=0,
    )

    response = annotator_client.post(edit_url(brell), form)

    assert response.status_code == 409
    page = text_of(response)
    # otto's values replace the stale ones in annie's form; her own change stays.
    assert f'name="s{brell.pk}-said_on" value="2025-04-01"' in page
    assert "Otto&#x27;s note</textarea>" in page
    assert f'<option value="{party(negotiation, "Norland").pk}" selected>' in page
    assert "what you both changed" not in page

    resubmitted = {**form, f"s{brell.pk}-version": 1, f"s{brell.pk}-said_on": "2025-04-01"}
    resubmitted[f"s{brell.pk}-note"] = "Otto's note"
    assert annotator_client.post(edit_url(brell), resubmitted).status_code == 302
    values = fresh(brell).effective
    assert (values.party.name, values.said_on, values.note) == ("Norland", date(2025, 4, 1), "Otto's note")


def test_a_field_both_people_changed_is_named_and_keeps_this_persons_value(
    annotator_client, other_annotator, negotiation, brell
):
    form = edit_data(brell, speaker="Annie's speaker")
    do_annotate_statement(brell, user=other_annotator, changes={"speaker": "Otto's speaker"}, expected_version=0)

    page = text_of(annotator_client.post(edit_url(brell), form))

    assert "yours for what you both changed (speaker)" in page
    assert f'name="s{brell.pk}-speaker" value="Annie&#x27;s speaker"' in page


def test_an_htmx_conflict_answers_the_inline_form(annotator_client, other_annotator, brell):
    form = edit_data(brell, speaker="Annie's speaker")
    do_annotate_statement(brell, user=other_annotator, changes={"note": "Otto's note"}, expected_version=0)

    response = annotator_client.post(edit_url(brell), form, headers=htmx(f"statement-{brell.pk}"))

    assert response.status_code == 409
    page = text_of(response).strip()
    assert page.startswith(f'<form class="statement-form" id="statement-{brell.pk}"')
    assert "<strong>otto</strong> saved a change" in page and "hx-post" in page
    assert "<html" not in page
    assert fresh(brell).effective.speaker == "Tomas Brell"


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("kind", "sung", "Select a valid choice. sung is not one of the available choices."),
        ("said_on", "31/03/2025", "Enter a valid date."),
        ("party", "999999", "Select a valid choice. That choice is not one of the available choices."),
        ("speaker", "x" * 301, "Ensure this value has at most 300 characters (it has 301)."),
        # A broken version is a broken form (the field is hidden): the form comes back, without a
        # message a person could act on.
        ("version", "", None),
        ("version", "-1", None),
    ],
)
def test_invalid_input_answers_422_with_the_form_and_saves_nothing(annotator_client, brell, field, value, error):
    data = {**edit_data(brell, note="should not be saved"), f"s{brell.pk}-{field}": value}

    for headers in ({}, htmx(f"statement-{brell.pk}")):
        response = annotator_client.post(edit_url(brell), data, headers=headers)
        assert response.status_code == 422
        assert f'<form class="statement-form" id="statement-{brell.pk}"' in text_of(response)
        assert error is None or error in text_of(response)
        assert ("<html" in text_of(response)) == (not headers)
    assert revisions(brell) == []


def test_a_party_of_another_negotiation_is_not_a_choice(annotator_client, brell):
    foreign = make_negotiation(slug="other", title="Other")
    data = edit_data(brell, party=Party.objects.get(negotiation=foreign, name="Norland"))

    response = annotator_client.post(edit_url(brell), data)

    assert response.status_code == 422
    assert revisions(brell) == []


# --- the reported stance -------------------------------------------------------------------------


def test_the_form_corrects_a_reported_stance(annotator_client, negotiation, brell):
    data = edit_data(
        brell, reported_party=party(negotiation, "Norland"), reported_stance="rejects", reported_target="Kell dam"
    )

    response = annotator_client.post(edit_url(brell), data)

    assert response.status_code == 302
    assert revisions(brell) == [
        ("reported_party", None, "Norland", "annie"),
        ("reported_stance", "", "rejects", "annie"),
        ("reported_target", "", "Kell dam", "annie"),
    ]
    page = text_of(annotator_client.get(page_url(brell)))
    assert "reports</span> Norland" in page and "reported stance" in page


def test_choosing_no_reported_stance_deletes_the_whole_report(annotator_client, negotiation, brell):
    brell.reported_party = party(negotiation, "Norland")
    brell.reported_stance, brell.reported_target = "accepts", "Commission flow formula"
    brell.save()

    # The party and target stay selected in the form: no stance is no report at all.
    response = annotator_client.post(edit_url(brell), edit_data(brell, reported_stance=""))

    assert response.status_code == 302
    assert revisions(brell) == [
        ("reported_party", "Norland", None, "annie"),
        ("reported_stance", "accepts", "", "annie"),
        ("reported_target", "Commission flow formula", "", "annie"),
    ]
    assert "reports</span>" not in text_of(annotator_client.get(page_url(brell)))


def test_a_reported_stance_without_its_party_is_refused_with_a_message(annotator_client, brell):
    response = annotator_client.post(edit_url(brell), edit_data(brell, reported_stance="accepts"))

    assert response.status_code == 422
    assert "A reported stance needs the party whose stance it is." in text_of(response)
    assert not AnnotationRevision.objects.exists()
