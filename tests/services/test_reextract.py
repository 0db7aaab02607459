from dataclasses import replace
from datetime import date

import pytest

from negotiations.extraction import ExtractedStatement
from negotiations.models import AnnotationRevision, Proposal, Stance, Statement, StatementAnnotation
from negotiations.services.annotation import do_add_statement, do_annotate_statement
from negotiations.services.ingest import match_spans, reextract_articles
from negotiations.tasks import reextract_negotiation_task
from tests.helpers import annotate, make_article, make_statement
from tests.services.test_ingest import FakeExtractor, found

TEXT = (
    'LINDAU — "We need more water in August," Ilse Varga said on Tuesday. '
    "Tomas Brell said the dam would be finished by spring. "
    'Ana Ferreira said: "The commission will publish the gauge data." '
    "Officials said the talks would resume in May."
)


@pytest.mark.parametrize(
    ("old", "new", "pairs"),
    [
        # Same span wins over a bigger overlap elsewhere.
        ([(0, 10), (0, 12)], [(0, 12), (0, 10)], [(1, 0), (0, 1)]),
        # Overlap of at least half the shorter span.
        ([(10, 20)], [(15, 40)], [(0, 0)]),
        ([(10, 20)], [(16, 40)], []),
        # One to one: the greatest overlap takes it, the other stays unmatched.
        ([(0, 20)], [(2, 20), (0, 12)], [(0, 0)]),
        ([(0, 10), (20, 30)], [(1, 11), (19, 29)], [(0, 0), (1, 1)]),
        # Touching is not overlapping.
        ([(0, 10)], [(10, 20)], []),
        ([], [(0, 5)], []),
    ],
)
def test_match_spans(old, new, pairs):
    assert sorted(match_spans(old, new)) == sorted(pairs)


def quote(text: str, **kwargs) -> ExtractedStatement:
    return found(TEXT, text, **kwargs)


@pytest.fixture
def article(negotiation):
    return make_article(negotiation, title="Arven talks", text=TEXT, published=date(2025, 4, 2))


@pytest.mark.django_db
def test_reextraction_keeps_hand_annotations(negotiation, article, django_user_model):
    user = django_user_model.objects.create(username="analyst")
    varga = make_statement(article, "We need more water in August", speaker="Ilse Varga", party="Norland")
    brell = make_statement(article, "the dam would be finished by spring", speaker="Tomas Brell", party="Sudmark")
    ferreira = make_statement(article, "The commission will publish the gauge data.", speaker="Ana Ferreira")
    officials = make_statement(article, "the talks would resume in May", speaker="Officials")
    manual = make_statement(article, "Officials said the talks", speaker="Someone")
    Statement.objects.filter(pk=manual.pk).update(origin=Statement.Origin.MANUAL)
    note = annotate(varga, party="River Commission", note="Varga spoke for the commission here")
    AnnotationRevision.objects.create(statement=varga, user=user, field="party", old_value="Norland", new_value="x")
    annotate(brell, status=StatementAnnotation.Status.CONFIRMED)
    AnnotationRevision.objects.create(statement=ferreira, user=user, field="status", old_value="a", new_value="b")
    note_before = StatementAnnotation.objects.values().get(pk=note.pk)

    extractor = FakeExtractor(
        lambda text: [
            # Varga's quote, now with its closing comma: most of it overlaps the old span.
            quote("We need more water in August,", speaker="Ilse Varga", party="Norland", issues=["Dry-season flow"]),
            quote("Officials said the talks would resume", speaker="Officials", actor=None, party=None),
            quote("Ana Ferreira said", speaker="Ana Ferreira", actor="Ana Ferreira", party="River Commission"),
        ]
    )
    report = reextract_articles(negotiation, extractor=extractor)

    assert (report.articles, report.statements, report.matched, report.created) == (1, 3, 2, 1)
    assert (report.deleted, report.kept_missing) == (0, 2)
    # Found again: same row, the extractor's fields rewritten, the person's layer untouched.
    varga.refresh_from_db()
    assert varga.text == "We need more water in August,"
    assert [i.name for i in varga.issues.all()] == ["Dry-season flow"]
    assert not varga.extractor_missing
    assert StatementAnnotation.objects.values().get(pk=note.pk) == note_before
    assert varga.annotation.pk == note.pk
    assert varga.effective.party.name == "River Commission"
    assert varga.revisions.count() == 1
    # No longer found, but a person confirmed or revised them: kept and flagged.
    brell.refresh_from_db()
    ferreira.refresh_from_db()
    assert brell.extractor_missing and brell.annotation.status == "confirmed"
    assert ferreira.extractor_missing and ferreira.revisions.count() == 1
    # Matched by overlap, not annotated: updated in place.
    officials.refresh_from_db()
    assert officials.text == "Officials said the talks would resume"
    # Added by hand: never re-extraction's business.
    manual.refresh_from_db()
    assert (manual.text, manual.speaker, manual.extractor_missing) == ("Officials said the talks", "Someone", False)
    created = Statement.objects.get(text="Ana Ferreira said")
    assert (created.origin, created.party.name) == ("extracted", "River Commission")
    article.refresh_from_db()
    assert article.extracted_at is not None


