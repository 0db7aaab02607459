"""Frames: the speech acts found on the parse, by an ordered table of named rules.

A frame is one speech act: the cue token, the character span of what was reported, and the
token that names its speaker. `FrameFinder.frame_for` reads one token:
1. the rules of `RULES` are tried in order and the first that matches wins, even when the span
   it builds turns out empty (then the token gives no frame, and no later rule is tried);
2. before the first rule that needs a verb, the `EXCLUSIONS` are tried in order: a token that
   one of them matches gives no frame.

Invariants:
- Rule and exclusion ids are unique (tests/extraction/test_frames.py); the order of the tables
  is the order of the checks, so moving an entry changes what is found.
- Every frame built here records the id of the rule that built it in `Frame.rule`; frames made
  elsewhere (quotes.py) record their own ids, so every statement can say why it was taken.
- `start <= end` are character offsets of the article's text; a frame with `end <= start` is
  never returned.
- Tokens are compared by index (`.i`), never with `is`: spaCy makes a new Token object on each
  access, so `is` between two tokens never holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from . import cues as C
from .text import PUNCT_END, ArticleText, tok_end

if TYPE_CHECKING:
    from .speakers import Ref

SEPARATE_MARKS = {"though", "although", "while", "whereas"}
NAME_ENTITIES = {"PERSON", "ORG", "GPE", "NORP"}
PERSONAL_PRONOUNS = frozenset("i we he she they".split())
# Verbs of letting: what they let someone do is not done.
PERMISSIVE_HEADS = frozenset("let allow permit enable".split())
# Prepositions that may go on with an object the parser hung on its verb instead ("revealed a
# rift [over how the river is shared]"): not those of time, means or circumstance (at, during, by, after ...).
NOUN_PREPOSITIONS = frozenset("in on about over from into toward towards across among between within around".split())
# The heads of an object that points back to something said before: "said the same thing", "as much".
SAME_THING = frozenset("thing same much".split())
# Subordinating conjunctions of time and cause: the clause they open is an adverbial.
ADVERBIAL_MARKS = frozenset("before after until till since when while once because".split())
# The dependencies of a clause's subject.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
# The tags of a verb in a tense of its own: past, present third person, present.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


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
    rule: str = ""  # the id of the rule that found it: "clause", "quote-after", ...

    @property
    def cue_pos(self) -> int:
        return self.cue.idx


class _NoMatch:
    """What a rule returns when it does not apply to the token: the next rule is tried."""


NO_MATCH = _NoMatch()


class Cue:
    """One token as the rules see it, with what they ask of its children worked out once."""

    def __init__(self, tok: Token, sent: Span, finder: FrameFinder):
        self.tok = tok
        self.sent = sent
        self.finder = finder
        self.doc = tok.doc

    @cached_property
    def lemma(self) -> str:
        return self.tok.lemma_.lower()

    @cached_property
    def children(self) -> list[Token]:
        return list(self.tok.children)

    @cached_property
    def deps(self) -> set[str]:
        return {c.dep_ for c in self.children}

    @cached_property
    def by_dep(self) -> dict[str, list[Token]]:
        by_dep: dict[str, list[Token]] = {}
        for c in self.children:
            by_dep.setdefault(c.dep_, []).append(c)
        return by_dep

    @cached_property
    def obj(self) -> Token | None:
        return next(iter(self.by_dep.get("dobj", [])), None)

    @cached_property
    def ccomp(self) -> Token | None:
        clauses = [c for c in self.by_dep.get("ccomp", []) if self.lemma in C.DOUBT_CUES or not is_question(c)]
        # "Brell said it twice before he left": a clause that a conjunction of time or cause
        # opens is when or why the cue happened, not what was said, whatever the parser hung
        # it as.
        clauses = [c for c in clauses if not marked_by(c, ADVERBIAL_MARKS)]
        # "Everything Brell says is a lie": a finite clause with no subject of its own after a
        # cue that heads the sentence is the predicate of a subject the cue sits in (the parser
        # made the cue the root); a complement clause has a subject, if only one the parser took
        # for the cue's object ("said the hardest part still lay ahead").
        if self.tok.dep_ == "ROOT" and not any(o.i > self.tok.i for o in self.by_dep.get("dobj", [])):
            clauses = [c for c in clauses if c.i < self.tok.i or not subjectless_finite(c)]
        if not clauses and self.tok.dep_ == "xcomp":
            # "Brell continues to insist, most recently in an interview, that he wants ...": after
            # the comma the parser hangs the that-clause on "continues"; it is what is insisted.
            clauses = [
                c
                for c in self.tok.head.children
                if c.dep_ in {"advcl", "ccomp"} and c.i > self.tok.i and marked_by(c, {"that"})
            ]
        # "Leaders denounce the test; Varga and others vow consequences": a clause before the cue
        # that a semicolon ends is a sentence of its own, not what the cue reports.
        clauses = [c for c in clauses if c.i > self.tok.i or not self._semicolon_between(c)]
        # "Ms. Lena got a roar from the crowd when, at the end of her song, she added the words
        # 'Vote Varga'": a cue with an object after it says that object; the clause before it
        # is the writer's, not an inverted report.
        # ("told reporters" names whom it was said to, not what.) So does a verbal complement after
        # it: "In his book, 'Save Early', Brell suggested opening accounts" says "opening accounts".
        after = [o for o in self.by_dep.get("dobj", []) if self.lemma not in C.ADDRESSEE_CUES]
        after += [x for x in self.by_dep.get("xcomp", []) if x.tag_ in {"VBG", "VB"}]
        if any(o.i > self.tok.i for o in after):
            clauses = [c for c in clauses if c.i > self.tok.i]
        if not clauses:
            clauses = [c for c in self.by_dep.get("advcl", []) if c.i > self.tok.i and zero_that_clause(c)]
        return next((c for c in clauses if c.i > self.tok.i), clauses[0] if clauses else None)

    def _semicolon_between(self, clause: Token) -> bool:
        end = max(t.i for t in clause.subtree)
        return any(t.text == ";" for t in self.doc[end + 1 : self.tok.i])

    @cached_property
    def excluded(self) -> str | None:
        """The id of the first exclusion that matches the token, if any."""
        return next((ex.id for ex in EXCLUSIONS if ex.test(self)), None)


@dataclass(frozen=True)
class Exclusion:
    id: str
    test: Callable[[Cue], bool]
    example: str  # a sentence it keeps out, with the cue it refuses


@dataclass(frozen=True)
class FrameRule:
    id: str
    construction: str  # Frame.construction of what it builds
    match: Callable[[Cue], Frame | None | _NoMatch]  # NO_MATCH: not this rule; None: no frame
    example: str  # a sentence it reads
    verb: bool = True  # only for verbs that no exclusion keeps out
    # The lemmas it can match, for the rules that match on the cue's lemma: a token whose lemma
    # no such rule names is tried only against the rules without a lemma set (according to, the
    # colon), which is most of an article's tokens. None: any token.
    lemmas: frozenset[str] | None = None


# -- exclusions: a verb that says nothing of its own --------------------------------------------


def _infinitive_not_reporting(c: Cue) -> bool:
    infinitive = any(t.dep_ == "aux" and t.lower_ == "to" for t in c.children)
    if infinitive and c.tok.dep_ == "xcomp" and c.tok.head.lemma_.lower() in C.ASPECTUAL_HEADS:
        return False
    return infinitive and (
        c.tok.head.lemma_.lower() in C.NOT_SPEECH_HEADS or ("ccomp" not in c.deps and c.ccomp is None)
    )


def _imperative(c: Cue) -> bool:
    # "Mr. Brell, tell me what you are going to do": a verb in the imperative asks the one it
    # addresses to speak; it reports nothing, least of all by the addressee. The mood shows as a
    # bare verb heading its sentence with no auxiliary and no subject but the name it calls,
    # a comma before the verb (the parser takes "Mr. Brell" for the subject; a subject set off
    # by an aside, "Some farmers, however, question ...", is a plural the tagger read as bare).
    head = conj_head(c.tok)

    def vocative(t: Token) -> bool:
        end = max(s.i for s in t.subtree if not s.is_punct)
        return t.pos_ == "PROPN" and end + 2 == head.i and c.doc[end + 1].text == ","

    return (
        head.dep_ == "ROOT"
        and c.tok.tag_ == "VB"
        and head.tag_ == "VB"
        and not any(t.dep_ in {"csubj", "expl", "aux", "auxpass"} for t in head.children)
        and all(vocative(t) for t in head.children if t.dep_ in {"nsubj", "nsubjpass"})
    )


def _permitted(c: Cue) -> bool:
    # "The rules let the farmers tell each buyer that ...", "allow companies to tell one buyer
    # that ... while telling another that ...": what a verb of letting lets someone say is a
    # possibility, not something said, and so is anything said within it.
    return any(
        t.dep_ in {"ccomp", "xcomp"} and t.head.lemma_.lower() in PERMISSIVE_HEADS for t in [c.tok, *c.tok.ancestors]
    )


def _modal(c: Cue) -> bool:
    # "Sudmark could take the dispute to court, pushing for a new survey", "will sign the deal and
    # demand a new quota": a participle clause of a modal verb, or a verb coordinated with it
    # under its subject, shares its modality ("would not discuss it, but she said ..." has a
    # subject of its own and does not). Only a verb in its base form shares a modal: "would
    # declare ... and suggested that ...", "'We will open the gates,' Osei said Monday" are
    # finite verbs that the parser hung on the modal's verb, said in a tense of their own.
    node = c.tok
    if node.tag_ == "VBG" and node.dep_ == "advcl":
        node = node.head
    while (
        node.dep_ == "conj"
        and node.tag_ not in FINITE_TAGS
        and not any(t.dep_ in {"nsubj", "nsubjpass"} for t in node.children)
    ):
        node = node.head
    return any(t.dep_ == "aux" and t.tag_ == "MD" for t in [*c.children, *node.children])


def _past_tense_misread(c: Cue) -> bool:
    # "The envoy noted Friday that ...", "Marsh on Wednesday called on Brell to resign":
    # the tagger read the past tense as a participle, but a participle heads no sentence with a
    # subject of its own before it (a headline's passive has its agent: "Plan rejected by union").
    return (
        c.tok.dep_ == "ROOT" and "agent" not in c.deps and any(t.dep_ == "nsubj" and t.i < c.tok.i for t in c.children)
    )


def _said_to(c: Cue) -> bool:
    return c.tok.i + 1 < len(c.doc) and c.doc[c.tok.i + 1].lower_ == "to" and c.lemma == "say"


EXCLUSIONS: tuple[Exclusion, ...] = (
    Exclusion("not-a-verb", lambda c: c.tok.pos_ != "VERB", "The statement was brief."),
    # no speaker of its own
    Exclusion(
        "passive",
        lambda c: bool(c.deps & {"nsubjpass", "auxpass"}),
        "The plan is said to be fair. / The minister, asked by reporters, shook her head.",
    ),
    # a reporter's question, or a participle modifier
    Exclusion(
        "participle",
        lambda c: c.tok.tag_ == "VBN" and "aux" not in c.deps and not _past_tense_misread(c),
        "Asked whether the talks would resume, she smiled.",
    ),
    Exclusion(
        "infinitive-not-reported",
        _infinitive_not_reporting,
        "The minister declined to say. / He traveled to push for an agreement.",
    ),
    # "It goes without saying that the dam is safe", "Varga left without saying that ...":
    # "without" denies the act it governs; nothing was said.
    Exclusion(
        "without",
        lambda c: c.tok.dep_ == "pcomp" and c.tok.head.lower_ == "without",
        "Varga left the hall without saying that the talks had failed.",
    ),
    # what someone is let or allowed to say is a possibility, not something said
    Exclusion("permitted", _permitted, "The rules let the farmers tell each buyer that the grain is local."),
    # an order or a request to the addressee
    Exclusion("imperative", _imperative, "Mr. Brell, tell me what you will do."),
    # no one is reported
    Exclusion("said-to", _said_to, "The draft is said to run to four pages."),
    # an intention, nothing said yet
    Exclusion(
        "modal",
        _modal,
        "Sudmark will ask for a new quota.",
    ),
    # nothing was said yet
    Exclusion(
        "hypothetical",
        lambda c: hypothetical(c.tok),
        "The talks resume once the agency confirms that the site is closed.",
    ),
    # the writer's framing, not a statement
    Exclusion("what-clause", lambda c: is_what_clause(c.tok), "The deal was what critics called 'a trap'."),
)


def relative_that(tok: Token) -> bool:
    """Whether "that" is the relative pronoun of its clause: its object ("the leader that Brell
    admires") or its only subject ("a base that overlooks the bay"), not a complementizer the
    parser hung on a clause with a subject of its own ("said that day that gaps remained")."""
    if tok.lower_ != "that" or tok.head.dep_ != "relcl":
        return False
    if tok.dep_ == "dobj":
        return True
    subjects = [c for c in tok.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return tok.dep_ in {"nsubj", "nsubjpass"} and len(subjects) == 1


def subjectless_finite(clause: Token) -> bool:
    """Whether a clause is headed by a finite verb with no subject of its own."""
    finite = clause.tag_ in {"VBD", "VBZ", "VBP"} or any(
        t.dep_ == "aux" and t.tag_ in {"MD", "VBD", "VBZ", "VBP"} for t in clause.children
    )
    return finite and not any(t.dep_ in {"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"} for t in clause.children)


def zero_that_clause(clause: Token) -> bool:
    """Whether an adverbial clause of a cue is its complement with "that" left out, which the
    parser took for an adverbial because of a phrase before its subject: "said after the
    convention he would not accept": a finite verb with a subject and no conjunction of its own."""
    finite = clause.tag_ in {"VBD", "VBZ", "VBP"} or any(
        t.dep_ == "aux" and t.tag_ in {"MD", "VBD", "VBZ", "VBP"} for t in clause.children
    )
    return (
        finite
        and any(t.dep_ in {"nsubj", "nsubjpass", "expl"} for t in clause.children)
        and not any(t.dep_ == "mark" or t.tag_ == "WRB" for t in clause.children)
    )


# Dashes that set off an aside: the typewriter double hyphen, the em and en dash, and a hyphen
# with spaces around it (" - ").
DASHES = frozenset({"--", "—", "–", "-"})


# -- rules -------------------------------------------------------------------------------------


def _according_to_rule(c: Cue) -> Frame | None | _NoMatch:
    tok = c.tok
    if tok.lower_ == "according" and tok.i + 1 < len(c.doc) and c.doc[tok.i + 1].lower_ == "to":
        return c.finder.according_to(tok, c.sent)
    return NO_MATCH


def _clause_rule(c: Cue) -> Frame | None | _NoMatch:
    if c.lemma in C.CLAUSE_CUES and c.ccomp is not None:
        return c.finder.clause_frame(c.tok, c.ccomp, "clause")
    return NO_MATCH


def _block_quote_rule(c: Cue) -> Frame | None | _NoMatch:
    # "The governor added:" closing a paragraph, and the next paragraph is what he added, set off
    # as a block quotation (without quote marks; a quoted one is the quote rules').
    if c.lemma not in C.CLAUSE_CUES:
        return NO_MATCH
    return c.finder.block_quote(c.tok)


def _claim_noun_rule(c: Cue) -> Frame | None | _NoMatch:
    # "Brell's claim that the dam holds more water", "his insistence that ...": the noun of a
    # speech act with its possessor and its that-clause is a report as its verb is ("Brell
    # claimed that ..."). Without a possessor it names no one ("a statement that day").
    if c.lemma not in C.CLAIM_NOUNS or c.tok.pos_ != "NOUN":
        return NO_MATCH
    owner = next((t for t in c.by_dep.get("poss", [])), None)
    clause = next(
        (t for t in c.by_dep.get("acl", []) if marked_by(t, {"that"})),
        None,
    )
    if owner is None or clause is None or clause.i < c.tok.i:
        return NO_MATCH
    frame = c.finder.clause_frame(c.tok, clause, "clause")
    if frame is not None:
        frame.subject = owner
    return frame


def _passive_agent_rule(c: Cue) -> Frame | None | _NoMatch:
    # "The leak was first reported by the Valley Gazette", "calls for a commission were rejected
    # by the council": the agent said it, and the passive subject is what was said (with the
    # predicate of a verb of naming: "Brell has been called a fraud by his own engineers").
    # "The draft was said to be fair" names no one, and stays with the passive exclusion.
    tok = c.tok
    if c.lemma not in C.PASSIVE_AGENT_CUES or tok.pos_ != "VERB" or "auxpass" not in c.deps:
        return NO_MATCH
    subject = next((t for t in c.by_dep.get("nsubjpass", []) if t.i < tok.i), None)
    agent = next((t for t in c.by_dep.get("agent", []) if t.i > tok.i), None)
    source = next((t for t in agent.children if t.dep_ == "pobj"), None) if agent is not None else None
    if subject is None or source is None:
        return NO_MATCH
    if _modal(c) or hypothetical(tok) or _permitted(c) or is_what_clause(tok):
        return None
    clause = c.ccomp
    if c.lemma in C.CLAUSE_CUES and clause is not None and clause.i > tok.i:
        # "the mediators were told by the envoy that ...": the subject is whom it was told
        frame = c.finder.clause_frame(tok, clause, "clause")
    elif subject.pos_ == "PRON" or (subject.ent_type_ in NAME_ENTITIES and c.lemma in C.ADDRESSEE_CUES):
        return None  # "it was reported by", "Hamas was told by the mediators"
    else:
        lo = min(t.i for t in subject.subtree)
        hi = max(t.i for t in subject.subtree)
        wanted = C.SECONDARY_PREDICATE_CUES.get(c.lemma, ())
        if c.lemma in C.SECONDARY_PREDICATE_CUES:
            predicates = [
                t
                for t in c.children
                if t.i > tok.i
                and not has_to(t)
                and (
                    t.dep_ in {"oprd", "xcomp", "acomp", "attr"} or (wanted and t.dep_ == "prep" and t.lower_ in wanted)
                )
            ]
            if not predicates:
                return None  # "a meeting was called by the council (to settle the quota)"
            hi = max(t.i for p in predicates for t in p.subtree)
        elif subject.ent_type_ == "PERSON":
            return None  # "Brell was praised by the council": whom, not what
        start, end = c.finder.t.trim(c.doc[lo].idx, tok_end(c.doc[hi]))
        frame = Frame(cue=tok, start=start, end=end, construction="object") if end > start else None
    if frame is not None:
        frame.subject = source
    return frame


def _predicate_rule(c: Cue) -> Frame | None | _NoMatch:
    tok, obj, lemma = c.tok, c.obj, c.lemma
    if not (lemma in C.SECONDARY_PREDICATE_CUES and obj is not None and obj.lower_ not in {"what", "which"}):
        return NO_MATCH
    span_frame = c.finder.span_frame
    wanted = C.SECONDARY_PREDICATE_CUES[lemma]
    for t in c.children:
        if t.i <= obj.i or t.dep_ == "punct":
            continue
        if wanted is None and (
            # "branded Norland an outlaw nation": the parser may take the predicate for a
            # second object
            t.dep_ in {"oprd", "xcomp", "ccomp", "attr", "acomp", "dobj"}
            or (lemma != "call" and t.dep_ == "prep" and t.lower_ == "as")
        ):
            return span_frame(tok, obj, t, "predicate")
        if wanted and t.lower_ in wanted and t.dep_ in {"prep", "oprd", "acomp", "xcomp", "advmod", "amod"}:
            return span_frame(tok, obj, t, "predicate")
        if wanted and t.dep_ in {"oprd", "acomp", "xcomp"} and any(x.lower_ in wanted for x in t.subtree):
            return span_frame(tok, obj, t, "predicate")
    # spaCy often hangs the predicate under the object: "accused [the leader of ...]".
    for t in obj.children:
        if t.i <= obj.i:
            continue
        if wanted is None and t.dep_ in {"appos", "attr", "oprd", "npadvmod"}:
            return span_frame(tok, obj, t, "predicate")
        if wanted and t.dep_ == "prep" and t.lower_ in wanted:
            return span_frame(tok, obj, t, "predicate")
    if wanted is None:
        # "called the government's progress on the protocol "pathetic"": the quoted epithet the
        # parser hung inside the object is the predicate all the same.
        quote = next((t for t in obj.subtree if t.i > obj.i and t.tag_ == "``"), None)
        if quote is not None and quote.head.i > quote.i:
            return span_frame(tok, obj, quote.head, "predicate")
    return NO_MATCH


def _predicate_call_rule(c: Cue) -> Frame | None | _NoMatch:
    oprd = next((t for t in c.by_dep.get("oprd", []) if t.i > c.tok.i + 1), None)
    if c.lemma == "call" and c.obj is None and oprd is not None:
        # "called the corridor Hamas's 'oxygen pipe'": the parser lost the object in a compound
        return c.finder.span_frame(c.tok, c.doc[c.tok.i + 1], oprd, "predicate")
    return NO_MATCH


def _predicate_complement_rule(c: Cue) -> Frame | None | _NoMatch:
    if c.lemma in C.SECONDARY_PREDICATE_CUES and c.obj is None and C.SECONDARY_PREDICATE_CUES[c.lemma]:
        wanted = C.SECONDARY_PREDICATE_CUES[c.lemma]
        for t in c.by_dep.get("ccomp", []) + c.by_dep.get("xcomp", []):
            if t.i > c.tok.i and t.lower_ in wanted:
                first = min(x.i for x in t.subtree)
                return c.finder.span_frame(c.tok, c.doc[first], t, "predicate")
    return NO_MATCH


def _preposition_rule(c: Cue) -> Frame | None | _NoMatch:
    if c.lemma in C.PREPOSITION_CUES:
        # "called on police to release the files": the parser may tag the preposition a
        # particle and still give it its object.
        for prep in c.by_dep.get("prep", []) + c.by_dep.get("prt", []):
            if prep.lower_ in C.PREPOSITION_CUES[c.lemma] and prep.i > c.tok.i:
                # A stranded preposition's object is the relative word before it ("the
                # commitments that Hamas had agreed to"): nothing follows to report.
                objs = [t for t in prep.children if t.dep_ in {"pobj", "pcomp"} and t.i > prep.i]
                if objs:
                    # "called on police to release the files": the infinitive the parser hung on
                    # the cue is what was called for; a clause after a comma is the subject's
                    # doing ("called for more details, walking along the quays while singing").
                    clauses = [
                        t
                        for t in c.children
                        if t.i > prep.i
                        and t.dep_ in {"xcomp", "advcl"}
                        and (has_to(t) or c.doc[min(x.i for x in t.subtree) - 1].text != ",")
                    ]
                    end_tok = last_of([prep, *clauses])
                    return c.finder.span_frame(c.tok, objs[0], end_tok, "preposition")
        # "called a day earlier for the DUP to end its boycott": the preposition opens a clause
        # of its own (a for-to infinitive), which the parser marks rather than attaches.
        for clause in c.children:
            marks = [t for t in clause.children if t.dep_ == "mark" and t.lower_ in C.PREPOSITION_CUES[c.lemma]]
            if clause.dep_ in {"advcl", "ccomp", "xcomp"} and marks and marks[0].i > c.tok.i:
                return c.finder.span_frame(c.tok, c.doc[marks[0].i + 1], clause, "preposition")
    return NO_MATCH


def _object_infinitive_rule(c: Cue) -> Frame | None | _NoMatch:
    obj = c.obj
    if c.lemma in C.OBJECT_INFINITIVE_CUES and obj is not None:
        xcomp = next((t for t in c.children if t.dep_ in {"xcomp", "ccomp"} and t.i > obj.i), None)
        if xcomp is None or not has_to(xcomp):
            xcomp = next((t for t in obj.subtree if t.i > obj.i and t.pos_ == "VERB" and has_to(t)), None)
        if xcomp is not None:
            return c.finder.span_frame(c.tok, obj, xcomp, "object-infinitive")
    return NO_MATCH


def _infinitive_rule(c: Cue) -> Frame | None | _NoMatch:
    if c.lemma in C.INFINITIVE_CUES:
        xcomp = next((t for t in c.by_dep.get("xcomp", []) if t.i > c.tok.i), None)
        if xcomp is not None and xcomp.tag_ == "VB":
            # An infinitive's verb is in its base form; "the measures Iran had agreed to were
            # reversible": after a stranded "to" the parser takes the next verb for one.
            first = min(xcomp.subtree, key=lambda t: t.i)
            return c.finder.span_frame(c.tok, first, xcomp, "infinitive")
    return NO_MATCH


def _gerund_rule(c: Cue) -> Frame | None | _NoMatch:
    # "Brell proposed dropping the quota", "She denied taking part in the talks": the -ing
    # clause stands where the object would, and is what was proposed or denied.
    if c.lemma in C.OBJECT_CUES and c.obj is None:
        xcomp = next((t for t in c.by_dep.get("xcomp", []) if t.i > c.tok.i and t.tag_ == "VBG"), None)
        if xcomp is not None and not has_to(xcomp):
            return c.finder.span_frame(c.tok, xcomp, xcomp, "object")
    return NO_MATCH


def _judged_person_rule(c: Cue) -> Frame | None | _NoMatch:
    # "thanked President Tomas Brell on Monday" says whom a judgment is about, and nothing that
    # was claimed; with its reason ("praised Brell for his patience", "thanked her for the
    # offer"), the reason is the claim, and the statement runs to its end.
    obj = c.obj
    if c.lemma not in C.OBJECT_CUES or obj is None or obj.ent_type_ != "PERSON" or obj.i < c.tok.i:
        return NO_MATCH
    if c.lemma in C.ASKING_VERBS:
        return None  # the one questioned, not judged
    reasons = [t for t in (*c.children, *obj.children) if t.dep_ == "prep" and t.lower_ in {"for", "over"}]
    reason = next((t for t in reasons if t.i > obj.i), None)
    if reason is None:
        return None
    return c.finder.span_frame(c.tok, obj, reason, "object")


def _colon_rule(c: Cue) -> Frame | None | _NoMatch:
    # "Varga: We will not sign." A name alone at the head of a paragraph, then a colon: the
    # attribution of transcripts ("BRELL: ...") and of headlines. The name must be one that the
    # parser or the setup takes for a name, so that labels ("Update:", "Note:") are no speakers.
    tok = c.tok
    if tok.text != ":":
        return NO_MATCH
    return c.finder.colon_frame(tok)


def _object_rule(c: Cue) -> Frame | None | _NoMatch:
    obj = c.obj
    if c.lemma not in C.OBJECT_CUES:
        return NO_MATCH
    if obj is not None and obj.pos_ != "PRON" and obj.i > c.tok.i:
        return c.finder.span_frame(c.tok, obj, obj, "object")
    if obj is None:
        # "condemned what he called a brazen breach": a free relative is the object; the
        # parser hangs it on the cue as a clause.
        for clause in c.by_dep.get("ccomp", []):
            first = min(clause.subtree, key=lambda t: t.i)
            if first.i == c.tok.i + 1 and first.lower_ in C.FREE_RELATIVES:
                return c.finder.span_frame(c.tok, first, clause, "object")
    return NO_MATCH


def _urged_object_rule(c: Cue) -> Frame | None | _NoMatch:
    # "urged restraint on both sides", "vowed consequences": the object is what is called for,
    # unless it names someone ("urged Norland", "urged the farmers"): then it is the one urged.
    obj = c.obj
    if c.lemma not in C.URGE_OBJECT_CUES or obj is None or obj.i < c.tok.i or obj.pos_ in {"PRON", "PROPN"}:
        return NO_MATCH
    if obj.ent_type_ or obj.lemma_.lower() in C.PERSON_NOUNS | C.GROUP_NOUNS:
        return None
    return c.finder.span_frame(c.tok, obj, obj, "object")


def _as_report_rule(c: Cue) -> Frame | None | _NoMatch:
    # "As the Valley Gazette reported, the mill gave $5,000 to the union", "The truce will hold, as
    # the envoy said on Monday": an "as" clause of a cue with no complement of its own attributes
    # the clause it hangs on. With an object it is a time ("as she read the statement, ...").
    tok = c.tok
    if c.lemma not in C.AS_REPORT_CUES:
        return NO_MATCH
    marks = [t for t in c.by_dep.get("mark", []) if t.lower_ == "as" and t.i < tok.i]
    verb = tok.head
    if tok.dep_ != "advcl" or not marks or "nsubj" not in c.deps or verb.pos_ not in {"VERB", "AUX"}:
        return NO_MATCH
    if c.lemma == "point" and "out" not in {t.lower_ for t in c.by_dep.get("prt", [])}:
        return NO_MATCH
    # ("as one engineer told the radio, ...": the object of "tell" is whom it was told)
    if c.deps & {"ccomp", "xcomp"} or ("dobj" in c.deps and c.lemma not in C.ADDRESSEE_CUES):
        return None
    reported = c.finder.frame_for(verb, c.sent)
    if reported is not None and reported.construction == "clause":
        return None  # "As Reuters reported, the officials said ...": the report is the officials'
    own = [t.i for t in tok.subtree]
    lo, hi = min(own), max(own)
    # "as Ms. Marsh observed, in the first years of the treaty ...": what the parser hung on the
    # cue after its comma is the start of the clause it attributes
    hi = next((i for i in own if i > tok.i and c.doc[i].text == ","), hi)
    clause = [t.i for t in verb.subtree if not lo <= t.i <= hi]
    # "As X reported, Y" before the verb it hangs on, "Y, as X said" after it ("The quarrel, as
    # Brell noted, deepens ..." is left alone: the clause would run around the aside and over
    # any quotation in it)
    if lo < verb.i and any(t.i < lo for s in verb.children if s.dep_ in SUBJECT_DEPS for t in s.subtree):
        return None
    clause = [i for i in clause if i > hi] if lo < verb.i else [i for i in clause if i < lo]
    if not clause:
        return None
    first, last = clause[0], clause[-1]
    start, end = c.finder.t.trim(c.doc[first].idx, tok_end(c.doc[last]))
    if end <= start:
        return None
    return Frame(cue=tok, start=start, end=end, construction="parenthetical")


def _parenthetical_rule(c: Cue) -> Frame | None | _NoMatch:
    # "X, he said, Y": the report is the sentence around the cue.
    tok = c.tok
    if c.lemma in C.CLAUSE_CUES and tok.dep_ in {"parataxis", "ccomp"} and "nsubj" in c.deps and c.obj is None:
        first = min(t.i for t in tok.subtree)
        if first > c.sent.start and "," in {c.doc[first].text, c.doc[first - 1].text}:
            return c.finder.parenthetical_frame(tok, c.sent)
    return NO_MATCH


def _that_clause_rule(c: Cue) -> Frame | None | _NoMatch:
    if c.lemma in C.CLAUSE_CUES and c.ccomp is None:
        return c.finder.that_clause(c.tok, c.sent)
    return NO_MATCH


RULES: tuple[FrameRule, ...] = (
    FrameRule(
        "according-to",
        "according",
        _according_to_rule,
        "The deal covers six weeks, according to two officials.",
        verb=False,
    ),
    FrameRule("colon", "colon", _colon_rule, "Varga: We will not sign this text.", verb=False),
    FrameRule(
        "claim-noun",
        "clause",
        _claim_noun_rule,
        "The commission checked Brell's claim that the dam was full.",
        verb=False,
        lemmas=C.CLAIM_NOUNS,
    ),
    FrameRule(
        "passive-agent",
        "object",
        _passive_agent_rule,
        "The proposal was rejected by the council.",
        verb=False,
        lemmas=C.PASSIVE_AGENT_CUES,
    ),
    FrameRule(
        "block-quote",
        "clause",
        _block_quote_rule,
        "Varga added:\nThe text is final. We will not reopen it.",
        lemmas=C.CLAUSE_CUES,
    ),
    FrameRule("clause", "clause", _clause_rule, "The minister said that the talks would resume.", lemmas=C.CLAUSE_CUES),
    FrameRule(
        "predicate",
        "predicate",
        _predicate_rule,
        "She called the offer a trap.",
        lemmas=frozenset(C.SECONDARY_PREDICATE_CUES),
    ),
    FrameRule(
        "predicate-call",
        "predicate",
        _predicate_call_rule,
        "He called the corridor the group's 'oxygen pipe'.",
        lemmas=frozenset({"call"}),
    ),
    FrameRule(
        "predicate-complement",
        "predicate",
        _predicate_complement_rule,
        "The envoy dismissed as unrealistic the demand for a new quota.",
        lemmas=frozenset(C.SECONDARY_PREDICATE_CUES),
    ),
    FrameRule(
        "preposition",
        "preposition",
        _preposition_rule,
        "The union pressed for a shorter week.",
        lemmas=frozenset(C.PREPOSITION_CUES),
    ),
    FrameRule(
        "object-infinitive",
        "object-infinitive",
        _object_infinitive_rule,
        "The mediators urged both sides to sign the text.",
        lemmas=C.OBJECT_INFINITIVE_CUES,
    ),
    FrameRule(
        "infinitive",
        "infinitive",
        _infinitive_rule,
        "The council promised to review the quota.",
        lemmas=C.INFINITIVE_CUES,
    ),
    FrameRule("gerund", "object", _gerund_rule, "Brell proposed dropping the quota.", lemmas=C.OBJECT_CUES),
    FrameRule(
        "judged-person",
        "object",
        _judged_person_rule,
        "She thanked Tomas Brell for his patience.",
        lemmas=C.OBJECT_CUES,
    ),
    FrameRule("object", "object", _object_rule, "The ministry denied the report.", lemmas=C.OBJECT_CUES),
    FrameRule(
        "urged-object",
        "object",
        _urged_object_rule,
        "The envoy urged restraint on both sides.",
        lemmas=C.URGE_OBJECT_CUES,
    ),
    FrameRule(
        "as-report",
        "parenthetical",
        _as_report_rule,
        "As the agency reported, the dam holds more water than in May.",
        lemmas=C.AS_REPORT_CUES,
    ),
    FrameRule(
        "parenthetical",
        "parenthetical",
        _parenthetical_rule,
        "The plan, the envoy said, is the last one on offer.",
        lemmas=C.CLAUSE_CUES,
    ),
    FrameRule(
        "that-clause", "clause", _that_clause_rule, "She said that day that the offer stood.", lemmas=C.CLAUSE_CUES
    ),
)


# Every lemma some rule matches on, and the rules that match on anything else: an article's
# other tokens are tried against those alone.
RULE_LEMMAS: frozenset[str] = frozenset().union(*(r.lemmas for r in RULES if r.lemmas is not None))
ANY_TOKEN_RULES: tuple[FrameRule, ...] = tuple(r for r in RULES if r.lemmas is None)


class FrameFinder:
    """Frames of one article from its parse; reads the article's text, keeps no state of its own."""

    def __init__(self, text: ArticleText):
        self.t = text
        self.doc = text.doc

    def frame_for(self, tok: Token, sent: Span) -> Frame | None:
        """The frame of the first rule of RULES that matches the token, if it builds one."""
        cue = Cue(tok, sent, self)
        for rule in RULES if cue.lemma in RULE_LEMMAS else ANY_TOKEN_RULES:
            if rule.verb and cue.excluded is not None:
                return None
            found = rule.match(cue)
            if isinstance(found, _NoMatch):
                continue
            if found is not None:
                found.rule = rule.id
                found = self._within_paragraph(found)
            if found is not None:
                found = self._within_quote(found)
            if found is not None:
                found = self._quote_run_on(found)
            return found
        return None

    def _within_paragraph(self, frame: Frame) -> Frame | None:
        """A report stays in its cue's paragraph: where the parser ran two paragraphs into one
        sentence, the next paragraph's own reports ("Downing Street said ...") are not content.
        A block quotation is the paragraph after its cue's."""
        if frame.rule == "block-quote":
            return frame
        n = self.t.paragraph(frame.cue.idx)
        if n < 0:
            return frame
        start, end = self.t.paragraphs[n]
        frame.start, frame.end = self.t.trim(max(frame.start, start), min(frame.end, end))
        return frame if frame.end > frame.start else None

    def _within_quote(self, frame: Frame) -> Frame | None:
        """A report that starts inside a quotation ends at its closing mark, unless it runs on
        around its cue into the next piece ('"The plan," Brell said, "is dead."'). What follows
        the mark is the writer's: the attribution ('"The plan is late. The dam is safe," Brell,
        a senior aide, said', where the parser hung the name on the quoted clause), or, for a
        cue inside the quotation ('"We think the dam is safe," Brell said'), the speaker's."""
        own = next(((qs, qe) for qs, qe in self.t.quotes if qs <= frame.cue.idx < qe), None)
        if own is not None and not own[0] <= frame.start < frame.end <= own[1]:
            # '"What worries us, I think, is the timing," Brell told the radio': a cue inside a
            # quotation is the quoted speaker's, and what it reports lies inside the quotation.
            frame.start, frame.end = self.t.trim(max(frame.start, own[0]), min(frame.end, own[1]))
            return frame if frame.end > frame.start else None
        quote = next(((qs, qe) for qs, qe in self.t.quotes if qs <= frame.start < qe < frame.end), None)
        if quote is None:
            return frame
        qs, qe = quote
        if frame.cue.idx < qs and not re.search(r"\w", self.t.text[qs : frame.start]):
            # 'said "budget reforms" would pay for it': a report that opens with a quoted phrase
            # goes on in the writer's words (`_quote_closed` ends one that opens a quoted clause).
            return frame
        if qe <= frame.cue.idx and re.search(r"\w", self.t.text[tok_end(frame.cue) : frame.end]):
            return frame
        frame.start, frame.end = self.t.trim(frame.start, qe)
        return frame if frame.end > frame.start else None

    def _quote_run_on(self, frame: Frame) -> Frame:
        """A report that opens a quotation of its speaker's and leaves it open runs on to its
        closing mark: 'put two questions to him, "Will you pay? Will you sign?"', where the
        parser ended the sentence, and so the report, at the first question mark."""
        quote = next(
            ((qs, qe) for qs, qe in self.t.quotes if frame.cue.idx < qs and frame.start < qs < frame.end < qe), None
        )
        if quote is not None and re.search(r"\w", self.t.text[frame.end : quote[1]]):
            frame.start, frame.end = self.t.trim(frame.start, quote[1])
        return frame

    def according_to(self, tok: Token, sent: Span) -> Frame | None:
        to = self.doc[tok.i + 1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            return None
        phrase = list(tok.subtree) + list(to.subtree)
        lo = min(t.i for t in phrase)
        hi = max(t.i for t in phrase)
        start, end = self._beside(lo, hi, sent)
        if end - start < 10 and all(t.is_punct or t.is_space for t in self.doc[sent.start : tok.i]):
            # An opening "According to X," ends at its comma, whatever the parser hung on X:
            # "According to Dan Pike, the move reeks of fear" with "reeks" read as a plural noun
            # in apposition to "Pike" made the whole sentence the phrase, and left no content.
            # The first comma that does not open a relative clause ("..., which monitors ...").
            comma = next(
                (
                    t.i
                    for t in self.doc[to.i + 1 : hi]
                    if t.text == "," and self.doc[t.i + 1].lower_ not in C.RELATIVE_WORDS
                ),
                None,
            )
            if comma is not None:
                start, end = self._beside(lo, comma, sent)
        if end - start < 10:
            return None
        return Frame(cue=tok, start=start, end=end, construction="according", subject=source)

    def _beside(self, lo: int, hi: int, sent: Span) -> tuple[int, int]:
        """The longer of the sentence's parts before token `lo` and after token `hi`, trimmed."""
        floor = self.t.floor(sent.start_char)
        before = (floor, self.doc[lo].idx)
        after = (self.doc[hi].idx + len(self.doc[hi]), sent.end_char)
        start, end = before if before[1] - before[0] >= after[1] - after[0] else after
        if sent.root.i < lo and sent.root.idx >= floor and before[1] - before[0] >= 10:
            # "The top 1 percent would gain 19.9 percent, according to the foundation, more than
            # twice what the middle gains": the clause with the sentence's verb is the report; what
            # trails the phrase is an aside to it.
            start, end = before
        return self.t.trim(start, end)

    def block_quote(self, cue: Token) -> Frame | None | _NoMatch:
        """The paragraph after "X added:" when the colon closes the cue's paragraph and nothing
        else of the cue's stands between them."""
        n = self.t.paragraph(cue.idx)
        if n < 0 or n + 1 >= len(self.t.paragraphs):
            return NO_MATCH
        para_end = self.t.paragraphs[n][1]
        if not re.fullmatch(r"\s*:\s*", self.t.text[tok_end(cue) : para_end]):
            return NO_MATCH
        start, end = self.t.trim(*self.t.paragraphs[n + 1])
        if end - start < 10 or self.t.text[start] in "“\"'`":
            return NO_MATCH  # a quoted paragraph is attributed by the quote rules
        return Frame(cue=cue, start=start, end=end, construction="clause", kind="direct", pieces=[(start, end)])

    def colon_frame(self, colon: Token) -> Frame | None:
        para = self.t.paragraphs[self.t.paragraph(colon.idx)]
        first = self.t.token_at(self.t.floor(para[0]))
        if first is None or not 0 < colon.i - first.i <= 5:
            return None
        name = self.doc[first.i : colon.i]
        # "Poll: Clinton and Trump in dead heat": a document or a study speaks for itself; a
        # surname the article gives in full elsewhere is a name whatever the tagger made of it.
        if not self._source_noun(name) and not self._surname(name):
            named = [t for t in name if t.ent_type_ in NAME_ENTITIES or t.pos_ == "PROPN"]
            if not named or any(t.lower_ in C.COLON_LABELS for t in name):
                return None
            if any(
                not (t.pos_ == "PROPN" or t.ent_type_ in NAME_ENTITIES or t.is_punct or t.dep_ in {"det", "case"})
                for t in name
            ):
                return None  # "The reason is simple: ...": a sentence, not a name
            if any(t.lower_ in C.HEADING_PREPOSITIONS for t in name):
                return None  # a title-case heading ("Success on Signature Issue: ...") names nobody
            if len([t for t in name if not t.is_punct]) > 4:
                # "Dam Plan Divides Valley Farmers: ...": five title-case words are a heading's
                # sentence, longer than the names that head a transcript's or a headline's lines.
                return None
        start, end = self.t.trim(tok_end(colon), para[1])
        if end - start < 10:
            return None
        return Frame(cue=colon, start=start, end=end, construction="colon", subject=name.root)

    def _surname(self, name: Span) -> bool:
        words = [t for t in name if not t.is_punct]
        return len(words) == 1 and words[0].text in self.t.surnames

    @staticmethod
    def _source_noun(name: Span) -> bool:
        words = [t for t in name if t.dep_ != "det" and not t.is_punct]
        return len(words) == 1 and words[0].lemma_.lower() in C.SOURCE_NOUNS

    def _before_aside(self, lo: int, hi: int) -> int:
        """The end of a spoken object before the writer's aside that closes it: a dash that no
        second dash pairs ("praised their support -- who cited her record"), or a relative clause
        set off by a comma ("questioned the plan, which the council passed in May")."""
        dashes = [t for t in self.doc[lo + 1 : hi + 1] if t.text in DASHES and t.whitespace_]
        if len(dashes) % 2:
            return max(lo, dashes[-1].i - 1)
        for t in self.doc[lo + 1 : hi + 1]:
            if (
                t.dep_ == "relcl"
                and t.head.i >= lo
                and max(u.i for u in t.subtree) == hi
                and self._after_comma(min(u.i for u in t.subtree))
            ):
                return max(lo, min(u.i for u in t.subtree) - 1)  # the comma, or the mark closing a quote
        return hi

    def _after_comma(self, i: int) -> bool:
        """Whether token `i` follows a comma, past the closing quotation marks and the
        conjunction between them ('called a "bridge," in which ...', '..., but with clear
        reservations')."""
        j = i - 1
        while j > 0 and (self.doc[j].dep_ == "cc" or self.doc[j].tag_ == "''" or self.doc[j].text in {"”", "’"}):
            j -= 1
        return j >= 0 and self.doc[j].text == ","

    def _before_fellow_speakers(self, lo: int, hi: int) -> int:
        """The end of an object that only points back to what was said, before ", including" and
        people: "A chorus of Republicans has said the same thing, including Mitt Romney" names
        who else said it, not more of what was said."""
        for t in self.doc[lo + 1 : hi + 1]:
            if t.lower_ != "including" or t.dep_ != "prep" or self.doc[t.i - 1].text != ",":
                continue
            named = next((c for c in t.children if c.dep_ == "pobj"), None)
            if (
                named is not None
                and any(_person(u) for u in named.subtree)
                and (t.head.pos_ == "PRON" or t.head.lemma_.lower() in SAME_THING)
            ):
                return max(lo, t.i - 2)
        return hi

    def right_edge(self, cue: Token, lo: int) -> int:
        """The last token of the cue's complements from `lo` on: its objects and predicates, and
        prepositions that belong to them ("a roadmap [to a cease-fire]"), not its adjuncts of time,
        place and occasion ("in a statement on Friday"), nor a new clause after a comma."""
        hi = lo
        for c in cue.children:
            if c.i < lo:
                continue
            if (
                c.dep_ == "prep"
                and c.lower_ not in {"to", "of", "for", "with", "as", "against"}
                and not (c.lower_ in NOUN_PREPOSITIONS and c.i == hi + 1 and not self._adjunct(c))
            ):
                continue
            if c.dep_ not in {"dobj", "oprd", "xcomp", "ccomp", "attr", "acomp", "prep", "dative"}:
                continue
            if self._after_comma(min(t.i for t in c.subtree)) and c.dep_ != "dobj":
                continue
            hi = max(hi, max(t.i for t in c.subtree))
        return hi

    @staticmethod
    def _adjunct(prep: Token) -> bool:
        """Whether a phrase the parser hung on the cue, right after its complement, says when,
        where or in what the act was done ("on Wednesday", "in Norland", "in a tweet", "in
        fact"), rather than going on with what was said ("revealed a deep rift [over how the
        two sides share the river]", "blamed the floods [on the upstream dam]", which the parser
        hangs on the verb as readily)."""
        obj = next((t for t in prep.children if t.dep_ in {"pobj", "pcomp"}), None)
        if obj is None or obj.lower_ in C.RELATIVE_WORDS:
            return True
        if any(t.ent_type_ in {"DATE", "TIME", "GPE", "LOC", "FAC"} for t in obj.subtree):
            return True
        lemma = obj.lemma_.lower()
        return lemma in C.OCCASION_NOUNS or lemma in C.MEDIUM_NOUNS or lemma in C.ADVERB_PHRASE_NOUNS

    def that_clause(self, cue: Token, sent: Span) -> Frame | None:
        """`said that day that ...`, `acknowledged in his remarks that ...`: when the parser loses
        the complement clause, the word "that" soon after the cue still marks where it starts."""
        for tok in self.doc[cue.i + 1 : min(cue.i + 16, sent.end)]:
            if relative_that(tok):
                # "spoke in a cottage on a base that overlooks the bay": a relative pronoun, and
                # what follows describes the noun before it.
                return None
            if tok.lower_ == "that" and (tok.dep_ != "det" or tok.head.dep_ in {"nsubj", "nsubjpass"}):
                start, end = self.t.trim(tok_end(tok), sent.end_char)
                if end - start < 10:
                    return None
                return Frame(cue=cue, start=start, end=end, construction="clause")
            if tok.text in PUNCT_END or tok.dep_ in {"ccomp", "conj", "advcl", "relcl", "xcomp", "parataxis"}:
                return None
            if (
                tok.pos_ == "VERB"
                and tok.tag_ in {"VBD", "VBZ", "VBP"}
                and any(c.dep_ == "nsubj" for c in tok.children)
            ):
                # "jets roared over the ceremony, Brell flinched, then joked that": a clause of its
                # own comes first; "said on Friday, before flying to London, that" goes on.
                return None
        return None

    def clause_frame(self, cue: Token, clause: Token, construction: str) -> Frame | None:
        toks = list(clause.subtree)
        if clause.dep_ == "advcl":
            # "said after the convention he would not accept": the phrase before the subject is
            # the cue's, not the report's.
            subject = min(t.i for c in clause.children if c.dep_ in {"nsubj", "nsubjpass", "expl"} for t in c.subtree)
            toks = [t for t in toks if t.i >= subject]
        lo, hi = min(t.i for t in toks), max(t.i for t in toks)
        before = [t for t in toks if t.i < cue.i]
        if lo < cue.i < hi and all(t.tag_ in {"WDT", "WP", "IN"} or t.is_punct for t in before):
            # "..., which it said would inflame the region": the relative word is not the report
            start, end = self.doc[min(t.i for t in toks if t.i > cue.i)].idx, tok_end(self.doc[hi])
        elif lo < cue.i < hi:
            # "The proposal, they said, was consistent ...": the report runs around the cue.
            start, end = self.doc[lo].idx, tok_end(self.doc[hi])
        elif clause.i > cue.i:
            first = min(t.i for t in toks if t.i > cue.i)
            # "said the hardest part, carrying out the accord, still lay ahead": the parser took
            # the clause's subject for the cue's object. A verb whose object is its addressee
            # ("told reporters that") keeps it out.
            objects = [c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < first]
            if objects and cue.lemma_.lower() not in C.ADDRESSEE_CUES:
                first = min(t.i for t in objects[0].subtree)
            start, end = self.doc[first].idx, tok_end(self.doc[hi])
        else:
            start, end = self.doc[lo].idx, tok_end(self.doc[hi])
            start = max(start, self.t.floor(start))
        for c in cue.children:
            if c.dep_ != "conj" or c.i < clause.i:
                continue
            if marked_by(c, {"that"}):
                end = max(end, tok_end(self.doc[max(t.i for t in c.subtree)]))  # "..., but that ..."
            elif clause.i < cue.i and c.pos_ in {"VERB", "AUX"} and c.lemma_.lower() not in C.CLAUSE_CUES:
                end = max(end, tok_end(self.doc[max(t.i for t in c.subtree)]))  # "A, he said, and B"
        start = self.t.skip_that(start, end)
        end = self._quote_closed(start, end)
        if clause.i > cue.i:
            # "said the timing was not intentional; they learned of it on Friday": a semicolon
            # joins a sentence of the writer's, not more of the report.
            semicolon = self.t.text.find(";", start, end)
            inside = semicolon > start and (
                self.t.unclosed_quote(start, semicolon) or self.t.text.count('"', start, semicolon) % 2
            )
            if semicolon > start and not inside:
                end = semicolon
        start, end = self.t.trim(start, end)
        if end <= start:
            return None
        return Frame(cue=cue, start=start, end=end, construction=construction)

    def _quote_closed(self, start: int, end: int) -> int:
        """The end of a report that opens a quotation: its closing mark, when the writer's words
        follow it ('saying, "That makes me smart," when the rival blasted him')."""
        text = self.t.text
        before = text[:start].rstrip()
        if not before.endswith("“"):
            return end  # (a straight mark does not say whether it opens or closes)
        closing = text.find("”", start, end)
        if closing < 0 or not re.search(r"\w", text[closing:end]):
            return end
        return closing

    def span_frame(self, cue: Token, first: Token, last: Token, construction: str) -> Frame | None:
        lo = min(t.i for t in first.subtree)
        hi = max(max(t.i for t in last.subtree), self.right_edge(cue, lo))
        if lo <= cue.i <= hi:
            lo = cue.i + 1
        hi = self._possessed(hi)
        if construction in {"object", "infinitive", "predicate", "preposition", "object-infinitive"}:
            if last.dep_ == "prep":
                # "blamed Brell for the last twenty years and more of broken promises": the
                # category coordination matches is the preposition's object's
                last = next((t for t in last.children if t.dep_ in {"pobj", "pcomp"}), last)
            hi = self._misplaced_conjunct(cue, last, hi)
        hi = self._before_aside(lo, hi)
        if construction == "object":
            hi = self._before_fellow_speakers(lo, hi)
        start, end = self.t.trim(self.doc[lo].idx, tok_end(self.doc[hi]))
        if end <= start:
            return None
        return Frame(cue=cue, start=start, end=end, construction=construction)

    def _possessed(self, hi: int) -> int:
        """The end of a phrase that stops on a possessive ending: "welcoming the ministry's
        plans to increase funding" with "plans" read as a verb of its own. A possessive always
        has its noun after it, so the word after it and that word's complements belong to the
        phrase; what its word opens after a comma ("..., and calling for bases") does not."""
        if hi + 1 < len(self.doc) and self.doc[hi + 1].tag_ == "POS" and not self.doc[hi + 1].is_sent_start:
            hi += 1  # "as signs of the envoy['s] contempt": the marker hung elsewhere
        tok = self.doc[hi]
        if tok.tag_ != "POS" or hi + 1 >= len(self.doc) or tok.sent.end <= hi + 1:
            return hi
        noun = self.doc[hi + 1]
        if noun.is_punct or noun.is_space:
            return hi
        end = noun.i
        for child in noun.children:
            if child.i < noun.i:
                continue
            if child.dep_ in {"conj", "cc", "punct"} or self.doc[min(t.i for t in child.subtree) - 1].text == ",":
                break
            end = max(end, max(t.i for t in child.subtree))
        return end

    def _misplaced_conjunct(self, cue: Token, last: Token, hi: int) -> int:
        """The end of a complement whose second conjunct the parser hung on the cue: "mentioned
        refinancing loans and forcing banks to lend", "promised to meet and in some cases exceed
        the goals". Coordination joins like with like, so a conjunct of the complement's own
        category (a noun after a noun, an -ing form after an -ing form under a verb that is not
        itself one, a base-form verb after an infinitive) with no subject of its own is part of
        what was said, not a second act."""
        if last.pos_ in {"NOUN", "PROPN"} and self.doc[min(t.i for t in last.subtree)].tag_ == "VBG":
            wanted = "gerund"  # "proposed refinancing household debts": a gerund read as an adjective
        elif last.tag_ == "VBG" and cue.tag_ == "VBG":
            return hi  # "was praising the plan and calling for talks": two acts
        else:
            wanted = _word_class(last)
        # The parser may hang the conjunct higher still, on a verb the cue's clause depends on:
        # "pledging to meet and in many cases exceed its goals" (on "endorsed"), "opened by
        # stressing food prices, and a need to cut the levy" (on "opened"). What follows
        # the complement at once, with only "and" or a comma between, is its conjunct there too.
        heads = [cue]
        for head in cue.ancestors:
            if head.pos_ in {"NOUN", "PROPN", "PRON"}:
                break  # "a group that called for a boycott, and the league denounced it": the
                # conjunct of a noun above is that noun's
            if head.pos_ in {"VERB", "AUX"}:
                heads.append(head)
        above = {head.i for head in heads}
        candidates = [c for head in heads for c in head.children if c.dep_ == "conj" and c.i not in above]
        for conj in sorted(candidates, key=lambda t: t.i):
            if conj.i <= hi or wanted is None or _word_class(conj) != wanted:
                continue
            if any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} and c.lower_ != "to" for c in conj.children):
                continue  # a clause of its own: "criticized the plan and will vote against it"
            first = min(t.i for t in conj.subtree)
            if all(t.dep_ == "cc" or t.is_punct for t in self.doc[hi + 1 : first]):
                hi = self._phrase_end(conj)
        return hi

    def _phrase_end(self, tok: Token) -> int:
        """The last token of a phrase, short of a verb's clause that a comma sets off after it ("a
        show of hands, and then a ballot[, announcing after both that ...]")."""
        end = tok.i
        for child in tok.children:
            if child.i > tok.i:
                if child.pos_ in {"VERB", "AUX"} and self._after_comma(min(t.i for t in child.subtree)):
                    break
                end = max(end, max(t.i for t in child.subtree))
        return end

    def parenthetical_frame(self, cue: Token, sent: Span) -> Frame | None:
        clause = [cue]
        for c in cue.children:
            if c.dep_ not in {"conj", "cc", "ccomp", "parataxis", "advcl"}:
                clause.extend(c.subtree)
        c_lo, c_hi = min(t.i for t in clause), max(t.i for t in clause)
        start = self.t.floor(sent.start_char)
        end = sent.end_char
        if c_hi >= sent.end - 1 or all(t.is_punct for t in self.doc[c_hi + 1 : sent.end]):
            end = self.doc[c_lo].idx  # the attribution closes the sentence: "..., the ministry said."
        elif c_lo <= sent.start:
            start = tok_end(self.doc[c_hi])
        start, end = self.t.trim(start, end)
        if end - start < 10:
            return None
        return Frame(cue=cue, start=start, end=end, construction="parenthetical")

    # -- nesting --------------------------------------------------------------------------

    def resolve_nesting(self, frames: list[Frame]) -> list[Frame]:
        kept: list[Frame] = []
        for inner in frames:
            outers = [o for o in frames if o is not inner and o.start <= inner.cue.idx < o.end]
            if not outers:
                kept.append(inner)
                continue
            separate = self.stands_alone(inner)
            if separate is None and coordinated_act(inner):
                # the parser hung "but cautioned that ..." inside the first report
                inner.subject = subject_of(outers[0])
                cc = [t for t in inner.cue.head.children if t.dep_ == "cc" and t.i < inner.cue.i]
                separate = (cc[-1] if cc else inner.cue).idx
            if separate is None:
                continue
            for outer in outers:
                if separate > outer.start:
                    outer.start, outer.end = self.t.trim(outer.start, separate)
            kept.append(inner)
        return [f for f in kept if f.end > f.start]

    def stands_alone(self, frame: Frame) -> int | None:
        """Where a nested report's own clause starts, if it is a clause of its own with a subject."""
        tok = frame.cue
        first = min(t.i for t in tok.subtree)
        if tok.tag_ == "VBG" and tok.dep_ in {"advcl", "xcomp", "conj"} and self.doc[first - 1].text == ",":
            return self.doc[first - 1].idx  # "X rejected A, calling it B": two speech acts
        subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subject is None:
            return None
        node = conj_head(tok, stop=lambda head: head.lemma_.lower() in C.CLAUSE_CUES)
        if node.dep_ == "relcl" and subject.lower_ in PERSONAL_PRONOUNS and tok.lemma_.lower() in C.ATTITUDE_CUES:
            # "described the brake as a mechanism that she hoped would never be used": the
            # speaker's own hope in a relative clause goes on with the report; a second speech act
            # ("a decision he said was meant to ...") is a statement of its own
            return None
        marks = {c.lower_ for c in node.children if c.dep_ == "mark"}
        if node.dep_ == "relcl" or node.dep_ == "conj" or (node.dep_ == "advcl" and marks & SEPARATE_MARKS):
            return self.doc[min(t.i for t in node.subtree)].idx
        return None


