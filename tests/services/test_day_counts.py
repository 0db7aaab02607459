"""The stored counts per day and party (services/day_counts.py): every write, whatever its path,
keeps them what a rebuild computes, and the timeline reads from them what grouping its
statements would give."""

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from negotiations.models import (
    Article,
    Issue,
    Negotiation,
    Party,
    ShownDayCount,
    ShownIssue,
    Statement,
    StatementAnnotation,
)
from negotiations.services.annotation import do_annotate_statement, do_set_status
from negotiations.services.day_counts import rebuild_day_counts, serves, stored_counts
from negotiations.services.derived import rebuild
from negotiations.services.ingest import ingest_articles, reextract_articles
from negotiations.services.sources import ArticleInput
from negotiations.services.timeline import TimelineFilters, has_effective_issue, matching_statements
from negotiations.services.timeline_chart import (
    DayCount,
    capped_day_counts,
    counts_are_stored,
    party_day_counts,
    timeline_counts,
)
from tests.helpers import annotate, make_article, make_negotiation, make_statement
from tests.services.stored import day_counts as stored
from tests.services.stored import effective_issues, grouped, shown_issues
from tests.services.test_ingest import FakeExtractor, found

pytestmark = pytest.mark.django_db

Status = StatementAnnotation.Status
TEXT = 'Ilse Varga said: "We need more water in August." Tomas Brell said the dam would be late.'
APRIL_2 = date(2025, 4, 2)
ISSUES = ("Dry-season flow", "Kell dam", "Data sharing")


@pytest.fixture
def annotator(django_user_model):
    return django_user_model.objects.create_user("annie")


def assert_counts_as_rebuilt(negotiation) -> list[tuple]:
    incremental = stored(negotiation)
    assert incremental == grouped(negotiation)
    assert all(count > 0 for *_, count in incremental)
    ShownDayCount.objects.filter(negotiation=negotiation).update(count=99)
    rebuild(negotiation)
    assert stored(negotiation) == incremental
    return incremental


def party(negotiation, name: str) -> Party:
    return Party.objects.get(negotiation=negotiation, name=name)


def test_statements_written_with_the_orm_are_counted(negotiation):
    article = make_article(negotiation, text=TEXT, published=APRIL_2)
    make_statement(article, "We need more water in August", party="Norland")
    make_statement(article, "the dam would be late", party="Norland")
    make_statement(article, "Tomas Brell said", said_on=date(2025, 4, 1))
    make_statement(make_article(negotiation, text="Undated words.", published=None), "Undated words.")

    norland = party(negotiation, "Norland").pk
    assert assert_counts_as_rebuilt(negotiation) == sorted(
        [(False, APRIL_2, norland, 2), (False, date(2025, 4, 1), None, 1), (False, None, None, 1)], key=repr
    )


def test_corrections_move_the_counts_at_once(negotiation, annotator):
    article = make_article(negotiation, text=TEXT, published=APRIL_2)
    varga = make_statement(article, "We need more water in August", party="Norland")
    brell = make_statement(article, "the dam would be late", party="Norland")
    sudmark = party(negotiation, "Sudmark")

    do_annotate_statement(
        varga, user=annotator, changes={"party": sudmark, "said_on": date(2025, 3, 1)}, expected_version=0
    )
    do_set_status(brell, user=annotator, status=Status.REJECTED, expected_version=0)
    assert assert_counts_as_rebuilt(negotiation) == sorted(
        [(False, date(2025, 3, 1), sudmark.pk, 1), (True, APRIL_2, party(negotiation, "Norland").pk, 1)], key=repr
    )

    do_set_status(brell, user=annotator, status=Status.UNREVIEWED, expected_version=1)
    StatementAnnotation.objects.get(statement=varga).delete()
    assert assert_counts_as_rebuilt(negotiation) == [(False, APRIL_2, party(negotiation, "Norland").pk, 2)]