@pytest.mark.django_db
def test_unannotated_statements_no_longer_found_are_deleted(negotiation, article):
    gone = make_statement(article, "the dam would be finished by spring")
    kept = make_statement(article, "We need more water in August")

    report = reextract_articles(
        negotiation, extractor=FakeExtractor(lambda text: [quote("We need more water in August")])
    )

    assert (report.matched, report.deleted, report.kept_missing) == (1, 1, 0)
    assert not Statement.objects.filter(pk=gone.pk).exists()
    assert Statement.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db
def test_a_statement_found_again_is_no_longer_flagged_missing(negotiation, article):
    statement = make_statement(article, "We need more water in August")
    annotate(statement, status=StatementAnnotation.Status.CONFIRMED)
    reextract_articles(negotiation, extractor=FakeExtractor())
    statement.refresh_from_db()
    assert statement.extractor_missing

    reextract_articles(negotiation, extractor=FakeExtractor(lambda text: [quote("We need more water in August")]))

    statement.refresh_from_db()
    assert not statement.extractor_missing


@pytest.mark.django_db
def test_unchanged_statements_are_not_rewritten(negotiation, article):
    statement = make_statement(article, "We need more water in August", speaker="Ilse Varga", actor="Ilse Varga")
    extractor = FakeExtractor(lambda text: [quote("We need more water in August", party=None)])
    reextract_articles(negotiation, extractor=extractor)
    first = Statement.objects.get(pk=statement.pk)

    reextract_articles(negotiation, extractor=extractor)

    assert Statement.objects.get(pk=statement.pk).updated_at == first.updated_at


@pytest.mark.django_db
def test_only_the_given_articles_are_reextracted(negotiation, article):
    other = make_article(negotiation, title="Other", text="Brell said no.")
    extractor = FakeExtractor()

    report = reextract_articles(negotiation, [other], extractor=extractor)

    assert report.articles == 1
    assert extractor.batches == [["Brell said no."]]
    article.refresh_from_db()
    assert article.extracted_at is None


@pytest.mark.django_db
def test_task_reextracts_the_negotiation_with_the_real_model(negotiation, article):
    result = reextract_negotiation_task.call(negotiation.pk)

    assert (result["articles"], result["failed"]) == (1, 0)
    article.refresh_from_db()
    assert article.extracted_at is not None


def test_match_spans_pairs_joint_speakers_by_speaker():
    # "Norland and Sudmark officials said X": two statements on one span, found in another order.
    spans = [(5, 30), (5, 30)]
    pairs = match_spans(
        spans, spans, ["Norland officials", "Sudmark officials"], ["Sudmark officials", "Norland officials"]
    )
    assert sorted(pairs) == [(0, 1), (1, 0)]


@pytest.mark.django_db
def test_reextraction_keeps_each_joint_speakers_annotation_on_its_own_statement(negotiation, article):
    text = "the talks would resume in May"
    norland = make_statement(article, text, speaker="Norland officials", party="Norland")
    sudmark = make_statement(article, text, speaker="Sudmark officials", party="Sudmark")
    annotate(sudmark, status=StatementAnnotation.Status.REJECTED)
    # The extractor now lists the two speakers the other way round.
    extractor = FakeExtractor(
        lambda _: [
            quote(text, speaker="Sudmark officials", actor=None, party="Sudmark", kind="indirect"),
            quote(text, speaker="Norland officials", actor=None, party="Norland", kind="indirect"),
        ]
    )

    reextract_articles(negotiation, extractor=extractor)

    sudmark.refresh_from_db()
    norland.refresh_from_db()
    assert sudmark.speaker == "Sudmark officials"
    assert sudmark.annotation.status == StatementAnnotation.Status.REJECTED
    assert norland.speaker == "Norland officials"
    assert norland.annotation_or_none is None


