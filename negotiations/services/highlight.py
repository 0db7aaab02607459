"""Cut an article's text into runs for the article view, each run marked with the statements
that cover it.

The page shows the text with `white-space: pre-wrap`, run after run, so that the characters on
screen are exactly the stored text: a selection made in the browser then maps back to stored
offsets (see static/parley.js), and the stored spans map onto the screen. Text is never marked
up here; the template escapes every run (article text is untrusted).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    statement_id: int
    start: int
    end: int
    css: str = ""


@dataclass
class Run:
    text: str
    # Covering statements, innermost (shortest) first: the run takes the innermost's colour.
    spans: tuple[Span, ...] = ()
    # Statements that begin here: the page puts their anchors (#s-<id>) on this run.
    starts: list[int] = field(default_factory=list)

    @property
    def statement_ids(self) -> str:
        return " ".join(str(span.statement_id) for span in self.spans)

    @property
    def css(self) -> str:
        return self.spans[0].css if self.spans else ""


def highlight_runs(text: str, spans: list[Span]) -> list[Run]:
    """Runs covering all of `text`, in order; spans outside the text are clipped, empty ones dropped."""
    size = len(text)
    clipped = []
    for span in spans:
        start, end = max(0, min(span.start, size)), max(0, min(span.end, size))
        if start < end:
            clipped.append(Span(span.statement_id, start, end, span.css))
    cuts = sorted({0, size, *(s.start for s in clipped), *(s.end for s in clipped)})
    runs = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        covering = sorted(
            (s for s in clipped if s.start <= left and right <= s.end),
            key=lambda s: (s.end - s.start, s.statement_id),
        )
        starts = sorted(s.statement_id for s in clipped if s.start == left)
        runs.append(Run(text[left:right], tuple(covering), starts))
    return runs


# Where a sentence ends: its closing mark (and a closing quote), then a space; or a line break.
SENTENCE_END = re.compile(r"""[.!?][”"’']?(?=\s)|\n""")


def sentence_around(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The sentence(s) holding text[start:end], as (before, the span, after).

    A statement's words alone can leave out what its stance is about ("..., according to
    officials, such as troops remaining along the border"); its sentence shows it.
    """
    opening = 0
    for match in SENTENCE_END.finditer(text, 0, start):
        opening = match.end()
    closing = SENTENCE_END.search(text, end)
    stop = closing.end() if closing else len(text)
    return text[opening:start].lstrip(), text[start:end], text[end:stop].rstrip()