def coordinated_act(frame: Frame) -> bool:
    tok = frame.cue
    return (
        tok.dep_ == "conj"
        and not any(c.dep_ == "nsubj" for c in tok.children)
        and tok.tag_ in {"VBD", "VBZ", "VBP"}
        and tok.head.lemma_.lower() not in C.CLAUSE_CUES
    )


def subject_of(frame: Frame) -> Token | None:
    if frame.subject is not None:
        return frame.subject
    tok = frame.cue
    for step in range(6):
        # Up from the cue, a passive clause's subject is the speaker's too: "Ortiz can be heard
        # yelling that ...", "After saying that ..., she was taken to hospital". The cue's own
        # passive subject is not ("It was announced that ...").
        deps = {"nsubj", "nsubjpass"} if step else {"nsubj"}
        subj = next((c for c in tok.children if c.dep_ in deps), None)
        if subj is None and tok.tag_ in {"VBD", "VBZ"} and tok.dep_ == "ROOT":
            subj = _name_just_before(tok)
        if subj is not None:
            if subj.lower_ in {"who", "which", "that"} and tok.dep_ == "relcl":
                return _predicated_of(tok.head)
            return subj
        # "Londoño flinched, then joked that ...": a finite verb the parser left unlabelled ("dep")
        # under another is coordinated with it, and shares its subject.
        finite_dep = tok.dep_ == "dep" and tok.tag_ in {"VBD", "VBZ", "VBP"} and tok.head.pos_ in {"VERB", "AUX"}
        if (
            tok.dep_ == "conj"
            or finite_dep
            or (tok.dep_ in {"advcl", "xcomp", "pcomp"} and tok.head.pos_ in {"VERB", "AUX"})
        ):
            tok = tok.head
        elif tok.dep_ in {"advcl", "pcomp", "pobj"} and tok.head.lower_ == "as":
            quoted = next((c for c in tok.head.head.children if c.dep_ == "dobj"), None)
            return quoted
        elif (
            tok.dep_ == "pcomp"
            and tok.head.lower_ in C.CONTROL_PREPOSITIONS
            and tok.head.dep_ == "prep"
            and tok.head.head.pos_ in {"VERB", "AUX"}
        ):
            # "After saying that the dam was safe, Brell left the talks": the subject of the
            # clause the participle hangs on says it.
            tok = tok.head.head
        elif tok.dep_ in {"acl", "relcl"} and tok.head.pos_ in {"NOUN", "PROPN"}:
            if tok.head.lemma_.lower() in C.DOCUMENT_NOUNS:
                tok = tok.head.head
                continue
            return _predicated_of(tok.head)
        else:
            return None
    return None


