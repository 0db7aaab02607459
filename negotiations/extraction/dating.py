"""Dating: when each statement was said (`said_on`), read as the article goes on.

A frame takes the date expression of its own clause, else the nearest one of its sentence;
without one it inherits, per GUIDELINES.md: from an explicit reference to an occasion ("at the
news conference" dated before, "the same gathering", a definite occasion the article has not
dated, which is the one it is telling), from the same speaker earlier in the sentence, from the
preceding sentence of the same paragraph when it has the same speaker (a sentence set at a
dated occasion counts as dated), or from the last statement before a paragraph that goes on
with the same speaker when no other day was named in between. `dates.py` finds the date
expressions; "two days after <event>" counts back from its main clause's day, or from the day
of the dated occasion that is that clause's subject ("The meeting came a day after ...").

Invariants:
- Sentences are dated in reading order, each once: `anchor` (the last day the article reached;
  a day counted back by "two days after" is an earlier event's, and does not move it),
  `occasions` (occasion noun -> its day) and `sentence_log` only grow from what came before.
- A direct quote's own words are never its date: only its attribution is read.
- "has said" (present perfect) gets no day, and inherits none; a vague span gives no day; an
  occasion's day is never after the publication date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Span, Token

from . import cues as C
from .dates import DateExpr, find_date_expressions
from .frames import Frame
from .syntax import subject_of
from .text import ArticleText, tok_end


@dataclass
class _Sentence:
    """A sentence already read, as later sentences may date by it."""

    paragraph: int
    frames: list[Frame]
    day: date | None
    subjects: set[str]


def governing_verb(tok: Token) -> int:
    """The index of the nearest verb above `tok` (itself if a verb), or of its root. Bounded by the
    sentence's length, so it ends on any parse."""
    node = tok
    for _ in range(len(tok.sent)):
        if node.pos_ in {"VERB", "AUX"} or node.head.i == node.i:
            return node.i
        node = node.head
    return node.i


