"""References to a negotiation's proposals in an article: by name and alias, by definite
descriptions that point back to one ("the plan", "the terms", "the accord" once the revised accord
is named), by "it" after one in the same sentence, and by the parties a found text is of ("an
Egyptian-Qatari text").

Invariants:
- `ProposalLexicon` is built once per Extractor from the setup and only read afterwards.
- `named` holds the article's name and alias matches, in reading order, longest first where two
  start together, never overlapping.
- A statement is never about a proposal made after the day it was said (`ProposalLexicon.valid`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from . import cues as C
from .types import FoundProposal, ProposalInfo, Setup

DEFINITE = frozenset("the this that these those".split())


@dataclass(frozen=True)
class ProposalRef:
    """A reference to a proposal: its first token, and the proposal (a name, or one found)."""

    i: int
    proposal: str | None = None
    found: FoundProposal | None = None

    @property
    def name(self) -> str | None:
        return self.proposal or (self.found.words if self.found else None)


class ProposalLexicon:
    """The setup's proposals as the rules look them up; built once per Extractor."""

    def __init__(self, setup: Setup, nlp: Language):
        self.setup = setup
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.words: dict[str, set[str]] = {}
        self.heads: dict[str, set[str]] = {}
        for p in setup.proposals:
            phrases = list({p.name, *p.aliases})
            self.matcher.add(p.name, [nlp.make_doc(x) for x in phrases])
            self.words[p.name] = {w.lower() for x in phrases for w in x.split()}
            # the head nouns its names end in: "framework" of "the framework", not of "Windsor
            # Framework (Democratic Scrutiny) Regulations"
            self.heads[p.name] = {x.split()[-1].lower() for x in phrases}
        self.dates = {p.name: p.date for p in setup.proposals}
        self.by = {p.name: p.by for p in setup.proposals}

    def valid(self, name: str, day: date | None) -> bool:
        """A statement cannot be about a proposal made after it was said."""
        made = self.dates.get(name)
        return made is None or day is None or made <= day