def _name_just_before(verb: Token) -> Token | None:
    """A finite main verb has a subject: when the parser gave it none, a name just before it is
    one that it took into a fronted phrase with no comma after it ("In a meeting with the
    editors of the Daily Star Brell said that ...")."""
    before = verb.doc[verb.i - 1] if verb.i > verb.sent.start else None
    if before is None or before.ent_type_ not in NAME_ENTITIES or before.dep_ not in {"pobj", "compound", "appos"}:
        return None
    return before


def _predicated_of(noun: Token) -> Token:
    """The one a predicate noun is said of: "Brell is a veteran and a realist who has pledged to
    ..." -> Brell. Any other noun is itself."""
    first = noun
    for _ in range(len(noun.sent)):  # up a list of conjuncts to its first: at most one step a token
        if first.dep_ != "conj" or first.head.i == first.i:
            break
        first = first.head
    if first.dep_ == "attr" and first.head.lemma_ == "be":
        verb = first.head
        for _ in range(len(noun.sent)):  # "Brell incites ... and is a liar": the first verb's subject
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return subject
            if verb.dep_ != "conj" or verb.head.i == verb.i:
                break
            verb = verb.head
    return noun


def _person(tok: Token) -> bool:
    """Whether a word names a person or people: a name, or a noun of persons or groups."""
    return tok.ent_type_ in {"PERSON", "NORP"} or tok.lemma_.lower() in C.PERSON_NOUNS | C.GROUP_NOUNS


