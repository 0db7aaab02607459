import threading
from datetime import date

import pytest
from django.db import connection, transaction
from django.db.models.signals import pre_save

from negotiations.models import Actor, AnnotationRevision, Issue, Party, Proposal, Statement, StatementAnnotation
from negotiations.services.annotation import (
    AnnotationConflict,
    AnnotationError,
    do_add_statement,
    do_annotate_statement,
    do_set_status,
    revision_value,
)
from negotiations.services.ingest import reextract_articles
from tests.helpers import make_article, make_negotiation, make_statement
from tests.services.test_ingest import FakeExtractor, found

TEXT = (
    'LINDAU — "We need more water in August," Ilse Varga said on Tuesday. '
    "Tomas Brell said the dam would be finished by spring. "
    "Officials said the talks would resume in May."
)
CONFIRMED, REJECTED, UNREVIEWED = (
    StatementAnnotation.Status.CONFIRMED,
    StatementAnnotation.Status.REJECTED,
    StatementAnnotation.Status.UNREVIEWED,
)


def party(name: str) -> Party:
    return Party.objects.get(negotiation__slug="arven-river", name=name)


def actor(name: str) -> Actor:
    return Actor.objects.get(negotiation__slug="arven-river", name=name)


def issue(name: str) -> Issue:
    return Issue.objects.get(negotiation__slug="arven-river", name=name)


def revisions(statement: Statement) -> list[tuple[str, object, object]]:
    return [(r.field, r.old_value, r.new_value) for r in AnnotationRevision.objects.filter(statement=statement)]


def fresh(statement: Statement) -> Statement:
    return Statement.objects.get(pk=statement.pk)


def span(text: str) -> tuple[int, int]:
    start = TEXT.index(text)
    return start, start + len(text)


@pytest.fixture
def article(negotiation):
    return make_article(negotiation, title="Arven talks", text=TEXT)


@pytest.fixture
def varga(article):
    """As the extractor found it."""
    return make_statement(
        article,
        "We need more water in August",
        speaker="Ilse Varga",
        actor="Ilse Varga",
        party="Norland",
        said_on=date(2025, 4, 1),
        issues=("Dry-season flow",),
    )


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create(username="analyst")


@pytest.fixture
def other_user(django_user_model):
    return django_user_model.objects.create(username="editor")


# do_annotate_statement


@pytest.mark.django_db
def test_only_the_fields_that_differ_are_written_and_logged_from_the_extractors_values(varga, user):
    assert varga.effective.party == party("Norland")

    annotation = do_annotate_statement(
        varga,
        user=user,
        changes={"speaker": "Ilse Varga", "party": party("Sudmark"), "note": "For Sudmark here", "kind": "direct"},
        expected_version=0,
    )

    assert revisions(varga) == [("party", "Norland", "Sudmark"), ("note", "", "For Sudmark here")]
    assert all(r.user == user for r in AnnotationRevision.objects.all())
    stored = StatementAnnotation.objects.get(statement=varga)
    assert (stored.version, stored.updated_by, stored.party_set, stored.party) == (1, user, True, party("Sudmark"))
    # The unchanged fields stay unset: the extractor's values keep showing through.
    assert (stored.speaker, stored.kind, stored.actor_set, stored.said_on_set, stored.issues_set) == (
        None,
        "",
        False,
        False,
        False,
    )
    assert annotation.version == 1
    # The statement passed in shows the change at once: views render it right after.
    assert varga.effective.party == party("Sudmark")
    assert fresh(varga).effective.note == "For Sudmark here"


@pytest.mark.django_db
def test_version_goes_up_once_per_call_however_many_fields_change(varga, user):
    first = do_annotate_statement(
        varga,
        user=user,
        changes={"speaker": "Varga", "kind": "indirect", "said_on": date(2025, 3, 31)},
        expected_version=0,
    )
    second = do_annotate_statement(varga, user=user, changes={"note": "checked"}, expected_version="1")

    assert (first.version, second.version) == (1, 2)
    assert StatementAnnotation.objects.get(statement=varga).version == 2
    assert revisions(varga) == [
        ("speaker", "Ilse Varga", "Varga"),
        ("said_on", "2025-04-01", "2025-03-31"),
        ("kind", "direct", "indirect"),
        ("note", "", "checked"),
    ]
    effective = fresh(varga).effective
    assert (effective.speaker, effective.kind, effective.said_on) == ("Varga", "indirect", date(2025, 3, 31))


