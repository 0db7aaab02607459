import csv
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from negotiations.models import StatementAnnotation
from negotiations.services.export import FIELDS
from tests.helpers import annotate, make_article, make_statement


@pytest.fixture
def statements(negotiation):
    article = make_article(negotiation)
    kept = make_statement(article, "We need more water in August.", speaker="Ilse Varga", party="Norland")
    rejected = make_statement(article, "Sudmark rejected the flow formula.", kind="indirect", cue="")
    annotate(rejected, status=StatementAnnotation.Status.REJECTED)
    return kept, rejected


def run(*args: str, stderr: StringIO | None = None) -> str:
    out = StringIO()
    call_command("export_statements", *args, stdout=out, stderr=stderr or StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_prints_json_to_standard_output_by_default(statements):
    kept, _ = statements

    rows = json.loads(run("--negotiation", "arven-river"))

    assert [(row["id"], row["party"], row["speaker"]) for row in rows] == [(kept.pk, "Norland", "Ilse Varga")]


@pytest.mark.django_db
def test_prints_json_lines(statements):
    lines = run("--negotiation", "arven-river", "--format", "jsonl").splitlines()

    assert [json.loads(line)["text"] for line in lines] == ["We need more water in August."]


@pytest.mark.django_db
def test_writes_csv_to_a_file(statements, tmp_path):
    path = tmp_path / "out.csv"

    messages = StringIO()
    printed = run("--negotiation", "arven-river", "--format", "csv", "--output", str(path), stderr=messages)

    # Standard output stays clean for pipes; the count goes to standard error.
    assert printed == ""
    assert messages.getvalue() == f"Wrote 1 statements to {path}\n"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [row["text"] for row in rows] == ["We need more water in August."]
    assert list(rows[0]) == list(FIELDS)


@pytest.mark.django_db
def test_an_unknown_slug_is_a_command_error_naming_it(negotiation):
    with pytest.raises(CommandError, match="no negotiation with slug 'gaza' \\(known: arven-river\\)"):
        run("--negotiation", "gaza")


@pytest.mark.django_db
def test_an_unknown_format_is_refused_by_the_parser(negotiation):
    with pytest.raises(CommandError, match="invalid choice: 'xml'"):
        run("--negotiation", "arven-river", "--format", "xml")
