"""Stored counts of the statements readers see per negotiation, day and party (the timeline's
chart and count, services/day_counts.py), kept by triggers on the statement table.

The triggers read only the stored values of services/shown.py (`negotiation_id`, `hidden`,
`shown_day`, `shown_party_id`), so every write moves the counts, whatever its path: the ORM,
bulk and queryset updates, deletions with their cascades, and the SET NULL of a party's deletion.
On PostgreSQL one trigger per event and SQL statement, with transition tables: a statement's
changes are added up first and applied in key order (ON CONFLICT on the table's unique index),
so that two writers take the count rows' locks in the same order. On SQLite, triggers per row.
"""

import datetime

import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import migrations, models

TABLE = "negotiations_showndaycount"
STATEMENT = "negotiations_statement"
KEY = "negotiation_id, hidden, shown_day, shown_party_id"


def pg_apply(source: str) -> str:
    """PL/pgSQL that adds `source`'s rows (the key columns and n, +1 or -1) to the counts."""
    return f"""
    INSERT INTO {TABLE} AS c (negotiation_id, hidden, day, party_id, count)
    SELECT {KEY}, SUM(n) FROM ({source}) AS d
    WHERE negotiation_id IS NOT NULL
    GROUP BY {KEY} HAVING SUM(n) <> 0
    ORDER BY {KEY}
    ON CONFLICT (negotiation_id, hidden, (COALESCE(day, '0001-01-01'::date)), (COALESCE(party_id, 0)))
    DO UPDATE SET count = c.count + EXCLUDED.count;
    IF FOUND THEN
        DELETE FROM {TABLE} WHERE count = 0;
    END IF;
    """


PG_TRIGGERS = {
    # name: (event, transition tables, source of +1/-1 rows)
    "insert": ("INSERT", "NEW TABLE AS new_rows", f"SELECT {KEY}, 1 AS n FROM new_rows"),
    "update": (
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        f"SELECT {KEY}, -1 AS n FROM old_rows UNION ALL SELECT {KEY}, 1 AS n FROM new_rows",
    ),
    "delete": ("DELETE", "OLD TABLE AS old_rows", f"SELECT {KEY}, -1 AS n FROM old_rows"),
}


def sqlite_match(row: str) -> str:
    return (
        f"negotiation_id = {row}.negotiation_id AND hidden = {row}.hidden "
        f"AND day IS {row}.shown_day AND party_id IS {row}.shown_party_id"
    )


def sqlite_add(row: str) -> str:
    return (
        f"UPDATE {TABLE} SET count = count + 1 WHERE {sqlite_match(row)}; "
        f"INSERT INTO {TABLE} (negotiation_id, hidden, day, party_id, count) "
        f"SELECT {row}.negotiation_id, {row}.hidden, {row}.shown_day, {row}.shown_party_id, 1 "
        f"WHERE {row}.negotiation_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {TABLE} WHERE {sqlite_match(row)}); "
    )


def sqlite_remove(row: str) -> str:
    return (
        f"UPDATE {TABLE} SET count = count - 1 WHERE {sqlite_match(row)}; "
        f"DELETE FROM {TABLE} WHERE count = 0 AND {sqlite_match(row)}; "
    )


SQLITE_KEY_CHANGED = " OR ".join(
    f"OLD.{column} IS NOT NEW.{column}" for column in ("negotiation_id", "hidden", "shown_day", "shown_party_id")
)
SQLITE_TRIGGERS = {
    "insert": f"AFTER INSERT ON {STATEMENT} BEGIN {sqlite_add('NEW')}END",
    "update": f"AFTER UPDATE ON {STATEMENT} WHEN {SQLITE_KEY_CHANGED} "
    f"BEGIN {sqlite_remove('OLD')}{sqlite_add('NEW')}END",
    "delete": f"AFTER DELETE ON {STATEMENT} BEGIN {sqlite_remove('OLD')}END",
}


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for name, (event, tables, source) in PG_TRIGGERS.items():
            schema_editor.execute(
                f"CREATE FUNCTION shown_day_count_{name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {pg_apply(source)} RETURN NULL; END $$"
            )
            schema_editor.execute(
                f"CREATE TRIGGER shown_day_count_{name} AFTER {event} ON {STATEMENT} "
                f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION shown_day_count_{name}()"
            )
    elif vendor == "sqlite":
        for name, body in SQLITE_TRIGGERS.items():
            schema_editor.execute(f"CREATE TRIGGER shown_day_count_{name} {body}")
    else:
        raise NotImplementedError(f"no shown_day_count triggers for {vendor}")
    # The statements stored so far.
    schema_editor.execute(
        f"INSERT INTO {TABLE} (negotiation_id, hidden, day, party_id, count) "
        f"SELECT {KEY}, COUNT(*) FROM {STATEMENT} WHERE negotiation_id IS NOT NULL GROUP BY {KEY}"
    )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name in PG_TRIGGERS:
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS shown_day_count_{name}" + (f" ON {STATEMENT}" if vendor == "postgresql" else "")
        )
        if vendor == "postgresql":
            schema_editor.execute(f"DROP FUNCTION IF EXISTS shown_day_count_{name}()")


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0015_review_and_proposal_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="ShownDayCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("hidden", models.BooleanField()),
                ("day", models.DateField(null=True)),
                ("count", models.IntegerField()),
                (
                    "negotiation",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.DB_CASCADE,
                        related_name="+",
                        to="negotiations.negotiation",
                    ),
                ),
                (
                    "party",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="negotiations.party",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        models.F("negotiation"),
                        models.F("hidden"),
                        django.db.models.functions.comparison.Coalesce(
                            "day", models.Value(datetime.date(1, 1, 1)), output_field=models.DateField()
                        ),
                        django.db.models.functions.comparison.Coalesce("party", models.Value(0)),
                        name="shown_day_count_key",
                    )
                ],
                "indexes": [
                    models.Index(condition=models.Q(("count", 0)), fields=["id"], name="shown_day_count_zero"),
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