class ProposalReferences:
    """The proposals one article refers to, found where the stance rules ask."""

    def __init__(self, lexicon: ProposalLexicon, doc: Doc, party_at: Callable[[int], str | None]):
        self.lex = lexicon
        self.doc = doc
        self.party_at = party_at
        spans = sorted(
            ((s, e, doc.vocab.strings[k]) for k, s, e in lexicon.matcher(doc)), key=lambda x: (x[0], x[0] - x[1])
        )
        self.named: list[tuple[int, int, str]] = []  # (first token, end token, proposal), longest first
        for s, e, name in spans:
            if not self.named or s >= self.named[-1][1]:
                self.named.append((s, e, name))

    def refs(self, toks: list[Token], day: date | None, own_party: str | None = None) -> list[ProposalRef]:
        """References to a proposal among `toks`, in reading order; `own_party` is the speaker's
        side, what "it" or "we" stands for in what the speaker says."""
        ids = {t.i for t in toks}
        out: list[ProposalRef] = []
        covered: set[int] = set()
        for s, e, name in self.named:
            if s in ids and self.lex.valid(name, day):
                out.append(ProposalRef(s, proposal=self._definite_alias(s, e, day) or name))
                covered.update(range(s, e))
        for t in sorted(toks, key=lambda t: t.i):
            if t.i in covered:
                continue
            ref = (
                self._offered_by(t, day, own_party) or self._description(t, day, covered) or self._pronoun(t, day, out)
            )
            if ref is not None:
                out.append(ref)
        return sorted(out, key=lambda r: r.i)

    def _description(self, t: Token, day: date | None, covered: set[int]) -> ProposalRef | None:
        lemma = t.lemma_.lower()
        if lemma == "page" and t.tag_ == "NNS":
            # "the 297 pages": a text known by its length, the one the article has talked of most;
            # "a few pages", "pages of notes" are no text of the talks
            pre = [(c.dep_, c.lower_) for c in t.children if c.i < t.i]
            if len(pre) == 2 and pre[0] == ("det", "the") and pre[1][0] == "nummod":
                name = self._last_named(t.i, day)
                return ProposalRef(t.i, proposal=name) if name else None
            return None
        if t.pos_ not in {"NOUN", "PROPN"} or lemma not in C.PROPOSAL_HEADS | C.TEXT_PART_HEADS:
            return None
        subtree = {x.i for x in t.subtree}
        named = [(s, name) for s, _e, name in self.named if s in subtree and self.lex.valid(name, day)]
        if named:
            return None if any(s in covered for s, _ in named) else ProposalRef(t.i, proposal=named[0][1])
        pre = [c for c in t.children if c.i < t.i]
        parties = self._parties(pre)
        if parties and lemma in C.FOUND_PROPOSAL_HEADS:
            return self._by_parties(t, pre, parties, day)
        # "its commitments" is a side's text; "his plans" are a person's
        definite = any(c.lower_ in DEFINITE or (c.dep_ == "poss" and c.lower_ in {"its", "their"}) for c in pre)
        redone = t.dep_ == "dobj" and t.head.lemma_.lower() in C.REDO_VERBS
        if redone and not definite and not any(c.dep_ != "det" for c in pre):
            # "would not reopen a text that took months to draft": doing a text over presupposes
            # it, so even "a text" is one already there, the one just named
            name = self._just_named(t, day)
            return ProposalRef(t.i, proposal=name) if name else None
        if lemma in C.TEXT_PART_HEADS - C.CHANGE_HEADS and t.tag_ == "NNS" and all(c.dep_ == "amod" for c in pre):
            # "key restrictions would not expire": a bare plural of a text's parts is the terms of the
            # text in the news; "security measures", "our commitments" are another kind or another's
            definite = True
        elif not definite or any(
            c.dep_ in {"compound", "nmod", "nummod"} or (c.dep_ == "amod" and c.lower_ not in C.TEXT_FORM_ADJECTIVES)
            for c in pre
        ):
            return None  # "a deal", "the interim agreement": not the proposal on the table
        if lemma in C.TEXT_PART_HEADS:
            name = self._last_named(t.i, day)
        else:
            name = self._last_named(t.i, day, head=lemma) or self._latest(day, head=lemma)
        return ProposalRef(t.i, proposal=name) if name else None

    def _offered_by(self, t: Token, day: date | None, own_party: str | None) -> ProposalRef | None:
        """ "the remedies the bloc has offered", "the proposals it made in October": what a side
        put on the table, said with a relative clause whose subject is that side, is its latest
        text by the day ("it" and "we" being the speaker's own side)."""
        if t.pos_ not in {"NOUN", "PROPN"} or t.tag_ == "NNP":
            return None
        lemma = t.lemma_.lower()
        verbs = C.OFFER_VERBS | ({"make"} if lemma in C.PROPOSAL_HEADS else set())
        for rel in t.children:
            if rel.dep_ not in {"relcl", "acl"} or rel.lemma_.lower() not in verbs:
                continue
            subj = next((c for c in rel.children if c.dep_ == "nsubj"), None)
            if subj is None:
                continue
            party = own_party if subj.lower_ in {"it", "we"} else self.party_at(subj.i)
            name = self._newest_of(day, lambda p, by=party: p.by == by, dated=False) if party else None
            if name:
                return ProposalRef(t.i, proposal=name)
        return None

    def _definite_alias(self, s: int, e: int, day: date | None) -> str | None:
        """ "the accord" in an article that has named the revised accord: an alias that is only
        "the" and a head noun stands for the newest proposal of that kind the article named before,
        as "the accord" does without a setup ("the proposal" resolves so too)."""
        words = self.doc[s:e]
        if len(words) != 2 or words[0].lower_ != "the" or words[1].lemma_.lower() not in C.PROPOSAL_HEADS:
            return None
        head = words[1].lower_
        names = [n for start, _e, n in self.named if start < s and self.lex.valid(n, day) and head in self.lex.heads[n]]
        order = {n: k for k, n in enumerate(names)}
        return max(order, key=lambda n: (self.lex.dates.get(n) or date.min, order[n]), default=None)

    def _by_parties(self, t: Token, pre: list[Token], parties: list[str], day: date | None) -> ProposalRef:
        """ "Hamas's reply", "an Egyptian-Qatari text": a known proposal of that party when the phrase
        is definite, else one the setup does not know."""
        definite = any(c.lower_ in DEFINITE or c.dep_ == "poss" for c in pre)
        known = self._newest_of(day, lambda p: p.by in parties, dated=False)
        if definite and len(parties) == 1 and known:
            return ProposalRef(t.i, proposal=known)
        first = min(
            [t.i, *(x.i for c in pre if c.dep_ not in {"det", "poss"} or c.lower_ not in DEFINITE for x in c.subtree)]
        )
        if any(c.dep_ == "det" for c in pre):
            first = max(first, max(c.i for c in pre if c.dep_ == "det") + 1)
        words = self.doc[first : t.i + 1].text.replace("’", "'")
        return ProposalRef(t.i, found=FoundProposal(words, tuple(parties)))

    def _pronoun(self, t: Token, day: date | None, before: list[ProposalRef]) -> ProposalRef | None:
        """ "officials familiar with the proposal said it left ...": "it" after a proposal named in the
        same sentence; and "it" or "them" that a verb of stance takes as its object ("the party
        voted on the regulations. Its officers had decided to oppose them") after one named in the
        sentence before. Elsewhere "them" is mostly people."""
        text_object = t.dep_ == "dobj" and t.head.lemma_.lower() in C.TEXT_TAKING_VERBS
        if t.dep_ == "expl" or not (t.lower_ == "it" or (t.lower_ == "them" and text_object)):
            return None
        sent_start = t.sent.start
        earlier = [r for r in before if sent_start <= r.i < t.i]
        if not earlier:
            named = [(s, n) for s, _e, n in self.named if sent_start <= s < t.i and self.lex.valid(n, day)]
            if named:
                return ProposalRef(t.i, proposal=named[-1][1])
            if text_object:
                # what is carried out or implemented is a text even when none was named just before
                implemented = t.head.lemma_.lower() in C.IMPLEMENT_VERBS
                name = self._just_named(t, day) or (self._last_named(t.i, day) if implemented else None)
                return ProposalRef(t.i, proposal=name) if name else None
            return None
        return ProposalRef(t.i, proposal=earlier[-1].proposal, found=earlier[-1].found)

    def _just_named(self, tok: Token, day: date | None) -> str | None:
        """The proposal named last before `tok` in its sentence or the one before: "they had agreed
        on a new accord. He called it a better accord" judges the one just named, not the one the
        article talked of most."""
        sent = tok.sent
        start = self.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        names = [n for s, _e, n in self.named if start <= s < tok.i and self.lex.valid(n, day)]
        return names[-1] if names else None

    def _last_named(self, i: int, day: date | None, head: str | None = None) -> str | None:
        names = [n for s, _e, n in self.named if s < i and self.lex.valid(n, day)]
        if head is not None:
            fitting = [n for n in names if head in self.lex.words[n]]
            if fitting:
                # "the proposal" in news of the talks: the newest one on the table
                order = {n: k for k, n in enumerate(fitting)}
                return max(order, key=lambda n: (self.lex.dates.get(n) or date.min, order[n]))
            # "the deal" is put to both sides: not a side's reply
            names = [n for n in names if not self.lex.words[n] & C.ANSWER_HEADS]
        # Nothing of that kind named yet: the proposal the article has talked about most.
        order = {n: k for k, n in enumerate(names)}
        return max(order, key=lambda n: (names.count(n), order[n]), default=None)

    def _newest_of(self, day: date | None, keep: Callable[[ProposalInfo], bool], dated: bool = True) -> str | None:
        """The newest of the setup's proposals that `keep` accepts and that were made by `day`;
        undated ones count, as the oldest, only when not `dated`."""
        known = [
            p
            for p in self.lex.setup.proposals
            if keep(p) and self.lex.valid(p.name, day) and (p.date is not None or not dated)
        ]
        return max(known, key=lambda p: p.date or date.min).name if known else None

    def _own_latest(self, party: str | None, day: date | None) -> str | None:
        """What a side agrees to when the article names no text: its own latest proposal."""
        return self._newest_of(day, lambda p: p.by == party)

    def _latest(self, day: date | None, head: str) -> str | None:
        """ "the plan" before the article names one: the latest of that kind by then."""
        return self._newest_of(day, lambda p: head in self.lex.words[p.name])

    def _newest(self, day: date | None) -> str | None:
        """The newest proposal on the table by `day`: what a verdict on "this" judges when the
        article has named none yet."""
        return self._newest_of(day, lambda p: True) if day is not None else None

    def _parties(self, toks: list[Token]) -> list[str]:
        out: list[str] = []
        for c in toks:
            for x in c.subtree:
                party = self.party_at(x.i)
                if party and party not in out:
                    out.append(party)
        return out
