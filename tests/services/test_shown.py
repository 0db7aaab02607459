"""The stored effective values (services/shown.py) follow every write, and equal the rebuild."""

from datetime import date

import pytest
from django.db import connection

from negotiations.models import Article, Party, Proposal, ShownIssue, Statement, StatementAnnotation
from negotiations.services.annotation import do_add_statement, do_annotate_statement, do_set_status
from negotiations.services.derived import rebuild
from negotiations.services.ingest import ingest_articles, reextract_articles
from negotiations.services.shown import COLUMNS, refresh_shown
from negotiations.services.sources import ArticleInput
from negotiations.services.timeline import TimelineFilters, matching_statements, search
from tests.helpers import annotate, make_article, make_negotiation, make_statement
from tests.services.stored import day_counts, effective_issues, grouped, shown_issues
from tests.services.test_ingest import FakeExtractor, found

pytestmark = pytest.mark.django_db

STORED = [name.removesuffix("_id") if name.endswith("_id") else name for name in COLUMNS]
TEXT = 'Ilse Varga said: "We need more water in August." Tomas Brell said the dam would be late.'


@pytest.fixture
def annotator(django_user_model):
    return django_user_model.objects.create_user("annie")


def stored(negotiation) -> dict[int, tuple]:
    rows = Statement.objects.filter(article__negotiation=negotiation).order_by("pk")
    return {
        row[0]: row[1:] for row in rows.values_list("pk", *[f"{name}_id" if name in FK else name for name in STORED])
    }


FK = {"negotiation", "shown_party", "shown_actor", "shown_proposal"}


def scramble(negotiation) -> None:
    """Stored values as a bulk load that bypassed the services leaves them."""
    ShownIssue.objects.filter(negotiation=negotiation).update(hidden=True, shown_day=date(1999, 1, 1))
    shown_issue = ShownIssue.objects.filter(negotiation=negotiation).first()
    if shown_issue is not None:
        shown_issue.delete()
    Statement.objects.filter(article__negotiation=negotiation).update(
        negotiation=None,
        article_published=None,
        hidden=False,
        shown_day=date(1999, 1, 1),
        shown_party=None,
        shown_actor=None,
        shown_proposal=None,
        shown_kind="",
        shown_stance="",
    )


def assert_equal_to_rebuild(negotiation) -> dict[int, tuple]:
    """The stored values as the services left them, which must be what the rebuild computes."""
    incremental = stored(negotiation)
    # The counts per day and party follow the stored values (services/day_counts.py), and the
    # stored issues are the rule's.
    assert day_counts(negotiation) == grouped(negotiation)
    assert shown_issues(negotiation) == effective_issues(negotiation)
    scramble(negotiation)
    assert stored(negotiation) != incremental or not incremental
    rebuild(negotiation)
    assert stored(negotiation) == incremental
    assert day_counts(negotiation) == grouped(negotiation)
    assert shown_issues(negotiation) == effective_issues(negotiation)
    return incremental


def shown(statement: Statement) -> Statement:
    return Statement.objects.get(pk=statement.pk)


def test_a_new_statement_stores_its_articles_values(negotiation):
    article = make_article(negotiation, text=TEXT, published=date(2025, 4, 2))
    varga = make_statement(article, "We need more water in August", party="Norland", actor="Ilse Varga")
    dated = make_statement(article, "the dam would be late", party="Sudmark", said_on=date(2025, 3, 30))

    row = shown(varga)
    assert (row.negotiation_id, row.article_published, row.hidden) == (negotiation.pk, date(2025, 4, 2), False)
    assert (row.shown_day, row.shown_party.name, row.shown_actor.name) == (date(2025, 4, 2), "Norland", "Ilse Varga")
    assert (row.shown_kind, row.shown_stance) == (varga.kind, varga.stance)
    assert shown(dated).shown_day == date(2025, 3, 30)
    assert_equal_to_rebuild(negotiation)


