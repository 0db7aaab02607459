"""Syntax: questions asked of spaCy's parse, shared by the rules, the span building and stance.

Pure functions of tokens (and of a frame's cue): no state, no article text, no word lists but
the few closed classes of grammar defined here.

Invariant: tokens are compared by index (`.i`), never with `is` (spaCy makes a new Token object
on each access); every walk up the tree stops at the root (`head.i == i`), so none can loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.tokens import Token

from . import cues as C

if TYPE_CHECKING:
    from .frames import Frame

NAME_ENTITIES = {"PERSON", "ORG", "GPE", "NORP"}
PERSONAL_PRONOUNS = frozenset("i we he she they".split())
# The dependencies of a clause's subject.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
# The tags of a verb in a tense of its own: past, present third person, present.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


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


def finite(clause: Token) -> bool:
    """Whether a clause's verb is in a tense of its own, or has a modal or finite auxiliary."""
    return clause.tag_ in FINITE_TAGS or any(
        t.dep_ == "aux" and (t.tag_ in FINITE_TAGS or t.tag_ == "MD") for t in clause.children
    )


def subjectless_finite(clause: Token) -> bool:
    """Whether a clause is headed by a finite verb with no subject of its own."""
    return finite(clause) and not any(t.dep_ in SUBJECT_DEPS for t in clause.children)


def zero_that_clause(clause: Token) -> bool:
    """Whether an adverbial clause of a cue is its complement with "that" left out, which the
    parser took for an adverbial because of a phrase before its subject: "said after the
    convention he would not accept": a finite verb with a subject and no conjunction of its own."""
    return (
        finite(clause)
        and any(t.dep_ in {"nsubj", "nsubjpass", "expl"} for t in clause.children)
        and not any(t.dep_ == "mark" or t.tag_ == "WRB" for t in clause.children)
    )


# Dashes that set off an aside: the typewriter double hyphen, the em and en dash, and a hyphen
# with spaces around it (" - ").
DASHES = frozenset({"--", "—", "–", "-"})


def coordinated_act(frame: Frame) -> bool:
    tok = frame.cue
    return (
        tok.dep_ == "conj"
        and not any(c.dep_ == "nsubj" for c in tok.children)
        and tok.tag_ in FINITE_TAGS
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
            subj = name_just_before(tok)
        if subj is not None:
            if subj.lower_ in {"who", "which", "that"} and tok.dep_ == "relcl":
                return _predicated_of(tok.head)
            return subj
        # "Londoño flinched, then joked that ...": a finite verb the parser left unlabelled ("dep")
        # under another is coordinated with it, and shares its subject.
        finite_dep = tok.dep_ == "dep" and tok.tag_ in FINITE_TAGS and tok.head.pos_ in {"VERB", "AUX"}
        if (
            tok.dep_ == "conj"
            or finite_dep
            or (tok.dep_ in {"advcl", "xcomp", "pcomp"} and tok.head.pos_ in {"VERB", "AUX"})
        ):
            tok = tok.head
        elif (
            tok.dep_ == "xcomp"
            and tok.head.pos_ == "ADJ"
            and tok.head.dep_ == "acomp"
            and tok.head.head.pos_ in {"VERB", "AUX"}
        ):
            # "Brell was quick to say that ...", "Brell will be unable to deny that ...": the
            # infinitive of an adjective takes the subject of its copula. An expletive "it" says
            # nothing ("It is hard to say whether ...", "It is worth noting that ...").
            subj = next((c for c in tok.head.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is None or subj.lower_ in {"it", "this", "that"}:
                return None
            return subj
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
        elif (
            tok.dep_ == "pcomp"
            and (tok.head.head.lower_, tok.head.lower_) in C.COMPLEX_PREPOSITIONS
            and tok.head.head.dep_ == "advmod"
            and tok.head.head.head.pos_ in {"VERB", "AUX"}
        ):
            # "Varga said little, aside from noting that the talks go on": "aside from" is one
            # preposition, which the parser hangs on the verb as an adverb.
            tok = tok.head.head.head
        elif tok.dep_ in {"acl", "relcl"} and tok.head.pos_ in {"NOUN", "PROPN"}:
            if tok.head.lemma_.lower() in C.DOCUMENT_NOUNS:
                tok = tok.head.head
                if tok.dep_ == "prep" and tok.head.pos_ in {"VERB", "AUX"}:
                    # "In a statement announcing the pick, the Marsh union called ...": the
                    # statement the clause opens with is its subject's.
                    tok = tok.head
                continue
            return _predicated_of(tok.head)
        else:
            return None
    return None


def name_just_before(verb: Token) -> Token | None:
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


def last_of(toks: list[Token]) -> Token:
    return max(toks, key=lambda t: max(x.i for x in t.subtree))


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
