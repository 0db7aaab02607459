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
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from . import cues as C
from .budget import Budget
from .dates import DateExpr, find_date_expressions
from .nlp import get_nlp
from .quotes import find_quotes
from .stance import ArticleStance, ProposalLexicon, Stance, speaker_clause
from .types import ExtractedStatement, Setup

DATELINE = re.compile(r"[A-Z][A-Z .'’-]+(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)*)? [—–-]+ ")
TRAILING = " \t\n,;:—–-"
SEPARATE_MARKS = {"though", "although", "while", "whereas"}
WHAT_CALLED = re.compile(r"\bwhat\s+(?:[\w’'.-]+\s+){0,6}(?:called|described as|termed|dubbed)\s*$")
PUNCT_END = {".", "?", "!"}


@dataclass
class Ref:
    """A speaker (or a would-be antecedent) as resolved at one point of the article."""

    name: str
    pos: int
    actor: str | None = None
    party: str | None = None
    anonymous: bool = False
    person: bool = False
    plural: bool = False
    head: str = ""  # lemma of the head noun, for "the official" -> "a senior Hamas official"
    members: tuple[Ref, ...] = ()  # for groups: "the United States, Egypt and Qatar"
    surface: str = ""  # the words naming the speaker at this point ("he", "Blinken")


@dataclass
class _Sentence:
    paragraph: int
    frames: list[Frame]
    day: date | None
    subjects: set[str]


@dataclass
class Frame:
    cue: Token
    start: int  # content, in characters
    end: int
    construction: str
    subject: Token | None = None
    pieces: list[tuple[int, int]] = field(default_factory=list)  # quoted parts, for direct quotes
    kind: str = "indirect"
    refs: list[Ref] = field(default_factory=list)
    said_on: date | None = None
    said_on_text: str = ""

    @property
    def cue_pos(self) -> int:
        return self.cue.idx


class Extractor:
    def __init__(self, setup: Setup, nlp: Language | None = None, time_budget: float | None = None):
        self.setup = setup
        self.nlp = nlp if nlp is not None else get_nlp()
        # Seconds that reading one article may take; over it, ExtractionTimeout (budget.py).
        self.time_budget = time_budget
        self._build_lexicon()

    # -- set-up ---------------------------------------------------------------------------

    def _build_lexicon(self) -> None:
        vocab = self.nlp.vocab
        # Party and actor names are matched case-sensitively: "US" is not "us".
        self.name_matcher = PhraseMatcher(vocab, attr="ORTH")
        self.name_targets: dict[str, tuple[str, str]] = {}  # match key -> (party, actor|"")
        for party in self.setup.parties:
            for words in {party.name, *party.aliases}:
                self._add_name(words, party.name, "")
        heads: dict[str, set[str]] = {}
        for party in self.setup.parties:
            for words in party.aliases:
                last = words.split()[-1]
                if " " in words and last.isalpha() and last.islower():
                    heads.setdefault(last, set()).add(party.name)
        # "a senior administration official": the head of a party's alias, where no other party has it
        self.alias_heads = {word: names.pop() for word, names in heads.items() if len(names) == 1}
        self.actor_party: dict[str, str | None] = {}
        self.actor_titles: dict[str, list[str]] = {}
        for actor in self.setup.actors:
            self.actor_party[actor.name] = actor.party
            if actor.title:
                self.actor_titles.setdefault(actor.title.lower(), []).append(actor.name)
            surname = actor.name.split()[-1]
            for words in {actor.name, surname, *actor.aliases}:
                self._add_name(words, actor.party or "", actor.name)
        # Issues match on lower case and on lemmas, so "hostages" finds "hostage".
        self.issue_matcher = PhraseMatcher(vocab, attr="LOWER")
        self.issue_lemma_matcher = PhraseMatcher(vocab, attr="LEMMA")
        for issue in self.setup.issues:
            phrases = list({issue.name, *issue.aliases})
            self.issue_matcher.add(issue.name, [self.nlp.make_doc(p) for p in phrases])
            self.issue_lemma_matcher.add(issue.name, list(self.nlp.pipe(phrases)))
        self.proposals = ProposalLexicon(self.setup, self.nlp)

    def _add_name(self, words: str, party: str, actor: str) -> None:
        key = f"{party}|{actor}"
        self.name_targets[key] = (party, actor)
        self.name_matcher.add(key, [self.nlp.make_doc(words)])

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
        return _ArticlePass(self, doc, published, Budget(self.time_budget)).run()


