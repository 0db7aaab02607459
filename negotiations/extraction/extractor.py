"""Find who claimed what, and when, in a parsed article: the entry points and the pass that
orchestrates the modules of this package, and the statements it gives.

The pass over one article:
1. frames (frames.py): each speech act found on the parse by the first rule of an ordered table
   of named rules, plus quotations attributed by the words around them (quotes.py);
2. nesting (frames.py): a report inside another report's content belongs to the outer speaker,
   unless it is a clause of its own with its own subject ("..., while a diplomat said ...");
3. in reading order: speakers resolved (speakers.py: names completed, titles and pronouns
   resolved, joint speakers split), said_on resolved (dating.py), issues linked, one statement
   per speaker.

Invariants:
- The Lexicon (lexicon.py) is built once per Extractor from the Setup; everything else lives in
  one `_ArticlePass` and dies with it, so articles never leak state into each other.
- Each part owns its state: ArticleText the text and paragraphs, Speakers the names and
  salience, Dating the dates met so far; the pass only keeps the last sentence's statements.
- Every statement carries the id of the rule that found its frame (`ExtractedStatement.rule`).
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import cues as C
from .budget import Budget
from .dating import Dating
from .frames import Frame
from .lexicon import Lexicon
from .nlp import get_nlp
from .quotes import QuoteFrames
from .spans import FrameFinder
from .speakers import Speakers
from .stance import ArticleStance, Stance, speaker_clause
from .syntax import subject_of
from .text import ArticleText
from .types import ExtractedStatement, Setup


class Extractor:
    def __init__(self, setup: Setup, nlp: Language | None = None, time_budget: float | None = None):
        self.setup = setup
        self.nlp = nlp if nlp is not None else get_nlp()
        # Seconds that reading one article may take; over it, ExtractionTimeout (budget.py).
        self.time_budget = time_budget
        self.lexicon = Lexicon(setup, self.nlp)

    # -- entry points -----------------------------------------------------------------------

    def extract(self, text: str, published: date | None = None) -> list[ExtractedStatement]:
        return next(self.extract_many([(text, published)]))

    def extract_many(
        self, items: Iterable[tuple[str, date | None]], batch_size: int = 16, n_process: int = 1
    ) -> Iterator[list[ExtractedStatement]]:
        """Yield the statements of each (text, published) pair, in order, parsing in batches.

        With `n_process` > 1, that many worker processes each parse and read pieces of the
        batches, and only texts and found statements cross between processes: a parse sent back
        (spaCy's own n_process) costs as much to pickle as a good part of the rules, which would
        then all run in this one process. The workers are forked (as spaCy's are on Linux), so
        they start with the loaded pipeline and this Extractor; where fork is not available,
        spaCy's n_process parses and the rules run here.
        """
        if n_process > 1 and can_fork():
            yield from self._extract_in_processes(items, batch_size, n_process)
            return
        docs = self.nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=n_process)
        for doc, published in docs:
            yield self.extract_doc(doc, published)

    def _extract_in_processes(
        self, items: Iterable[tuple[str, date | None]], batch_size: int, n_process: int
    ) -> Iterator[list[ExtractedStatement]]:
        global _FORKED  # noqa: PLW0603 - what forked workers inherit instead of a pickled copy
        # Smaller pieces than a batch, so that neither process idles at the end while the other
        # reads its last batch: 75 articles in batches of 16 is 3 batches against 2.
        piece = max(1, batch_size // (2 * n_process))
        _FORKED = self
        try:
            with multiprocessing.get_context("fork").Pool(n_process) as pool:
                for results in pool.imap(_extract_piece, _pieces(items, piece)):
                    for result in results:
                        if isinstance(result, Exception):
                            raise result
                        yield result
        finally:
            _FORKED = None

    def extract_doc(self, doc: Doc, published: date | None) -> list[ExtractedStatement]:
        return _ArticlePass(self, doc, published, Budget(self.time_budget)).run()


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


# The Extractor that forked workers use (set by `_extract_in_processes` before forking).
_FORKED: Extractor | None = None


def _pieces(items: Iterable[tuple[str, date | None]], size: int) -> Iterator[list[tuple[str, date | None]]]:
    iterator = iter(items)
    while piece := list(islice(iterator, size)):
        yield piece


def _extract_piece(items: list[tuple[str, date | None]]) -> list[list[ExtractedStatement] | Exception]:
    """In a worker process: parse and read `items`; an article's exception comes back as its result."""
    extractor = _FORKED
    assert extractor is not None
    results: list[list[ExtractedStatement] | Exception] = []
    for doc, published in extractor.nlp.pipe(items, as_tuples=True, batch_size=len(items)):
        try:
            results.append(extractor.extract_doc(doc, published))
        except Exception as exc:  # noqa: BLE001 - given back to the caller, who raises it
            results.append(exc)
    return results


class _ArticlePass:
    """The state of one article while it is read."""

    def __init__(self, ex: Extractor, doc: Doc, published: date | None, budget: Budget | None = None):
        self.lex = ex.lexicon
        self.budget = budget or Budget(None)
        self.doc = doc
        self.text = doc.text
        self.published = published
        self.t = ArticleText(doc)
        self.frames = FrameFinder(self.t)
        self.quote_frames = QuoteFrames(self.t)
        self.speakers = Speakers(self.lex, doc, self.t)
        self.dating = Dating(self.t, published)
        self.previous: tuple[int, list[ExtractedStatement]] = (-1, [])  # the last sentence's paragraph, statements
        self.issue_hits: list[tuple[int, int, str]] = []
        for matcher in (self.lex.issue_matcher, self.lex.issue_lemma_matcher):
            for key, s, e in matcher(doc):
                self.issue_hits.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), doc.vocab.strings[key]))
        self.issue_hits = sorted(self.issue_hits + self.lex.definite_issue_hits(doc, self.issue_hits))
        self.stance = ArticleStance(
            self.lex.proposals, doc, lambda i: self.speakers.names.get(i, ("", ""))[0] or None, self.issue_hits
        )

    # -- the pass -------------------------------------------------------------------------

    def run(self) -> list[ExtractedStatement]:
        frames: list[Frame] = []
        for sent in self.doc.sents:
            self.budget.check()
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
            self.budget.check()
            sent_frames = by_sentence.get(sent.start, [])
            self.speakers.note_subject(sent)
            for frame in sent_frames:
                frame.refs = self.speakers.resolve(frame)
            self.speakers.order()
            self.dating.date_sentence(sent, sent_frames, self.speakers.names_between(sent.start_char, sent.end_char))
            said = [s for frame in sent_frames for s in self._statements(frame, sent)]
            out.extend(said)
            self.previous = (self.t.paragraph(sent.start_char), said)
        return out

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
        if (
            frame.construction == "according"
            and self.lex.setup.parties
            and all(not r.anonymous and r.party is None and not r.person for r in frame.refs)
        ):
            # Figures from a body outside the negotiation's story ("according to the weather
            # service"). Without parties in the setup, no body is outside it: "according to the
            # poll" is a source in its own right.
            return []
        lo, hi = min(start, sent.start_char), max(end, sent.end_char)
        issues = []
        for s, e, name in self.issue_hits:
            if lo <= s and e <= hi and name not in issues:
                issues.append(name)
        confidence = {"quote": 0.9, "clause": 0.85, "according": 0.7, "parenthetical": 0.75, "colon": 0.7}.get(
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
                    rule=frame.rule,
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
        # Only what follows the cue: "On Wednesday Brell called on the council to ..." is
        # "called on", not "called on on".
        extra = [c.text for c in cue.children if c.dep_ == "prt" and c.i > cue.i]
        if frame.construction == "preposition":
            extra += [
                c.text
                for c in cue.children
                if c.dep_ == "prep" and c.i > cue.i and c.lower_ in C.PREPOSITION_CUES.get(cue.lemma_.lower(), ())
            ]
        return " ".join([cue.text, *extra])