def test_annotation_services_update_the_stored_values(negotiation, annotator):
    article = make_article(negotiation, text=TEXT, published=date(2025, 4, 2))
    varga = make_statement(article, "We need more water in August", party="Norland", said_on=date(2025, 4, 1))
    brell = make_statement(article, "the dam would be late", party="Sudmark")
    commission = Party.objects.get(negotiation=negotiation, name="River Commission")
    formula = Proposal.objects.get(negotiation=negotiation)

    do_annotate_statement(
        varga,
        user=annotator,
        changes={
            "party": commission,
            "said_on": None,
            "stance": "rejects",
            "kind": "indirect",
            "proposal": formula,
        },
        expected_version=0,
    )
    do_set_status(brell, user=annotator, status=StatementAnnotation.Status.REJECTED, expected_version=0)

    row = shown(varga)
    # "No day" set by a person: the article's date shows, as in Statement.effective.
    assert (row.shown_party, row.shown_day, row.shown_stance, row.shown_kind) == (
        commission,
        date(2025, 4, 2),
        "rejects",
        "indirect",
    )
    assert row.shown_proposal == formula
    assert shown(brell).hidden is True
    assert_equal_to_rebuild(negotiation)

    do_set_status(brell, user=annotator, status=StatementAnnotation.Status.UNREVIEWED, expected_version=1)
    assert shown(brell).hidden is False
    added = do_add_statement(
        article, user=annotator, start=0, end=10, kind="direct", speaker="Ilse Varga", said_on=date(2025, 1, 5)
    )
    assert (shown(added).shown_day, shown(added).negotiation_id) == (date(2025, 1, 5), negotiation.pk)
    assert_equal_to_rebuild(negotiation)


def test_deleting_an_annotation_or_a_party_keeps_them_equal_to_the_rebuild(negotiation):
    article = make_article(negotiation, text=TEXT)
    varga = make_statement(article, "We need more water in August", party="Norland")
    note = annotate(varga, StatementAnnotation.Status.REJECTED, party="Sudmark")
    assert shown(varga).hidden is True

    note.delete()
    assert (shown(varga).hidden, shown(varga).shown_party.name) == (False, "Norland")
    Party.objects.get(negotiation=negotiation, name="Norland").delete()
    assert shown(varga).shown_party is None
    assert_equal_to_rebuild(negotiation)


def test_an_articles_new_date_or_title_reaches_its_statements(negotiation):
    article = make_article(negotiation, text=TEXT, published=date(2025, 4, 2))
    varga = make_statement(article, "We need more water in August")

    article.published = date(2025, 5, 1)
    article.save()

    assert (shown(varga).shown_day, shown(varga).article_published) == (date(2025, 5, 1), date(2025, 5, 1))
    assert_equal_to_rebuild(negotiation)


def extractor_for(*quotes: tuple[str, str]) -> FakeExtractor:
    return FakeExtractor(lambda text: [found(text, quote, party=party) for quote, party in quotes if quote in text])


def test_ingest_and_reextraction_store_the_values(negotiation, annotator):
    item = ArticleInput(
        where="a.jsonl:1", title="Arven talks", text=TEXT, url="https://g.example/1", published=date(2025, 4, 2)
    )
    ingest_articles(negotiation, [item], extractor=extractor_for(("We need more water in August", "Norland")))
    statement = Statement.objects.get(article__negotiation=negotiation)
    assert (shown(statement).shown_party.name, shown(statement).shown_day) == ("Norland", date(2025, 4, 2))
    incremental = assert_equal_to_rebuild(negotiation)
    assert len(incremental) == 1

    # The extractor now reads another party, and finds a second statement: bulk_update and
    # bulk_create, both behind Statement.save()'s back.
    reextract_articles(
        negotiation,
        extractor=extractor_for(("We need more water in August", "Sudmark"), ("the dam would be late", "Sudmark")),
    )
    assert {row.shown_party.name for row in Statement.objects.filter(article__negotiation=negotiation)} == {"Sudmark"}
    assert Statement.objects.filter(negotiation=negotiation).count() == 2
    assert_equal_to_rebuild(negotiation)


def test_rebuild_touches_one_negotiation_and_writes_only_what_differs(negotiation):
    other = make_negotiation(slug="other", title="Other")
    here = make_statement(make_article(negotiation, text=TEXT), "We need more water in August", party="Norland")
    there = make_statement(make_article(other, text=TEXT), "We need more water in August", party="Norland")
    Statement.objects.filter(pk__in=[here.pk, there.pk]).update(shown_day=None)

    rebuild(negotiation)

    assert shown(here).shown_day is not None and shown(there).shown_day is None
    assert refresh_shown(negotiation=negotiation) == 0  # nothing differs any more


