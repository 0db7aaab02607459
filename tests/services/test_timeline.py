from datetime import date, timedelta

import pytest
from django.core.paginator import Paginator

from negotiations.models import Actor, Issue, Party, Proposal, Statement, StatementAnnotation
from negotiations.services.timeline import (
    ORDER_CHOICES,
    REVIEW_CHOICES,
    TimelineFilters,
    timeline_statements,
    with_effective,
)
from negotiations.services.timeline_chart import Bar, DayCount, build_chart, party_day_counts
from tests.helpers import annotate, make_article, make_negotiation, make_statement

Status = StatementAnnotation.Status
APRIL_2 = date(2025, 4, 2)


def article_of(negotiation, *sentences: str, published: date | None = APRIL_2, title: str = ""):
    """An article made of `sentences`; titles default to the first sentence, keeping articles distinct."""
    return make_article(negotiation, title=title or sentences[0], text=" ".join(sentences), published=published)


def party(negotiation, name: str) -> Party:
    return Party.objects.get(negotiation=negotiation, name=name)


def actor(negotiation, name: str) -> Actor:
    return Actor.objects.get(negotiation=negotiation, name=name)


def issue(negotiation, name: str) -> Issue:
    return Issue.objects.get(negotiation=negotiation, name=name)


def texts(negotiation, **filters) -> list[str]:
    return [s.text for s in timeline_statements(negotiation, TimelineFilters(**filters))]


def matching(negotiation, **filters) -> set[str]:
    found = texts(negotiation, **filters)
    assert len(found) == len(set(found)), "a statement came back more than once"
    return set(found)


# --- which statements: scope and review status ---------------------------------------------------


def test_only_this_negotiations_statements_and_rejected_hidden_by_default(negotiation):
    article = article_of(negotiation, "Kept one.", "Rejected one.", "Confirmed one.")
    make_statement(article, "Kept one.")
    annotate(make_statement(article, "Rejected one."), status=Status.REJECTED)
    annotate(make_statement(article, "Confirmed one."), status=Status.CONFIRMED)
    other = make_negotiation(slug="other", title="Other talks", with_setup=False)
    make_statement(article_of(other, "Elsewhere."), "Elsewhere.")

    assert matching(negotiation) == {"Kept one.", "Confirmed one."}
    assert matching(negotiation, review="rejected") == {"Rejected one."}


def test_review_filters_follow_is_annotated(negotiation):
    article = article_of(
        negotiation,
        *("Untouched.", "Only a note.", "Confirmed.", "Party fixed.", "Kind fixed.", "Rejected.", "Gone."),
        *("Stance fixed.", "Target fixed.", "Proposal fixed."),
    )
    make_statement(article, "Untouched.")
    note_only = annotate(make_statement(article, "Only a note."), note="check the date")
    annotate(make_statement(article, "Confirmed."), status=Status.CONFIRMED)
    fixed = annotate(make_statement(article, "Party fixed."), party="Sudmark")
    annotate(make_statement(article, "Kind fixed."), kind=Statement.Kind.INDIRECT)
    annotate(make_statement(article, "Stance fixed."), stance="rejects")
    annotate(make_statement(article, "Target fixed."), target="")
    annotate(make_statement(article, "Proposal fixed."), proposal=None, proposal_set=True)
    annotate(make_statement(article, "Rejected."), status=Status.REJECTED)
    gone = make_statement(article, "Gone.")
    gone.extractor_missing = True
    gone.save()
    annotate(gone, status=Status.CONFIRMED)
    # The SQL must agree with the model's own definition on these rows.
    assert not note_only.is_annotated and fixed.is_annotated

    assert matching(negotiation, review="annotated") == {
        *("Confirmed.", "Party fixed.", "Kind fixed.", "Gone."),
        *("Stance fixed.", "Target fixed.", "Proposal fixed."),
    }
    assert matching(negotiation, review="unreviewed") == {"Untouched.", "Only a note."}
    assert matching(negotiation, review="confirmed") == {"Confirmed.", "Gone."}
    assert matching(negotiation, review="missing") == {"Gone."}
    assert matching(negotiation, review="rejected") == {"Rejected."}


