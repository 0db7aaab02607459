"""The speech-act vocabulary as whole VerbNet classes (verbclasses.py), and what it finds."""

import pytest

from negotiations.extraction import cues as C
from negotiations.extraction.verbclasses import (
    CLAUSE_CLASSES,
    NOT_CLAUSE_CUES,
    NOT_OBJECT_CUES,
    OBJECT_CLASSES,
    VERBNET_CLASSES,
    members,
)


def test_every_class_named_is_a_verbnet_class_with_members():
    for name in (*CLAUSE_CLASSES, *OBJECT_CLASSES):
        assert VERBNET_CLASSES[name], name


def test_every_exclusion_is_a_member_of_a_class_it_is_excluded_from():
    # An exclusion that names no member would be a word list in disguise.
    clause_words = set().union(*(VERBNET_CLASSES[n] for n in CLAUSE_CLASSES))
    object_words = set().union(*(VERBNET_CLASSES[n] for n in OBJECT_CLASSES))
    assert clause_words >= NOT_CLAUSE_CUES, NOT_CLAUSE_CUES - clause_words
    assert object_words >= NOT_OBJECT_CUES, NOT_OBJECT_CUES - object_words


def test_the_cue_lists_hold_whole_classes_less_their_exclusions():
    assert members(CLAUSE_CLASSES, NOT_CLAUSE_CUES) <= C.CLAUSE_CUES
    assert members(OBJECT_CLASSES, NOT_OBJECT_CUES) <= C.OBJECT_CUES
    assert {"joke", "lament", "boast", "recount", "whisper"} <= C.CLAUSE_CUES
    assert not {"show", "find", "chant", "go", "intend"} & C.CLAUSE_CUES


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("Ilse Varga joked that the commission would outlive the river.", "joked", "the commission would"),
        ("Tomas Brell lamented that the talks had stalled again.", "lamented", "the talks had stalled"),
        ("Ilse Varga boasted that Norland had never missed a payment.", "boasted", "Norland had never"),
        ("Tomas Brell recounted that the first round had ended in shouting.", "recounted", "the first round"),
        ("“We are close,” Ilse Varga joked after the session.", "joked", "We are close"),
        ("Tomas Brell condemned the closure of the sluice gates.", "condemned", "the closure of the sluice"),
        ("Ilse Varga repudiated the draft treaty on Monday.", "repudiated", "the draft treaty"),
    ],
)
def test_verbs_of_a_class_are_cues_though_no_dev_sentence_had_them(extract, text, cue, content):
    [s] = extract(text)
    assert s.cue.split()[0] == cue
    assert s.text.startswith(content) or content in s.text


def test_a_crowd_chanting_is_no_statement(extract):
    assert extract("“No dam, no deal,” the crowd chanted outside the commission building.") == []


def test_evidence_verbs_are_not_reports(extract):
    assert extract("The survey shows that the river carries less water every year.") == []