def test_an_articles_new_date_moves_its_statements(negotiation):
    article = make_article(negotiation, text=TEXT, published=APRIL_2)
    make_statement(article, "We need more water in August")
    article.published = date(2025, 5, 1)
    article.save()
    assert assert_counts_as_rebuilt(negotiation) == [(False, date(2025, 5, 1), None, 1)]


def extractor_for(*quotes: tuple[str, str]) -> FakeExtractor:
    return FakeExtractor(lambda text: [found(text, quote, party=party) for quote, party in quotes if quote in text])


def test_ingest_and_a_reextraction_that_drops_statements(negotiation):
    item = ArticleInput(where="a:1", title="Arven talks", text=TEXT, url="https://g.example/1", published=APRIL_2)
    extractor = extractor_for(("We need more water in August", "Norland"), ("the dam would be late", "Sudmark"))
    ingest_articles(negotiation, [item], extractor=extractor)
    assert len(assert_counts_as_rebuilt(negotiation)) == 2

    reextract_articles(negotiation, extractor=extractor_for(("We need more water in August", "Sudmark")))
    assert Statement.objects.filter(negotiation=negotiation).count() == 1
    assert assert_counts_as_rebuilt(negotiation) == [(False, APRIL_2, party(negotiation, "Sudmark").pk, 1)]


def test_deletions_and_bulk_writes_are_counted(negotiation):
    kept = make_article(negotiation, text=TEXT, published=APRIL_2)
    gone = make_article(negotiation, text="Gone words.", published=APRIL_2)
    make_statement(kept, "We need more water in August", party="Norland")
    make_statement(kept, "the dam would be late", party="Sudmark")
    make_statement(gone, "Gone words.", party="Norland")

    gone.delete()
    # A party's deletion sets the statements' party to NULL in one UPDATE: its count follows.
    party(negotiation, "Norland").delete()
    sudmark = party(negotiation, "Sudmark").pk
    assert assert_counts_as_rebuilt(negotiation) == sorted(
        [(False, APRIL_2, None, 1), (False, APRIL_2, sudmark, 1)], key=repr
    )

    # Writes behind the ORM's back: a queryset update, a bulk insert with stored values.
    Statement.objects.filter(negotiation=negotiation).update(shown_day=date(2025, 1, 1))
    Statement.objects.bulk_create(
        [
            Statement(
                article=kept,
                start=0,
                end=4,
                text="Ilse",
                kind="direct",
                negotiation=negotiation,
                shown_day=date(2025, 1, 1),
                shown_party_id=sudmark,
            )
        ]
    )
    assert stored(negotiation) == grouped(negotiation)
    assert (False, date(2025, 1, 1), sudmark, 2) in stored(negotiation)
    # The rebuild puts the article's day back in the statements, and the counts follow.
    rebuild(negotiation)
    assert assert_counts_as_rebuilt(negotiation) == sorted(
        [(False, APRIL_2, None, 2), (False, APRIL_2, sudmark, 1)], key=repr
    )


def test_deleting_a_negotiation_takes_its_counts(negotiation):
    other = make_negotiation(slug="other", title="Other")
    make_statement(make_article(negotiation, text=TEXT), "We need more water in August", party="Norland")
    make_statement(make_article(other, text=TEXT), "We need more water in August", party="Norland")

    Negotiation.objects.get(pk=negotiation.pk).delete()

    assert not ShownDayCount.objects.filter(negotiation_id=negotiation.pk).exists()
    assert len(assert_counts_as_rebuilt(other)) == 1


def test_the_rebuild_touches_one_negotiation(negotiation):
    other = make_negotiation(slug="other", title="Other")
    make_statement(make_article(negotiation, text=TEXT), "We need more water in August")
    make_statement(make_article(other, text=TEXT), "We need more water in August")
    ShownDayCount.objects.update(count=7)

    rebuild_day_counts(negotiation)

    assert [count for *_, count in stored(negotiation)] == [1]
    assert [count for *_, count in stored(other)] == [7]