def test_missing_hides_rejected_ones(negotiation):
    article = article_of(negotiation, "Gone and rejected.", "Gone.")
    for text in ("Gone and rejected.", "Gone."):
        statement = make_statement(article, text)
        statement.extractor_missing = True
        statement.save()
    annotate(Statement.objects.get(text="Gone and rejected."), status=Status.REJECTED)

    assert matching(negotiation, review="missing") == {"Gone."}


def test_unknown_review_or_order_is_an_error(negotiation):
    with pytest.raises(ValueError, match="review"):
        timeline_statements(negotiation, TimelineFilters(review="maybe"))
    with pytest.raises(ValueError, match="order"):
        timeline_statements(negotiation, TimelineFilters(order="random"))


def test_choices_cover_the_values_the_function_accepts():
    assert [value for value, _ in REVIEW_CHOICES] == ["", "annotated", "unreviewed", "confirmed", "rejected", "missing"]
    assert [value for value, _ in ORDER_CHOICES] == ["newest", "oldest", "relevance"]


# --- filters over effective values ---------------------------------------------------------------


def test_party_filter_uses_the_persons_party(negotiation):
    norland, sudmark, commission = (party(negotiation, n) for n in ("Norland", "Sudmark", "River Commission"))
    article = article_of(negotiation, "Moved to Sudmark.", "Plain Norland.", "Party removed.", "Commission.")
    annotate(make_statement(article, "Moved to Sudmark.", party=norland), party=sudmark)
    make_statement(article, "Plain Norland.", party=norland)
    annotate(make_statement(article, "Party removed.", party=norland), party=None)
    make_statement(article, "Commission.", party=commission)

    assert matching(negotiation, parties=(norland.pk,)) == {"Plain Norland."}
    assert matching(negotiation, parties=(sudmark.pk,)) == {"Moved to Sudmark."}
    assert matching(negotiation, parties=(sudmark.pk, commission.pk)) == {"Moved to Sudmark.", "Commission."}


def test_actor_filter_uses_the_persons_actor_even_when_they_cleared_it(negotiation):
    varga, brell = actor(negotiation, "Ilse Varga"), actor(negotiation, "Tomas Brell")
    article = article_of(negotiation, "Reassigned.", "Plain Varga.", "Cleared.", "Flag unset.")
    annotate(make_statement(article, "Reassigned.", actor=varga), actor=brell, actor_set=True)
    make_statement(article, "Plain Varga.", actor=varga)
    annotate(make_statement(article, "Cleared.", actor=varga), actor=None, actor_set=True)
    # A value without its flag is not a person's answer: the extractor's shows through.
    annotate(make_statement(article, "Flag unset.", actor=varga), actor=brell, actor_set=False)

    assert matching(negotiation, actor=varga.pk) == {"Plain Varga.", "Flag unset."}
    assert matching(negotiation, actor=brell.pk) == {"Reassigned."}


def test_speaker_filter_is_a_case_insensitive_substring_of_the_effective_speaker(negotiation):
    article = article_of(negotiation, "Renamed.", "Plain.", "Blanked.")
    annotate(make_statement(article, "Renamed.", speaker="a Norland official"), speaker="Ilse Varga")
    make_statement(article, "Plain.", speaker="Ilse Varga")
    annotate(make_statement(article, "Blanked.", speaker="Varga"), speaker="")

    assert matching(negotiation, speaker="vArGa") == {"Renamed.", "Plain."}
    assert matching(negotiation, speaker="official") == set()
    assert matching(negotiation, speaker="  ") == {"Renamed.", "Plain.", "Blanked."}


def test_issue_filter_uses_the_persons_issues_when_set(negotiation):
    flow, dam = issue(negotiation, "Dry-season flow"), issue(negotiation, "Kell dam")
    article = article_of(negotiation, "Both issues.", "Emptied.", "Switched.", "Not set.", "None at all.")
    make_statement(article, "Both issues.", issues=(flow, dam))
    annotate(make_statement(article, "Emptied.", issues=(flow,)), issues=())
    annotate(make_statement(article, "Switched.", issues=(dam,)), issues=(flow, dam))
    annotate(make_statement(article, "Not set.", issues=(flow,)), status=Status.CONFIRMED)
    make_statement(article, "None at all.")

    # "Both issues." and "Switched." have two issues each: Exists, not a join, so one row apiece.
    assert texts(negotiation, issue=flow.pk).count("Both issues.") == 1
    assert matching(negotiation, issue=flow.pk) == {"Both issues.", "Switched.", "Not set."}
    assert matching(negotiation, issue=dam.pk) == {"Both issues.", "Switched."}
    assert matching(negotiation, issue=issue(negotiation, "Data sharing").pk) == set()