@pytest.mark.django_db
def test_nothing_that_differs_writes_nothing(varga, user):
    same = {
        "speaker": " Ilse Varga ",
        "actor": actor("Ilse Varga"),
        "party": party("Norland"),
        "said_on": date(2025, 4, 1),
        "kind": "direct",
        "issues": [issue("Dry-season flow")],
        "note": "",
    }

    untouched = do_annotate_statement(varga, user=user, changes=same, expected_version=0)

    assert (untouched.pk, untouched.version) == (None, 0)
    assert not StatementAnnotation.objects.exists()
    assert not AnnotationRevision.objects.exists()

    do_annotate_statement(varga, user=user, changes={"note": "seen"}, expected_version=0)
    row = StatementAnnotation.objects.values().get(statement=varga)

    again = do_annotate_statement(varga, user=user, changes={**same, "note": "seen"}, expected_version=1)

    assert again.version == 1
    assert StatementAnnotation.objects.values().get(statement=varga) == row
    assert len(revisions(varga)) == 1


@pytest.mark.django_db
def test_clearing_a_value_is_a_value(varga, user):
    do_annotate_statement(
        varga, user=user, changes={"speaker": "", "party": None, "said_on": None, "actor": None}, expected_version=0
    )

    effective = fresh(varga).effective
    assert (effective.speaker, effective.actor, effective.party, effective.said_on) == ("", None, None, None)
    assert revisions(varga) == [
        ("speaker", "Ilse Varga", ""),
        ("actor", "Ilse Varga", None),
        ("party", "Norland", None),
        ("said_on", "2025-04-01", None),
    ]


@pytest.mark.django_db
def test_going_back_to_the_extractors_value_is_a_change(varga, user):
    do_annotate_statement(varga, user=user, changes={"party": party("Sudmark")}, expected_version=0)

    do_annotate_statement(varga, user=user, changes={"party": party("Norland")}, expected_version=1)

    assert fresh(varga).effective.party == party("Norland")
    assert revisions(varga) == [("party", "Norland", "Sudmark"), ("party", "Sudmark", "Norland")]
    # Set by a person now: a re-extraction that changes its mind about the party changes nothing.
    assert StatementAnnotation.objects.get(statement=varga).party_set


@pytest.mark.django_db
def test_issues_change_and_issues_set_to_none_differ_from_not_set(article, varga, user):
    brell = make_statement(article, "the dam would be finished by spring", issues=("Kell dam",))
    officials = make_statement(article, "the talks would resume in May", issues=("Kell dam",))

    do_annotate_statement(
        varga, user=user, changes={"issues": [issue("Data sharing"), issue("Kell dam")]}, expected_version=0
    )
    do_annotate_statement(brell, user=user, changes={"issues": []}, expected_version=0)
    do_annotate_statement(officials, user=user, changes={"note": "issues not looked at"}, expected_version=0)

    assert [i.name for i in fresh(varga).effective.issues] == ["Kell dam", "Data sharing"]
    assert revisions(varga) == [("issues", ["Dry-season flow"], ["Kell dam", "Data sharing"])]
    assert fresh(brell).effective.issues == []
    assert revisions(brell) == [("issues", ["Kell dam"], [])]
    assert [i.name for i in fresh(officials).effective.issues] == ["Kell dam"]
    # The same issues in another order are no change.
    reordered = do_annotate_statement(
        varga, user=user, changes={"issues": (issue("Kell dam"), issue("Data sharing"))}, expected_version=1
    )
    assert reordered.version == 1


@pytest.mark.django_db
def test_a_stale_version_is_a_conflict_and_writes_nothing(varga, user, other_user):
    do_annotate_statement(varga, user=user, changes={"note": "first"}, expected_version=0)
    do_annotate_statement(varga, user=user, changes={"party": party("Sudmark"), "speaker": "Varga"}, expected_version=1)
    before = StatementAnnotation.objects.values().get(statement=varga)

    with pytest.raises(AnnotationConflict) as caught:
        do_annotate_statement(varga, user=other_user, changes={"party": None, "note": "mine"}, expected_version=1)

    conflict = caught.value
    assert (conflict.annotation.version, conflict.changed_by, conflict.changed_at) == (
        2,
        user,
        before["updated_at"],
    )
    # What was done since the version the person saw, and only that.
    assert [(r.field, r.old_value, r.new_value, r.user) for r in conflict.revisions] == [
        ("speaker", "Ilse Varga", "Varga", user),
        ("party", "Norland", "Sudmark", user),
    ]
    assert "analyst" in str(conflict)
    assert StatementAnnotation.objects.values().get(statement=varga) == before
    assert len(revisions(varga)) == 3


