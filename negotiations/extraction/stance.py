"""A statement's stance, target and proposal, by rules over the parse (GUIDELINES.md, "Stance and
proposals").

Each rule proposes an attitude with a target; the guidelines' precedence picks one: toward a
proposal, then toward an issue, then an accusation, then an act with no target, then neutral.
Proposals are found by references.py (names, aliases, definite descriptions, "it"); the verdict
rules are in verdicts.py, the blame rules in blame.py and the rules of modality, conditions and
warnings in modality.py, parts of the one reading (`_Reading`).

The words the rules read are general resources, not the dev sentences: verb classes written out
in cues.py with their FrameNet frame, and VADER's evaluative lexicon (vaderSentiment, MIT) for the
word of a verdict on a text. Every stance names the rule family that read it (`Stance.rule`), and
its confidence is that family's precision measured on the development negotiations
(stance_calibration.json, `bench/eval_stance.py --write-calibration`): the same reading always
gets the same confidence, and a lower one means a family that is more often wrong.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from . import cues as C
from .blame import BlameRules
from .modality import ModalityRules
from .references import ProposalLexicon, ProposalRef, ProposalReferences
from .syntax import has_to, infinitives
from .types import FoundProposal
from .verdicts import VerdictRules

CALIBRATION_FILE = Path(__file__).with_name("stance_calibration.json")
PROPOSAL, ISSUE, ACCUSATION, UNTARGETED = range(4)
AGAINST_STANCES = frozenset("rejects opposes".split())


@dataclass(frozen=True)
class Stance:
    stance: str = "neutral"
    target: str | None = None
    proposal: str | None = None
    confidence: float = 0.5
    found_proposal: FoundProposal | None = None
    reported_party: str | None = None
    reported_stance: str | None = None
    reported_target: str | None = None
    # The rule family that decided the stance ("cue", "predicate", "deontic", ...; "none" for a
    # neutral that no rule read): what the confidence is calibrated on.
    rule: str = "none"
    # The reading as a statistical layer would see it (bench/eval_stance.py --min-prob measures one).
    features: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Attitude:
    rank: int
    stance: str
    target: str | None
    rule: str
    proposal: ProposalRef | None = None


def confidence_of(rule: str) -> float:
    """How often a stance read by this rule family was right on the development negotiations
    (stance_calibration.json, written by `bench/eval_stance.py --write-calibration`)."""
    return _calibration().get(rule, _calibration().get("*", 0.5))


@cache
def _calibration() -> dict[str, float]:
    return json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))["precision"]


class ArticleStance(ProposalReferences):
    """The stance rules over one parsed article."""

    def __init__(
        self,
        lexicon: ProposalLexicon,
        doc: Doc,
        party_at: Callable[[int], str | None],
        issue_hits: list[tuple[int, int, str]],
    ):
        super().__init__(lexicon, doc, party_at)
        self.issue_hits = issue_hits

    # -- the reading ----------------------------------------------------------------------

    def read(
        self,
        cue: Token,
        content: Span,
        construction: str,
        clause: list[Token],
        speaker: Token | None,
        speaker_party: str | None,
        issues: list[str],
        day: date | None,
    ) -> Stance:
        r = _Reading(self, cue, content, construction, clause, speaker, speaker_party, issues, day)
        return r.result()

    def points_back(self, content: Span) -> bool:
        """Whether the content picks up something said before it with a demonstrative ("that
        sequence", "these guarantees"); "this week" points at the calendar, not at what was said."""
        return any(
            t.dep_ == "det"
            and t.lower_ in C.DEMONSTRATIVE_DETERMINERS
            and t.head.pos_ == "NOUN"
            and not t.head.ent_type_
            for t in content
        )

    def issue_in(self, start: int, end: int) -> str | None:
        """The issue named most specifically (the longest match) between two character offsets."""
        hits = [(e - s, -s, name) for s, e, name in self.issue_hits if start <= s and e <= end]
        return max(hits)[2] if hits else None


class _Reading(VerdictRules, BlameRules, ModalityRules):
    def __init__(
        self,
        art: ArticleStance,
        cue: Token,
        content: Span,
        construction: str,
        clause: list[Token],
        speaker: Token | None,
        speaker_party: str | None,
        issues: list[str],
        day: date | None,
    ):
        self.art = art
        self.cue = cue
        self.content = content
        self.toks = list(content)
        self.construction = construction
        self.speaker = speaker
        self.speaker_party = speaker_party
        self.sentence_issues = issues
        self.day = day
        self.refs = art.refs(self.toks, day, speaker_party)
        self.clause_refs = art.refs(clause, day, speaker_party)
        self.attitudes: list[_Attitude] = []
        self.reported: tuple[str, str, str | None] | None = None
        self.reported_ref: ProposalRef | None = None  # the text a reported stance is toward
        self.heads = self._clause_heads()

    def result(self) -> Stance:
        self._cue_rules()
        for head in self.heads:
            self._predicate_rules(head)
        self._demand_nouns()
        self._standing_firm()
        self._no_grounds()
        self._deontic()
        self._condition()
        self._suasion()
        self._warned_if()
        self._warned_of_text()
        self._evaluation()
        self._standing()
        self._blame()
        self._conduct_verdict()
        self._regret()
        self._worry()
        self._grounds_of_act()
        features = self.features()
        best = min(self.attitudes, key=lambda a: a.rank, default=None)
        ref = (
            best.proposal
            if best and best.proposal
            else self._part_named() or next(iter(self.refs or self.clause_refs), None) or self.reported_ref
        )
        if ref is None and self.speaker is not None and self.speaker.lemma_.lower() in C.TERMS_DOCUMENTS:
            # "according to the fact sheet, ...": a document setting out terms speaks of the
            # proposal under discussion, whether or not its words name it
            name = self.art._last_named(self.cue.i, self.day)
            ref = ProposalRef(self.speaker.i, proposal=name) if name else None
        reported = self.reported or (None, None, None)
        if best is not None and self._commentator():
            best = _Attitude(UNTARGETED + 1, "neutral", None, "commentator")
        if best is None:
            # A neutral speaker reporting another side's stance: how sure the report is
            best = _Attitude(UNTARGETED + 1, "neutral", None, "reported" if self.reported else "none")
        return Stance(
            stance=best.stance,
            target=best.target,
            proposal=ref.proposal if ref else None,
            confidence=confidence_of(best.rule),
            rule=best.rule,
            found_proposal=ref.found if ref else None,
            reported_party=reported[0],
            reported_stance=reported[1],
            reported_target=reported[2],
            features=features,
        )

    def _commentator(self) -> bool:
        """ "Jane Roe, a professor of politics at Eastbridge, said the plan was a clever one": a
        scholar or analyst of no side comments on the talks; the stance is a side's in them."""
        if self.speaker is None or self.speaker_party is not None:
            return False
        nouns = [self.speaker, *(c for c in self.speaker.children if c.dep_ == "appos")]
        return any(n.lemma_.lower() in C.COMMENTATOR_NOUNS for n in nouns)

    def _part_named(self) -> ProposalRef | None:
        """ "the framework also created a brake under which ...": a text said to create or include
        another text the setup names frames the statement; the part is what it is about."""
        for r in self.refs:
            subj = self.art.doc[r.i]
            if subj.dep_ in {"det", "compound", "amod"}:
                subj = subj.head  # a name's first word: "the" of "the framework"
            verb = subj.head
            if subj.dep_ != "nsubj" or verb.lemma_.lower() not in C.TERMS_VERBS | C.CREATING_VERBS:
                continue
            objects = {t.i for c in verb.children if c.dep_ == "dobj" for t in c.subtree}
            part = next((x for x in self.refs if x.i in objects and x.name != r.name), None)
            if part is not None:
                return part
        return None

    def features(self) -> tuple[str, ...]:
        """The reading as the statistical layer sees it: the rules' verdict and family, the cue,
        the content's content words (lemmas), negation, modals, conditions, and what it names."""
        best = min(self.attitudes, key=lambda a: a.rank, default=None)
        out = [
            f"rule={best.rule if best else 'none'}",
            f"said={best.stance if best else 'neutral'}",
            f"cue={self.cue.lemma_.lower()}",
            f"construction={self.construction}",
        ]
        for t in self.toks:
            if t.is_alpha and not t.is_stop and t.pos_ in {"ADJ", "NOUN", "VERB", "ADV"}:
                out.append(f"w={t.lemma_.lower()}")
            if t.dep_ == "neg" or t.lower_ in {"no", "never", "nothing", "without"}:
                out.append("negation")
            if t.tag_ == "MD":
                out.append(f"modal={t.lemma_.lower()}")
            if t.dep_ == "mark" and t.lower_ in {"if", "unless", "until"}:
                out.append("condition")
            if t.dep_ == "cc" and t.lower_ == "but":
                out.append("but")
        if self.refs:
            out.append("names-text")
        if self._content_issue():
            out.append("names-issue")
        parties = {p for t in self.toks if (p := self.art.party_at(t.i))}
        if parties - {self.speaker_party}:
            out.append("names-other-party")
        if any(t.lower_ in C.FIRST_PERSON for t in self.toks):
            out.append("first-person")
        if self.reported:
            out.append(f"reports={self.reported[1]}")
        return tuple(out)

    # -- helpers --------------------------------------------------------------------------

    def _add(self, stance: str, rule: str, ref: ProposalRef | None = None, issue: str | None = None, party=None):
        if ref is not None:
            self.attitudes.append(_Attitude(PROPOSAL, stance, ref.name, rule, ref))
        elif issue is not None:
            self.attitudes.append(_Attitude(ISSUE, stance, issue, rule))
        elif stance == "accuses":
            self.attitudes.append(_Attitude(ACCUSATION, stance, party, rule))
        else:
            self.attitudes.append(_Attitude(UNTARGETED, stance, None, rule))

    def _content_issue(self) -> str | None:
        return self.art.issue_in(self.content.start_char, self.content.end_char)

    def _statement_issue(self) -> str | None:
        sent = self.cue.sent
        return self._content_issue() or self.art.issue_in(sent.start_char, sent.end_char)

    def _refs_in(self, tok: Token) -> list[ProposalRef]:
        ids = {t.i for t in tok.subtree}
        return [r for r in self.refs if r.i in ids]

    def _clause_heads(self) -> list[Token]:
        """The content's main predicates: its roots and the clauses coordinated with them."""
        ids = {t.i for t in self.toks}
        roots = [t for t in self.toks if t.head.i not in ids or t.head.i == t.i]
        # "“A,” she said. “B.”": the attribution inside a quote is not what the quote says
        for root in [r for r in roots if r.i == self.cue.i]:
            roots.remove(root)
            roots.extend(c for c in root.children if c.dep_ in {"ccomp", "parataxis", "conj"} and c.i in ids)
        heads = []
        for root in roots:
            heads.append(root)
            heads.extend(c for c in root.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} and c.i in ids)
        # "I'm pleased to report that we have reached a deal": what a side is glad to announce is
        # what it says
        heads += [
            x
            for h in list(heads)
            for a in h.children
            if a.dep_ == "acomp"
            for v in a.children
            if v.dep_ == "xcomp" and v.lemma_.lower() in C.ANNOUNCE_VERBS
            for x in v.children
            if x.dep_ == "ccomp" and x.i in ids
        ]
        # "the officers had decided to oppose them", "voted to reject the bill": a side's decision
        # to act is its act
        heads += [
            c
            for h in list(heads)
            if h.lemma_.lower() in C.DECIDING_VERBS and not self._negated(h)
            for c in infinitives(h)
            if c.i in ids
        ]
        # "Norland would go on supporting the process", "will continue to oppose the levy": an
        # aspectual verb (VerbNet begin-55.1, continue-55.3) passes on the side its complement
        # takes; only a verb of taking sides, not "keep seeking peace" (a wish told, no demand)
        heads += [
            c
            for h in list(heads)
            if self._aspectual(h) and not self._negated(h)
            for c in (*h.children, *(x for p in h.children if p.dep_ == "prt" for x in p.children))
            if c.dep_ in {"xcomp", "pcomp"}
            and c.i in ids
            and C.CUE_STANCES.get(c.lemma_.lower()) in {"supports", "opposes", "rejects"}
        ]
        # "was determined to honour the accord", "would be resolute in meeting its obligations": the
        # act a side is set on is its act, as a decision to act is
        heads += [v for h in list(heads) if not self._negated(h) for v in self._resolved_acts(h) if v.i in ids]
        # "We are going to comply": "be going to" is a future, its verb the predicate
        heads += [
            c for h in heads if h.lemma_.lower() == "go" and h.tag_ == "VBG" for c in infinitives(h) if c.i in ids
        ]
        return heads

    @staticmethod
    def _aspectual(head: Token) -> bool:
        """ "continue", "resume", "go on": VerbNet's aspectual verbs (go_on a verb and its particle)."""
        lemma = head.lemma_.lower()
        return lemma in C.ASPECTUAL_HEADS or (lemma == "go" and any(c.lower_ == "on" for c in head.children))

    @staticmethod
    def _resolved_acts(head: Token) -> list[Token]:
        """The acts a word of resolve governs, as the head ("was determined to honour it") or as
        the copula's complement ("would be resolute in meeting its obligations")."""
        words = [w for w in (head, *(c for c in head.children if c.dep_ == "acomp")) if w.lower_ in C.RESOLVE_WORDS]
        if not words:
            return []
        acts = [x for w in words for x in infinitives(w)]
        preps = {p.i: p for w in (head, *words) for p in w.children if p.dep_ == "prep" and p.lower_ in {"in", "on"}}
        return acts + [x for p in preps.values() for x in p.children if x.dep_ == "pcomp" and x.tag_ == "VBG"]

    def _negated(self, tok: Token) -> bool:
        if any(
            c.dep_ == "neg" or c.lower_ in {"never", "no"} and c.dep_ in {"neg", "advmod", "det"} for c in tok.children
        ):
            return True
        if any(c.lower_ == "longer" and any(n.lower_ == "no" for n in c.children) for c in tok.children):
            return True  # "was no longer needed"
        # "would not accept any new conditions": the parser may hang "not" on the auxiliary's head
        return tok.dep_ == "xcomp" and self._negated(tok.head)

    def _subject(self, head: Token) -> Token | None:
        node = head
        for _ in range(3):
            subj = next((c for c in node.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is not None:
                return subj
            if node.dep_ == "pcomp" and node.head.dep_ == "prep":
                node = node.head.head  # "would be resolute in meeting": who is resolute acts
            elif node.dep_ in {"conj", "xcomp", "acomp", "prt"} or (node.dep_ == "pcomp" and node.head.dep_ == "prt"):
                node = node.head  # "would go on supporting it": the complement of a particle verb
            else:
                return None
        return None

    def _side(self, subj: Token | None) -> tuple[bool, str | None]:
        """Whether a subject is the speaker's own side, and the party it names."""
        if subj is None:
            return False, None
        party = next((p for t in subj.subtree if (p := self.art.party_at(t.i))), None)
        if party is not None:
            return party == self.speaker_party, party
        if self.speaker_party and (subj.lemma_.lower() in C.OWN_SIDE or subj.lower_ in C.OWN_SIDE):
            return True, self.speaker_party
        if self.speaker_party and any(
            t.dep_ == "poss" and (t.lower_ in C.OWN_POSSESSIVES or t.lower_ in C.OWN_SIDE_NOUNS) for t in subj.subtree
        ):
            # "the group said delegates at its last conference had approved the accord": people
            # the speaker's own possessive claims are its side
            return True, self.speaker_party
        return False, None

    def _has_condition(self) -> bool:
        text = " " + self.content.text.lower() + " "
        return any(f" {p} " in text for p in C.CONDITION_PHRASES) or self._mixed() or self._not_until()

    def _not_until(self) -> bool:
        """ "will not start moving until Congress passes an amnesty law": a refusal that lasts
        until something happens makes that thing its condition."""
        return any(
            self._negated(head) and any(t.lower_ in {"until", "till"} and t.dep_ == "mark" for t in head.subtree)
            for head in self.heads
        )

    def _mixed(self) -> bool:
        """ "Some of the changes are workable, some are not": a mixed verdict."""
        words = [t.lower_ for t in self.toks]
        return words.count("some") >= 2 and any(t.dep_ == "neg" for t in self.toks)

    # -- rules ----------------------------------------------------------------------------

    def _cue_rules(self) -> None:
        lemma = self.cue.lemma_.lower()
        if self._negated(self.cue):
            return
        stance = C.CUE_STANCES.get(lemma)
        # ("called on police to ...": the preposition may be tagged a particle, as in frames.py)
        preps = {c.lower_ for c in self.cue.children if c.dep_ in {"prep", "prt"}}
        # "called a day earlier for the DUP to end its boycott": the parser marks the for-to clause
        # rather than attaching "for" to the cue (frames.py reads it the same way).
        preps |= {
            m.lower_
            for c in self.cue.children
            if c.dep_ in {"advcl", "ccomp", "xcomp"}
            for m in c.children
            if m.dep_ == "mark"
        }
        if self.construction == "preposition" and preps & C.DEMAND_PREPOSITIONS.get(lemma, set()):
            stance = "supports" if lemma == "argue" else "demands"
        if lemma in C.REQUEST_VERBS and any(
            c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            for c in self.cue.children
        ):
            stance = "demands"  # "asked that the fishermen be given relief": a request
        # "asked Sudmark to open the sluices" asks a side of the talks to act; "asked the families
        # to forgive him" is a personal plea, no call in the negotiation
        asks_a_side = lemma == "ask" and (self.refs or any(self.art.party_at(t.i) for t in self.toks))
        if self.construction == "object-infinitive" and (
            lemma in {"call", "encourage", "implore", "press", "urge"} or asks_a_side
        ):
            stance = "demands"
            # "urged Colombians to reject it at the polls": calling on others to turn a text down
            # is the speaker's own rejection of it; calling on them to accept it demands it.
            asked = next((t for t in self.toks if t.pos_ == "VERB" and has_to(t)), None)
            if asked is not None and C.CUE_STANCES.get(asked.lemma_.lower()) in {"rejects", "opposes"}:
                stance = "rejects"
        if lemma == "hold" and any(t.lower_ in {"responsible", "accountable"} for t in self.toks):
            stance = "accuses"
        ref = self.refs[0] if self.refs else None
        if lemma == "threaten" and ref is not None:
            self._add("rejects", "cue", ref)
        elif lemma in {"vow", "pledge"} and any(t.dep_ == "neg" for t in self.toks):
            self._add("demands", "cue", issue=self._statement_issue())
        if stance is None:
            return
        if stance == "accuses":
            self._add("accuses", "cue-accuse", party=self._blamed())
        elif stance == "criticizes":
            blamed = self._blamed()
            if ref is not None or blamed is None:
                self._add("rejects", "cue-criticize", ref)
            else:
                self._add("accuses", "cue-criticize", party=blamed)
        elif stance in {"rejects", "opposes"}:
            self._reject(lemma, ref, stance)
        else:
            self._add(stance, "cue", ref, self._content_issue())

    def _reject(self, lemma: str, ref: ProposalRef | None, stance: str) -> None:
        if lemma == "deny":
            self._add("rejects", "cue-reject")  # a denial: target null
            return
        head = self.content.root
        if head.pos_ == "VERB" and any(c.lower_ in C.FREE_RELATIVES for c in head.children):
            # "rejected what he called baseless accusations": the free relative names what is
            # rejected by its predicate.
            head = next((c for c in head.children if c.dep_ in {"oprd", "attr"}), head)
        if ref is not None:
            self._add("rejects", "cue-reject", ref)
        elif head.lemma_.lower() in C.REJECTABLE_NOUNS or self._offered(head):
            self._add("rejects", "cue-reject")
        else:
            # neither a text nor a remark ("any foreign patrols"): an outcome, named as an issue or not
            self._add("opposes", "cue-reject", issue=self._content_issue())

    @staticmethod
    def _offered(noun: Token) -> bool:
        """ "the remedies the bloc has offered since October": what a side offered is a text."""
        return any(c.dep_ in {"relcl", "acl"} and c.lemma_.lower() in C.OFFER_VERBS for c in noun.children)

    def _predicate_rules(self, head: Token) -> None:
        """What the content says a side does to a text: accept it, refuse it, stand by it, want it."""
        kind = self._predicate_kind(head)
        if kind is None:
            return
        own, party = self._side(self._subject(head))
        refs = self._refs_in(head)
        ref = next((r for r in refs if r.i > head.i), refs[0] if refs else None)
        if ref is None and own and kind == "accepts":
            subj = self._subject(head)
            joint = subj is not None and subj.lower_ in C.JOINT_SUBJECTS
            # "the two ministers said they had agreed on ...": what both sides agree on is the
            # newest text on the table, not the speaker's own earlier one
            latest = self.art._newest(self.day) if joint else self.art._own_latest(self.speaker_party, self.day)
            name = self.art._last_named(head.i, self.day) or latest
            # "we have made a breakthrough ... the Windsor deal": a text the content names elsewhere
            ref = next(iter(self.refs), None) or (ProposalRef(head.i, proposal=name) if name else None)
        if ref is None and not own and party is not None and kind == "accepts":
            # "Its negotiators presented the new text. The rebels, he said, had agreed to disarm":
            # what another side is reported to have agreed is in the text just named
            name = self.art._just_named(head, self.day)
            ref = ProposalRef(head.i, proposal=name) if name else None
        if kind in {"rejects", "opposes"} and (defended := self._thwarted(head)) is not None:
            # "would veto any legislation that blocked the deal": against what is against a text
            kind, ref = "supports", defended
        if kind == "opposes" and ref is not None:
            kind = "rejects"  # GUIDELINES: a text is rejected, an outcome opposed
        if own:
            if kind == "accepts" and (self._has_condition() or self._reciprocal(head)):
                kind = "conditional"
            if kind in {"demands", "supports"}:
                self._add(kind, "predicate", ref, self._statement_issue())
            elif ref is not None:
                self._add(kind, "predicate", ref)
            elif kind == "rejects":
                self._add("rejects", "predicate", issue=None)
            elif kind == "opposes":
                self._add("opposes", "predicate", issue=self._statement_issue())
        elif party is not None and self.reported is None:
            target = ref.name if ref else self._content_issue()
            self.reported = (party, kind, target)
            self.reported_ref = ref

    def _grounds_of_act(self) -> None:
        """ "dismissed the plan, saying it would cost too much", "urged the assembly to back the
        accord, saying that without it the dam would stand empty": a participle of saying adjoined
        to the speaker's act on a text gives the grounds for that act, so its content argues the
        same way about the same text (rejects it, or defends it: GUIDELINES, "praise or defence of
        a text is supports"). Only where the content reads no attitude of its own."""
        act = self.cue.head
        if self.attitudes or self.cue.tag_ != "VBG" or self.cue.dep_ != "advcl" or act.i == self.cue.i:
            return
        if any(c.dep_ in {"nsubj", "nsubjpass"} for c in self.cue.children) or self._negated(act):
            return
        stance = C.CUE_STANCES.get(act.lemma_.lower())
        if stance == "demands":
            # "urged lawmakers to back the brake": what the others are asked to do to the text
            asked = next(iter(infinitives(act)), None)
            if asked is None or self._negated(asked):
                return
            lemma = asked.lemma_.lower()
            stance = (
                "supports"
                if lemma in C.ACCEPT_PREDICATES or C.CUE_STANCES.get(lemma) == "supports"
                else "rejects"
                if lemma in C.REFUSE_PREDICATES or C.CUE_STANCES.get(lemma) in {"rejects", "opposes"}
                else None
            )
        elif stance in {"rejects", "opposes", "criticizes"}:
            stance = "rejects"
        if stance not in {"supports", "rejects"}:
            return
        ids = {t.i for t in act.subtree} - {t.i for t in self.cue.subtree}
        ref = next((r for r in self.clause_refs if r.i in ids), None)
        if ref is not None:
            self._add(stance, "grounds", ref)

    def _thwarted(self, head: Token) -> ProposalRef | None:
        """The text that the object of `head` acts against: "legislation that blocked the deal"."""
        for obj in self._objects(head):
            for rel in (c for c in obj.children if c.dep_ == "relcl" and c.lemma_.lower() in C.THWART_VERBS):
                if self._negated(rel):
                    continue
                ids = {t.i for t in rel.subtree}
                ref = next((r for r in self.refs if r.i in ids), None)
                if ref is not None:
                    return ref
        return None

    def _reciprocal(self, head: Token) -> bool:
        """ "We are going to comply, and we hope the government complies": the side's acceptance
        with the wish or demand that the other side do the same is reciprocity (GUIDELINES:
        conditional)."""
        for other in self.heads:
            if other.i == head.i or C.CUE_STANCES.get(other.lemma_.lower()) != "demands":
                continue
            for act in (c for c in other.children if c.dep_ in {"ccomp", "xcomp"}):
                # "urge Sudmark to honour it": an object-control verb's object does the act
                obj = next((c for c in other.children if c.dep_ == "dobj"), None) if act.dep_ == "xcomp" else None
                own, _party = self._side(obj if obj is not None else self._subject(act))
                if act.lemma_.lower() == head.lemma_.lower() and not own:
                    return True
        return False

    def _demand_nouns(self) -> None:
        """ "new demands added by Netanyahu", "Israel's demand to keep forces": a party's demand."""
        for t in self.toks:
            if t.lemma_.lower() not in C.DEMAND_NOUNS or t.pos_ != "NOUN" or self.reported is not None:
                continue
            agents = [c for c in t.children if c.dep_ in {"poss", "amod", "compound"}]
            agents += [a for c in t.children if c.dep_ == "acl" for a in c.children if a.dep_ == "agent"]
            party = next((p for a in agents for x in a.subtree if (p := self.art.party_at(x.i))), None)
            own = any(a.lower_ in {"our", "my"} for a in agents) or (party is not None and party == self.speaker_party)
            if party is None and not own:
                continue
            span = list(t.subtree)
            issue = self.art.issue_in(span[0].idx, span[-1].idx + len(span[-1])) or self._statement_issue()
            if own and t.dep_ in {"nsubj", "nsubjpass"}:
                # a side restating its own conditions sets them: "our conditions have not changed";
                # "the text meets Norland's demands" only describes the text
                self._add("demands", "demand-noun", issue=issue)
                return
            if party is not None:
                self.reported = (party, "demands", issue)

    def _standing_firm(self) -> None:
        """ "Norland would not budge on the quota", "refused to compromise on fishing": a side that
        will not give way on a point insists on it (GUIDELINES: demands). Only the issue the
        on-phrase names: "would not bend on four points: ..." says which elsewhere."""
        for head in self.heads:
            if head.lemma_.lower() not in C.GIVE_WAY_VERBS or not self._negated(head):
                continue
            own, party = self._side(self._subject(head))
            for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "on"):
                span = list(prep.subtree)
                issue = self.art.issue_in(span[0].idx, span[-1].idx + len(span[-1]))
                if issue is None:
                    continue
                if own:
                    self._add("demands", "predicate", issue=issue)
                elif party is not None and self.reported is None:
                    self.reported = (party, "demands", issue)
                return

    def _no_grounds(self) -> None:
        """ "there was no basis for Norland to reopen the talks", "saw no justification for a new
        levy": denying the grounds for a course opposes it (rejects it when it is a text)."""
        for t in self.toks:
            if t.lemma_.lower() not in C.GROUNDS_NOUNS or t.dep_ not in {"attr", "dobj"}:
                continue
            if not (any(c.lower_ == "no" and c.dep_ == "det" for c in t.children) or self._negated(t.head)):
                continue
            # the course: a for-phrase or a for-to clause, on the noun or on its verb
            course = [
                c
                for node in (t, t.head)
                for c in node.children
                if (c.dep_ == "prep" and c.lower_ == "for")
                or (c.dep_ in {"advcl", "acl"} and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children))
            ]
            if not course and t.dep_ == "dobj" and t.head.lemma_.lower() == "have":
                # "raising the quota had no justification": a clausal subject is the course itself
                course = [c for c in t.head.children if c.dep_ == "csubj"]
            span = sorted((x for c in course for x in c.subtree), key=lambda x: x.i)
            if not span:
                continue
            ids = {x.i for x in span}
            ref = next((r for r in self.refs if r.i in ids), None)
            against = [
                x
                for x in span
                if x.pos_ == "VERB"
                and (x.lemma_.lower() in C.THWART_VERBS or C.CUE_STANCES.get(x.lemma_.lower()) in AGAINST_STANCES)
            ]
            if against:
                # "rejecting the accord had no justification": no grounds to act against a text is
                # no attitude against it (the denial turns the act's side round; left unread)
                return
            if ref is not None:
                self._add("rejects", "no-grounds", ref)
            elif any(x.dep_ == "dobj" and x.lemma_.lower() in C.PROPOSAL_HEADS for x in span):
                # "rewriting a treaty had no justification": a course done to a text the setup does
                # not name is still against a text (GUIDELINES: a text is rejected), target null
                self._add("rejects", "no-grounds")
            else:
                self._add("opposes", "no-grounds", issue=self.art.issue_in(span[0].idx, span[-1].idx + len(span[-1])))
            return

    def _standing(self) -> None:
        """A text said to stand: "the accord remains binding" accepts it (FrameNet
        Being_in_effect); "no longer binding" rejects it. A side's own text "still on the table"
        is one it stands by ("our offer remains on the table"); said of another side's text, or
        without "still" or "remain", it only describes."""
        for head in self.heads:
            if head.lemma_.lower() not in {"be", "remain", "stay"}:
                continue
            ref = self._evaluated_text(head)
            if ref is None:
                continue
            in_force = next((c for c in head.children if c.dep_ == "acomp" and c.lower_ in C.IN_FORCE_WORDS), None)
            if in_force is not None:
                negated = self._negated(head) or self._negated(in_force)
                self._add("rejects" if negated else "accepts", "predicate", ref)
                return
            on_table = any(
                p.dep_ == "prep" and p.lower_ == "on" and any(o.lower_ == "table" for o in p.children)
                for p in head.children
            )
            lasting = head.lemma_.lower() != "be" or any(c.lower_ == "still" for c in head.children)
            own = ref.proposal is not None and self.art.lex.by.get(ref.proposal) == self.speaker_party
            if on_table and lasting and own and not self._negated(head):
                self._add("supports", "predicate", ref)
                return

    def _not_needed(self, head: Token) -> bool:
        """ "was no longer needed", "is not required": a negated passive of necessity."""
        return (
            head.lemma_.lower() in C.NECESSITY_VERBS
            and head.tag_ == "VBN"
            and any(c.dep_ == "auxpass" for c in head.children)
            and self._negated(head)
        )

    def _predicate_kind(self, head: Token) -> str | None:
        lemma = head.lemma_.lower()
        negated = self._negated(head)
        objs = [c for c in head.children if c.dep_ in {"dobj", "attr", "acomp"}]
        if lemma in C.ACCEPT_PREDICATES or (
            lemma in C.REACH_VERBS and any(o.lemma_.lower() in C.REACH_OBJECTS for o in objs)
        ):
            return "rejects" if negated else "accepts"
        if lemma in C.KEEP_VERBS and any(o.lemma_.lower() in C.NORM_NOUNS for o in objs):
            return "rejects" if negated else "accepts"  # "would keep every commitment they signed"
        if any(o.lower_ in C.COMMITTED_WORDS for o in objs):
            return "rejects" if negated else "accepts"
        if lemma in C.REFUSE_PREDICATES:
            return None if negated else "rejects"
        refused = self._refused_acts(objs, negated)
        if refused:
            if any(c.lower_ == "yet" for x in (head, *objs) for c in x.children):
                return None  # "was not yet ready to lift the sanctions": a matter of when, no refusal
            if any(a.lemma_.lower() in C.REDO_VERBS and self._refs_in(a) for a in refused):
                # "had no intention of reopening the accord": a side that will not do a text over
                # stands by it as it is (GUIDELINES: "remained committed" accepts)
                return "accepts"
            return "rejects"  # "was not prepared to renegotiate", "is reluctant to return"
        if any(o.lower_ in C.AGAINST_WORDS for o in objs) or self._against(head):
            # "totally opposed to border posts" (an outcome), "vote against the regulations" (a text)
            return "accepts" if negated else "opposes"
        if lemma in C.OBJECT_PREDICATES:
            return "accepts" if negated else "opposes"  # a text named becomes "rejects" (below)
        if (lemma in C.WANT_PREDICATES or lemma == "hope" and head.pos_ == "VERB") and not negated:
            return "demands"
        if lemma in C.CONCEDE_PREDICATES and any(o.lemma_.lower() in C.DEMAND_NOUNS for o in self._objects(head)):
            return None if negated else "accepts"  # "had dropped one of its central demands"
        if lemma in C.HELP_VERBS and any(
            c.dep_ == "xcomp" and c.lemma_.lower() in C.IMPLEMENT_VERBS for c in head.children
        ):
            # FrameNet Assistance: "would help carry out the accord" backs the text
            return None if negated else "supports"
        if C.CUE_STANCES.get(lemma) in {"demands", "supports"} and not negated:
            return C.CUE_STANCES[lemma]
        preps = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "in"]
        if any(g.lower_ in {"favor", "favour"} for p in preps for g in p.children):
            return None if negated else "supports"  # "we are in favor of lifting the embargo"
        if lemma == "prefer" or (
            any(c.lower_ == "rather" and c.dep_ == "advmod" for c in head.children)
            and any(c.lower_ in {"would", "'d"} for c in head.children)
        ):
            # FrameNet Preference: "would rather have an imperfect accord than a perfect war"
            return None if negated else "supports"
        sides = C.FOR_SIDE_PREPOSITIONS.get(lemma, set())
        if any(c.dep_ in {"prep", "prt"} and c.lower_ in sides for c in head.children):
            return None if negated else "supports"  # "would stand with Sudmark", "vote for the plan"
        return None

    def _refused_acts(self, objs: list[Token], negated: bool) -> list[Token]:
        """The acts a side refuses by its (un)willingness or intent: "reluctant to return", "was not
        prepared to renegotiate", "had no intention of reopening the accord" (FrameNet Willingness,
        and Purpose's intention negated)."""
        words = [
            o
            for o in objs
            if o.lower_ in C.UNWILLING_WORDS or (negated and o.lower_ in C.WILLING_WORDS and self._to_do(o))
        ]
        acts = [c for w in words for c in w.children if c.dep_ == "xcomp"]
        for o in objs:
            if o.lemma_.lower() not in C.INTENT_NOUNS or not (negated or self._negated(o)):
                continue
            # "no intention of reopening it", "no intention to reopen it"
            of = [x for p in o.children if p.dep_ == "prep" and p.lower_ == "of" for x in p.children]
            to = [c for c in o.children if c.dep_ == "acl" and has_to(c)]
            acts += [a for a in of + to if a.pos_ in {"VERB", "AUX"}]
            words += [o] if of or to else []
        return acts or words

    def _to_do(self, word: Token) -> bool:
        """ "prepared to renegotiate": the willingness word governs an infinitive."""
        return bool(infinitives(word))

    def _against(self, head: Token) -> bool:
        """ "would vote against the regulations": a taking-sides verb with "against"."""
        return head.lemma_.lower() in C.SIDE_VERBS and any(
            c.dep_ == "prep" and c.lower_ == "against" for c in head.children
        )

    def _objects(self, head: Token) -> list[Token]:
        """Direct objects, and the head nouns of "one of its demands"."""
        objs = [c for c in head.children if c.dep_ == "dobj"]
        return objs + [g for o in objs for p in o.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]

    def _in_if(self, t: Token) -> bool:
        node, ids = t, {x.i for x in self.toks}
        while node.head.i != node.i and node.i in ids:
            if any(c.dep_ == "mark" and c.lower_ == "if" for c in node.children):
                return True
            node = node.head
        return False


def speaker_clause(cue: Token, content: Span, subject: Token | None) -> list[Token]:
    """The words of the speaker's own clause outside the content: its subject, the cue's other
    complements, and for a second act that shares its subject ("called the framework a step but
    said ..."), the first act's clause. Coordinated clauses with subjects of their own are other
    people's."""
    ids = {t.i for t in cue.subtree}
    for c in cue.children:
        if c.dep_ in {"conj", "parataxis"} or (c.dep_ == "advcl" and any(m.dep_ == "mark" for m in c.children)):
            ids -= {t.i for t in c.subtree}
    own_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in cue.children)
    if not own_subject and cue.dep_ in {"conj", "advcl", "xcomp"}:
        ids |= {t.i for t in cue.head.subtree} - {t.i for t in cue.subtree}
        ids -= {t.i for c in cue.head.children if c.dep_ == "conj" and c.i > cue.i for t in c.subtree}
    if subject is not None:
        ids |= {t.i for t in subject.subtree}
    doc = cue.doc
    return [doc[i] for i in sorted(ids) if not content.start <= i < content.end]