def test_kind_filter_uses_a_nonblank_persons_kind(negotiation):
    article = article_of(negotiation, "Now indirect.", "Direct.", "Blank kind.")
    annotate(make_statement(article, "Now indirect.", kind=Statement.Kind.DIRECT), kind=Statement.Kind.INDIRECT)
    make_statement(article, "Direct.", kind=Statement.Kind.DIRECT)
    annotate(make_statement(article, "Blank kind.", kind=Statement.Kind.DIRECT), kind="", status=Status.CONFIRMED)

    assert matching(negotiation, kind="direct") == {"Direct.", "Blank kind."}
    assert matching(negotiation, kind="indirect") == {"Now indirect."}


def test_date_filters_are_inclusive_and_use_the_day(negotiation):
    article = article_of(negotiation, "Said 1 April.", "Article day.", "Moved.", "Unknown day.", published=APRIL_2)
    undated = article_of(negotiation, "No day at all.", published=None)
    make_statement(article, "Said 1 April.", said_on=date(2025, 4, 1))
    make_statement(article, "Article day.")
    annotate(make_statement(article, "Moved.", said_on=date(2025, 4, 1)), said_on=date(2025, 4, 3))
    # A person saying "the day is unknown" lets the article's date show through.
    annotate(make_statement(article, "Unknown day.", said_on=date(2025, 3, 1)), said_on=None)
    make_statement(undated, "No day at all.")

    assert matching(negotiation, date_from=APRIL_2) == {"Article day.", "Moved.", "Unknown day."}
    assert matching(negotiation, date_to=APRIL_2) == {"Said 1 April.", "Article day.", "Unknown day."}
    assert matching(negotiation, date_from=APRIL_2, date_to=APRIL_2) == {"Article day.", "Unknown day."}
    assert matching(negotiation, date_from=date(2025, 4, 3), date_to=date(2025, 4, 3)) == {"Moved."}


def test_q_needs_every_word_somewhere(negotiation):
    article = article_of(
        negotiation,
        "We need more water.",
        "The dam is late.",
        "Water and dam together.",
        "Nothing here.",
        title="Arven summit report",
    )
    make_statement(article, "We need more water.", speaker="Ilse Varga")
    annotate(make_statement(article, "The dam is late.", speaker="someone"), speaker="Tomas Brell", note="WATER?")
    make_statement(article, "Water and dam together.")
    make_statement(article, "Nothing here.", speaker="Ilse Varga")

    assert matching(negotiation, q="water") == {"We need more water.", "The dam is late.", "Water and dam together."}
    assert matching(negotiation, q="  DAM   water ") == {"The dam is late.", "Water and dam together."}
    # One word in the speaker, one in the text.
    assert matching(negotiation, q="varga water") == {"We need more water."}
    # The person's speaker replaces the extractor's for search too.
    assert matching(negotiation, q="brell") == {"The dam is late."}
    assert matching(negotiation, q="someone") == set()
    # The article's title counts for every statement in it.
    assert matching(negotiation, q="summit nothing") == {"Nothing here."}


def test_stance_and_proposal_filters_use_the_values_readers_see(negotiation):
    article = article_of(negotiation, "Rejects it.", "Corrected to rejects.", "Accepts it.", "On the formula.")
    make_statement(article, "Rejects it.", stance="rejects")
    annotate(make_statement(article, "Corrected to rejects."), stance="rejects")
    annotate(make_statement(article, "Accepts it.", stance="rejects"), stance="accepts")
    formula = Proposal.objects.get(negotiation=negotiation, name="Commission flow formula")
    make_statement(article, "On the formula.", proposal=formula)
    annotate(make_statement(article, "Corrected to rejects.", proposal=formula), proposal=None, proposal_set=True)

    assert matching(negotiation, stance="rejects") == {"Rejects it.", "Corrected to rejects."}
    assert matching(negotiation, proposal=formula.pk) == {"On the formula."}


