"""The values readers see, stored on each statement so that the timeline can filter and sort in an index.

`Statement.effective` decides what readers see (a person's value wins over the extractor's). The
timeline sorts 500,000 statements on the effective day and filters on the effective party,
stance, ...; computed over a join at every request, no index serves that (a sort of every row,
1.3 s for a page of 40). So each statement stores them:

* `negotiation` (its article's), `article_published` (its article's date, the second sort key);
* `hidden`: a person rejected it;
* `shown_day`: the effective said_on, else the article's date (the timeline's day);
* `shown_party`, `shown_actor`, `shown_proposal`, `shown_kind`, `shown_stance`: the effective values;
* `checked`: a person confirmed the statement or set its stance or reported stance (the review
  queue's `checked_by_person`), so that the queue reads its unchecked statements from an index;
* on PostgreSQL only, `search`: a tsvector of the statement's text, effective speaker, the
  person's note and the article's title, for the word search (migration 0011 adds the column and
  its GIN index; the model does not declare it, so SQLite never sees it).

Invariant: every stored column equals what `refresh_shown` computes from the statement, its
article and its annotation. One SQL statement computes them, for one statement, an article's or
a whole negotiation's (the rebuild), so the incremental and the full paths cannot disagree.
Saving a Statement, a StatementAnnotation or an existing Article through the ORM refreshes its
statements (models.py); writes that bypass `save()` (bulk_create, bulk_update, queryset
update) call `refresh_shown` themselves in the same transaction. Deleting a party, actor or
proposal sets the stored reference to NULL as it does the extractor's (SET_NULL), while a
person's choice refuses the deletion (RESTRICT): both stay equal to the recomputation.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from negotiations.models import AnnotationIssue, Negotiation, ShownIssue, Statement, StatementAnnotation
from negotiations.services.derived import rebuilder

# Each stored column and the SQL that computes it from s (statement), a (article) and n (its
# annotation, NULL when there is none). The flags, not the values, decide: a person may have set
# "no party" on purpose (as in Statement.effective).
COLUMNS = {
    "negotiation_id": "a.negotiation_id",
    "article_published": "a.published",
    "hidden": "COALESCE(n.status = 'rejected', FALSE)",
    "shown_day": "COALESCE(CASE WHEN n.said_on_set THEN n.said_on ELSE s.said_on END, a.published)",
    "shown_party_id": "CASE WHEN n.party_set THEN n.party_id ELSE s.party_id END",
    "shown_actor_id": "CASE WHEN n.actor_set THEN n.actor_id ELSE s.actor_id END",
    "shown_proposal_id": "CASE WHEN n.proposal_set THEN n.proposal_id ELSE s.proposal_id END",
    "shown_kind": "COALESCE(NULLIF(n.kind, ''), s.kind)",
    "shown_stance": "COALESCE(NULLIF(n.stance, ''), s.stance)",
    # review.checked_by_person: NULL (no annotation) is not checked.
    "checked": "COALESCE(n.status <> 'unreviewed' OR n.stance <> '' OR n.reported_stance IS NOT NULL, FALSE)",
}
# What the word search reads on PostgreSQL: the same four texts that the SQLite fallback
# searches with icontains (services/timeline.py).
SEARCH_CONFIG = "english"
SEARCH_DOCUMENT = (
    f"to_tsvector('{SEARCH_CONFIG}', s.text || ' ' || COALESCE(n.speaker, s.speaker) || ' ' "
    "|| COALESCE(n.note, '') || ' ' || a.title)"
)


def columns() -> dict[str, str]:
    if connection.vendor == "postgresql":
        return {**COLUMNS, "search": SEARCH_DOCUMENT}
    return COLUMNS


def refresh_shown(
    *,
    statements: QuerySet[Statement] | None = None,
    articles: list[int] | None = None,
    negotiation: Negotiation | None = None,
) -> int:
    """Recompute the stored values of the given statements (a queryset), of the statements of
    the given article ids, or of a whole negotiation; exactly one of them. Returns how many rows
    changed: only rows whose values differ are written."""
    if sum(x is not None for x in (statements, articles, negotiation)) != 1:
        raise ValueError("give exactly one of statements, articles, negotiation")
    if statements is not None:
        inner, params = statements.order_by().values("pk").query.sql_with_params()
        where, params = f"s.id IN ({inner})", list(params)
    elif articles is not None:
        if not articles:
            return 0
        where, params = f"s.article_id IN ({', '.join(['%s'] * len(articles))})", list(articles)
    else:
        where, params = "a.negotiation_id = %s", [negotiation.pk]

    computed = columns()
    table = Statement._meta.db_table
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    values = ", ".join(f"{sql} AS {name}" for name, sql in computed.items())
    sql = (
        f"UPDATE {table} AS t SET {', '.join(f'{name} = v.{name}' for name in computed)} "
        f"FROM (SELECT s.id, {values} FROM {table} s "
        "INNER JOIN negotiations_article a ON a.id = s.article_id "
        "LEFT JOIN negotiations_statementannotation n ON n.statement_id = s.id "
        f"WHERE {where}) AS v "
        f"WHERE t.id = v.id AND ({' OR '.join(f't.{name} {distinct} v.{name}' for name in computed)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        changed = cursor.rowcount
        _refresh_issues(cursor, where, params, distinct)
        return changed


# The issues readers see, per statement: the person's when they set them, else the extractor's
# (as in Statement.effective), with the statement's stored values (read after the UPDATE above).
SHOWN_ISSUES = (
    "SELECT s.id AS statement_id, l.issue_id, s.negotiation_id, s.hidden, s.shown_day, s.shown_party_id "
    "FROM negotiations_statement s "
    "INNER JOIN negotiations_article a ON a.id = s.article_id "
    "LEFT JOIN negotiations_statementannotation n ON n.statement_id = s.id "
    "INNER JOIN negotiations_statement_issues l ON l.statement_id = s.id "
    "WHERE NOT COALESCE(n.issues_set, FALSE) AND s.negotiation_id IS NOT NULL AND {where} "
    "UNION ALL "
    "SELECT s.id AS statement_id, l.issue_id, s.negotiation_id, s.hidden, s.shown_day, s.shown_party_id "
    "FROM negotiations_statement s "
    "INNER JOIN negotiations_article a ON a.id = s.article_id "
    "INNER JOIN negotiations_statementannotation n ON n.statement_id = s.id AND n.issues_set "
    "INNER JOIN negotiations_statementannotation_issues l ON l.statementannotation_id = n.id "
    "WHERE s.negotiation_id IS NOT NULL AND {where}"
)
SHOWN_ISSUE_COLUMNS = ("statement_id", "issue_id", "negotiation_id", "hidden", "shown_day", "shown_party_id")


def _refresh_issues(cursor, where: str, params: list, distinct: str) -> None:
    """Make the ShownIssue rows of the statements `where` selects what SHOWN_ISSUES computes:
    delete the rows that differ or are gone, insert the missing ones."""
    table = ShownIssue._meta.db_table
    computed = SHOWN_ISSUES.format(where=where)
    scope = (
        "SELECT s.id FROM negotiations_statement s INNER JOIN negotiations_article a ON a.id = s.article_id "
        f"WHERE {where}"
    )

    def same(row: str) -> str:
        return " AND ".join(
            f"c.{name} = {row}.{name}"
            if name in ("statement_id", "issue_id")
            else f"NOT (c.{name} {distinct} {row}.{name})"
            for name in SHOWN_ISSUE_COLUMNS
        )

    cursor.execute(
        f"DELETE FROM {table} WHERE statement_id IN ({scope}) "
        f"AND NOT EXISTS (SELECT 1 FROM ({computed}) c WHERE {same(table)})",
        params * 3,
    )
    columns = ", ".join(SHOWN_ISSUE_COLUMNS)
    cursor.execute(
        f"INSERT INTO {table} ({columns}) SELECT {', '.join(f'c.{name}' for name in SHOWN_ISSUE_COLUMNS)} "
        f"FROM ({computed}) c WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {same('t')})",
        params * 2,
    )


@rebuilder
def rebuild_shown(negotiation: Negotiation) -> None:
    refresh_shown(negotiation=negotiation)


@receiver(m2m_changed, sender=Statement.issues.through)
@receiver(m2m_changed, sender=AnnotationIssue)
def _issues_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """The extractor's or a person's issues changed through a related manager (`.set()`, the
    admin's forms): the issues shown follow. Bulk writes of the link tables call refresh_shown."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Statement):
        refresh_shown(statements=Statement.objects.filter(pk=instance.pk))
    elif isinstance(instance, StatementAnnotation):
        refresh_shown(statements=Statement.objects.filter(pk=instance.statement_id))
    else:  # an Issue's side: the statements may be many, and after a clear unknown
        refresh_shown(negotiation=instance.negotiation)
