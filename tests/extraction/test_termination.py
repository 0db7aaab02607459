"""Extraction ends on any parse, and an article over its time budget is abandoned.

The parses here are built by hand (spaCy's Doc with heads and labels), in the shapes that used
to loop: a speaker phrase that contains the root (`_inside_loose_modifier` walked up with `is`,
which never holds between spaCy tokens), appositions inside appositions, long chains of
conjuncts, and a root labelled "conj" (walks up conjuncts stopped only at a non-"conj" label).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from negotiations.extraction import Extractor
from negotiations.extraction.budget import ExtractionTimeout
from tests.extraction import PUBLISHED, extract_parsed, parsed

SHAPES = {
    # "Officials familiar with the talks, who said the dam stood." A fragment whose root is the
    # speaker's noun: the phrase of the speaker holds the root.
    "phrase-holds-root": [
        ("Officials", "NOUN", "NNS", "ROOT", 0),
        ("familiar", "ADJ", "JJ", "amod", 0),
        ("with", "ADP", "IN", "prep", 1),
        ("the", "DET", "DT", "det", 4),
        ("talks", "NOUN", "NNS", "pobj", 2),
        (",", "PUNCT", ",", "punct", 0),
        ("who", "PRON", "WP", "nsubj", 7),
        ("said", "VERB", "VBD", "relcl", 0),
        ("the", "DET", "DT", "det", 9),
        ("dam", "NOUN", "NN", "nsubj", 10),
        ("stood", "VERB", "VBD", "ccomp", 7),
        (".", "PUNCT", ".", "punct", 0),
    ],
    # a root labelled "conj", its own head: walks up conjuncts must stop there
    "root-labelled-conj": [
        ("Brell", "PROPN", "NNP", "nsubj", 1),
        ("said", "VERB", "VBD", "conj", 1),
        ("Varga", "PROPN", "NNP", "nsubj", 3),
        ("agreed", "VERB", "VBD", "conj", 1),
        ("and", "CCONJ", "CC", "cc", 3),
        ("Osei", "PROPN", "NNP", "nsubj", 6),
        ("warned", "VERB", "VBD", "conj", 3),
        (".", "PUNCT", ".", "punct", 1),
    ],
    # "Brell, the president, the leader, said": appositions inside appositions
    "nested-appositions": [
        ("Brell", "PROPN", "NNP", "nsubj", 8),
        (",", "PUNCT", ",", "punct", 0),
        ("the", "DET", "DT", "det", 3),
        ("president", "NOUN", "NN", "appos", 0),
        (",", "PUNCT", ",", "punct", 3),
        ("the", "DET", "DT", "det", 6),
        ("leader", "NOUN", "NN", "appos", 3),
        (",", "PUNCT", ",", "punct", 6),
        ("said", "VERB", "VBD", "ROOT", 8),
        ("it", "PRON", "PRP", "nsubj", 10),
        ("failed", "VERB", "VBD", "ccomp", 8),
        (".", "PUNCT", ".", "punct", 8),
    ],
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_extraction_returns_on_parse_shapes_that_used_to_loop(extractor, shape):
    doc = parsed(extractor, SHAPES[shape], persons=[(0, 1)] if shape != "phrase-holds-root" else [])
    statements = extractor.extract_doc(doc, PUBLISHED)
    assert all(doc.text[s.start : s.end] == s.text for s in statements)


def test_a_long_chain_of_conjuncts_returns(extractor):
    # "Brell said, Varga said, Osei said, ..." each a conjunct of the one before
    rows = [("Brell", "PROPN", "NNP", "nsubj", 1), ("said", "VERB", "VBD", "ROOT", 1)]
    for n in range(60):
        subject = len(rows)
        rows += [
            (",", "PUNCT", ",", "punct", subject - 1),
            (f"Name{n}", "PROPN", "NNP", "nsubj", subject + 2),
            ("said", "VERB", "VBD", "conj", subject - 1),
        ]
    rows.append((".", "PUNCT", ".", "punct", 1))
    extract_parsed(extractor, rows)


def test_an_article_over_its_time_budget_raises_between_sentences(extractor):
    slow = Extractor(extractor.setup, nlp=extractor.nlp, time_budget=1e-9)
    text = "Ada Varga said the quota was fair. Tomas Brell said it was not."
    with pytest.raises(ExtractionTimeout, match="budget"):
        slow.extract(text, date(2025, 8, 19))
    # without a budget the same article reads
    assert len(Extractor(extractor.setup, nlp=extractor.nlp).extract(text, date(2025, 8, 19))) == 2


def test_parsing_in_worker_processes_gives_the_same_statements():
    # In a fresh interpreter: forking the test process, which may hold threads (live servers),
    # could deadlock the children; the timeout turns any hang into a failure.
    script = """
import sys
from tests.extraction import PUBLISHED, SETUP
from negotiations.extraction import Extractor, get_nlp
extractor = Extractor(SETUP, nlp=get_nlp())
items = [
    ("Ada Varga said on Monday that the quota was fair. Tomas Brell rejected the draft treaty.", PUBLISHED),
    ("\u201cThe river is not for sale,\u201d Lena Osei said. Tomas Brell said the dam was safe.", PUBLISHED),
] * 3
one = list(extractor.extract_many(items, batch_size=2))
two = list(extractor.extract_many(items, batch_size=2, n_process=2))
sys.exit(0 if two == one and all(one) else 1)
"""
    root = Path(__file__).resolve().parent.parent.parent
    done = subprocess.run([sys.executable, "-c", script], cwd=root, timeout=180, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