def test_refresh_takes_exactly_one_scope(negotiation):
    with pytest.raises(ValueError):
        refresh_shown()
    with pytest.raises(ValueError):
        refresh_shown(articles=[1], negotiation=negotiation)
    assert refresh_shown(articles=[]) == 0


# --- word search ---------------------------------------------------------------------------------

SEARCH_TEXT = (
    "The dams on the Arven are late. Sudmark rejected the flow formula outright. "
    "Officials expect a deal on water sharing. Nobody spoke."
)


@pytest.fixture
def searchable(negotiation):
    article = make_article(negotiation, title="Summit in Lindau", text=SEARCH_TEXT, published=date(2025, 4, 2))
    make_statement(article, "The dams on the Arven are late.", speaker="Tomas Brell")
    make_statement(article, "Sudmark rejected the flow formula outright.", speaker="Ilse Varga")
    noted = make_statement(article, "Officials expect a deal on water sharing.", speaker="Officials")
    annotate(noted, note="Check the transcript", speaker="Ana Ferreira")
    make_statement(article, "Nobody spoke.", speaker="Nobody")
    return negotiation


def found_for(negotiation, q: str) -> set[str]:
    return set(matching_statements(negotiation, TimelineFilters(q=q)).values_list("text", flat=True))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_postgres_searches_words_stemmed_in_web_search_syntax(searchable):
    # Stemmed: "dam" finds "dams", "rejects" finds "rejected".
    assert found_for(searchable, "dam") == {"The dams on the Arven are late."}
    assert found_for(searchable, "rejects formula") == {"Sudmark rejected the flow formula outright."}
    # A quoted phrase must appear in that order; a leading minus excludes; "or" takes either.
    assert found_for(searchable, '"water sharing"') == {"Officials expect a deal on water sharing."}
    assert found_for(searchable, '"sharing water"') == set()
    assert found_for(searchable, "lindau -dams") == {
        "Sudmark rejected the flow formula outright.",
        "Officials expect a deal on water sharing.",
        "Nobody spoke.",
    }
    assert found_for(searchable, "dams or formula") == {
        "The dams on the Arven are late.",
        "Sudmark rejected the flow formula outright.",
    }
    # The person's speaker and note, and the article's title, as on SQLite.
    assert found_for(searchable, "ferreira transcript") == {"Officials expect a deal on water sharing."}
    assert found_for(searchable, "officials") == {"Officials expect a deal on water sharing."}
    # Words, not substrings.
    assert found_for(searchable, "arv") == set()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_postgres_search_follows_annotations(searchable, annotator):
    statement = Statement.objects.get(text="Nobody spoke.")
    assert found_for(searchable, "pegel") == set()
    do_annotate_statement(statement, user=annotator, changes={"speaker": "Pegel Watcher"}, expected_version=0)
    assert found_for(searchable, "pegel") == {"Nobody spoke."}
    assert_equal_to_rebuild(searchable)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the search column is PostgreSQL's")
def test_postgres_search_uses_the_gin_index(searchable):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        query = search(Statement.objects.all(), "dams").values("pk")
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "statement_search" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_postgres_ranks_the_best_match_first_when_asked(negotiation):
    text = "Dams, dams and more dams. A dam. No dam here but flow."
    early = make_article(negotiation, title="Early", text=text, published=date(2025, 1, 1))
    late = make_article(negotiation, title="Late", text=text + " ", published=date(2025, 6, 1))
    make_statement(early, "Dams, dams and more dams.")
    make_statement(late, "A dam.")
    make_statement(late, "No dam here but flow.")

    def ordered(**filters) -> list[str]:
        return list(matching_statements(negotiation, TimelineFilters(**filters)).values_list("text", flat=True))

    assert ordered(q="dam", order="relevance")[0] == "Dams, dams and more dams."
    assert ordered(q="dam") == ["A dam.", "No dam here but flow.", "Dams, dams and more dams."]
    # Nothing to rank without a search: newest first.
    assert ordered(order="relevance") == ordered()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the fallback is for SQLite")