def last_of(toks: list[Token]) -> Token:
    return max(toks, key=lambda t: max(x.i for x in t.subtree))


def _word_class(tok: Token) -> str | None:
    """The category coordination matches: "noun", "gerund" or "base" (a verb's base form)."""
    if tok.pos_ in {"NOUN", "PROPN"}:
        return "noun"
    return {"VBG": "gerund", "VB": "base", "VBP": "base"}.get(tok.tag_)


def has_to(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def infinitives(tok: Token) -> list[Token]:
    """The to-infinitives a word governs: "decided to oppose", "prepared to renegotiate"."""
    return [c for c in tok.children if c.dep_ == "xcomp" and has_to(c)]


def marked_by(tok: Token, words: frozenset[str] | set[str]) -> bool:
    """Whether the clause headed by `tok` opens with one of `words` as its conjunction."""
    return any(c.dep_ == "mark" and c.lower_ in words for c in tok.children)


def is_question(tok: Token) -> bool:
    return marked_by(tok, {"whether", "if"})


def conj_head(tok: Token, stop: Callable[[Token], bool] = lambda head: False) -> Token:
    """The first of the conjuncts `tok` belongs to ("rejected A and [warned] B" -> "rejected"),
    up to a head that `stop` accepts. At most one step a token of the sentence, and never past
    the root: it ends on any parse, even one whose root is labelled "conj"."""
    node = tok
    for _ in range(len(tok.sent)):
        if node.dep_ != "conj" or node.head.i == node.i or stop(node.head):
            break
        node = node.head
    return node


def hypothetical(tok: Token) -> bool:
    node = conj_head(tok)
    marks = {c.lower_ for c in node.children if c.dep_ == "mark"}
    return node.dep_ == "advcl" and bool(marks & {"if", "unless", "once", "until", "whenever"})


def is_what_clause(tok: Token) -> bool:
    return any(c.lower_ == "what" and c.dep_ in {"dobj", "nsubj", "oprd"} for c in tok.children)