def test_filters_combine(negotiation):
    norland = party(negotiation, "Norland")
    article = article_of(negotiation, "Norland direct.", "Norland indirect.", "Sudmark direct.")
    make_statement(article, "Norland direct.", party=norland)
    make_statement(article, "Norland indirect.", party=norland, kind=Statement.Kind.INDIRECT)
    make_statement(article, "Sudmark direct.", party="Sudmark")

    assert matching(negotiation, parties=(norland.pk,), kind="direct") == {"Norland direct."}


# --- the SQL agrees with Statement.effective -----------------------------------------------------


def test_sql_effective_values_equal_statement_effective(negotiation):
    norland, sudmark = party(negotiation, "Norland"), party(negotiation, "Sudmark")
    varga, brell = actor(negotiation, "Ilse Varga"), actor(negotiation, "Tomas Brell")
    sentences = [f"Statement {n}." for n in range(14)]
    article = article_of(negotiation, *sentences, published=APRIL_2)
    undated = article_of(negotiation, "Undated.", published=None)
    formula = Proposal.objects.get(negotiation=negotiation, name="Commission flow formula")
    s = [
        make_statement(
            article,
            text,
            speaker="Extractor Name",
            party=norland,
            actor=varga,
            said_on=date(2025, 3, 30),
            stance="rejects",
            target="Commission flow formula",
            proposal=formula,
        )
        for text in sentences
    ]
    make_statement(undated, "Undated.", speaker="Nobody")
    s[1].said_on = None
    s[1].save()
    annotate(
        s[2],
        speaker="Tomas Brell",
        party=sudmark,
        actor=brell,
        actor_set=True,
        kind=Statement.Kind.INDIRECT,
        said_on=date(2025, 4, 1),
    )
    annotate(s[3], said_on=None, party=None, actor=None, actor_set=True)
    annotate(s[4], speaker="", kind="")
    annotate(s[5], note="just a note")
    annotate(s[6], status=Status.CONFIRMED)
    annotate(s[7], anonymous=False)
    annotate(s[8], actor=brell, actor_set=False, party=sudmark)
    annotate(s[9], issues=())
    annotate(s[10], status=Status.REJECTED, speaker="Rejected Speaker")
    annotate(s[11], stance="accepts")
    annotate(s[12], target="", proposal=None, proposal_set=True)
    annotate(s[13], target="Kell dam", proposal=None, proposal_set=False)

    rows = list(with_effective(Statement.objects.filter(article__negotiation=negotiation)).for_display())
    assert len(rows) == 15
    seen_article_date = seen_own_date = seen_no_day = False
    for row in rows:
        effective = row.effective
        assert row.eff_speaker == effective.speaker, row.text
        assert row.eff_actor_id == (effective.actor.pk if effective.actor else None), row.text
        assert row.eff_party_id == (effective.party.pk if effective.party else None), row.text
        assert row.eff_kind == effective.kind, row.text
        assert row.eff_said_on == effective.said_on, row.text
        assert row.eff_stance == effective.stance, row.text
        assert row.eff_target == effective.target, row.text
        assert row.eff_proposal_id == (effective.proposal.pk if effective.proposal else None), row.text
        assert row.eff_annotated is effective.annotated, row.text
        assert row.day == (effective.said_on or row.article.published), row.text
        assert row.day_is_article_date is (effective.said_on is None and row.article.published is not None)
        seen_article_date |= row.day_is_article_date
        seen_own_date |= row.day is not None and not row.day_is_article_date
        seen_no_day |= row.day is None
    # The data exercised every branch of the day rule.
    assert seen_article_date and seen_own_date and seen_no_day
    by_text = {row.text: row for row in rows}
    assert by_text["Statement 2."].eff_party_id == sudmark.pk and by_text["Statement 3."].eff_party_id is None


# --- ordering and pagination ---------------------------------------------------------------------


