"""People's work survives setup reloads and admin deletions.

- Alias.origin: a merge's aliases are kept when the setup file is loaded again. Existing aliases
  are taken as the file's, as the loader treated them until now.
- A party, actor, proposal or issue that an annotation uses cannot be deleted (RESTRICT), unless
  the annotation goes too (deleting the whole negotiation). For issues this needs the many-to-many
  table as a model: AnnotationIssue names the table Django made, so only the state changes.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0009_review_reported_stance"),
    ]

    operations = [
        # A person's correction of the reported stance holds its party like the others do.
        migrations.AlterField(
            model_name="statementannotation",
            name="reported_party",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="+",
                to="negotiations.party",
            ),
        ),
        migrations.AddField(
            model_name="alias",
            name="origin",
            field=models.CharField(
                choices=[("setup", "Setup file"), ("merge", "A merge of proposals")], default="setup", max_length=10
            ),
        ),
        migrations.AlterField(
            model_name="statementannotation",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="+",
                to="negotiations.actor",
            ),
        ),
        migrations.AlterField(
            model_name="statementannotation",
            name="party",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="+",
                to="negotiations.party",
            ),
        ),
        migrations.AlterField(
            model_name="statementannotation",
            name="proposal",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="+",
                to="negotiations.proposal",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AnnotationIssue",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "issue",
                            models.ForeignKey(on_delete=django.db.models.deletion.RESTRICT, to="negotiations.issue"),
                        ),
                        (
                            "statementannotation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, to="negotiations.statementannotation"
                            ),
                        ),
                    ],
                    options={
                        "db_table": "negotiations_statementannotation_issues",
                        "unique_together": {("statementannotation", "issue")},
                    },
                ),
                migrations.AlterField(
                    model_name="statementannotation",
                    name="issues",
                    field=models.ManyToManyField(
                        blank=True, related_name="+", through="negotiations.AnnotationIssue", to="negotiations.issue"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
