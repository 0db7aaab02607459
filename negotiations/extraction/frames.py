"""Frames: the speech acts found on the parse, by an ordered table of named rules.

A frame is one speech act: the cue token, the character span of what was reported, and the
token that names its speaker. This module holds the tables: `Cue` (one token as the rules see
it), the named `EXCLUSIONS` and the ordered `RULES`. `spans.FrameFinder.frame_for` reads one
token with them:
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
- A rule decides whether it applies and which tokens bound the report; where the report's
  characters start and end is `spans.FrameFinder`'s, so a boundary is fixed in one place.
- Tokens are compared by index (`.i`), never with `is`: spaCy makes a new Token object on each
  access, so `is` between two tokens never holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from . import cues as C
from .syntax import (
    FINITE_TAGS,
    NAME_ENTITIES,
    SUBJECT_DEPS,
    conj_head,
    has_to,
    hypothetical,
    is_question,
    is_what_clause,
    last_of,
    marked_by,
    subjectless_finite,
    zero_that_clause,
)
from .text import tok_end

if TYPE_CHECKING:
    from .spans import FrameFinder
    from .speakers import Ref

# Verbs of letting: what they let someone do is not done.
PERMISSIVE_HEADS = frozenset("let allow permit enable".split())


# Subordinating conjunctions of time and cause: the clause they open is an adverbial.
ADVERBIAL_MARKS = frozenset("before after until till since when while once because".split())


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


class NoMatch:
    """What a rule returns when it does not apply to the token: the next rule is tried."""


NO_MATCH = NoMatch()


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
        end = clause.right_edge.i
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
    match: Callable[[Cue], Frame | None | NoMatch]  # NO_MATCH: not this rule; None: no frame
    example: str  # a sentence it reads
    verb: bool = True  # only for verbs that no exclusion keeps out
    # The lemmas it can match, for the rules that match on the cue's lemma: a token whose lemma
    # no such rule names is tried only against the rules without a lemma set (according to, the
    # colon), which is most of an article's tokens. None: any token.
    lemmas: frozenset[str] | None = None
    # For a rule without lemmas, the words (lower case) it can match: "according", ":". None:
    # any word. Most of an article's tokens are then never read by a rule at all.
    words: frozenset[str] | None = None


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


# -- rules -------------------------------------------------------------------------------------


def _according_to_rule(c: Cue) -> Frame | None | NoMatch:
    tok = c.tok
    if tok.lower_ == "according" and tok.i + 1 < len(c.doc) and c.doc[tok.i + 1].lower_ == "to":
        return c.finder.according_to(tok, c.sent)
    return NO_MATCH


def _clause_rule(c: Cue) -> Frame | None | NoMatch:
    if c.lemma in C.CLAUSE_CUES and c.ccomp is not None:
        return c.finder.clause_frame(c.tok, c.ccomp, "clause")
    return NO_MATCH


def _block_quote_rule(c: Cue) -> Frame | None | NoMatch:
    # "The governor added:" closing a paragraph, and the next paragraph is what he added, set off
    # as a block quotation (without quote marks; a quoted one is the quote rules').
    if c.lemma not in C.CLAUSE_CUES:
        return NO_MATCH
    return c.finder.block_quote(c.tok)


def _claim_noun_rule(c: Cue) -> Frame | None | NoMatch:
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


def _passive_agent_rule(c: Cue) -> Frame | None | NoMatch:
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
        lo = subject.left_edge.i
        hi = subject.right_edge.i
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


def _pro_form_rule(c: Cue) -> Frame | None | NoMatch:
    # "Her manager said as much on Sunday", "the board hinted as much": "as much" stands for the
    # clause that was said, as "so" does in "Brell said so" (not "as much as", a measure, nor "so"
    # before an adjective or adverb, "said so far"). The pro-form is the report's text.
    i, doc = c.tok.i, c.doc
    words = [t.lower_ for t in doc[i + 1 : i + 4]]
    if words[:2] == ["as", "much"] and words[2:3] != ["as"]:
        first, last = doc[i + 1], doc[i + 2]
    elif words[:1] == ["so"] and (len(words) == 1 or doc[i + 2].is_punct or doc[i + 2].pos_ == "ADP"):
        first = last = doc[i + 1]
    else:
        return NO_MATCH
    return Frame(cue=c.tok, start=first.idx, end=tok_end(last), construction="object")


def _predicate_rule(c: Cue) -> Frame | None | NoMatch:
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


def _predicate_call_rule(c: Cue) -> Frame | None | NoMatch:
    oprd = next((t for t in c.by_dep.get("oprd", []) if t.i > c.tok.i + 1), None)
    if c.lemma == "call" and c.obj is None and oprd is not None:
        # "called the corridor Hamas's 'oxygen pipe'": the parser lost the object in a compound
        return c.finder.span_frame(c.tok, c.doc[c.tok.i + 1], oprd, "predicate")
    return NO_MATCH


def _predicate_complement_rule(c: Cue) -> Frame | None | NoMatch:
    if c.lemma in C.SECONDARY_PREDICATE_CUES and c.obj is None and C.SECONDARY_PREDICATE_CUES[c.lemma]:
        wanted = C.SECONDARY_PREDICATE_CUES[c.lemma]
        for t in c.by_dep.get("ccomp", []) + c.by_dep.get("xcomp", []):
            if t.i > c.tok.i and t.lower_ in wanted:
                first = min(x.i for x in t.subtree)
                return c.finder.span_frame(c.tok, c.doc[first], t, "predicate")
    return NO_MATCH


def _preposition_rule(c: Cue) -> Frame | None | NoMatch:
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


def _object_infinitive_rule(c: Cue) -> Frame | None | NoMatch:
    obj = c.obj
    if c.lemma in C.OBJECT_INFINITIVE_CUES and obj is not None:
        xcomp = next((t for t in c.children if t.dep_ in {"xcomp", "ccomp"} and t.i > obj.i), None)
        if xcomp is None or not has_to(xcomp):
            xcomp = next((t for t in obj.subtree if t.i > obj.i and t.pos_ == "VERB" and has_to(t)), None)
        if xcomp is not None:
            return c.finder.span_frame(c.tok, obj, xcomp, "object-infinitive")
    return NO_MATCH


def _infinitive_rule(c: Cue) -> Frame | None | NoMatch:
    if c.lemma in C.INFINITIVE_CUES:
        xcomp = next((t for t in c.by_dep.get("xcomp", []) if t.i > c.tok.i), None)
        if xcomp is not None and xcomp.tag_ == "VB":
            # An infinitive's verb is in its base form; "the measures Iran had agreed to were
            # reversible": after a stranded "to" the parser takes the next verb for one.
            first = min(xcomp.subtree, key=lambda t: t.i)
            return c.finder.span_frame(c.tok, first, xcomp, "infinitive")
    return NO_MATCH


def _gerund_rule(c: Cue) -> Frame | None | NoMatch:
    # "Brell proposed dropping the quota", "She denied taking part in the talks": the -ing
    # clause stands where the object would, and is what was proposed or denied.
    if c.lemma in C.OBJECT_CUES and c.obj is None:
        xcomp = next((t for t in c.by_dep.get("xcomp", []) if t.i > c.tok.i and t.tag_ == "VBG"), None)
        if xcomp is not None and not has_to(xcomp):
            return c.finder.span_frame(c.tok, xcomp, xcomp, "object")
    return NO_MATCH


def _judged_person_rule(c: Cue) -> Frame | None | NoMatch:
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


def _colon_rule(c: Cue) -> Frame | None | NoMatch:
    # "Varga: We will not sign." A name alone at the head of a paragraph, then a colon: the
    # attribution of transcripts ("BRELL: ...") and of headlines. The name must be one that the
    # parser or the setup takes for a name, so that labels ("Update:", "Note:") are no speakers.
    tok = c.tok
    if tok.text != ":":
        return NO_MATCH
    return c.finder.colon_frame(tok)


def _object_rule(c: Cue) -> Frame | None | NoMatch:
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


def _urged_object_rule(c: Cue) -> Frame | None | NoMatch:
    # "urged restraint on both sides", "vowed consequences": the object is what is called for,
    # unless it names someone ("urged Norland", "urged the farmers"): then it is the one urged.
    obj = c.obj
    if c.lemma not in C.URGE_OBJECT_CUES or obj is None or obj.i < c.tok.i or obj.pos_ in {"PRON", "PROPN"}:
        return NO_MATCH
    if obj.ent_type_ or obj.lemma_.lower() in C.PERSON_NOUNS | C.GROUP_NOUNS:
        return None
    return c.finder.span_frame(c.tok, obj, obj, "object")


def _as_report_rule(c: Cue) -> Frame | None | NoMatch:
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


def _parenthetical_rule(c: Cue) -> Frame | None | NoMatch:
    # "X, he said, Y": the report is the sentence around the cue.
    tok = c.tok
    if c.lemma in C.CLAUSE_CUES and tok.dep_ in {"parataxis", "ccomp"} and "nsubj" in c.deps and c.obj is None:
        first = tok.left_edge.i
        if first > c.sent.start and "," in {c.doc[first].text, c.doc[first - 1].text}:
            return c.finder.parenthetical_frame(tok, c.sent)
    return NO_MATCH


def _that_clause_rule(c: Cue) -> Frame | None | NoMatch:
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
        words=frozenset({"according"}),
    ),
    FrameRule("colon", "colon", _colon_rule, "Varga: We will not sign this text.", verb=False, words=frozenset({":"})),
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
    FrameRule("pro-form", "object", _pro_form_rule, "Her manager said as much on Sunday.", lemmas=C.CLAUSE_CUES),
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
# The words those rules can match, or None when one of them matches any word.
ANY_TOKEN_WORDS: frozenset[str] | None = (
    None
    if any(r.words is None for r in ANY_TOKEN_RULES)
    else frozenset().union(*(r.words for r in ANY_TOKEN_RULES if r.words is not None))
)