@pytest.mark.django_db
def test_a_first_edit_against_an_annotation_made_meanwhile_is_a_conflict(varga, user, other_user):
    do_set_status(varga, user=user, status=CONFIRMED, expected_version=0)

    with pytest.raises(AnnotationConflict) as caught:
        do_annotate_statement(varga, user=other_user, changes={"note": "mine"}, expected_version=0)

    assert [(r.field, r.new_value) for r in caught.value.revisions] == [("status", "confirmed")]
    assert StatementAnnotation.objects.get(statement=varga).note == ""


@pytest.mark.django_db
def test_a_version_ahead_of_the_statements_is_a_conflict(varga, user):
    with pytest.raises(AnnotationConflict) as caught:
        do_annotate_statement(varga, user=user, changes={"note": "x"}, expected_version=3)

    assert (caught.value.annotation, caught.value.changed_by, caught.value.revisions) == (None, None, [])
    assert not StatementAnnotation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["actor", "party", "issues"])
def test_values_from_another_negotiation_are_refused(varga, user, field):
    other = make_negotiation(slug="other-river", title="Another river")
    values = {
        "actor": Actor.objects.get(negotiation=other, name="Ilse Varga"),
        "party": Party.objects.get(negotiation=other, name="Sudmark"),
        "issues": [issue("Kell dam"), Issue.objects.get(negotiation=other, name="Kell dam")],
    }

    with pytest.raises(AnnotationError, match="another negotiation"):
        do_annotate_statement(varga, user=user, changes={field: values[field]}, expected_version=0)

    assert not StatementAnnotation.objects.exists()
    assert not AnnotationRevision.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"status": "confirmed"},
        {"text": "something else"},
        {"kind": "shouted"},
        {"speaker": "x" * 301},
        {"speaker": None},
        {"said_on": "2025-04-01"},
        {"party": "Sudmark"},
        {"issues": "Kell dam"},
        {"note": None},
    ],
)
def test_bad_input_is_refused_and_writes_nothing(varga, user, changes):
    with pytest.raises(AnnotationError):
        do_annotate_statement(varga, user=user, changes=changes, expected_version=0)

    assert not StatementAnnotation.objects.exists()


@pytest.mark.django_db
def test_a_longest_allowed_speaker_is_accepted(varga, user):
    do_annotate_statement(varga, user=user, changes={"speaker": "x" * 300}, expected_version=0)

    assert fresh(varga).effective.speaker == "x" * 300


@pytest.mark.django_db
def test_a_version_that_is_not_a_number_is_refused(varga, user):
    with pytest.raises(AnnotationError):
        do_annotate_statement(varga, user=user, changes={"note": "x"}, expected_version="")


@pytest.mark.django_db
def test_a_statement_deleted_meanwhile_is_refused(varga, user):
    Statement.objects.filter(pk=varga.pk).delete()

    with pytest.raises(AnnotationError, match="no longer exists"):
        do_annotate_statement(varga, user=user, changes={"note": "x"}, expected_version=0)


# do_set_status


@pytest.mark.django_db
def test_rejecting_hides_the_statement_and_undoing_shows_it_again(article, varga, user):
    other = make_statement(article, "the dam would be finished by spring")

    rejected = do_set_status(varga, user=user, status=REJECTED, expected_version=0)

    assert rejected.version == 1
    assert list(Statement.objects.visible()) == [other]
    assert fresh(varga).effective.status == "rejected"

    undone = do_set_status(varga, user=user, status=UNREVIEWED, expected_version=1)

    assert undone.version == 2
    assert set(Statement.objects.visible()) == {varga, other}
    assert revisions(varga) == [("status", "unreviewed", "rejected"), ("status", "rejected", "unreviewed")]
    assert StatementAnnotation.objects.get(statement=varga).updated_by == user