class _ArticlePass:
    """The state of one article while it is read."""

    def __init__(self, ex: Extractor, doc: Doc, published: date | None, budget: Budget | None = None):
        self.ex = ex
        self.budget = budget or Budget(None)
        self.doc = doc
        self.text = doc.text
        self.published = published
        self.quotes = find_quotes(self.text)
        self.paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", self.text)]
        self.content_floor = {}  # paragraph start -> where content may start (after a dateline)
        for start, end in self.paragraphs:
            m = DATELINE.match(self.text, start, end)
            self.content_floor[start] = m.end() if m else start
        self.salience: list[Ref] = []
        self.person_party: dict[str, str] = {}  # people not in the setup, tied to a party by the article
        self.anchor: date | None = None
        self.sentence_log: list[_Sentence] = []
        self.occasions: dict[str, date] = {}
        self.previous: tuple[int, list[ExtractedStatement]] = (-1, [])  # the last sentence's paragraph, statements
        # Party names and actor names as they occur: token index -> (party, actor)
        self.names: dict[int, tuple[str, str]] = {}
        self.name_spans: list[tuple[int, int, str, str]] = []
        for key, s, e in ex.name_matcher(doc):
            party, actor = ex.name_targets[doc.vocab.strings[key]]
            self.name_spans.append((s, e, party, actor))
        self.name_spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        for s, e, party, actor in self.name_spans:
            for i in range(s, e):
                self.names.setdefault(i, (party, actor))
        self.persons = [self._strip_words(ent.text) for ent in doc.ents if ent.label_ == "PERSON"]
        self.issue_hits: list[tuple[int, int, str]] = []
        for matcher in (ex.issue_matcher, ex.issue_lemma_matcher):
            for key, s, e in matcher(doc):
                self.issue_hits.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), doc.vocab.strings[key]))
        self.issue_hits.sort()
        self.stance = ArticleStance(
            ex.proposals, doc, lambda i: self.names.get(i, ("", ""))[0] or None, self.issue_hits
        )

    # -- the pass -------------------------------------------------------------------------

    def run(self) -> list[ExtractedStatement]:
        frames: list[Frame] = []
        for sent in self.doc.sents:
            self.budget.check()
            for tok in sent:
                frame = self._frame_for(tok, sent)
                if frame is not None:
                    frames.append(frame)
        frames = self._resolve_nesting(frames)
        frames = self._resolve_nesting(self._add_quote_frames(frames))
        frames = self._resolve_nesting(self._merge_quotes(frames))
        frames.sort(key=lambda f: f.cue_pos)

        out: list[ExtractedStatement] = []
        by_sentence: dict[int, list[Frame]] = {}
        for frame in frames:
            by_sentence.setdefault(frame.cue.sent.start, []).append(frame)
        for sent in self.doc.sents:
            self.budget.check()
            sent_frames = by_sentence.get(sent.start, [])
            self._note_subject(sent)
            for frame in sent_frames:
                frame.refs = self._speakers(frame)
                for ref in frame.refs if len(frame.refs) == 1 else [self._group(frame.refs)]:
                    self.salience.append(ref)
            self.salience.sort(key=lambda r: r.pos)
            self._dates_for(sent, sent_frames)
            said = [s for frame in sent_frames for s in self._statements(frame, sent)]
            out.extend(said)
            self.previous = (self._paragraph(sent.start_char), said)
        return out

    # -- frames from the parse ------------------------------------------------------------

    def _frame_for(self, tok: Token, sent: Span) -> Frame | None:
        if tok.lower_ == "according" and tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ == "to":
            return self._according_to(tok, sent)
        if tok.pos_ != "VERB":
            return None
        lemma = tok.lemma_.lower()
        children = list(tok.children)
        deps = {c.dep_ for c in children}
        if deps & {"nsubjpass", "auxpass"}:
            return None  # "is said to", "asked by reporters": no speaker of its own
        if tok.tag_ == "VBN" and "aux" not in deps:
            return None  # "Asked whether ...": a reporter's question, or a participle modifier
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
        if infinitive and (tok.head.lemma_.lower() in C.NOT_SPEECH_HEADS or "ccomp" not in deps):
            return None  # "declined to say", "traveled to push for an agreement"
        if tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ == "to" and lemma == "say":
            return None  # "said to run to four pages": no one is reported
        if any(c.dep_ == "aux" and c.tag_ == "MD" for c in children):
            return None  # "Sudmark will ask for a new quota": an intention, nothing said yet
        if self._hypothetical(tok):
            return None  # "once the agency confirms that ...": nothing was said yet
        if self._is_what_clause(tok):
            return None  # "what X called 'B'" is the writer's framing, not a statement
        by_dep = {}
        for c in children:
            by_dep.setdefault(c.dep_, []).append(c)
        obj = next(iter(by_dep.get("dobj", [])), None)

        clauses = [c for c in by_dep.get("ccomp", []) if not self._is_question(c)]
        ccomp = next((c for c in clauses if c.i > tok.i), clauses[0] if clauses else None)
        if lemma in C.CLAUSE_CUES and ccomp is not None:
            return self._clause_frame(tok, ccomp, "clause")

        if lemma in C.SECONDARY_PREDICATE_CUES and obj is not None and obj.lower_ not in {"what", "which"}:
            wanted = C.SECONDARY_PREDICATE_CUES[lemma]
            for c in children:
                if c.i <= obj.i or c.dep_ == "punct":
                    continue
                if wanted is None and c.dep_ in {"oprd", "xcomp", "ccomp", "attr", "acomp"}:
                    return self._span_frame(tok, obj, c, "predicate")
                if wanted and c.lower_ in wanted and c.dep_ in {"prep", "oprd", "acomp", "xcomp", "advmod", "amod"}:
                    return self._span_frame(tok, obj, c, "predicate")
                if wanted and c.dep_ in {"oprd", "acomp", "xcomp"} and any(t.lower_ in wanted for t in c.subtree):
                    return self._span_frame(tok, obj, c, "predicate")
            # spaCy often hangs the predicate under the object: "accused [the leader of ...]".
            for c in obj.children:
                if c.i <= obj.i:
                    continue
                if wanted is None and c.dep_ in {"appos", "attr", "oprd", "npadvmod"}:
                    return self._span_frame(tok, obj, c, "predicate")
                if wanted and c.dep_ == "prep" and c.lower_ in wanted:
                    return self._span_frame(tok, obj, c, "predicate")
        oprd = next((c for c in by_dep.get("oprd", []) if c.i > tok.i + 1), None)
        if lemma == "call" and obj is None and oprd is not None:
            # "called the corridor Hamas's 'oxygen pipe'": the parser lost the object in a compound
            return self._span_frame(tok, self.doc[tok.i + 1], oprd, "predicate")
        if lemma in C.SECONDARY_PREDICATE_CUES and obj is None and C.SECONDARY_PREDICATE_CUES[lemma]:
            wanted = C.SECONDARY_PREDICATE_CUES[lemma]
            for c in by_dep.get("ccomp", []) + by_dep.get("xcomp", []):
                if c.i > tok.i and c.lower_ in wanted:
                    first = min(t.i for t in c.subtree)
                    return self._span_frame(tok, self.doc[first], c, "predicate")

        if lemma in C.PREPOSITION_CUES:
            for prep in by_dep.get("prep", []):
                if prep.lower_ in C.PREPOSITION_CUES[lemma] and prep.i > tok.i:
                    objs = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
                    if objs:
                        end_tok = self._last_of(
                            [prep, *[c for c in children if c.i > prep.i and c.dep_ in {"xcomp", "advcl"}]]
                        )
                        return self._span_frame(tok, objs[0], end_tok, "preposition")

        if lemma in C.OBJECT_INFINITIVE_CUES and obj is not None:
            xcomp = next((c for c in children if c.dep_ in {"xcomp", "ccomp"} and c.i > obj.i), None)
            if xcomp is None or not self._has_to(xcomp):
                xcomp = next((t for t in obj.subtree if t.i > obj.i and t.pos_ == "VERB" and self._has_to(t)), None)
            if xcomp is not None:
                return self._span_frame(tok, obj, xcomp, "object-infinitive")

        if lemma in C.INFINITIVE_CUES:
            xcomp = next((c for c in by_dep.get("xcomp", []) if c.i > tok.i), None)
            if xcomp is not None:
                first = min(xcomp.subtree, key=lambda t: t.i)
                return self._span_frame(tok, first, xcomp, "infinitive")

        if lemma in C.OBJECT_CUES and obj is not None and obj.pos_ != "PRON" and obj.i > tok.i:
            return self._span_frame(tok, obj, obj, "object")

        # "X, he said, Y": the report is the sentence around the cue.
        if lemma in C.CLAUSE_CUES and tok.dep_ in {"parataxis", "ccomp"} and "nsubj" in deps and obj is None:
            first = min(t.i for t in tok.subtree)
            if first > sent.start and "," in {self.doc[first].text, self.doc[first - 1].text}:
                return self._parenthetical_frame(tok, sent)
        if lemma in C.CLAUSE_CUES and ccomp is None:
            return self._that_clause(tok, sent)
        if lemma in C.CLAUSE_CUES and tok.dep_ == "ROOT" and "nsubj" in deps and obj is None and not ccomp:
            left = [
                c
                for c in children
                if c.i < tok.i and c.dep_ not in {"nsubj", "punct", "advmod", "prep", "npadvmod", "cc"}
            ]
            if left:
                return self._parenthetical_frame(tok, sent)
        return None

    def _according_to(self, tok: Token, sent: Span) -> Frame | None:
        to = self.doc[tok.i + 1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            return None
        phrase = list(tok.subtree) + list(to.subtree)
        lo = min(t.i for t in phrase)
        hi = max(t.i for t in phrase)
        floor = self._floor(sent.start_char)
        before = (floor, self.doc[lo].idx)
        after = (self.doc[hi].idx + len(self.doc[hi]), sent.end_char)
        start, end = before if before[1] - before[0] >= after[1] - after[0] else after
        start, end = self._trim(start, end)
        if end - start < 10:
            return None
        return Frame(cue=tok, start=start, end=end, construction="according", subject=source)

    def _right_edge(self, cue: Token, lo: int) -> int:
        """The last token of the cue's complements from `lo` on: its objects and predicates, and
        prepositions that belong to them ("a roadmap [to a cease-fire]"), not its adjuncts of time,
        place and occasion ("in a statement on Friday"), nor a new clause after a comma."""
        hi = lo
        for c in cue.children:
            if c.i < lo:
                continue
            if c.dep_ == "prep" and c.lower_ not in {"to", "of", "for", "with", "as", "against"}:
                continue
            if c.dep_ not in {"dobj", "oprd", "xcomp", "ccomp", "attr", "acomp", "prep", "dative"}:
                continue
            if self.doc[min(t.i for t in c.subtree) - 1].text == "," and c.dep_ != "dobj":
                continue
            hi = max(hi, max(t.i for t in c.subtree))
        return hi

    def _that_clause(self, cue: Token, sent: Span) -> Frame | None:
        """`said that day that ...`, `acknowledged in his remarks that ...`: when the parser loses
        the complement clause, the word "that" soon after the cue still marks where it starts."""
        for tok in self.doc[cue.i + 1 : min(cue.i + 16, sent.end)]:
            if tok.lower_ == "that" and (tok.dep_ != "det" or tok.head.dep_ in {"nsubj", "nsubjpass"}):
                start, end = self._trim(self._tok_end(tok), sent.end_char)
                if end - start < 10:
                    return None
                return Frame(cue=cue, start=start, end=end, construction="clause")
            if tok.text in PUNCT_END or tok.dep_ in {"ccomp", "conj", "advcl", "relcl", "xcomp", "parataxis"}:
                return None
        return None

    def _clause_frame(self, cue: Token, clause: Token, construction: str) -> Frame | None:
        toks = list(clause.subtree)
        lo, hi = min(t.i for t in toks), max(t.i for t in toks)
        before = [t for t in toks if t.i < cue.i]
        if lo < cue.i < hi and all(t.tag_ in {"WDT", "WP", "IN"} or t.is_punct for t in before):
            # "..., which it said would inflame the region": the relative word is not the report
            start, end = self.doc[min(t.i for t in toks if t.i > cue.i)].idx, self._tok_end(self.doc[hi])
        elif lo < cue.i < hi:
            # "The proposal, they said, was consistent ...": the report runs around the cue.
            start, end = self.doc[lo].idx, self._tok_end(self.doc[hi])
        elif clause.i > cue.i:
            first = min(t.i for t in toks if t.i > cue.i)
            start, end = self.doc[first].idx, self._tok_end(self.doc[hi])
        else:
            start, end = self.doc[lo].idx, self._tok_end(self.doc[hi])
            start = max(start, self._floor(start))
        for c in cue.children:
            if c.dep_ != "conj" or c.i < clause.i:
                continue
            if any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
                end = max(end, self._tok_end(self.doc[max(t.i for t in c.subtree)]))  # "..., but that ..."
            elif clause.i < cue.i and c.pos_ in {"VERB", "AUX"} and c.lemma_.lower() not in C.CLAUSE_CUES:
                end = max(end, self._tok_end(self.doc[max(t.i for t in c.subtree)]))  # "A, he said, and B"
        start = self._skip_that(start, end)
        start, end = self._trim(start, end)
        if end <= start:
            return None
        return Frame(cue=cue, start=start, end=end, construction=construction)

    def _span_frame(self, cue: Token, first: Token, last: Token, construction: str) -> Frame | None:
        lo = min(t.i for t in first.subtree)
        hi = max(max(t.i for t in last.subtree), self._right_edge(cue, lo))
        if lo <= cue.i <= hi:
            lo = cue.i + 1
        start, end = self._trim(self.doc[lo].idx, self._tok_end(self.doc[hi]))
        if end <= start:
            return None
        return Frame(cue=cue, start=start, end=end, construction=construction)

    def _parenthetical_frame(self, cue: Token, sent: Span) -> Frame | None:
        clause = [cue]
        for c in cue.children:
            if c.dep_ not in {"conj", "cc", "ccomp", "parataxis", "advcl"}:
                clause.extend(c.subtree)
        c_lo, c_hi = min(t.i for t in clause), max(t.i for t in clause)
        start = self._floor(sent.start_char)
        end = sent.end_char
        if c_hi >= sent.end - 1 or all(t.is_punct for t in self.doc[c_hi + 1 : sent.end]):
            end = self.doc[c_lo].idx  # the attribution closes the sentence: "..., the ministry said."
        elif c_lo <= sent.start:
            start = self._tok_end(self.doc[c_hi])
        start, end = self._trim(start, end)
        if end - start < 10:
            return None
        return Frame(cue=cue, start=start, end=end, construction="parenthetical")

    # -- quotations -----------------------------------------------------------------------

    def _add_quote_frames(self, frames: list[Frame]) -> list[Frame]:
        """Quotes that no parsed frame claims, attributed by a cue just after or before them."""
        for frame in frames:
            self._mark_direct(frame)
        for qs, qe in self.quotes:
            if any(f.start <= qs and qe <= f.end + 1 for f in frames) or any(
                qs <= f.start and f.end <= qe for f in frames if f.kind == "direct"
            ):
                continue
            if any(f.start < qs < f.end or f.start < qe < f.end for f in frames):
                continue  # a partial quote inside a paraphrase
            if WHAT_CALLED.search(self.text, max(0, qs - 80), qs - 1):
                continue  # the writer's framing: "what X called 'B'"
            cue = self._attribution_after(qe) or self._attribution_before(qs)
            if cue is None:
                continue
            frames.append(Frame(cue=cue, start=qs, end=qe, construction="quote", kind="direct", pieces=[(qs, qe)]))
        return frames

    def _mark_direct(self, frame: Frame) -> None:
        """A report that is all quotation is a direct quote, whole: the parser may have kept only
        its first sentence, or the opening quote mark."""
        for qs, qe in self.quotes:
            inner_s, inner_e = self._trim(qs, qe)
            if not (qs - 1 <= frame.start and frame.end <= qe + 1):
                continue
            if frame.start <= inner_s or (frame.end - frame.start) >= 0.8 * (inner_e - inner_s):
                frame.start, frame.end, frame.kind, frame.pieces = qs, qe, "direct", [(qs, qe)]
                return

    def _attribution_after(self, qe: int) -> Token | None:
        tok = self._token_at(qe)
        if tok is None:
            return None
        if self.text[qe - 1 : qe] in PUNCT_END and not re.match(r"[”\"]?\s*[a-z]", self.text[qe : qe + 4]):
            return None  # the quote ends its sentence: what follows is a new sentence
        for t in self.doc[tok.i : min(tok.i + 14, len(self.doc))]:
            if t.idx < qe:
                continue
            if t.text in PUNCT_END or t.text in {"“"} or (t.text == '"' and t.idx > qe + 1) or "\n" in t.text:
                return None
            if t.dep_ == "cc" and t.idx > qe + 1:
                return None  # "..., and Sudmark recalled its ambassador": another clause
            if self._is_cue_verb(t):
                return t
        return None

    def _attribution_before(self, qs: int) -> Token | None:
        before = self.text[max(0, qs - 4) : qs - 1].rstrip()
        if not before.endswith((":", ",")):
            return None
        tok = self._token_at(qs - 1 - (len(self.text[max(0, qs - 4) : qs - 1]) - len(before)) - 1)
        if tok is None:
            return None
        for t in reversed(self.doc[max(tok.sent.start, tok.i - 12) : tok.i + 1]):
            if self._is_cue_verb(t):
                return t
        return None

    def _is_cue_verb(self, t: Token) -> bool:
        if t.pos_ != "VERB" or t.lemma_.lower() not in C.CLAUSE_CUES:
            return False
        return not any(c.dep_ in {"nsubjpass", "auxpass"} or (c.dep_ == "aux" and c.lower_ == "to") for c in t.children)

    def _merge_quotes(self, frames: list[Frame]) -> list[Frame]:
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
                    nxt = self._next_quote(frame)
                    if nxt is None:
                        break
                    qs, qe, continuation = nxt
                    other = starts.get(qs)
                    if other is not None and not continuation and other.cue is not frame.cue:
                        break  # the next quote has its own attribution
                    if other is not None:
                        absorbed.add(id(other))
                    frame.end = qe
                    frame.pieces.append((qs, qe))
            merged.append(frame)
        return merged

    def _next_quote(self, frame: Frame) -> tuple[int, int, bool] | None:
        last_end = frame.pieces[-1][1]
        para_end = next(e for s, e in self.paragraphs if s <= last_end <= e)
        following = [(qs, qe) for qs, qe in self.quotes if qs > last_end and qe <= para_end]
        if not following:
            return None
        qs, qe = following[0]
        between = self.text[last_end + 1 : qs - 1]
        cue_in_between = frame.cue.idx > last_end and frame.cue.idx < qs
        if not between.strip():
            return None
        if cue_in_between and re.fullmatch(r"[^\"“”.!?]*,\s*", between):
            return qs, qe, True  # "A," the president said in the address, "and B."
        # the next sentence is a quote: it continues this speaker unless it has its own cue
        if (
            (cue_in_between or frame.cue.idx < frame.pieces[0][0])
            and re.fullmatch(r"[^\"“”]*[.!?:]\s*", between)
            and self._attribution_after(qe) is None
        ):
            return qs, qe, False
        return None

    # -- nesting --------------------------------------------------------------------------

    def _resolve_nesting(self, frames: list[Frame]) -> list[Frame]:
        kept: list[Frame] = []
        for inner in frames:
            outers = [o for o in frames if o is not inner and o.start <= inner.cue.idx < o.end]
            if not outers:
                kept.append(inner)
                continue
            separate = self._stands_alone(inner)
            if separate is None and self._coordinated_act(inner):
                # the parser hung "but cautioned that ..." inside the first report
                inner.subject = self._subject(outers[0])
                cc = [t for t in inner.cue.head.children if t.dep_ == "cc" and t.i < inner.cue.i]
                separate = (cc[-1] if cc else inner.cue).idx
            if separate is None:
                continue
            for outer in outers:
                if separate > outer.start:
                    outer.start, outer.end = self._trim(outer.start, separate)
            kept.append(inner)
        return [f for f in kept if f.end > f.start]

    def _coordinated_act(self, frame: Frame) -> bool:
        tok = frame.cue
        return (
            tok.dep_ == "conj"
            and not any(c.dep_ == "nsubj" for c in tok.children)
            and tok.tag_ in {"VBD", "VBZ", "VBP"}
            and tok.head.lemma_.lower() not in C.CLAUSE_CUES
        )

    def _stands_alone(self, frame: Frame) -> int | None:
        """Where a nested report's own clause starts, if it is a clause of its own with a subject."""
        tok = frame.cue
        first = min(t.i for t in tok.subtree)
        if tok.tag_ == "VBG" and tok.dep_ in {"advcl", "xcomp", "conj"} and self.doc[first - 1].text == ",":
            return self.doc[first - 1].idx  # "X rejected A, calling it B": two speech acts
        if not any(c.dep_ == "nsubj" for c in tok.children):
            return None
        node = tok
        while node.dep_ == "conj" and node.head.lemma_.lower() not in C.CLAUSE_CUES:
            node = node.head
        marks = {c.lower_ for c in node.children if c.dep_ == "mark"}
        if node.dep_ == "relcl" or node.dep_ == "conj" or (node.dep_ == "advcl" and marks & SEPARATE_MARKS):
            return self.doc[min(t.i for t in node.subtree)].idx
        return None

    # -- speakers -------------------------------------------------------------------------

    def _subject(self, frame: Frame) -> Token | None:
        if frame.subject is not None:
            return frame.subject
        tok = frame.cue
        for _ in range(6):
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                if subj.lower_ in {"who", "which", "that"} and tok.dep_ == "relcl":
                    return tok.head
                return subj
            if tok.dep_ == "conj" or (tok.dep_ in {"advcl", "xcomp", "pcomp"} and tok.head.pos_ in {"VERB", "AUX"}):
                tok = tok.head
            elif tok.dep_ in {"advcl", "pcomp", "pobj"} and tok.head.lower_ == "as":
                quoted = next((c for c in tok.head.head.children if c.dep_ == "dobj"), None)
                return quoted
            elif tok.dep_ in {"acl", "relcl"} and tok.head.pos_ in {"NOUN", "PROPN"}:
                if tok.head.lemma_.lower() in C.DOCUMENT_NOUNS:
                    tok = tok.head.head
                    continue
                return tok.head
            else:
                return None
        return None

    def _speakers(self, frame: Frame) -> list[Ref]:
        subj = self._subject(frame)
        if subj is None:
            return []
        return self._refs_for(subj)

    def _refs_for(self, head: Token) -> list[Ref]:
        pronoun = C.THIRD_PERSON.get(head.lower_)
        if pronoun is not None and head.pos_ == "PRON":
            ref = self._antecedent(pronoun, head.idx)
            if ref is None:
                return []
            return [replace(r, surface=head.text) for r in (ref.members or (ref,))]
        if head.pos_ == "PRON":
            return []
        heads = [head]
        for t in head.subtree:
            if (
                t.dep_ == "conj"
                and t.pos_ in {"PROPN", "NOUN"}
                and (t.head in heads or (t.ent_type_ == "PERSON" and head.ent_type_ == "PERSON"))
            ):
                heads.append(t)
        return [r for h in heads for r in self._refs_for_one(h)]

    def _np_tokens(self, head: Token) -> list[Token]:
        """The noun phrase of a speaker: without relative clauses, appositions and what follows a comma."""
        drop: set[int] = set()
        for c in head.children:
            if c.dep_ in {"relcl", "appos", "conj", "cc"} or (
                c.dep_ == "acl" and c.i > head.i and self.doc[c.i - 1].is_punct
            ):
                drop.update(t.i for t in c.subtree)
            if c.dep_ == "punct" and c.i > head.i:
                drop.update(range(c.i, max(t.i for t in head.subtree) + 1))
        # ", such as ..." and ", including ..." give examples, whatever the parser hangs them on:
        # "officials familiar with the talks, such as Israeli troops remaining ..." are officials.
        for t in head.subtree:
            if t.i > head.i and t.dep_ == "prep" and self._introduces_examples(t):
                comma = t.left_edge.i - 1
                if comma > head.i and self.doc[comma].is_punct:
                    drop.update(range(comma, t.right_edge.i + 1))
        toks = [t for t in head.subtree if t.i not in drop]
        while toks and (toks[-1].is_punct or toks[-1].dep_ in {"cc", "case"} and toks[-1].i > head.i):
            toks.pop()
        while toks and toks[0].is_punct:
            toks.pop(0)
        return toks

    def _introduces_examples(self, prep: Token) -> bool:
        if prep.lower_ == "including":
            return True
        return prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children)

    def _refs_for_one(self, head: Token) -> list[Ref]:
        toks = self._np_tokens(head)
        appositions = [c for c in head.children if c.dep_ == "appos"]
        person_tokens = [t for t in toks if t.ent_type_ == "PERSON"]
        if not person_tokens and head.pos_ in {"NOUN", "PROPN"} and head.ent_type_ != "PERSON":
            # "the defense minister, Yoav Gallant": the named apposition is the speaker
            for ap in appositions:
                if ap.ent_type_ == "PERSON":
                    names = [ap] + [t for t in ap.subtree if t.dep_ == "conj" and t.ent_type_ == "PERSON"]
                    party = self._party_in(toks) or self._pronoun_party(toks)
                    return [self._person_ref(n, self._np_tokens(n), fallback_party=party) for n in names]
        # "Israeli and Hamas officials": one speaker a party
        for mod in head.children:
            if mod.i < head.i and mod.dep_ in {"amod", "compound", "nmod"}:
                alternatives = [mod] + [t for t in mod.subtree if t.dep_ == "conj"]
                if len(alternatives) > 1:
                    refs = []
                    for alt in alternatives:
                        drop = {
                            t.i for a in alternatives if a is not alt for t in a.subtree if t.dep_ != "conj" or t is a
                        }
                        drop |= {t.i for t in mod.subtree if t.dep_ == "cc" or t.is_punct}
                        drop |= {t.i for t in alt.subtree if t is not alt}
                        sub = [t for t in toks if t.i not in drop]
                        refs.append(self._plain_ref(head, sub, appositions))
                    return refs
        if person_tokens or self._is_person_name(head):
            return [self._person_ref(head, toks)]
        return [self._plain_ref(head, toks, appositions)]

    def _person_ref(self, head: Token, toks: list[Token], fallback_party: str | None = None) -> Ref:
        ent_toks = [t for t in toks if t.ent_type_ == "PERSON"] or [head]
        # A name followed by a possessive is the possessor: "Netanyahu's office" is not Netanyahu.
        if not self._is_person_name(head):
            return self._plain_ref(head, toks, [c for c in head.children if c.dep_ == "appos"])
        ent = next((e for e in self.doc.ents if e.start <= head.i < e.end and e.label_ == "PERSON"), None)
        proper = " ".join(t.text for t in ent_toks if t.pos_ == "PROPN") or head.text
        words = ent.text if ent is not None else proper
        name = self._complete_name(self._strip_words(words))
        actor = name if name in self.ex.actor_party else None
        party = self.ex.actor_party.get(actor) if actor else None
        if party is None:
            party = (
                self._party_in(toks)
                or self._party_in(self._apposition_tokens(head))
                or self._pronoun_party(self._apposition_tokens(head))
                or fallback_party
                or self.person_party.get(name)
            )
        if party is not None:
            self.person_party.setdefault(name, party)
        surface = self._display(toks) if toks else head.text
        return Ref(
            name=name, pos=head.idx, actor=actor, party=party, person=True, head=head.lemma_.lower(), surface=surface
        )

    def _plain_ref(self, head: Token, toks: list[Token], appositions: list[Token]) -> Ref:
        lemma = head.lemma_.lower()
        words = toks
        # "the official", "The office": the speaker named before with the same head noun
        dets = {t.lower_ for t in words if t.dep_ == "det"}
        modifiers = [t for t in words if t is not head and t.dep_ not in {"det", "punct"}]
        if dets & {"the", "this", "that", "these", "those"} and not modifiers:
            for ref in reversed(self.salience):
                if ref.head == lemma and ref.pos < head.idx and not ref.members:
                    return replace(ref, pos=head.idx, surface=self._display(words))
        # "the secretary of state", "Iran's supreme leader": an actor by title
        title_ref = self._title_ref(head, words)
        if title_ref is not None:
            return title_ref
        party = self._party_in(words) or self._party_in([t for a in appositions for t in a.subtree])
        if party is None:
            party = self._pronoun_party(words)
        # "the militant group", "officials from the group"
        if party is None and any(t.lemma_.lower() == "group" for t in words if t.i >= head.i):
            party = self._last_group_party(head.idx)
        name = self._display(words)
        person = lemma in C.PERSON_NOUNS
        anonymous = lemma in C.ANONYMOUS_NOUNS and not any(t.ent_type_ == "PERSON" for t in words)
        plural = head.tag_ in {"NNS", "NNPS"}
        return Ref(
            name=name,
            pos=head.idx,
            party=party,
            anonymous=anonymous,
            person=person,
            plural=plural,
            head=lemma,
            surface=name,
        )

    def _title_ref(self, head: Token, words: list[Token]) -> Ref | None:
        core = [t for t in words if t.dep_ not in {"det", "poss", "case"} and not (t.dep_ == "poss" or t.tag_ == "POS")]
        owner = [t for t in words if t.dep_ == "poss" or t.tag_ == "POS"]
        title = " ".join(t.lower_ for t in core)
        actors = self.ex.actor_titles.get(title)
        if not actors:
            return None
        owner_party = self._party_in(owner) if owner else None
        if owner and owner_party is None:
            return None  # "Israel's prime minister" in talks where Israel is no party
        candidates = [a for a in actors if owner_party is None or self.ex.actor_party.get(a) == owner_party]
        if not candidates:
            return None
        mentioned = [
            (s, actor) for s, e, party, actor in self.name_spans if actor in candidates and self.doc[s].idx < head.idx
        ]
        actor = max(mentioned)[1] if mentioned else (candidates[0] if len(candidates) == 1 else None)
        if actor is None:
            return None
        return Ref(
            name=actor,
            pos=head.idx,
            actor=actor,
            party=self.ex.actor_party.get(actor),
            person=True,
            head=head.lemma_.lower(),
            surface=self._display(words),
        )

    def _is_person_name(self, head: Token) -> bool:
        """PERSON to the NER, or a proper noun that names an actor of the setup or a person the
        article named in full before ("Varga" after "Ada Varga"): the small model often tags a
        lone surname as an organisation."""
        if head.ent_type_ == "PERSON":
            return True
        if head.pos_ != "PROPN":
            return False
        if self.names.get(head.i, ("", ""))[1]:
            return True
        return any(" " in p and p.split()[-1] == head.text for p in self.persons)

    def _apposition_tokens(self, head: Token) -> list[Token]:
        return [t for c in head.children if c.dep_ == "appos" for t in c.subtree]

    def _party_in(self, toks: list[Token]) -> str | None:
        """The first party that words of the phrase name (an alias, a party or an actor's name).

        Only the phrase's own words count, not what follows "familiar with" or "involved in":
        officials familiar with a U.S. proposal are not American.
        """
        ids = {t.i for t in toks}
        allowed = {t.i for t in toks if not self._inside_loose_modifier(t, ids)}
        for t in sorted(toks, key=lambda t: t.i):
            if t.i in allowed and t.i in self.names:
                party = self.names[t.i][0]
                if party:
                    return party
        for t in toks:
            if t.i in allowed and t.i not in self.names and t.lower_ in self.ex.alias_heads:
                return self.ex.alias_heads[t.lower_]
        return None

    def _inside_loose_modifier(self, t: Token, phrase: set[int]) -> bool:
        node = t
        while node.head.i != node.i and node.head.i in phrase:
            if node.dep_ in {"acl", "relcl", "amod"} and node.lower_ in {"familiar", "involved", "briefed", "close"}:
                return True
            if node.dep_ == "prep" and node.lower_ in {"with", "about", "on", "to", "in"}:
                return True
            node = node.head
        return False

    def _pronoun_party(self, toks: list[Token]) -> str | None:
        for t in toks:
            if t.dep_ == "poss" and t.lower_ in {"its", "their"}:
                ref = self._antecedent("thing" if t.lower_ == "its" else "plural", t.idx)
                if ref is not None:
                    return ref.party
        return None

    def _last_group_party(self, pos: int) -> str | None:
        """ "the group", "the militant group": the last party named that is not a country."""
        for s, _e, party, actor in reversed(self.name_spans):
            tok = self.doc[s]
            if tok.idx < pos and party and not actor and tok.ent_type_ not in {"GPE", "NORP", "LOC"}:
                return party
        return None

    def _antecedent(self, kind: str, pos: int) -> Ref | None:
        for ref in reversed(self.salience):
            if ref.pos >= pos:
                continue
            if kind == "person" and ref.person and not ref.plural and not ref.members:
                return ref
            if kind == "thing" and not ref.person and not ref.plural and not ref.members:
                return ref
            if kind == "plural" and (ref.plural or ref.members):
                return ref
        return None

    def _group(self, refs: list[Ref]) -> Ref:
        pos = min((r.pos for r in refs), default=0)
        return Ref(name=" and ".join(r.name for r in refs), pos=pos, plural=True, members=tuple(refs))

    def _note_subject(self, sent: Span) -> None:
        """The subject of a sentence is an antecedent for the pronouns that follow it."""
        root = sent.root
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ == "PRON" or any(r.pos == subj.idx for r in self.salience):
            return
        if subj.ent_type_ not in {"PERSON", "ORG", "GPE", "NORP"} and subj.lemma_.lower() not in C.PERSON_NOUNS:
            return
        refs = self._refs_for(subj)
        if len(refs) == 1:
            self.salience.append(refs[0])
        elif refs:
            self.salience.append(self._group(refs))
        self.salience.sort(key=lambda r: r.pos)

    # -- names ----------------------------------------------------------------------------

    def _strip_words(self, name: str) -> str:
        words = name.replace("’", "'").split()
        while len(words) > 1 and words[0].lower().strip(".") in C.HONORIFICS | {w.rstrip(".") for w in C.HONORIFICS}:
            words.pop(0)
        while words and words[-1] in {"'s", "'"}:
            words.pop()
        return " ".join(words)

    def _complete_name(self, name: str) -> str:
        """ "Blinken" -> "Antony Blinken"; "Mohammed" -> "Mohammed bin Abdulrahman Al Thani".

        The setup's actors first, then the longest name of the article that begins or ends with it.
        """
        words = name.split()
        best, best_key = name, (False, len(words))
        for full in [*self.ex.actor_party, *self.persons]:
            fw = full.split()
            if len(fw) < len(words) or not words:
                continue
            if fw[-len(words) :] == words or fw[: len(words)] == words:
                key = (full in self.ex.actor_party, len(fw))
                if key > best_key:
                    best, best_key = full, key
        return best

    def _display(self, toks: list[Token]) -> str:
        out = []
        for t in toks:
            if t.ent_type_ == "PERSON" and t.lower_.rstrip(".") in C.HONORIFICS:
                continue
            out.append(t.text_with_ws)
        text = "".join(out).strip().replace("’", "'")
        return self._strip_words(text) if toks and toks[0].ent_type_ == "PERSON" else text

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
        subjects = {r.name for r in self.salience if sent.start_char <= r.pos < sent.end_char}
        sentence_day = days[-1][1] if days else None
        self.sentence_log.append(_Sentence(self._paragraph(sent.start_char), frames, sentence_day, subjects))

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
        lo, hi = toks[0].idx if toks else cue.idx, self._tok_end(toks[-1]) if toks else cue.idx
        subj = self._subject(frame)
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
        paragraph = self._paragraph(sent.start_char)
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
        subject = self._subject(frame)
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
        if paragraph != self._paragraph(sent.start_char):
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

    # -- small helpers --------------------------------------------------------------------

    def _paragraph(self, pos: int) -> int:
        for n, (s, e) in enumerate(self.paragraphs):
            if s <= pos <= e:
                return n
        return -1

    def _floor(self, pos: int) -> int:
        for s, e in self.paragraphs:
            if s <= pos <= e:
                return max(pos, self.content_floor[s])
        return pos

    def _tok_end(self, tok: Token) -> int:
        return tok.idx + len(tok.text)

    def _token_at(self, pos: int) -> Token | None:
        span = self.doc.char_span(pos, pos + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def _last_of(self, toks: list[Token]) -> Token:
        return max(toks, key=lambda t: max(x.i for x in t.subtree))

    def _has_to(self, tok: Token) -> bool:
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)

    def _is_question(self, tok: Token) -> bool:
        return any(c.lower_ in {"whether", "if"} and c.dep_ == "mark" for c in tok.children)

    def _hypothetical(self, tok: Token) -> bool:
        node = tok
        while node.dep_ == "conj":
            node = node.head
        marks = {c.lower_ for c in node.children if c.dep_ == "mark"}
        return node.dep_ == "advcl" and bool(marks & {"if", "unless", "once", "until", "whenever"})

    def _is_what_clause(self, tok: Token) -> bool:
        return any(c.lower_ == "what" and c.dep_ in {"dobj", "nsubj", "oprd"} for c in tok.children)

    def _skip_that(self, start: int, end: int) -> int:
        m = re.match(r"\s*(?:that|,)\s+", self.text[start:end])
        return start + m.end() if m else start

    def _trim(self, start: int, end: int) -> tuple[int, int]:
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
        if self.text.count("“", start, end) > self.text.count("”", start, end):
            close = re.match(r"[.,!?]?”", self.text[end : end + 2])
            if close:
                end += close.end()
        return start, end