@pytest.mark.django_db
def test_a_statement_added_by_hand_gets_no_extracted_twin(negotiation, article):
    # A person added what the extractor missed; a later, better extraction finds it too.
    by_hand = do_add_statement(
        article, user=None, start=TEXT.index("the dam"), end=TEXT.index(" Ana") - 1, kind="indirect", speaker="Brell"
    )
    extractor = FakeExtractor(
        lambda text: [quote("the dam would be finished by spring", speaker="Tomas Brell"), quote("We need more water")]
    )

    report = reextract_articles(negotiation, extractor=extractor)

    texts = sorted(s.text for s in article.statements.all())
    assert texts == sorted([by_hand.text, "We need more water"])
    assert report.created == 1


@pytest.mark.django_db
def test_reextraction_rewrites_stance_target_proposal_and_reported_stance(negotiation, article):
    formula = Proposal.objects.get(negotiation=negotiation, name="Commission flow formula")
    statement = make_statement(
        article,
        "We need more water in August",
        party="Norland",
        stance=Stance.DEMANDS,
        target="Dry-season flow",
        proposal=formula,
        reported=("Sudmark", Stance.REJECTS, "Commission flow formula"),
    )
    extractor = FakeExtractor(
        lambda text: [
            replace(
                quote("We need more water in August"),
                stance=Stance.OPPOSES,
                target="Kell dam",
                proposal=None,
                reported_party="River Commission",
                reported_stance=Stance.SUPPORTS,
                reported_target="Data sharing",
            )
        ]
    )

    reextract_articles(negotiation, extractor=extractor)

    statement.refresh_from_db()
    assert (statement.stance, statement.target, statement.proposal) == (Stance.OPPOSES, "Kell dam", None)
    assert (statement.reported_party.name, statement.reported_stance, statement.reported_target) == (
        "River Commission",
        Stance.SUPPORTS,
        "Data sharing",
    )

    # Found again with no report: the old one does not linger.
    reextract_articles(negotiation, extractor=FakeExtractor(lambda text: [quote("We need more water in August")]))

    statement.refresh_from_db()
    assert (statement.stance, statement.target) == (Stance.NEUTRAL, "")
    assert (statement.reported_party, statement.reported_stance, statement.reported_target) == (None, "", "")


@pytest.mark.django_db
def test_a_persons_stance_target_and_proposal_survive_reextraction(negotiation, article):
    formula = Proposal.objects.get(negotiation=negotiation, name="Commission flow formula")
    statement = make_statement(article, "We need more water in August", party="Norland", stance=Stance.DEMANDS)
    do_annotate_statement(
        statement,
        user=None,
        changes={"stance": Stance.REJECTS, "target": "Commission flow formula", "proposal": formula},
        expected_version=0,
    )
    other = make_statement(article, "the dam would be finished by spring", proposal=formula)
    # A person says it is about no proposal at all.
    do_annotate_statement(other, user=None, changes={"proposal": None}, expected_version=0)
    extractor = FakeExtractor(
        lambda text: [
            replace(quote("We need more water in August"), stance=Stance.ACCEPTS, target="Kell dam"),
            replace(quote("the dam would be finished by spring"), proposal="Commission flow formula"),
        ]
    )

    reextract_articles(negotiation, extractor=extractor)

    statement = Statement.objects.get(pk=statement.pk)
    # The extractor's values are rewritten underneath; readers still see the person's.
    assert (statement.stance, statement.target) == (Stance.ACCEPTS, "Kell dam")
    effective = statement.effective
    assert (effective.stance, effective.target, effective.proposal) == (
        Stance.REJECTS,
        "Commission flow formula",
        formula,
    )
    other = Statement.objects.get(pk=other.pk)
    assert (other.proposal, other.effective.proposal) == (formula, None)
