"""The issues readers see per statement, stored with the statement's timeline values
(services/shown.py), so that the timeline filtered by an issue reads an index; filled here for
the statements stored so far, by the rule frozen as this migration's SQL."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    schema_editor.execute(
        "INSERT INTO negotiations_shownissue "
        "(statement_id, issue_id, negotiation_id, hidden, shown_day, shown_party_id) "
        "SELECT s.id, l.issue_id, s.negotiation_id, s.hidden, s.shown_day, s.shown_party_id "
        "FROM negotiations_statement s "
        "LEFT JOIN negotiations_statementannotation n ON n.statement_id = s.id "
        "INNER JOIN (SELECT statement_id, issue_id, 0 AS by_person FROM negotiations_statement_issues "
        "UNION ALL SELECT p.statement_id, i.issue_id, 1 AS by_person FROM negotiations_statementannotation_issues i "
        "INNER JOIN negotiations_statementannotation p ON p.id = i.statementannotation_id) l "
        "ON l.statement_id = s.id AND l.by_person = CASE WHEN n.issues_set THEN 1 ELSE 0 END "
        "WHERE s.negotiation_id IS NOT NULL"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('negotiations', '0016_shown_day_counts'),
    ]

    operations = [
        migrations.CreateModel(
            name='ShownIssue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('hidden', models.BooleanField()),
                ('shown_day', models.DateField(null=True)),
                ('issue', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='negotiations.issue')),
                ('negotiation', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='negotiations.negotiation')),
                ('shown_party', models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='negotiations.party')),
                ('statement', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='negotiations.statement')),
            ],
            options={
                'indexes': [models.Index(fields=['negotiation', 'issue', 'hidden', 'shown_party', 'shown_day'], name='shown_issue_counts')],
                'constraints': [models.UniqueConstraint(fields=('statement', 'issue'), name='shown_issue_once')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
