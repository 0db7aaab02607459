"""Quotation spans, found on the characters rather than the parse: quote marks are exact, and
the parser often splits a quoted sentence from its attribution."""

from __future__ import annotations

import re

CURLY_OPEN, CURLY_CLOSE = "“", "”"
# Quote marks: curly ones, straight ones, and the typewriter pairs of some archives, where two
# apostrophes stand for a straight quote (''It's more tinkering,'' said ...) and two backticks
# open one (``It's more tinkering,'' said ...).
QUOTE_MARK = re.compile(r"“|”|\"|''|``")


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


def quote_at(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The quote that covers the whole of [start, end), if any."""
    for qs, qe in spans:
        if qs <= start and end <= qe:
            return qs, qe
    return None
