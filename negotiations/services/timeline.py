"""The timeline page's queries: statements filtered and ordered by their *effective* values.

`Statement.effective` decides what readers see (a person's value wins over the extractor's). A
timeline filtered in Python could not be paginated, so `with_effective` restates those rules in
SQL (the tests check both agree), and services/shown.py stores the ones the timeline filters and
sorts on, so that an index serves them at 500,000 statements. `matching_statements` works on
the stored values only (the speaker, review and issue filters still join the annotations);
`TimelinePaginator` counts and slices its ids, then loads one page of rows for display.

The chart of statements per party per day, and the counts it adds up to, are
services/timeline_chart.py's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    DateField,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, NullIf

from negotiations.models import Negotiation, ShownIssue, Statement, StatementAnnotation
from negotiations.services.shown import SEARCH_CONFIG

Status = StatementAnnotation.Status

REVIEW_CHOICES = (
    ("", "All"),
    ("annotated", "Corrected or confirmed"),
    ("unreviewed", "Not yet reviewed"),
    ("confirmed", "Confirmed"),
    ("rejected", "Rejected"),
    ("missing", "No longer found by the extractor"),
)
ORDER_CHOICES = (
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    # PostgreSQL's ts_rank of the words searched; newest first without a search, and on SQLite.
    ("relevance", "Best match first (with a search)"),
)


@dataclass(frozen=True)
class TimelineFilters:
    parties: tuple[int, ...] = ()
    actor: int | None = None
    speaker: str = ""
    issue: int | None = None
    kind: str = ""
    stance: str = ""
    proposal: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    review: str = ""
    q: str = ""
    order: str = "newest"

    def narrow(self, rows: QuerySet, party: str = "shown_party_id", day: str = "shown_day") -> QuerySet:
        """`rows` within the chosen parties and dates, on the columns named `party` and `day`
        (the statements' stored values, or a stored count's own columns)."""
        if self.parties:
            rows = rows.filter(**{f"{party}__in": self.parties})
        if self.date_from is not None:
            rows = rows.filter(**{f"{day}__gte": self.date_from})
        if self.date_to is not None:
            rows = rows.filter(**{f"{day}__lte": self.date_to})
        return rows


# `StatementAnnotation.is_annotated` in SQL. The `annotation__isnull=False` guard matters: without
# an annotation row every column is NULL, and Django's negation of `status = 'unreviewed'` would
# then count the statement as annotated.
ANNOTATED = Q(annotation__isnull=False) & (
    ~Q(annotation__status=Status.UNREVIEWED)
    | Q(annotation__speaker__isnull=False)
    | Q(annotation__actor_set=True)
    | Q(annotation__party_set=True)
    | Q(annotation__anonymous__isnull=False)
    | Q(annotation__said_on_set=True)
    | ~Q(annotation__kind="")
    | Q(annotation__issues_set=True)
    | ~Q(annotation__stance="")
    | Q(annotation__target__isnull=False)
    | Q(annotation__proposal_set=True)
    | Q(annotation__reported_party_set=True)
    | Q(annotation__reported_stance__isnull=False)
    | Q(annotation__reported_target__isnull=False)
)


def with_effective(queryset: QuerySet[Statement]) -> QuerySet[Statement]:
    """Annotate the values readers see, by the rules of `Statement.effective`.

    Adds eff_speaker, eff_actor_id, eff_party_id, eff_kind, eff_said_on, eff_stance, eff_target,
    eff_proposal_id, eff_annotated, day (the effective said_on, else the article's date) and
    day_is_article_date.
    """
    return queryset.annotate(
        eff_speaker=Coalesce("annotation__speaker", "speaker"),
        # The flags, not the values, decide: a person may have set "no actor" on purpose.
        eff_actor_id=Case(
            When(annotation__actor_set=True, then=F("annotation__actor_id")),
            default=F("actor_id"),
            output_field=BigIntegerField(),
        ),
        eff_party_id=Case(
            When(annotation__party_set=True, then=F("annotation__party_id")),
            default=F("party_id"),
            output_field=BigIntegerField(),
        ),
        eff_kind=Coalesce(NullIf("annotation__kind", Value("")), "kind"),
        eff_said_on=Case(
            When(annotation__said_on_set=True, then=F("annotation__said_on")),
            default=F("said_on"),
            output_field=DateField(),
        ),
        eff_stance=Coalesce(NullIf("annotation__stance", Value("")), "stance"),
        eff_target=Coalesce("annotation__target", "target"),
        eff_proposal_id=Case(
            When(annotation__proposal_set=True, then=F("annotation__proposal_id")),
            default=F("proposal_id"),
            output_field=BigIntegerField(),
        ),
        eff_annotated=Case(When(ANNOTATED, then=Value(True)), default=Value(False), output_field=BooleanField()),
        day=Coalesce("eff_said_on", "article__published", output_field=DateField()),
        day_is_article_date=Case(
            When(eff_said_on__isnull=True, article__published__isnull=False, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def has_effective_issue(issue_id: int) -> Case:
    """A boolean expression: the statement's effective issues include `issue_id`.

    Exists subqueries rather than joins, so a statement with several issues is still one row.
    """
    by_person = StatementAnnotation.issues.through.objects.filter(
        statementannotation__statement=OuterRef("pk"), issue_id=issue_id
    )
    by_extractor = Statement.issues.through.objects.filter(statement=OuterRef("pk"), issue_id=issue_id)
    return Case(
        When(annotation__issues_set=True, then=Exists(by_person)),
        default=Exists(by_extractor),
        output_field=BooleanField(),
    )


def on_issue(issue_id: int) -> Exists:
    """`has_effective_issue` as a filter, read from the stored issues (`ShownIssue`,
    services/shown.py): one probe of a unique index per statement, so that a page walks the
    timeline's index until it has its rows instead of sorting all the issue's statements."""
    return Exists(ShownIssue.objects.filter(statement=OuterRef("pk"), issue_id=issue_id))


def search(statements: QuerySet[Statement], q: str) -> QuerySet[Statement]:
    """The statements that match the words of `q` in their text, speaker, note or article title.

    On PostgreSQL, full-text search in the stored `search` column (services/shown.py) with its
    GIN index: `q` in web-search syntax ("quoted phrases", -excluded, or), words stemmed, so
    that "dams" finds "dam". Elsewhere (SQLite) every word must occur, in any case, in one of
    the four texts.
    """
    if connection.vendor == "postgresql":
        table = Statement._meta.db_table
        match = RawSQL(
            f'"{table}"."search" @@ websearch_to_tsquery(%s, %s)', [SEARCH_CONFIG, q], output_field=BooleanField()
        )
        return statements.filter(match)
    for word in q.split():
        statements = statements.filter(
            Q(text__icontains=word)
            | Q(speaker__icontains=word, annotation__speaker__isnull=True)
            | Q(annotation__speaker__icontains=word)
            | Q(annotation__note__icontains=word)
            | Q(article__title__icontains=word)
        )
    return statements


def matching_statements(negotiation: Negotiation, filters: TimelineFilters) -> QuerySet[Statement]:
    """The ids-and-order part of `timeline_statements`: the statements that match `filters`, in
    the timeline's order, reading the stored values (services/shown.py) so that an index serves
    both. It joins nothing unless a filter needs a person's annotation or the article: count it,
    slice it, group it; `load_statements` makes rows for display of a slice's ids.

    Raises ValueError for a `review` or `order` outside REVIEW_CHOICES / ORDER_CHOICES.
    """
    if filters.review not in dict(REVIEW_CHOICES):
        raise ValueError(f"unknown review filter {filters.review!r}")
    if filters.order not in dict(ORDER_CHOICES):
        raise ValueError(f"unknown order {filters.order!r}")

    statements = Statement.objects.filter(negotiation=negotiation, hidden=filters.review == "rejected")
    if filters.review in ("annotated", "unreviewed"):
        annotated = Case(When(ANNOTATED, then=Value(True)), default=Value(False), output_field=BooleanField())
        statements = statements.annotate(eff_annotated=annotated).filter(eff_annotated=filters.review == "annotated")
    elif filters.review == "confirmed":
        statements = statements.filter(annotation__status=Status.CONFIRMED)
    elif filters.review == "missing":
        statements = statements.filter(extractor_missing=True)

    statements = filters.narrow(statements)
    if filters.actor is not None:
        statements = statements.filter(shown_actor_id=filters.actor)
    if filters.speaker.strip():
        statements = statements.annotate(eff_speaker=Coalesce("annotation__speaker", "speaker")).filter(
            eff_speaker__icontains=filters.speaker.strip()
        )
    if filters.issue is not None:
        statements = statements.filter(on_issue(filters.issue))
    if filters.kind:
        statements = statements.filter(shown_kind=filters.kind)
    if filters.stance:
        statements = statements.filter(shown_stance=filters.stance)
    if filters.proposal is not None:
        statements = statements.filter(shown_proposal_id=filters.proposal)
    if filters.q.strip():
        statements = search(statements, filters.q)

    # Days and articles follow the chosen direction; within an article statements keep reading
    # order either way, since reversed quotes from one text read as nonsense. Undated rows go
    # last explicitly: SQLite and PostgreSQL disagree on where NULL sorts by default. The two
    # orders are the two indexes statement_timeline_newest and _oldest.
    if filters.order == "relevance" and filters.q.strip() and connection.vendor == "postgresql":
        table = Statement._meta.db_table
        rank = RawSQL(
            f'ts_rank("{table}"."search", websearch_to_tsquery(%s, %s))', [SEARCH_CONFIG, filters.q], FloatField()
        )
        order = [rank.desc(), F("shown_day").desc(nulls_last=True), F("article_published").desc(nulls_last=True)]
        order.append("-article_id")
    elif filters.order != "oldest":
        order = [
            F("shown_day").desc(nulls_last=True),
            F("article_published").desc(nulls_last=True),
            "-article_id",
        ]
    else:
        order = [F("shown_day").asc(nulls_last=True), F("article_published").asc(nulls_last=True), "article_id"]
    return statements.order_by(*order, "start", "id")


def for_display(statements: QuerySet[Statement]) -> QuerySet[Statement]:
    """Rows to render: the effective values and every related row a card shows, the article's
    text left in the database (a card shows its title; the text can be 50 KB)."""
    return with_effective(statements).for_display().defer("article__text")


def load_statements(ids: Iterable[int]) -> list[Statement]:
    """The statements with these ids, in this order, ready to render (`for_display`)."""
    ids = list(ids)
    rows = {statement.pk: statement for statement in for_display(Statement.objects.filter(pk__in=ids))}
    return [rows[pk] for pk in ids if pk in rows]


def timeline_statements(negotiation: Negotiation, filters: TimelineFilters) -> QuerySet[Statement]:
    """The negotiation's statements that match `filters`, ordered, ready to render.

    For a page of a long timeline, paginate `matching_statements` with `TimelinePaginator`:
    this queryset's joins would be made for every row it counts or skips.

    Raises ValueError for a `review` or `order` outside REVIEW_CHOICES / ORDER_CHOICES.
    """
    return for_display(matching_statements(negotiation, filters))


class TimelinePaginator(Paginator):
    """Pages of `matching_statements(...)`: counts and slices ids (in an index), then loads
    the page's rows by id.

    `count`, when given, is how many statements match, known already: the chart's counts add
    up to it (`party_day_counts` counts every match once, undated ones too), and counting again
    would read every match a second time (500,000 index entries on an unfiltered timeline).
    """

    def __init__(self, statements: QuerySet[Statement], per_page: int, *, count: int | None = None) -> None:
        super().__init__(statements.values_list("pk", flat=True), per_page)
        if count is not None:
            self.count = count  # Paginator.count is a cached_property: this is its value.

    def page(self, number) -> Page:
        page = super().page(number)
        page.object_list = load_statements(page.object_list)
        return page


class UncountedPaginator:
    """Pages of more matches than are counted (a word search over SEARCH_COUNT_LIMIT): it knows
    no count and no last page (both None); a page reads one id more than it shows, to know
    whether another follows. A page past the end is empty."""

    count = None
    num_pages = None

    def __init__(self, statements: QuerySet[Statement], per_page: int) -> None:
        self.ids = statements.values_list("pk", flat=True)
        self.per_page = per_page

    def get_page(self, number) -> Page:
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        start = (number - 1) * self.per_page
        ids = list(self.ids[start : start + self.per_page + 1])
        return UncountedPage(load_statements(ids[: self.per_page]), number, self, has_next=len(ids) > self.per_page)


class UncountedPage(Page):
    def __init__(self, object_list, number, paginator, *, has_next: bool) -> None:
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self) -> bool:
        return self._has_next

    def next_page_number(self) -> int:
        return self.number + 1