@pytest.mark.django_db
def test_confirming_marks_the_statement_annotated_and_keeps_other_values(varga, user):
    do_annotate_statement(varga, user=user, changes={"party": party("Sudmark")}, expected_version=0)

    do_set_status(varga, user=user, status=CONFIRMED, expected_version=1)

    effective = fresh(varga).effective
    assert (effective.status, effective.annotated, effective.party) == ("confirmed", True, party("Sudmark"))


@pytest.mark.django_db
def test_the_status_it_already_has_writes_nothing(varga, user):
    assert do_set_status(varga, user=user, status=UNREVIEWED, expected_version=0).version == 0
    do_set_status(varga, user=user, status=CONFIRMED, expected_version=0)

    assert do_set_status(varga, user=user, status=CONFIRMED, expected_version=1).version == 1
    assert len(revisions(varga)) == 1


@pytest.mark.django_db
def test_a_stale_status_change_is_a_conflict(varga, user, other_user):
    do_set_status(varga, user=user, status=CONFIRMED, expected_version=0)

    with pytest.raises(AnnotationConflict) as caught:
        do_set_status(varga, user=other_user, status=REJECTED, expected_version=0)

    assert caught.value.changed_by == user
    assert fresh(varga).effective.status == "confirmed"
    assert len(revisions(varga)) == 1


@pytest.mark.django_db
def test_an_unknown_status_is_refused(varga, user):
    with pytest.raises(AnnotationError):
        do_set_status(varga, user=user, status="maybe", expected_version=0)

    assert not StatementAnnotation.objects.exists()


# do_add_statement


@pytest.mark.django_db
def test_an_added_statement_is_trimmed_confirmed_and_logged(article, user):
    start, end = span("Tomas Brell said the dam would be finished by spring.")

    statement = do_add_statement(
        article,
        user=user,
        start=start - 1,
        end=end + 1,
        kind="indirect",
        speaker=" Officials ",
        actor=actor("Tomas Brell"),
        said_on=date(2025, 4, 2),
        issues=[issue("Data sharing"), issue("Kell dam")],
        note="the extractor missed it",
    )

    statement = fresh(statement)
    assert (statement.text, statement.start, statement.end) == (TEXT[start:end], start, end)
    assert (statement.origin, statement.kind, statement.speaker, statement.speaker_text) == (
        "manual",
        "indirect",
        "Officials",
        "Officials",
    )
    # The actor's party unless one is given.
    assert (statement.actor, statement.party, statement.confidence) == (actor("Tomas Brell"), party("Sudmark"), 1.0)
    assert {i.name for i in statement.issues.all()} == {"Data sharing", "Kell dam"}
    annotation = statement.annotation
    assert (annotation.status, annotation.version, annotation.updated_by, annotation.note) == (
        "confirmed",
        1,
        user,
        "the extractor missed it",
    )
    assert revisions(statement) == [
        (
            "created",
            None,
            {
                "text": "Tomas Brell said the dam would be finished by spring.",
                "start": start,
                "end": end,
                "kind": "indirect",
                "speaker": "Officials",
                "actor": "Tomas Brell",
                "party": "Sudmark",
                "said_on": "2025-04-02",
                "issues": ["Kell dam", "Data sharing"],
                "stance": "neutral",
                "target": "",
                "proposal": None,
                "note": "the extractor missed it",
            },
        )
    ]
    assert statement in Statement.objects.visible()
    assert statement.effective.annotated


@pytest.mark.django_db
def test_an_added_statements_party_can_differ_from_its_actors(article, user):
    start, end = span("Officials said the talks")

    statement = do_add_statement(
        article, user=user, start=start, end=end, kind="direct", actor=actor("Ilse Varga"), party=party("Sudmark")
    )

    assert fresh(statement).party == party("Sudmark")


@pytest.mark.django_db
def test_the_first_edit_of_an_added_statement_expects_version_1(article, user):
    start, end = span("Officials said the talks")
    statement = do_add_statement(article, user=user, start=start, end=end, kind="direct")

    with pytest.raises(AnnotationConflict):
        do_annotate_statement(statement, user=user, changes={"speaker": "Officials"}, expected_version=0)
    do_annotate_statement(statement, user=user, changes={"speaker": "Officials"}, expected_version=1)

    assert fresh(statement).effective.speaker == "Officials"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (-1, 10, "not within"),
        (10, 10, "not within"),
        (20, 10, "not within"),
        (0, len(TEXT) + 1, "not within"),
        (TEXT.index(" Tomas"), TEXT.index("Tomas"), "no text"),
        ("0", 10, "not numbers"),
    ],
)
def test_a_span_outside_the_text_or_without_text_is_refused(article, user, start, end, message):
    with pytest.raises(AnnotationError, match=message):
        do_add_statement(article, user=user, start=start, end=end, kind="direct")

    assert not Statement.objects.exists()