def test_sqlite_orders_a_relevance_search_newest_first(searchable):
    assert list(matching_statements(searchable, TimelineFilters(q="the", order="relevance"))) == list(
        matching_statements(searchable, TimelineFilters(q="the"))
    )


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the fallback is for SQLite")
def test_sqlite_falls_back_to_substrings_of_every_word(searchable):
    # Substrings in any case: "dam" is in "dams", "ARV" in "Arven".
    assert found_for(searchable, "dam") == {"The dams on the Arven are late."}
    assert found_for(searchable, "ARV late") == {"The dams on the Arven are late."}
    assert found_for(searchable, "ferreira transcript") == {"Officials expect a deal on water sharing."}
    assert found_for(searchable, "lindau") == set(Statement.objects.values_list("text", flat=True))
    # No web-search syntax: "or" is one more word that must occur.
    assert found_for(searchable, "dams or formula") == set()


def test_the_timeline_counts_and_orders_on_the_stored_values(negotiation, annotator):
    early = make_article(negotiation, text=TEXT, published=date(2025, 1, 1))
    late = make_article(negotiation, title="Later", text=TEXT + " ", published=date(2025, 6, 1))
    moved = make_statement(early, "We need more water in August")
    make_statement(late, "the dam would be late")
    assert list(matching_statements(negotiation, TimelineFilters()).values_list("article_id", flat=True)) == [
        late.pk,
        early.pk,
    ]

    do_annotate_statement(moved, user=annotator, changes={"said_on": date(2025, 7, 1)}, expected_version=0)

    assert list(matching_statements(negotiation, TimelineFilters()).values_list("pk", flat=True))[0] == moved.pk
    assert Article.objects.count() == 2


def test_a_merge_moves_the_stored_proposal(negotiation, annotator):
    from negotiations.services.proposals import do_add_proposal, do_merge_proposals

    article = make_article(negotiation, text=TEXT)
    draft = do_add_proposal(negotiation, name="Sudmark draft", party=None, day=None, aliases=[])
    formula = Proposal.objects.get(negotiation=negotiation, name="Commission flow formula")
    by_extractor = make_statement(article, "We need more water in August", proposal=draft)
    by_person = make_statement(article, "the dam would be late")
    do_annotate_statement(by_person, user=annotator, changes={"proposal": draft}, expected_version=0)

    do_merge_proposals(draft, formula, user=annotator)

    assert shown(by_extractor).shown_proposal == formula
    assert shown(by_person).shown_proposal == formula
    assert_equal_to_rebuild(negotiation)


def test_readers_pages_read_the_issues_a_person_set_from_the_stored_rows(negotiation, django_assert_num_queries):
    """for_display reads the issues readers see from ShownIssue in one query, annotated or not;
    for_rules computes them from the extractor's and the person's rows: the same issues."""
    article = make_article(negotiation, text=TEXT)
    own = make_statement(article, "We need more water in August", issues=("Kell dam", "Data sharing"))
    changed = make_statement(article, "the dam would be late", issues=("Kell dam",))
    emptied = make_statement(article, "Tomas Brell said", issues=("Kell dam",))
    annotate(changed, issues=("Dry-season flow",))
    annotate(emptied, issues=())

    def issues(queryset) -> dict[int, list[str]]:
        return {s.pk: [i.name for i in s.effective.issues] for s in queryset.filter(article=article)}

    # The extractor's issues in the setup's order (Issue's ordering), both ways.
    expected = {own.pk: [i.name for i in own.issues.all()], changed.pk: ["Dry-season flow"], emptied.pk: []}
    assert sorted(expected[own.pk]) == ["Data sharing", "Kell dam"]
    with django_assert_num_queries(2):
        assert issues(Statement.objects.for_display()) == expected
    with django_assert_num_queries(3):
        assert issues(Statement.objects.for_rules()) == expected
    plain = make_statement(article, "more water", issues=("Kell dam",))
    with django_assert_num_queries(2):
        assert issues(Statement.objects.for_display().filter(pk=plain.pk)) == {plain.pk: ["Kell dam"]}
