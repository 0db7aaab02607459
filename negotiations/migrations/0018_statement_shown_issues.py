"""Statement.shown_issues: a relation over ShownIssue's existing table (0017), so that a page of
statements prefetches the issues readers see in one query.

State only: the table is already there, and on SQLite Django would otherwise rebuild the
statement table for a many-to-many field through another model, which would drop the triggers
that keep the day counts (0016).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0017_shown_issues"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="statement",
                    name="shown_issues",
                    field=models.ManyToManyField(
                        editable=False, related_name="+", through="negotiations.ShownIssue", to="negotiations.issue"
                    ),
                ),
            ],
        ),
    ]