@pytest.mark.django_db
def test_the_whole_text_can_be_added(article, user):
    statement = do_add_statement(article, user=user, start=0, end=len(TEXT), kind="direct")

    assert fresh(statement).text == TEXT


@pytest.mark.django_db
def test_a_span_that_already_is_a_visible_statement_is_refused(article, user):
    brell = make_statement(article, "Tomas Brell said the dam would be finished by spring.")
    start, end = span("Tomas Brell said the dam would be finished by spring.")

    with pytest.raises(AnnotationError, match="already a statement"):
        # The same span once trimmed.
        do_add_statement(article, user=user, start=start - 1, end=end + 1, kind="direct")

    assert list(Statement.objects.all()) == [brell]
    # A rejected statement is not there for readers: the same span may be added again.
    do_set_status(brell, user=user, status=REJECTED, expected_version=0)
    added = do_add_statement(article, user=user, start=start, end=end, kind="direct", speaker="Tomas Brell")
    assert list(Statement.objects.visible()) == [added]


@pytest.mark.django_db
@pytest.mark.parametrize("argument", ["actor", "party", "issues", "kind", "speaker"])
def test_an_added_statement_with_bad_values_is_refused(article, user, argument):
    other = make_negotiation(slug="other-river", title="Another river")
    values = {
        "actor": Actor.objects.get(negotiation=other, name="Tomas Brell"),
        "party": Party.objects.get(negotiation=other, name="Sudmark"),
        "issues": [Issue.objects.get(negotiation=other, name="Kell dam")],
        "kind": "shouted",
        "speaker": "x" * 301,
    }
    start, end = span("Officials said the talks")
    arguments = {"kind": "direct", argument: values[argument]}

    with pytest.raises(AnnotationError):
        do_add_statement(article, user=user, start=start, end=end, **arguments)

    assert not Statement.objects.exists()
    assert not AnnotationRevision.objects.exists()


# Re-extraction


@pytest.mark.django_db
def test_an_added_statement_survives_reextraction_unchanged(negotiation, article, user):
    start, end = span("the dam would be finished by spring")
    added = do_add_statement(
        article, user=user, start=start, end=end, kind="indirect", speaker="Tomas Brell", issues=[issue("Kell dam")]
    )
    statement_before = Statement.objects.values().get(pk=added.pk)
    annotation_before = StatementAnnotation.objects.values().get(statement=added)
    # The extractor now finds the same span, and finds nothing else.
    extractor = FakeExtractor(
        lambda text: [found(text, "the dam would be finished by spring", speaker="Brell", party=None, actor=None)]
    )

    report = reextract_articles(negotiation, extractor=extractor)

    # The extractor's find is the same claim: no twin is created beside the person's.
    assert (report.matched, report.created, report.deleted) == (0, 0, 0)
    assert list(article.statements.values_list("pk", flat=True)) == [added.pk]
    assert Statement.objects.values().get(pk=added.pk) == statement_before
    assert StatementAnnotation.objects.values().get(statement=added) == annotation_before
    assert [i.name for i in fresh(added).issues.all()] == ["Kell dam"]
    assert len(revisions(added)) == 1


@pytest.mark.django_db
def test_annotations_made_through_the_service_survive_reextraction(negotiation, article, varga, user):
    brell = make_statement(article, "the dam would be finished by spring", speaker="Tomas Brell")
    do_annotate_statement(
        varga,
        user=user,
        changes={"party": party("River Commission"), "issues": [], "speaker": "Minister Varga"},
        expected_version=0,
    )
    do_set_status(brell, user=user, status=CONFIRMED, expected_version=0)
    annotation_before = StatementAnnotation.objects.values().get(statement=varga)
    revisions_before = revisions(varga)
    # Varga's quote again, with its comma and other extractor values; Brell's no more.
    extractor = FakeExtractor(
        lambda text: [
            found(text, "We need more water in August,", speaker="Varga", party="Sudmark", issues=["Kell dam"])
        ]
    )

    report = reextract_articles(negotiation, extractor=extractor)

    assert (report.matched, report.deleted, report.kept_missing) == (1, 0, 1)
    varga = fresh(varga)
    assert (varga.text, varga.speaker, varga.party) == ("We need more water in August,", "Varga", party("Sudmark"))
    assert StatementAnnotation.objects.values().get(statement=varga) == annotation_before
    assert revisions(varga) == revisions_before
    effective = varga.effective
    assert (effective.speaker, effective.party, effective.issues) == ("Minister Varga", party("River Commission"), [])
    brell = fresh(brell)
    assert brell.extractor_missing and brell.effective.status == "confirmed"
    # Versions carry on across re-extraction.
    assert do_annotate_statement(varga, user=user, changes={"note": "x"}, expected_version=1).version == 2


