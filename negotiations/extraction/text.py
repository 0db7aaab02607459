"""The article's text and its paragraphs, in character offsets of the parsed `Doc`.

Invariants:
- `paragraphs` are the (start, end) spans of the article's non-empty lines, in reading order;
  a position belongs to the first paragraph whose span holds it, ends included.
- `content_floor[start]` is, for each paragraph start, where a report's content may begin: just
  after a dateline ("DOHA, Qatar — "), else the paragraph's start. A dateline is never content.
- `surnames` are the last words of the PERSON entities of two words or more.
- Nothing here changes after construction: the helpers only read the text.
"""

from __future__ import annotations

import re
from functools import cached_property

from spacy.tokens import Doc, Token

# "HAVANA — ", "BOGOTÁ, Colombia — ", "WASHINGTON -- ", "LONDON (Reuters) - ": a place in capitals
# (and its country or agency) before a dash opens a news report; it is never part of a sentence.
UPPER = "A-ZÀ-ÖØ-Þ"
DATELINE = re.compile(rf"[{UPPER}][{UPPER} .'’-]+(?:, [{UPPER}][\w.]*(?: [{UPPER}][\w.]*)*)?(?: \([\w .]+\))? ?[—–-]+ ")
TRAILING = " \t\n,;:—–-"
PUNCT_END = {".", "?", "!"}


def tok_end(tok: Token) -> int:
    """The character offset just after a token."""
    return tok.idx + len(tok.text)


class ArticleText:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        self.paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", self.text)]
        self.content_floor: dict[int, int] = {}  # paragraph start -> where content may start
        for start, end in self.paragraphs:
            m = DATELINE.match(self.text, start, end)
            self.content_floor[start] = m.end() if m else start
        # The last words of the persons the article names in full: "Varga" of "Ada Varga".
        self.surnames = frozenset(
            ent[-1].text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].text[:1].isupper()
        )

    @cached_property
    def quotes(self) -> list[tuple[int, int]]:
        """The inner spans of the article's quotations (`quotes.find_quotes`)."""
        from .quotes import find_quotes  # noqa: PLC0415 - quotes.py builds on this module

        return find_quotes(self.text)

    def paragraph(self, pos: int) -> int:
        for n, (s, e) in enumerate(self.paragraphs):
            if s <= pos <= e:
                return n
        return -1

    def floor(self, pos: int) -> int:
        for s, e in self.paragraphs:
            if s <= pos <= e:
                return max(pos, self.content_floor[s])
        return pos

    def token_at(self, pos: int) -> Token | None:
        span = self.doc.char_span(pos, pos + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def skip_that(self, start: int, end: int) -> int:
        m = re.match(r"\s*(?:,\s*)?(?:that|,)\s+", self.text[start:end])
        return start + m.end() if m else start

    def unclosed_quote(self, start: int, end: int) -> bool:
        """Whether [start, end) opens a curly quotation it does not close."""
        return self.text.count("“", start, end) > self.text.count("”", start, end)

    def trim(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.text[start] in TRAILING:
            start += 1
        while end > start and self.text[end - 1] in TRAILING:
            end -= 1
        if end > start and self.text[end - 1] == "." and (end >= len(self.text) or self.text[end] not in '”"'):
            end -= 1
        dangling = re.search(r"[\s,]+(?:but|and|or)$", self.text[start:end])
        if dangling:
            end = start + dangling.start()
        # A closing quote mark belongs to a report that opened the quote.
        if self.unclosed_quote(start, end):
            close = re.match(r"[.,!?]?”", self.text[end : end + 2])
            if close:
                end += close.end()
        return start, end
