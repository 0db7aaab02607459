"""Find who claimed what, and when, in a parsed article.

The pass over one article:
1. frames: each speech act found on the parse (a cue verb with its content and the token
   that names its speaker), plus quotations attributed by the words around them;
2. nesting: a report inside another report's content belongs to the outer speaker, unless it
   is a clause of its own with its own subject ("..., while a diplomat said ...");
3. in reading order: speakers resolved (names completed, titles and pronouns resolved, joint
   speakers split), said_on resolved, issues linked, one statement per speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import cues as C
from .dates import DateExpr, find_date_expressions
from .frames import Frame, FrameFinder, subject_of
from .lexicon import Lexicon
from .nlp import get_nlp
from .quotes import QuoteFrames
from .speakers import Speakers
from .stance import ArticleStance, Stance, speaker_clause
from .text import ArticleText, tok_end
from .types import ExtractedStatement, Setup


@dataclass
class _Sentence:
    paragraph: int
    frames: list[Frame]
    day: date | None
    subjects: set[str]


class Extractor:
    def __init__(self, setup: Setup, nlp: Language | None = None):
        self.setup = setup
        self.nlp = nlp if nlp is not None else get_nlp()
        self.lexicon = Lexicon(setup, self.nlp)

    # -- entry points -----------------------------------------------------------------------

    def extract(self, text: str, published: date | None = None) -> list[ExtractedStatement]:
        return next(self.extract_many([(text, published)]))

    def extract_many(
        self, items: Iterable[tuple[str, date | None]], batch_size: int = 16
    ) -> Iterator[list[ExtractedStatement]]:
        """Yield the statements of each (text, published) pair, in order, parsing in batches."""
        for doc, published in self.nlp.pipe(items, as_tuples=True, batch_size=batch_size):
            yield self.extract_doc(doc, published)

    def extract_doc(self, doc: Doc, published: date | None) -> list[ExtractedStatement]:
        return _ArticlePass(self, doc, published).run()


class _ArticlePass:
    """The state of one article while it is read."""

    def __init__(self, ex: Extractor, doc: Doc, published: date | None):
        self.lex = ex.lexicon
        self.doc = doc
        self.text = doc.text
        self.published = published
        self.t = ArticleText(doc)
        self.frames = FrameFinder(self.t)
        self.quote_frames = QuoteFrames(self.t)
        self.anchor: date | None = None
        self.sentence_log: list[_Sentence] = []
        self.occasions: dict[str, date] = {}
        self.previous: tuple[int, list[ExtractedStatement]] = (-1, [])  # the last sentence's paragraph, statements
        self.speakers = Speakers(self.lex, doc)
        self.issue_hits: list[tuple[int, int, str]] = []
        for matcher in (self.lex.issue_matcher, self.lex.issue_lemma_matcher):
            for key, s, e in matcher(doc):
                self.issue_hits.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), doc.vocab.strings[key]))
        self.issue_hits.sort()
        self.stance = ArticleStance(
            self.lex.proposals, doc, lambda i: self.speakers.names.get(i, ("", ""))[0] or None, self.issue_hits
        )

    # -- the pass -------------------------------------------------------------------------

    def run(self) -> list[ExtractedStatement]:
        frames: list[Frame] = []
        for sent in self.doc.sents:
            for tok in sent:
                frame = self.frames.frame_for(tok, sent)
                if frame is not None:
                    frames.append(frame)
        frames = self.frames.resolve_nesting(frames)
        frames = self.frames.resolve_nesting(self.quote_frames.add_quote_frames(frames))
        frames = self.frames.resolve_nesting(self.quote_frames.merge_quotes(frames))
        frames.sort(key=lambda f: f.cue_pos)

        out: list[ExtractedStatement] = []
        by_sentence: dict[int, list[Frame]] = {}
        for frame in frames:
            by_sentence.setdefault(frame.cue.sent.start, []).append(frame)
        for sent in self.doc.sents:
            sent_frames = by_sentence.get(sent.start, [])
            self.speakers.note_subject(sent)
            for frame in sent_frames:
                frame.refs = self.speakers.resolve(frame)
            self.speakers.order()
            self._dates_for(sent, sent_frames)
            said = [s for frame in sent_frames for s in self._statements(frame, sent)]
            out.extend(said)
            self.previous = (self.t.paragraph(sent.start_char), said)
        return out

    # -- dates ----------------------------------------------------------------------------

    def _dates_for(self, sent: Span, frames: list[Frame]) -> None:
        # A direct quote's attribution is not content: "..., he said on Tuesday, ..." dates it.
        contents = [p for f in frames for p in (f.pieces if f.kind == "direct" else [(f.start, f.end)])]
        exprs = [
            e
            for e in find_date_expressions(self.text, sent.start_char, sent.end_char, self.published)
            if not any(s <= e.start < t for s, t in contents)
        ]
        resolved: dict[int, date | None] = {}
        for e in exprs:
            resolved[e.start] = self._resolve(e, exprs, resolved)
        for frame in frames:
            if self._present_perfect(frame.cue):
                continue  # "has said": no day, and none inherited
            own = self._own_expressions(frame, exprs)
            pick = min(own or exprs, key=lambda e: abs(e.start - frame.cue_pos), default=None)
            if pick is not None:
                frame.said_on, frame.said_on_text = resolved.get(pick.start), pick.text
                if frame.said_on is not None:
                    self._record_occasion(frame)
                continue
            self._inherit(frame, sent, frames)
        days = [(e.start, d) for e in exprs if (d := resolved.get(e.start))]
        points = days + [(f.cue_pos, f.said_on) for f in frames if f.said_on]
        if points:
            self.anchor = max(points)[1]
        subjects = self.speakers.names_between(sent.start_char, sent.end_char)
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
            base = others[0].day if others else None
            return base + timedelta(days=e.offset) if base else None
        return None

    def _own_expressions(self, frame: Frame, exprs: list[DateExpr]) -> list[DateExpr]:
        cue = frame.cue
        toks = list(cue.subtree)
        lo, hi = toks[0].idx if toks else cue.idx, tok_end(toks[-1]) if toks else cue.idx
        subj = subject_of(frame)
        if subj is not None and frame.construction != "according":
            stoks = list(subj.subtree)
            lo = min(lo, stoks[0].idx)
        return [e for e in exprs if lo <= e.start < hi]

    def _present_perfect(self, cue: Token) -> bool:
        if cue.tag_ != "VBN":
            return False
        return any(c.dep_ == "aux" and c.lower_ in {"has", "have", "'ve"} for c in cue.children)

    def _record_occasion(self, frame: Frame) -> None:
        for t in frame.cue.subtree:
            if t.lemma_.lower() in C.OCCASION_NOUNS and not (frame.start <= t.idx < frame.end):
                self.occasions[t.lemma_.lower()] = frame.said_on

    def _inherit(self, frame: Frame, sent: Span, frames: list[Frame]) -> None:
        # An explicit reference to an occasion dated elsewhere: "at the news conference".
        for t in frame.cue.subtree:
            if frame.start <= t.idx < frame.end:
                continue
            lemma = t.lemma_.lower()
            if lemma in C.OCCASION_NOUNS and any(c.lower_ in {"the", "same"} for c in t.children):
                day = self.occasions.get(lemma)
                if day is None and any(c.lower_ == "same" for c in t.children):
                    day = self.anchor
                if day is not None:
                    frame.said_on, frame.said_on_text = day, f"the {t.text}"
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

    def _names(self, frame: Frame) -> set[str]:
        return {r.name for r in frame.refs}

    # -- output ---------------------------------------------------------------------------

    def _statements(self, frame: Frame, sent: Span) -> list[ExtractedStatement]:
        if not frame.refs:
            return []
        start, end = frame.start, frame.end
        if frame.kind == "direct":
            start, end = frame.pieces[0][0], frame.pieces[-1][1]
        text = self.text[start:end]
        if not re.search(r"\w", text):
            return []
        if frame.construction == "according" and all(
            not r.anonymous and r.party is None and not r.person for r in frame.refs
        ):
            return []  # figures from a body outside the negotiation's story
        lo, hi = min(start, sent.start_char), max(end, sent.end_char)
        issues = []
        for s, e, name in self.issue_hits:
            if lo <= s and e <= hi and name not in issues:
                issues.append(name)
        confidence = {"quote": 0.9, "clause": 0.85, "according": 0.7, "parenthetical": 0.75}.get(
            frame.construction, 0.65
        )
        content = self.doc.char_span(start, end, alignment_mode="expand")
        subject = subject_of(frame)
        clause = speaker_clause(frame.cue, content, subject)
        out = []
        for ref in frame.refs:
            stance = self.stance.read(
                frame.cue,
                content,
                frame.construction,
                clause,
                subject,
                ref.party,
                issues,
                frame.said_on or self.published,
            )
            if stance.proposal is None and stance.found_proposal is None and self.stance.points_back(content):
                stance = self._continued(stance, ref.name, frame.said_on, sent)
            out.append(
                ExtractedStatement(
                    start=start,
                    end=end,
                    text=text,
                    kind=frame.kind,
                    cue=self._cue_words(frame),
                    cue_start=frame.cue.idx,
                    speaker_text=ref.surface or ref.name,
                    speaker=ref.name,
                    actor=ref.actor,
                    party=ref.party,
                    anonymous=ref.anonymous,
                    said_on=frame.said_on,
                    said_on_text=frame.said_on_text,
                    issues=issues,
                    confidence=confidence,
                    stance=stance.stance,
                    target=stance.target,
                    proposal=stance.proposal,
                    stance_confidence=stance.confidence,
                    found_proposal=stance.found_proposal,
                    reported_party=stance.reported_party,
                    reported_stance=stance.reported_stance,
                    reported_target=stance.reported_target,
                )
            )
        return out

    def _continued(self, stance: Stance, speaker: str, said_on: date | None, sent: Span) -> Stance:
        """What a speaker picks up from their own preceding sentence on the same occasion ("The plan
        is fair," she said. "That balance took a year to find.") is about the proposal that sentence
        named."""
        paragraph, said = self.previous
        if paragraph != self.t.paragraph(sent.start_char):
            return stance
        same = [s for s in said if s.speaker == speaker and s.said_on == said_on]
        if not same or (same[-1].proposal is None and same[-1].found_proposal is None):
            return stance
        return replace(stance, proposal=same[-1].proposal, found_proposal=same[-1].found_proposal)

    def _cue_words(self, frame: Frame) -> str:
        cue = frame.cue
        if frame.construction == "according":
            return "according to"
        extra = [c.text for c in cue.children if c.dep_ == "prt"]
        if frame.construction == "preposition":
            extra += [
                c.text
                for c in cue.children
                if c.dep_ == "prep" and c.lower_ in C.PREPOSITION_CUES.get(cue.lemma_.lower(), ())
            ]
        return " ".join([cue.text, *extra])