# revision_value


@pytest.mark.django_db
def test_revision_values_are_plain_json(negotiation):
    assert revision_value("speaker", "Ilse Varga") == "Ilse Varga"
    assert revision_value("party", None) is None
    assert revision_value("party", party("Norland")) == "Norland"
    assert revision_value("actor", actor("Tomas Brell")) == "Tomas Brell"
    assert revision_value("said_on", date(2025, 4, 1)) == "2025-04-01"
    assert revision_value("issues", [issue("Data sharing"), issue("Dry-season flow")]) == [
        "Dry-season flow",
        "Data sharing",
    ]
    assert revision_value("issues", []) == []
    kind = revision_value("kind", Statement.Kind.INDIRECT)
    status = revision_value("status", StatementAnnotation.Status.REJECTED)
    assert (kind, type(kind), status, type(status)) == ("indirect", str, "rejected", str)


# Two people at once (a writer that slips in meanwhile: PostgreSQL only)


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="on SQLite the other writer waits for this IMMEDIATE transaction to end"
)
@pytest.mark.django_db(transaction=True)
def test_an_annotation_created_by_someone_else_meanwhile_is_a_conflict(varga, user, other_user):
    def someone_else_creates_it():
        try:
            # No lock on the statement here: like a writer that bypasses the service. And not
            # save(), whose refresh of the statement's stored values (services/shown.py) would
            # wait for the service's lock on the statement, as a real writer does.
            StatementAnnotation.objects.bulk_create(
                [StatementAnnotation(statement_id=varga.pk, note="theirs", updated_by=other_user, version=1)]
            )
        finally:
            connection.close()

    def meanwhile(sender, instance, **kwargs):
        # Between the service's look for an annotation and its insert of one.
        if instance.pk is None and instance.note == "":
            pre_save.disconnect(meanwhile, sender=StatementAnnotation)
            thread = threading.Thread(target=someone_else_creates_it)
            thread.start()
            thread.join(timeout=10)
            assert not thread.is_alive()

    pre_save.connect(meanwhile, sender=StatementAnnotation)
    try:
        with pytest.raises(AnnotationConflict) as caught:
            do_annotate_statement(varga, user=user, changes={"party": party("Sudmark")}, expected_version=0)
    finally:
        pre_save.disconnect(meanwhile, sender=StatementAnnotation)

    assert (caught.value.annotation.note, caught.value.changed_by) == ("theirs", other_user)
    assert StatementAnnotation.objects.get(statement=varga).party_set is False
    assert not AnnotationRevision.objects.exists()
    # The connection is still usable, inside an outer transaction as well.
    with transaction.atomic():
        annotation = do_annotate_statement(varga, user=user, changes={"note": "mine"}, expected_version=1)
    assert annotation.version == 2


# Stance, target and proposal


def proposal(name: str = "Commission flow formula", slug: str = "arven-river") -> Proposal:
    return Proposal.objects.get(negotiation__slug=slug, name=name)


