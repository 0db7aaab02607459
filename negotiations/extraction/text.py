"""The article's text and its paragraphs, in character offsets of the parsed `Doc`.

Invariants:
- `paragraphs` are the (start, end) spans of the article's non-empty lines, in reading order;
  a position belongs to the first paragraph whose span holds it, ends included.
- `content_floor[start]` is, for each paragraph start, where a report's content may begin: just
  after a dateline ("DOHA, Qatar — "), else the paragraph's start. A dateline is never content.
- `surnames` are the last words of the PERSON entities of two words or more.
- `quotes` are the inner spans of the article's quotations, found once (`find_quotes`) and
  read by the quote frames, the span building and the speakers alike.
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

CURLY_OPEN, CURLY_CLOSE = "“", "”"
# Quote marks: curly ones, straight ones, and the typewriter pairs of some archives, where two
# apostrophes stand for a straight quote (''It's more tinkering,'' said ...) and two backticks
# open one (``It's more tinkering,'' said ...).
QUOTE_MARK = re.compile(r"“|”|\"|''|``")
# Every character a quote mark is made of, for trimming marks off a span.
MARK_CHARS = "“”\"'`"


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Inner spans (after the opening mark, before the closing one) of double-quoted passages.

    Curly quotes pair by direction; straight quotes pair in order within a paragraph. A quote
    left open at the end of a paragraph runs to its end (the convention for quotes that go on
    into the next paragraph).
    """
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        opened: int | None = None
        for mark in QUOTE_MARK.finditer(text, para.start(), para.end()):
            ch, i = mark.group(), mark.start()
            if ch in (CURLY_OPEN, "``") or (ch in ('"', "''") and opened is None):
                opened = mark.end()
            elif opened is not None:
                if i > opened:
                    spans.append((opened, i))
                opened = None
        if opened is not None and para.end() > opened:
            spans.append((opened, para.end()))
    return spans


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
        """The inner spans of the article's quotations (`find_quotes`), found once an article."""
        return find_quotes(self.text)

    def quote_at(self, start: int, end: int | None = None) -> tuple[int, int] | None:
        """The quotation that holds the whole of [start, end), or the position `start`."""
        end = start + 1 if end is None else end
        return next(((qs, qe) for qs, qe in self.quotes if qs <= start and end <= qe), None)

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