class Dating:
    """The dates of one article's statements, and what later sentences may inherit."""

    def __init__(self, text: ArticleText, published: date | None):
        self.t = text
        self.published = published
        self.anchor: date | None = None
        self.sentence_log: list[_Sentence] = []
        self.occasions: dict[str, date] = {}

    def date_sentence(self, sent: Span, frames: list[Frame], subjects: set[str]) -> None:
        """Date the sentence's frames in place, then log the sentence for those that follow."""
        # A direct quote's attribution is not content: "..., he said on Tuesday, ..." dates it.
        contents = [p for f in frames for p in (f.pieces if f.kind == "direct" else [(f.start, f.end)])]
        exprs = [
            e
            for e in find_date_expressions(self.t.text, sent.start_char, sent.end_char, self.published)
            if not any(s <= e.start < t for s, t in contents)
        ]
        resolved: dict[int, date | None] = {}
        for e in exprs:
            resolved[e.start] = self._resolve(e, exprs, resolved)
        counted_back: set[int] = set()  # frames dated by "two days after": not the article's day
        for frame in frames:
            if self._present_perfect(frame.cue):
                continue  # "has said": no day, and none inherited
            own = self._own_expressions(frame, exprs)
            pick = min(own or exprs, key=lambda e: abs(e.start - frame.cue_pos), default=None)
            if pick is not None:
                frame.said_on, frame.said_on_text = resolved.get(pick.start), pick.text
                if frame.said_on is not None:
                    self._record_occasion(frame)
                if pick.kind == "interval":
                    counted_back.add(id(frame))
                continue
            self._inherit(frame, sent, frames)
        days = [(e.start, d) for e in exprs if (d := resolved.get(e.start))]
        # "two days after <event>" dates the event, counted back from the main clause's day: the
        # article stays at the main clause's day ("The Council endorsed the deal on Monday, two
        # days after the leader declared ...": later "the same session" is Monday's).
        anchoring = [(e.start, d) for e in exprs if (d := resolved.get(e.start)) and e.kind != "interval"]
        if not frames and days:
            # Narration that dates an occasion: "Santos sat down on Wednesday with Uribe, whose
            # campaign won a referendum on Sunday, for their first meeting in years" dates "after
            # the meeting" further on, by the day of the same verb.
            for t in sent:
                if t.pos_ == "NOUN" and t.lemma_.lower() in C.OCCASION_NOUNS:
                    verb = governing_verb(t)
                    same = [
                        d
                        for pos, d in days
                        if (tok := self.t.token_at(pos)) is not None and governing_verb(tok) == verb
                    ]
                    if len(set(same)) == 1:
                        self.occasions[t.lemma_.lower()] = same[0]
        if not days and not frames:
            # No day of its own, but an explicit reference to a dated occasion: "At the same
            # ceremony, Nylander read out a summary." dates the sentence for the one after it
            # ("The agreement, he said, would ...").
            occasion = self._occasion_in(sent)
            if occasion is not None:
                days = [(sent.start_char, occasion[0])]
                anchoring = days
        points = anchoring + [(f.cue_pos, f.said_on) for f in frames if f.said_on and id(f) not in counted_back]
        if points:
            self.anchor = max(points)[1]
        sentence_day = days[-1][1] if days else None
        self.sentence_log.append(_Sentence(self.t.paragraph(sent.start_char), frames, sentence_day, subjects))

    def _resolve(self, e: DateExpr, exprs: list[DateExpr], resolved: dict[int, date | None]) -> date | None:
        if e.kind == "day":
            return e.day
        if e.kind == "vague":
            return None
        if e.kind == "relative":
            earlier = [resolved[x.start] for x in exprs if x.start < e.start and resolved.get(x.start)]
            base = earlier[-1] if earlier else self.anchor
            return base + timedelta(days=e.offset) if base else None
        if e.kind == "interval":
            others = [x for x in exprs if x is not e and x.kind == "day"]
            base = others[0].day if others else self._occasion_of_clause(e.start)
            return base + timedelta(days=e.offset) if base else None
        return None

    def _own_expressions(self, frame: Frame, exprs: list[DateExpr]) -> list[DateExpr]:
        cue = frame.cue
        toks = list(cue.subtree)
        lo, hi = toks[0].idx if toks else cue.idx, tok_end(toks[-1]) if toks else cue.idx
        subj = subject_of(frame)
        aside: list[tuple[int, int]] = []
        if subj is not None and frame.construction != "according":
            stoks = list(subj.subtree)
            lo = min(lo, stoks[0].idx)
            # What a relative clause or an apposition tells of the speaker is another time:
            # "Zarif, who has met Kerry daily since late June, told state television on Thursday".
            for c in subj.children:
                if c.dep_ in {"relcl", "acl", "appos"}:
                    sub_toks = list(c.subtree)
                    aside.append((sub_toks[0].idx, tok_end(sub_toks[-1])))
        return [e for e in exprs if lo <= e.start < hi and not any(s <= e.start < t for s, t in aside)]

    def _present_perfect(self, cue: Token) -> bool:
        if cue.tag_ != "VBN":
            return False
        return any(c.dep_ == "aux" and c.lower_ in {"has", "have", "'ve"} for c in cue.children)

    def _in_content(self, frame: Frame, pos: int) -> bool:
        """Whether `pos` lies in what the frame reports. Of a direct quote, only the quoted words
        are: '"A," Sunak said at a news conference on Monday, "B."' names its occasion between."""
        pieces = frame.pieces if frame.kind == "direct" and frame.pieces else [(frame.start, frame.end)]
        return any(s <= pos < e for s, e in pieces)

    def _record_occasion(self, frame: Frame) -> None:
        for t in frame.cue.subtree:
            if t.lemma_.lower() in C.OCCASION_NOUNS and not self._in_content(frame, t.idx):
                self.occasions[t.lemma_.lower()] = frame.said_on

    def _occasion_day(self, t: Token) -> date | None:
        """The day of an explicit reference to an occasion: "the news conference" when one was
        dated before, and otherwise, as whatever is "the same" ("told the same gathering"), the
        occasion the article is at: a definite occasion the article has not dated is the one it
        is telling ("told the guests at the ceremony"). Never a day after publication."""
        if t.pos_ not in {"NOUN", "PROPN"}:
            return None
        lemma = t.lemma_.lower()
        same = any(c.lower_ == "same" for c in t.children)
        if not (same or (lemma in C.OCCASION_NOUNS and any(c.lower_ == "the" for c in t.children))):
            return None
        day = self.occasions.get(lemma, self.anchor)
        if day is not None and self.published is not None and day > self.published:
            return None
        return day

    def _occasion_in(self, tokens: Iterable[Token], frame: Frame | None = None) -> tuple[date, Token] | None:
        """The first explicit reference to a dated occasion among `tokens`, outside what `frame`
        reports, with its day."""
        for t in tokens:
            if (frame is None or not self._in_content(frame, t.idx)) and (day := self._occasion_day(t)) is not None:
                return day, t
        return None

    def _occasion_of_clause(self, pos: int) -> date | None:
        """The day of a dated occasion that is the subject of the clause at `pos`: "The meeting
        came a day after Santos announced ..." counts from the meeting's day."""
        tok = self.t.token_at(pos)
        if tok is None:
            return None
        # "a day after" marks the clause of the earlier event ("announced"); the day it counts
        # from is that of the clause it hangs on ("came").
        verb = tok.doc[governing_verb(tok)]
        if verb.dep_ == "advcl":
            verb = verb.doc[governing_verb(verb.head)]
        for c in verb.children:
            if c.dep_ in {"nsubj", "nsubjpass"} and c.lemma_.lower() in C.OCCASION_NOUNS:
                return self.occasions.get(c.lemma_.lower())
        return None

    def _inherit(self, frame: Frame, sent: Span, frames: list[Frame]) -> None:
        # An explicit reference to an occasion dated elsewhere: "at the news conference", "told
        # the same gathering".
        occasion = self._occasion_in(frame.cue.subtree, frame)
        if occasion is not None:
            frame.said_on, frame.said_on_text = occasion[0], f"the {occasion[1].text}"
            self._record_occasion(frame)
            return
        names = {r.name for r in frame.refs}
        # The same speaker earlier in the same sentence.
        for other in frames:
            if other is not frame and other.cue_pos < frame.cue_pos and other.said_on and names & self._names(other):
                frame.said_on, frame.said_on_text = other.said_on, other.said_on_text
                return
        # The preceding sentence of the same paragraph, when it has the same speaker: the last
        # sentence that says who spoke (the parser may cut a quote from its attribution).
        paragraph = self.t.paragraph(sent.start_char)
        for entry in reversed(self.sentence_log):
            if entry.paragraph != paragraph:
                self._continue_speaker(frame, names)
                return
            if entry.frames:
                for other in reversed(entry.frames):
                    if names & self._names(other):
                        frame.said_on, frame.said_on_text = other.said_on, other.said_on_text
                        return
                return
            if entry.subjects:
                if names & entry.subjects and entry.day is not None:
                    frame.said_on, frame.said_on_text = entry.day, "(previous sentence)"
                return

    def _continue_speaker(self, frame: Frame, names: set[str]) -> None:
        """A paragraph that opens by going on with the speaker the last one ended with, on the
        same occasion: 'Sunak said at a news conference on Monday that ... / He said the bill was
        no longer needed.' Only when no sentence since named another day."""
        for entry in reversed(self.sentence_log):
            if entry.frames:
                last = entry.frames[-1]
                if names & self._names(last) and last.said_on is not None:
                    frame.said_on, frame.said_on_text = last.said_on, "(same speaker, previous paragraph)"
                return
            if entry.day is not None:
                return

    def _names(self, frame: Frame) -> set[str]:
        return {r.name for r in frame.refs}