@pytest.fixture
def dated(negotiation):
    """Statements whose days, articles and spans test every ordering key."""
    a = article_of(negotiation, "a1.", "a2.", published=date(2025, 4, 2))
    b = article_of(negotiation, "b1.", "b2.", published=date(2025, 4, 5))
    c = article_of(negotiation, "c1.", "c2.", published=None)
    make_statement(a, "a2.")  # created first: the span, not the id, orders an article's statements
    make_statement(a, "a1.")
    make_statement(b, "b1.", said_on=date(2025, 4, 2))  # same day as a's, later article
    make_statement(b, "b2.")
    make_statement(c, "c1.")  # no day at all
    make_statement(c, "c2.", said_on=date(2025, 3, 1))
    return negotiation


def test_newest_first_with_undated_last(dated):
    assert texts(dated) == ["b2.", "b1.", "a1.", "a2.", "c2.", "c1."]


def test_oldest_first_with_undated_last(dated):
    assert texts(dated, order="oldest") == ["c2.", "a1.", "a2.", "b1.", "b2.", "c1."]


def test_a_persons_day_orders_the_statement(dated):
    annotate(Statement.objects.get(text="c1."), said_on=date(2025, 5, 1))
    assert texts(dated)[0] == "c1."


def test_paginates_with_filters(negotiation):
    flow = issue(negotiation, "Dry-season flow")
    sentences = [f"Line {n:02}." for n in range(25)]
    article = article_of(negotiation, *sentences)
    for text in sentences:
        make_statement(article, text, issues=(flow, issue(negotiation, "Kell dam")))

    paginator = Paginator(timeline_statements(negotiation, TimelineFilters(issue=flow.pk, q="line")), 10)
    assert paginator.count == 25
    assert [s.text for s in paginator.page(3)] == sentences[20:]


@pytest.mark.parametrize("size", [3, 30])
def test_rendering_takes_the_same_queries_whatever_the_size(negotiation, django_assert_num_queries, size):
    flow, dam = issue(negotiation, "Dry-season flow"), issue(negotiation, "Kell dam")
    sentences = [f"Point {n}." for n in range(size)]
    articles = [article_of(negotiation, *sentences, title=f"Article {n}") for n in range(3)]
    for n, text in enumerate(sentences):
        statement = make_statement(articles[n % 3], text, party="Norland", actor="Ilse Varga", issues=(flow,))
        if n % 3 == 1:
            annotate(statement, party="Sudmark", actor=actor(negotiation, "Tomas Brell"), actor_set=True, issues=(dam,))
        elif n % 3 == 2:
            annotate(statement, status=Status.CONFIRMED)

    # One query for the rows, one for the issues readers see (stored: a person's or the extractor's).
    with django_assert_num_queries(2):
        rendered = [
            (
                s.article.title,
                s.day,
                s.effective.speaker,
                str(s.effective.actor),
                str(s.effective.party),
                [i.name for i in s.effective.issues],
                s.effective.annotated,
            )
            for s in timeline_statements(negotiation, TimelineFilters())
        ]
    assert len(rendered) == size
    assert {r[4] for r in rendered} == {"Norland", "Sudmark"}


# --- chart counts --------------------------------------------------------------------------------


def test_party_day_counts_on_a_filtered_queryset(negotiation, django_assert_num_queries):
    norland, sudmark = party(negotiation, "Norland"), party(negotiation, "Sudmark")
    article = article_of(negotiation, "One.", "Two.", "Three.", "Four.", "Five.", "Six.", "Seven.", published=APRIL_2)
    undated = article_of(negotiation, "Undated.", published=None)
    make_statement(article, "One.", party=norland)
    make_statement(article, "Two.", party=norland, said_on=date(2025, 4, 1))
    annotate(make_statement(article, "Three.", party=norland), party=sudmark)
    make_statement(article, "Four.", party=sudmark)
    make_statement(article, "Five.")
    make_statement(article, "Six.", party=norland, kind=Statement.Kind.INDIRECT)  # filtered out
    annotate(make_statement(article, "Seven.", party=norland), status=Status.REJECTED)  # hidden
    make_statement(undated, "Undated.", party=norland)

    statements = timeline_statements(negotiation, TimelineFilters(kind="direct"))
    with django_assert_num_queries(1):
        counts = party_day_counts(statements)

    assert counts == [
        DayCount(date(2025, 4, 1), norland.pk, 1),
        DayCount(APRIL_2, norland.pk, 1),
        DayCount(APRIL_2, sudmark.pk, 2),
        DayCount(APRIL_2, None, 1),
        DayCount(None, norland.pk, 1),
    ]