# --- what the timeline reads ---------------------------------------------------------------------


def random_talks(negotiation, annotator, seed: int) -> None:
    rng = random.Random(seed)
    parties = list(Party.objects.filter(negotiation=negotiation))
    for a in range(6):
        sentences = [f"Line {a}-{i} of the talks." for i in range(5)]
        published = APRIL_2 + timedelta(days=rng.randrange(-20, 20)) if rng.random() > 0.2 else None
        article = make_article(negotiation, title=f"Article {a}", text=" ".join(sentences), published=published)
        for sentence in sentences:
            statement = make_statement(
                article,
                sentence,
                party=rng.choice([*parties, None]),
                said_on=APRIL_2 - timedelta(days=rng.randrange(30)) if rng.random() < 0.5 else None,
            )
            roll = rng.random()
            if roll < 0.15:
                annotate(statement, Status.REJECTED)
            elif roll < 0.35:
                annotate(statement, party=rng.choice(parties), said_on=APRIL_2 - timedelta(days=rng.randrange(5)))


SERVED = [
    TimelineFilters(),
    TimelineFilters(order="oldest"),
    TimelineFilters(review="rejected"),
    TimelineFilters(parties=(1,)),
    TimelineFilters(parties=(1, 2), date_from=date(2025, 3, 20)),
    TimelineFilters(date_to=APRIL_2, review="rejected"),
]


@pytest.mark.parametrize("seed", [1, 2])
def test_stored_counts_are_what_grouping_the_matches_gives(negotiation, annotator, seed, django_assert_num_queries):
    random_talks(negotiation, annotator, seed)
    ids = list(Party.objects.filter(negotiation=negotiation).order_by("pk").values_list("pk", flat=True))
    for filters in SERVED:
        if filters.parties:
            filters = TimelineFilters(**{**filters.__dict__, "parties": tuple(ids[i] for i in filters.parties)})
        assert serves(filters)
        with django_assert_num_queries(1):
            counts = timeline_counts(negotiation, filters)
        assert counts == party_day_counts(matching_statements(negotiation, filters)), filters
        assert [DayCount(*row) for row in stored_counts(negotiation, filters)] == counts


@pytest.mark.parametrize(
    "filters",
    [
        TimelineFilters(review="annotated"),
        TimelineFilters(review="confirmed"),
        TimelineFilters(actor=1),
        TimelineFilters(speaker="x"),
        TimelineFilters(issue=1),
        TimelineFilters(kind="direct"),
        TimelineFilters(stance="rejects"),
        TimelineFilters(proposal=1),
        TimelineFilters(q="talks"),
    ],
)
def test_other_filters_group_the_matches(negotiation, filters):
    assert not serves(filters)
    make_statement(make_article(negotiation, text=TEXT, published=APRIL_2), "We need more water in August")
    assert timeline_counts(negotiation, filters) == party_day_counts(matching_statements(negotiation, filters))


def test_an_article_without_statements_counts_nothing(negotiation):
    Article.objects.create(negotiation=negotiation, title="Empty", text="", url="https://e.example/1")
    assert stored(negotiation) == []


# --- the issues shown (ShownIssue) ---------------------------------------------------------------


def assert_issues_as_rebuilt(negotiation) -> list[tuple]:
    incremental = shown_issues(negotiation)
    assert incremental == effective_issues(negotiation)
    ShownIssue.objects.filter(negotiation=negotiation).delete()
    rebuild(negotiation)
    assert shown_issues(negotiation) == incremental
    return incremental