@pytest.mark.django_db
def test_stance_target_and_proposal_corrections_are_written_and_logged(varga, user):
    annotation = do_annotate_statement(
        varga,
        user=user,
        changes={"stance": "rejects", "target": " Commission flow formula ", "proposal": proposal()},
        expected_version=0,
    )

    assert revisions(varga) == [
        ("stance", "neutral", "rejects"),
        ("target", "", "Commission flow formula"),
        ("proposal", None, "Commission flow formula"),
    ]
    stored = StatementAnnotation.objects.get(statement=varga)
    assert (stored.stance, stored.target, stored.proposal, stored.proposal_set) == (
        "rejects",
        "Commission flow formula",
        proposal(),
        True,
    )
    assert stored.is_annotated and annotation.version == 1
    effective = fresh(varga).effective
    assert (effective.stance, effective.target, effective.proposal, effective.annotated) == (
        "rejects",
        "Commission flow formula",
        proposal(),
        True,
    )
    # The extractor's layer is untouched.
    assert (fresh(varga).stance, fresh(varga).target, fresh(varga).proposal) == ("neutral", "", None)


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["Dry-season flow", "Commission flow formula", "Sudmark", ""])
def test_a_target_may_be_an_issue_a_proposal_a_party_or_nothing(article, user, target):
    statement = make_statement(article, "We need more water in August", stance="demands", target="Kell dam")

    do_annotate_statement(statement, user=user, changes={"target": target}, expected_version=0)

    assert fresh(statement).effective.target == target
    assert revisions(statement) == [("target", "Kell dam", target)]


@pytest.mark.django_db
def test_the_extractors_stance_is_no_change(varga, user):
    untouched = do_annotate_statement(
        varga, user=user, changes={"stance": "neutral", "target": "", "proposal": None}, expected_version=0
    )

    assert untouched.pk is None
    assert not StatementAnnotation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"stance": "furious"},
        {"stance": ""},
        {"stance": None},
        {"target": "Kell Dam"},  # names are matched as the setup spells them
        {"target": "Upper Arven"},
        {"target": "Ilse Varga"},  # an actor is no target
        {"target": "flow formula"},  # an alias is no name
        {"target": None},
        {"proposal": "Commission flow formula"},
    ],
)
def test_bad_stances_and_targets_are_refused_and_write_nothing(varga, user, changes):
    with pytest.raises(AnnotationError):
        do_annotate_statement(varga, user=user, changes=changes, expected_version=0)

    assert not StatementAnnotation.objects.exists()
    assert not AnnotationRevision.objects.exists()


@pytest.mark.django_db
def test_a_target_is_a_name_not_a_row(varga, user):
    with pytest.raises(AnnotationError, match="Not a target"):
        do_annotate_statement(varga, user=user, changes={"target": proposal()}, expected_version=0)

    assert not StatementAnnotation.objects.exists()


@pytest.mark.django_db
def test_a_target_of_another_negotiation_is_refused(varga, user):
    other = make_negotiation(slug="other-river", title="Another river")
    Proposal.objects.create(negotiation=other, name="Upper Arven compact")

    with pytest.raises(AnnotationError, match="not an issue, a proposal or a party of this negotiation"):
        do_annotate_statement(varga, user=user, changes={"target": "Upper Arven compact"}, expected_version=0)

    assert not StatementAnnotation.objects.exists()


@pytest.mark.django_db
def test_a_proposal_of_another_negotiation_is_refused(varga, user):
    make_negotiation(slug="other-river", title="Another river")

    with pytest.raises(AnnotationError, match="another negotiation"):
        do_annotate_statement(varga, user=user, changes={"proposal": proposal(slug="other-river")}, expected_version=0)

    assert not StatementAnnotation.objects.exists()
    assert not AnnotationRevision.objects.exists()


@pytest.mark.django_db
def test_no_proposal_is_a_persons_answer_too(article, user):
    statement = make_statement(article, "We need more water in August", proposal="Commission flow formula")

    do_annotate_statement(statement, user=user, changes={"proposal": None}, expected_version=0)

    stored = StatementAnnotation.objects.get(statement=statement)
    assert (stored.proposal, stored.proposal_set, stored.is_annotated) == (None, True, True)
    assert fresh(statement).effective.proposal is None
    assert revisions(statement) == [("proposal", "Commission flow formula", None)]


@pytest.mark.django_db
def test_a_statement_added_with_a_stance_target_and_proposal_stores_them(article, user):
    start, end = span("the dam would be finished by spring")

    added = do_add_statement(
        article,
        user=user,
        start=start,
        end=end,
        kind="indirect",
        stance="supports",
        target="Kell dam",
        proposal=proposal(),
    )

    added = fresh(added)
    assert (added.stance, added.target, added.proposal) == ("supports", "Kell dam", proposal())
    created = AnnotationRevision.objects.get(statement=added).new_value
    assert (created["stance"], created["target"], created["proposal"]) == (
        "supports",
        "Kell dam",
        "Commission flow formula",
    )