def test_party_day_counts_annotates_a_plain_queryset(negotiation):
    article = article_of(negotiation, "One.", "Two.")
    annotate(make_statement(article, "One.", party="Norland"), said_on=date(2025, 1, 1))
    make_statement(article, "Two.", party="Norland")

    counts = party_day_counts(Statement.objects.filter(article__negotiation=negotiation))
    norland = party(negotiation, "Norland").pk
    assert counts == [DayCount(date(2025, 1, 1), norland, 1), DayCount(APRIL_2, norland, 1)]


# --- the chart (no database) ---------------------------------------------------------------------

NORLAND = Party(pk=10, name="Norland", position=0)
SUDMARK = Party(pk=20, name="Sudmark", position=1)
D1, D2, D3 = date(2024, 8, 19), date(2024, 8, 20), date(2024, 8, 21)


def test_chart_scales_to_the_busiest_day_and_stacks_in_party_order():
    counts = [
        DayCount(D3, None, 1),
        DayCount(D1, SUDMARK.pk, 1),
        DayCount(D1, NORLAND.pk, 3),
        DayCount(D3, SUDMARK.pk, 2),
        DayCount(D3, NORLAND.pk, 1),
    ]
    chart = build_chart(counts, [NORLAND, SUDMARK], width=300, height=100)

    assert chart is not None
    assert (chart.width, chart.height, chart.max_count, chart.undated) == (300, 100, 4, 0)
    assert chart.days == (D1, D3)
    # Three calendar days, 100 units each; a bar is at most 1/24 of the width, centred in its day.
    assert chart.bars == [
        Bar(x=43.75, y=25.0, width=12.5, height=75.0, party_position=0, title="2024-08-19 · Norland: 3"),
        Bar(x=43.75, y=0.0, width=12.5, height=25.0, party_position=1, title="2024-08-19 · Sudmark: 1"),
        Bar(x=243.75, y=75.0, width=12.5, height=25.0, party_position=0, title="2024-08-21 · Norland: 1"),
        Bar(x=243.75, y=25.0, width=12.5, height=50.0, party_position=1, title="2024-08-21 · Sudmark: 2"),
        Bar(x=243.75, y=0.0, width=12.5, height=25.0, party_position=None, title="2024-08-21 · no party: 1"),
    ]


def test_chart_stacks_by_the_order_of_parties_given():
    chart = build_chart([DayCount(D1, NORLAND.pk, 1), DayCount(D1, SUDMARK.pk, 1)], [SUDMARK, NORLAND], height=10)
    assert [b.party_position for b in chart.bars] == [1, 0]
    # Bottom first: the first party's bar sits lowest.
    assert chart.bars[0].y > chart.bars[1].y
    assert chart.bars[0].y + chart.bars[0].height == 10


def test_chart_segments_meet_without_gaps():
    counts = [DayCount(D1, NORLAND.pk, 1), DayCount(D1, SUDMARK.pk, 1), DayCount(D1, None, 1)]
    chart = build_chart(counts, [NORLAND, SUDMARK], height=100)
    bottom, middle, top = chart.bars
    assert bottom.y + bottom.height == 100
    assert middle.y + middle.height == bottom.y
    assert top.y + top.height == middle.y and top.y == 0


def test_chart_is_none_without_dated_counts():
    assert build_chart([], [NORLAND]) is None
    assert build_chart([DayCount(None, NORLAND.pk, 4)], [NORLAND]) is None


def test_chart_reports_undated_statements_and_leaves_them_out():
    chart = build_chart(
        [DayCount(D2, NORLAND.pk, 2), DayCount(None, NORLAND.pk, 3), DayCount(None, None, 1)], [NORLAND]
    )
    assert chart.undated == 4
    assert chart.max_count == 2
    assert [b.title for b in chart.bars] == ["2024-08-20 · Norland: 2"]