def test_the_issues_shown_follow_every_way_issues_change(negotiation, annotator):
    article = make_article(negotiation, text=TEXT, published=APRIL_2)
    flow, dam, data = (Issue.objects.get(negotiation=negotiation, name=n) for n in ISSUES)
    varga = make_statement(article, "We need more water in August", party="Norland", issues=(flow, dam))
    brell = make_statement(article, "the dam would be late", party="Sudmark", issues=(dam,))
    norland = party(negotiation, "Norland").pk
    assert {(s, i) for s, i, *_ in assert_issues_as_rebuilt(negotiation)} == {
        (varga.pk, flow.pk),
        (varga.pk, dam.pk),
        (brell.pk, dam.pk),
    }

    # A person's issues replace the extractor's, on the statement's day and party.
    do_annotate_statement(
        varga, user=annotator, changes={"issues": [data], "said_on": date(2025, 3, 1)}, expected_version=0
    )
    assert (varga.pk, data.pk, False, date(2025, 3, 1), norland) in assert_issues_as_rebuilt(negotiation)
    assert not ShownIssue.objects.filter(statement=varga, issue=flow).exists()

    do_set_status(brell, user=annotator, status=Status.REJECTED, expected_version=0)
    assert ShownIssue.objects.get(statement=brell).hidden is True
    StatementAnnotation.objects.get(statement=varga).delete()  # back to the extractor's
    brell.issues.remove(dam)
    flow.statements.add(brell)  # from the issue's side
    assert {(s, i) for s, i, *_ in assert_issues_as_rebuilt(negotiation)} == {
        (varga.pk, flow.pk),
        (varga.pk, dam.pk),
        (brell.pk, flow.pk),
    }

    party(negotiation, "Norland").delete()
    assert ShownIssue.objects.filter(statement=varga, shown_party=None).count() == 2
    assert_issues_as_rebuilt(negotiation)
    Article.objects.get(pk=article.pk).delete()
    assert not ShownIssue.objects.filter(negotiation=negotiation).exists()


@pytest.mark.parametrize("seed", [3, 4])
def test_the_issue_filter_and_its_counts_are_the_rules(negotiation, annotator, seed, django_assert_num_queries):
    random_talks(negotiation, annotator, seed)
    rng = random.Random(seed)
    issues = list(Issue.objects.filter(negotiation=negotiation))
    for n, statement in enumerate(Statement.objects.filter(negotiation=negotiation).order_by("pk")):
        statement.issues.set(rng.sample(issues, rng.randrange(3)))
        if n % 4 == 0 and not StatementAnnotation.objects.filter(statement=statement).exists():
            annotate(statement, issues=tuple(rng.sample(issues, rng.randrange(2))))
    parties = list(Party.objects.filter(negotiation=negotiation).order_by("pk").values_list("pk", flat=True))
    statements = Statement.objects.filter(negotiation=negotiation)
    for issue in issues:
        for filters in (
            TimelineFilters(issue=issue.pk),
            TimelineFilters(issue=issue.pk, review="rejected", order="oldest"),
            TimelineFilters(issue=issue.pk, parties=tuple(parties[:2]), date_from=date(2025, 3, 25)),
        ):
            rule = matching_statements(negotiation, replace(filters, issue=None)).filter(
                pk__in=statements.annotate(on=has_effective_issue(issue.pk)).filter(on=True).values("pk")
            )
            assert list(matching_statements(negotiation, filters).values_list("pk", flat=True)) == list(
                rule.values_list("pk", flat=True)
            )
            assert counts_are_stored(filters)
            with django_assert_num_queries(1):
                counts = timeline_counts(negotiation, filters)
            assert counts == party_day_counts(rule), filters


# --- a word search's capped counts ---------------------------------------------------------------


@pytest.mark.parametrize("seed", [5])
def test_capped_counts_are_the_counts_or_none_past_the_limit(negotiation, annotator, seed):
    random_talks(negotiation, annotator, seed)
    statements = matching_statements(negotiation, TimelineFilters(q="talks", order="relevance"))
    exact = party_day_counts(statements)
    total = sum(c.count for c in exact)
    assert total > 10

    assert capped_day_counts(statements, total) == exact
    assert capped_day_counts(statements, total - 1) is None
    filters = TimelineFilters(q="talks")
    assert not counts_are_stored(filters)
    assert timeline_counts(negotiation, filters) == exact
