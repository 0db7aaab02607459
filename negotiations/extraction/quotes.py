"""Quotations: their spans, found on the characters rather than the parse (quote marks are exact,
and the parser often splits a quoted sentence from its attribution), and the direct-quote frames
of one article.

Invariants:
- Quote spans are inner spans (after the opening mark, before the closing one), in text order,
  and never cross a paragraph break.
- A quote that a parsed frame already claims gives no frame of its own; one that no frame claims
  becomes a frame only when a cue verb attributes it, just after ("quote-after") or just before
  ("quote-before") it. A merged frame keeps the rule of its first piece.
- A report ("clause" or "parenthetical") runs on over the quoted sentences that follow it in its
  paragraph only when nothing but its own attribution stands between and they have none.
- `QuoteFrames` reads the article's text and keeps only its quote spans: the frames it is handed
  are the pass's, changed in place.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from . import cues as C
from .frames import Frame
from .text import MARK_CHARS, PUNCT_END, ArticleText

WHAT_CALLED = re.compile(r"\bwhat\s+(?:[\w’'.-]+\s+){0,6}(?:called|described as|termed|dubbed)\s*$")


class QuoteFrames:
    """The quotes of one article, and the frames they give."""

    def __init__(self, text: ArticleText):
        self.t = text
        self.doc = text.doc
        self.quotes = text.quotes

    def add_quote_frames(self, frames: list[Frame]) -> list[Frame]:
        """Quotes that no parsed frame claims, attributed by a cue just after or before them."""
        for frame in frames:
            self.mark_direct(frame)
        for qs, qe in self.quotes:
            self._open_into(frames, qs, qe)
            if any(f.start <= qs and qe <= f.end + 1 for f in frames) or any(
                qs <= f.start and f.end <= qe for f in frames if f.kind == "direct"
            ):
                continue
            if any(f.start < qs < f.end or f.start < qe < f.end for f in frames):
                continue  # a partial quote inside a paraphrase
            if WHAT_CALLED.search(self.t.text, max(0, qs - 80), qs - 1):
                continue  # the writer's framing: "what X called 'B'"
            if self._names_something(qs):
                continue
            rule, cue = "quote-after", self.attribution_after(qe)
            if cue is None:
                rule, cue = "quote-before", self.attribution_before(qs)
            if cue is None:
                continue
            frames.append(
                Frame(cue=cue, start=qs, end=qe, construction="quote", kind="direct", pieces=[(qs, qe)], rule=rule)
            )
        frames.extend(self.headline_quotes(frames))
        return frames

    def headline_quotes(self, frames: list[Frame]) -> list[Frame]:
        """'A lesson from Ada Varga: ‘Keep the river open.’': a heading quotes in single marks, and
        a short paragraph that is a heading, a colon and a quotation to its end gives the words of
        the person the heading names."""
        found = []
        for start, end in self.t.paragraphs:
            m = HEADLINE_QUOTE.fullmatch(self.t.text, start, end)
            if m is None or any(f.start < m.end("quote") and m.start("quote") < f.end for f in frames):
                continue
            heading = self.doc.char_span(m.start("heading"), m.end("heading"), alignment_mode="contract")
            colon = self.t.token_at(m.end("heading"))
            named = [t for t in heading or () if t.ent_type_ == "PERSON" and t.pos_ == "PROPN"]
            if not named or colon is None:
                continue
            qs, qe = m.span("quote")
            found.append(
                Frame(
                    cue=colon,
                    start=qs,
                    end=qe,
                    construction="colon",
                    subject=named[-1],
                    kind="direct",
                    pieces=[(qs, qe)],
                    rule="colon",
                )
            )
        return found

    def _open_into(self, frames: list[Frame], qs: int, qe: int) -> None:
        """A report that ends on the opening mark of a quotation ('recalled thinking, "This is
        what we feared."', where the parser hung the quoted sentence elsewhere) runs on over it,
        unless the quotation has its own attribution after it: then the mark is no part of it."""
        for frame in frames:
            if frame.end != qs or frame.start >= qs - 1 or self.t.text[qs - 1] not in MARK_CHARS:
                continue
            if self.attribution_after(qe) is None:
                frame.end = qe
            else:
                frame.start, frame.end = self.t.trim(frame.start, len(self.t.text[:qs].rstrip(MARK_CHARS)))

    def _names_something(self, qs: int) -> bool:
        """Whether the quote fills a noun's place in the writer's sentence: after an article, a
        possessive or a preposition ('on CBS's "Face the Nation," Ryan said ...', 'the "Buffett
        rule"', 'a project on "Women in Power"'), it is a title or a term, not what someone said."""
        text, i = self.t.text, qs
        while i > 0 and text[i - 1] in MARK_CHARS:
            i -= 1
        while i > 0 and text[i - 1] in " \t":
            i -= 1
        before = self.t.token_at(i - 1) if i > 0 and text[i - 1] != "\n" else None
        if before is None:
            return False
        if before.text == "," and before.i > 0:
            # "In her memoir, "Far Fields," Varga argued ...": set off after a noun that names a
            # work, the quote is its title (an apposition), not what someone said.
            noun = before.doc[before.i - 1]
            return noun.pos_ == "NOUN" and noun.lemma_.lower() in C.WORK_NOUNS
        return before.tag_ in {"DT", "POS", "PRP$"} or (before.tag_ == "IN" and before.dep_ == "prep")

    def mark_direct(self, frame: Frame) -> None:
        """A report that is all quotation is a direct quote, whole: the parser may have kept only
        its first sentence, or the opening quote mark."""
        for qs, qe in self.quotes:
            inner_s, inner_e = self.t.trim(qs, qe)
            opens_quote = qs - 2 <= frame.start <= inner_s
            attributed_after = qe <= frame.cue.idx < frame.end and ATTRIBUTION_AFTER_QUOTE.fullmatch(
                self.t.text, qe, frame.cue.idx
            )
            if opens_quote and attributed_after:
                # '"A," said Osei, who led the commission. "B."': the parser hung the quote and what
                # follows its attribution on one clause; the report is the quote.
                frame.start, frame.end, frame.kind, frame.pieces = qs, qe, "direct", [(qs, qe)]
                return
            cue_after = qe <= frame.cue.idx and ATTRIBUTION_AFTER_QUOTE.fullmatch(self.t.text, qe, frame.cue.idx)
            if cue_after and qs <= frame.start and frame.end <= qe + 1:
                # '"A. B," Osei said.': the parser's sentence, and so the clause the cue governs,
                # began at B; the attribution after the quote is the whole quote's.
                frame.start, frame.end, frame.kind, frame.pieces = qs, qe, "direct", [(qs, qe)]
                return
            # The frame may hold the marks themselves, of one character or two ('').
            opens_here = frame.start >= qs or not self.t.text[frame.start : qs].strip(MARK_CHARS)
            closes_here = frame.end <= qe or not self.t.text[qe : frame.end].strip(MARK_CHARS + ",.")
            if not (opens_here and closes_here and frame.start >= qs - 2 and frame.end <= qe + 3):
                continue
            if frame.start <= inner_s or (frame.end - frame.start) >= 0.8 * (inner_e - inner_s):
                # '"BRELL: Well, we will sign.': a transcript quoted whole holds its speaker's name;
                # the report starts after the colon, inside the quote.
                start = frame.start if qs <= frame.cue.idx < frame.start else qs
                frame.start, frame.end, frame.kind, frame.pieces = start, qe, "direct", [(start, qe)]
                return

    def attribution_after(self, qe: int) -> Token | None:
        tok = self.t.token_at(qe)
        if tok is None:
            return None
        if self.t.text[qe - 1 : qe] == "." and not re.match(r"[”\"]?\s*[a-z]", self.t.text[qe : qe + 4]):
            # The quote ends its sentence: what follows is a new sentence. A question or an
            # exclamation does not end its attribution's ('"How many times?" Varga said.').
            return None
        for t in self.doc[tok.i : min(tok.i + 14, len(self.doc))]:
            if t.idx < qe:
                continue
            if t.text in PUNCT_END or t.text in {"“"} or (t.text == '"' and t.idx > qe + 1) or "\n" in t.text:
                return None
            if t.dep_ == "cc" and t.idx > qe + 1:
                return None  # "..., and Sudmark recalled its ambassador": another clause
            if is_cue_verb(t):
                return t
        return None

    def attribution_before(self, qs: int) -> Token | None:
        # Back over the opening mark (one character or two: '' and ``) and the space before it.
        i = qs
        while i > 0 and self.t.text[i - 1] in MARK_CHARS and qs - i < 2:
            i -= 1
        while i > 0 and self.t.text[i - 1] in " \t\n":
            i -= 1
        # A colon may end the paragraph before the quote ("He said:\n"...""); a comma may not.
        if i == 0 or self.t.text[i - 1] not in (":," if "\n" not in self.t.text[i:qs] else ":"):
            return None
        tok = self.t.token_at(i - 1)
        if tok is None:
            return None
        for t in reversed(self.doc[max(tok.sent.start, tok.i - 12) : tok.i + 1]):
            if is_cue_verb(t):
                return t
        return None

    def merge_quotes(self, frames: list[Frame]) -> list[Frame]:
        """`"A," she said, "B."` and consecutive quoted sentences of one speaker are one statement."""
        frames.sort(key=lambda f: f.start)
        starts = {f.start: f for f in frames}
        merged: list[Frame] = []
        absorbed: set[int] = set()
        for frame in frames:
            if id(frame) in absorbed:
                continue
            if frame.kind == "direct":
                while True:
                    nxt = self.next_quote(frame) or self._next_paragraph_quote(frame, frames)
                    if nxt is None:
                        break
                    qs, qe, continuation = nxt
                    other = starts.get(qs)
                    # A cue inside the next quote ('"I think the plan is ready"') is the quoted
                    # speaker's own words, not another attribution.
                    own = other is not None and other.cue.i != frame.cue.i and not qs <= other.cue.idx < qe
                    if own and not continuation:
                        break  # the next quote has its own attribution
                    if other is not None:
                        absorbed.add(id(other))
                    frame.end = qe
                    frame.pieces.append((qs, qe))
            elif frame.construction in {"clause", "parenthetical"}:
                self._continue_report(frame)
                # 'said the plan has what the valley needs: "Water."': the quote that the report now
                # runs on over was attributed by the same cue before it; it is one statement.
                absorbed.update(
                    id(f)
                    for f in frames
                    if f is not frame
                    and f.kind == "direct"
                    and f.cue.i == frame.cue.i
                    and frame.start <= f.start
                    and f.end <= frame.end
                )
            merged.append(frame)
        return merged

    def _next_paragraph_quote(self, frame: Frame, frames: list[Frame]) -> tuple[int, int, bool] | None:
        """'"BRELL: We will sign. [paragraph] "But not this week.': a quote left open at the end of
        its paragraph goes on in the next one when that opens with a quote mark (the printer's
        convention for a quotation of several paragraphs), unless the next has an attribution
        of its own."""
        last_end = frame.pieces[-1][1]
        n = self.t.paragraph(last_end - 1)
        if n < 0 or last_end != self.t.paragraphs[n][1] or n + 1 >= len(self.t.paragraphs):
            return None  # the last piece was closed before its paragraph ended
        para_start = self.t.paragraphs[n + 1][0]
        following = self._quote_after(para_start)
        if following is None or self.t.text[para_start : following[0]].strip(MARK_CHARS):
            return None  # the next paragraph does not open with a quote
        qs, qe = following
        if self.attribution_after(qe) is not None or any(f.rule == "colon" and qs <= f.cue.idx < qe for f in frames):
            return None  # '"WARD: ...' names the next speaker
        return qs, qe, False

    def _continue_report(self, frame: Frame) -> None:
        """'The plan may slip, Varga said. "The other factor is the weather."': quoted sentences
        that follow a report of the same paragraph, with no attribution of their own and nothing
        but the report's own attribution in between, go on with that speaker's report."""
        cue = frame.cue
        attribution = {cue.i} | {
            t.i
            for c in cue.children
            if c.dep_ in ATTRIBUTION_DEPS and not frame.start <= c.idx < frame.end
            for t in c.subtree
        }
        while (following := self._quote_after(frame.end)) is not None:
            last, (qs, qe) = frame.end, following
            if self.attribution_after(qe) is not None:
                return
            if not SENTENCE_BEFORE_QUOTE.fullmatch(self.t.text, last, qs):
                return  # the quote does not start a sentence of its own
            between = self.doc.char_span(last, qs, alignment_mode="expand") or ()
            if any(not (t.is_punct or t.is_space or t.i in attribution) for t in between):
                return  # other words stand between: the writer's narration, or another report
            frame.end = qe

    def _another_cue(self, frame: Frame, start: int, end: int) -> bool:
        """Whether a cue verb other than the frame's stands in [start, end)."""
        between = self.doc.char_span(start, end, alignment_mode="expand") or ()
        return any(t.i != frame.cue.i and is_cue_verb(t) for t in between)

    def _quote_after(self, pos: int) -> tuple[int, int] | None:
        """The first quote after `pos` in the same paragraph."""
        n = self.t.paragraph(pos)
        if n < 0:
            return None
        para_end = self.t.paragraphs[n][1]
        return next(((qs, qe) for qs, qe in self.quotes if qs > pos and qe <= para_end), None)

    def _without_titles(self, start: int, end: int, titles: list[tuple[int, int]]) -> str:
        """The text in [start, end) with each quoted title, marks and all, as a placeholder word;
        a title's closing period stays, since it ends the sentence ('on the "Morning Show."')."""
        text, out, pos = self.t.text, [], start
        for ts, te in titles:
            opening, closing = ts, te
            while opening > pos and text[opening - 1] in MARK_CHARS:
                opening -= 1
            while closing < end and text[closing] in MARK_CHARS:
                closing += 1
            out += [text[pos:opening], "title", "." if text[te - 1 : te] in PUNCT_END else ""]
            pos = closing
        return "".join(out) + text[pos:end]

    def next_quote(self, frame: Frame) -> tuple[int, int, bool] | None:
        last_end = frame.pieces[-1][1]
        following = self._quote_after(last_end)
        titles: list[tuple[int, int]] = []
        # '"A," Varga said on the network's "Morning Show." "B."': a title quoted in the
        # attribution is part of the writer's sentence, not the next quote.
        while following is not None and self._names_something(following[0]):
            titles.append(following)
            following = self._quote_after(following[1] + 1)
        if following is None:
            return None
        qs, qe = following
        # Between the closing mark and the next opening one; a mark may be two characters ('').
        between = self._without_titles(last_end, qs, titles).strip(MARK_CHARS)
        # The period of "Mr." or "(N-Osk.)" ends no sentence.
        between = ABBREVIATION.sub("", between)
        cue_in_between = frame.cue.idx > last_end and frame.cue.idx < qs
        if not between.strip():
            return None
        if cue_in_between and re.fullmatch(r"[^\"“”.!?]*,\s*(?:but\s+|and\s+)?", between):
            if self._another_cue(frame, last_end, qs):
                return None  # '"A," Varga said, adding later, "B."': two speech acts
            return qs, qe, True  # "A," the president said in the address, "and B."; '"A," she said, but "B."'
        # the next sentence is a quote: it continues this speaker unless it has its own cue
        if (
            (cue_in_between or frame.cue.idx < frame.pieces[0][0])
            and re.fullmatch(r"[^\"“”]*[.!?:]\s*", between)
            and self.attribution_after(qe) is None
        ):
            return qs, qe, False
        return None


# A heading of at most ten words, a colon, and a quotation in single marks to the paragraph's end.
HEADLINE_QUOTE = re.compile(r"(?P<heading>(?:[^\s:]+ ){0,9}[^\s:]+):\s+[‘'](?P<quote>[^\n]{3,200}?)[’']\s*")

# The end of a sentence, then the opening mark of the next: '", Varga said. "' or '. "'.
SENTENCE_BEFORE_QUOTE = re.compile(r"[,.!?]?[”\"'`]*[^\"“”]*[.!?:]\s*[“\"'`]*")

# The children of a cue that make up its attribution ("Varga said on Friday in an interview"):
# not its coordinated verbs or clauses, which say something else.
ATTRIBUTION_DEPS = frozenset("nsubj nsubjpass npadvmod prep advmod aux neg punct dobj dative agent".split())

ABBREVIATION = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Rep|Sen|Gov|Gen|Lt|Col|Sgt|Capt|Adm|St|Jr|Sr|Rev|Prof|[A-Z])\.|\([^()]*\)"
)

# What may stand between a quote and the cue that attributes it: '," said', '," Osei said',
# '," Rep. Ada Varga (N-Osk.) said'.
ATTRIBUTION_AFTER_QUOTE = re.compile(r"[”\"'`]*[,.!?]?[”\"'`]*\s+(?:[\w.’'()-]+,?\s+){0,8}")


def is_cue_verb(t: Token) -> bool:
    if t.pos_ != "VERB" or t.lemma_.lower() not in C.CLAUSE_CUES:
        return False
    if t.tag_ == "VBN" and t.dep_ == "acl":
        # 'valley "water boards" backed by the banks': a passive participle that modifies a
        # noun says who backs it, not who said anything.
        return False
    return not any(c.dep_ in {"nsubjpass", "auxpass"} or (c.dep_ == "aux" and c.lower_ == "to") for c in t.children)