def test_chart_gives_no_width_to_days_without_statements_but_keeps_their_place():
    chart = build_chart([DayCount(D1, NORLAND.pk, 1), DayCount(D3, NORLAND.pk, 1)], [NORLAND], width=300)
    assert [b.x for b in chart.bars] == [43.75, 243.75]


def test_chart_bars_of_a_month_fill_their_day_but_a_few_days_stay_narrow():
    month = build_chart([DayCount(D1 + timedelta(days=n), NORLAND.pk, 1) for n in range(30)], [NORLAND], width=300)
    assert {b.width for b in month.bars} == {9.0}
    two_days = build_chart([DayCount(D1, NORLAND.pk, 1), DayCount(D1 + timedelta(days=1), NORLAND.pk, 1)], [NORLAND])
    assert {b.width for b in two_days.bars} == {25.0}


@pytest.mark.parametrize(("days", "unit", "columns"), [(120, "day", 120), (300, "week", 43), (1000, "month", 34)])
def test_chart_fits_many_days(days, unit, columns):
    counts = [DayCount(D1 + timedelta(days=n), NORLAND.pk, 1 + n % 5) for n in range(days)]
    chart = build_chart(counts, [NORLAND], width=600, height=100)

    assert chart.unit == unit
    assert len(chart.bars) == columns
    assert chart.days == (D1, D1 + timedelta(days=days - 1))
    # Every statement is in one column: a column's count is the sum of its days'.
    assert sum(int(b.title.rsplit(": ", 1)[1]) for b in chart.bars) == sum(c.count for c in counts)
    xs = [b.x for b in chart.bars]
    assert xs == sorted(xs) and len(set(xs)) == columns
    assert all(b.width >= 1 for b in chart.bars)
    assert all(b.x >= 0 and b.x + b.width <= 600.01 for b in chart.bars)
    assert max(b.height for b in chart.bars) == 100


def test_chart_of_a_long_span_counts_weeks_from_monday_and_keeps_their_place():
    # D1 is a Monday: D1 + 6 is the same week, D1 + 7 the next; nothing in the weeks between.
    counts = [
        DayCount(D1, NORLAND.pk, 2),
        DayCount(D1 + timedelta(days=6), NORLAND.pk, 3),
        DayCount(D1 + timedelta(days=6), SUDMARK.pk, 1),
        DayCount(D1 + timedelta(days=7), NORLAND.pk, 1),
        DayCount(D1 + timedelta(days=200), NORLAND.pk, 1),
    ]
    chart = build_chart(counts, [NORLAND, SUDMARK], width=300, height=60)

    assert chart.unit == "week"
    assert chart.days == (D1, D1 + timedelta(days=200))
    assert chart.max_count == 6
    assert [b.title for b in chart.bars] == [
        "week of 2024-08-19 · Norland: 5",
        "week of 2024-08-19 · Sudmark: 1",
        "week of 2024-08-26 · Norland: 1",
        "week of 2025-03-03 · Norland: 1",
    ]
    # 29 weeks from the first to the last: the last week's column is the 29th.
    step = 300 / 29
    assert chart.bars[2].x - chart.bars[0].x == pytest.approx(step, abs=0.02)
    assert chart.bars[3].x - chart.bars[0].x == pytest.approx(28 * step, abs=0.02)


def test_chart_of_years_counts_months():
    counts = [DayCount(date(2020, 1, 31), NORLAND.pk, 2), DayCount(date(2024, 12, 1), NORLAND.pk, 1)]
    chart = build_chart(counts, [NORLAND])
    assert chart.unit == "month"
    assert [b.title for b in chart.bars] == ["2020-01 · Norland: 2", "2024-12 · Norland: 1"]


def test_chart_has_gaps_only_when_there_is_room():
    few = build_chart([DayCount(D1 + timedelta(days=n), NORLAND.pk, 1) for n in range(10)], [NORLAND], width=600)
    many = build_chart([DayCount(D1 + timedelta(days=n), NORLAND.pk, 1) for n in range(120)], [NORLAND], width=300)
    few_gap = few.bars[1].x - (few.bars[0].x + few.bars[0].width)
    many_gap = many.bars[1].x - (many.bars[0].x + many.bars[0].width)
    assert few_gap >= 1
    assert many_gap == 0
    assert many.bars[0].width == 2.5
