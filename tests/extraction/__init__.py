"""Unit tests of statement extraction, on an invented negotiation.

A water-sharing treaty between Norland (upstream) and Sudmark (downstream), mediated by the
River Commission. Every sentence here is made up for these tests.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from negotiations.extraction import ActorInfo, ExtractedStatement, Extractor, IssueInfo, PartyInfo, ProposalInfo, Setup

# The default publication date of the articles below: a Tuesday.
PUBLISHED = date(2025, 8, 19)

SETUP = Setup(
    parties=(
        PartyInfo("Norland", "state", ("Norlandic", "Norland government")),
        PartyInfo("Sudmark", "state", ("Sudmarkian", "Sudmark government")),
        PartyInfo("River Commission", "mediator", ("the commission",)),
    ),
    actors=(
        ActorInfo("Ada Varga", "Norland", "foreign minister"),
        ActorInfo("Tomas Brell", "Sudmark", "president"),
        ActorInfo("Lena Osei", "River Commission", "commissioner"),
    ),
    issues=(
        IssueInfo("Dam height", ("dam", "reservoir")),
        IssueInfo("Water quota", ("quota", "water allocation", "cubic meters")),
        IssueInfo("Fishing rights", ("fishing", "fishermen")),
    ),
    proposals=(
        ProposalInfo("Lakeside framework", "River Commission", date(2025, 7, 1), ("framework",)),
        ProposalInfo("Sudmark reply", "Sudmark", date(2025, 7, 20), ("Sudmarkian reply",)),
        # Made after the articles' default publication date: no statement of then can be about it.
        ProposalInfo("Autumn accord", "River Commission", date(2025, 9, 30), ("autumn accord",)),
    ),
)


def only(statements: list[ExtractedStatement], **fields: object) -> ExtractedStatement:
    """The one statement whose fields have the given values."""
    found = [s for s in statements if all(getattr(s, k) == v for k, v in fields.items())]
    assert len(found) == 1, f"expected one statement with {fields}, got {statements}"
    return found[0]


# Hand-built parses, for the shapes the model makes only on some sentences.
LEMMAS = {
    "said": "say",
    "called": "call",
    "proposed": "propose",
    "stood": "stand",
    "agreed": "agree",
    "warned": "warn",
    "failed": "fail",
}


def parsed(extractor: Extractor, rows: list[tuple[str, str, str, str, int]], persons=()) -> Doc:
    """A Doc from (word, pos, tag, dep, head) rows; `persons` are (start, end) of PERSON entities."""
    words = [r[0] for r in rows]
    doc = Doc(
        extractor.nlp.vocab,
        words=words,
        spaces=[i + 1 < len(words) and words[i + 1] not in {".", ","} for i in range(len(words))],
        pos=[r[1] for r in rows],
        tags=[r[2] for r in rows],
        deps=[r[3] for r in rows],
        heads=[r[4] for r in rows],
        lemmas=[LEMMAS.get(r[0], r[0].lower()) for r in rows],
        ents=["O"] * len(words),
    )
    doc.ents = [doc.char_span(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), label="PERSON") for s, e in persons]
    return doc


def extract_parsed(extractor: Extractor, rows: list[tuple[str, str, str, str, int]], persons=()) -> list:
    """The statements of a hand-built parse (`parsed`), published on PUBLISHED."""
    return extractor.extract_doc(parsed(extractor, rows, persons), PUBLISHED)
