"""What the stored timeline data (ShownDayCount, ShownIssue) must hold, computed another way:
shared by test_shown.py and test_day_counts.py."""

from django.db import connection

from negotiations.models import ShownDayCount, ShownIssue, Statement


def day_counts(negotiation) -> list[tuple]:
    rows = ShownDayCount.objects.filter(negotiation=negotiation)
    return sorted(rows.values_list("hidden", "day", "party_id", "count"), key=repr)


def grouped(negotiation) -> list[tuple]:
    """What the counts must be: the statements' stored values, grouped."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT hidden, shown_day, shown_party_id, COUNT(*) FROM negotiations_statement "
            "WHERE negotiation_id = %s GROUP BY hidden, shown_day, shown_party_id",
            [negotiation.pk],
        )
        return sorted(((bool(h), d, p, c) for h, d, p, c in cursor.fetchall()), key=repr)


def shown_issues(negotiation) -> list[tuple]:
    rows = ShownIssue.objects.filter(negotiation=negotiation)
    return sorted(rows.values_list("statement_id", "issue_id", "hidden", "shown_day", "shown_party_id"), key=repr)


def effective_issues(negotiation) -> list[tuple]:
    """ShownIssue's rows by Statement.effective, in Python."""
    rows = []
    for statement in Statement.objects.filter(article__negotiation=negotiation).for_rules():
        for issue in statement.effective.issues:
            rows.append((statement.pk, issue.pk, statement.hidden, statement.shown_day, statement.shown_party_id))
    return sorted(rows, key=repr)
