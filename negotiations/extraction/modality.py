"""Modality and conditions: what a statement says must, may or will happen (GUIDELINES.md,
"Stance and proposals": a call for something demands it, acceptance on terms is conditional).

`ModalityRules` is a part of `stance._Reading`, kept apart because it is one job: the must and
the should of the content (deontic modals, the mandative subjunctive, a pseudo-cleft of need),
urging said in the content (FrameNet Attempt_suasion), conditions and the commissives they bind,
and warnings. Like `VerdictRules` and `BlameRules` it reads the reading's state (`toks`, `heads`,
`refs`, `cue`) and calls its helpers (`_add`, `_negated`, `_subject`, `_side`, `_in_if`,
`_has_condition`, `_mixed`, `_statement_issue`, `_predicate_kind`, `_evaluated_text`), and owns
no state of its own.
"""

from __future__ import annotations

from spacy.tokens import Token

from . import cues as C
from .syntax import infinitives


class ModalityRules:
    def _deontic(self) -> None:
        """should/must urgency is a demand; first-person ones ("we must not rush") bind the speaker,
        and a must of knowing ("the world must know") only asserts."""
        for t in self.toks:
            if self._is_deontic(t) or self._cleft_need(t):
                self._add("demands", "deontic", self.refs[0] if self.refs else None, self._statement_issue())
                return

    def _suasion(self) -> None:
        """ "the deadline was meant to push all sides to settle quickly": a verb of urging with an
        object and an infinitive calls on the object to act (FrameNet Attempt_suasion), when the
        urging is the speaker's side's or no side's, and not a past event told ("the pressure
        pushed Sudmark to sign" narrates)."""
        for t in self.toks:
            if t.lemma_.lower() not in C.SUASION_VERBS or t.tag_ not in {"VB", "VBP", "VBZ"} or self._negated(t):
                continue
            if not any(c.dep_ == "dobj" for c in t.children):
                continue
            if not infinitives(t):
                continue
            own, party = self._side(self._subject(t))
            if party is not None and not own:
                continue
            self._add("demands", "suasion", self.refs[0] if self.refs else None, self._statement_issue())
            return

    def _is_deontic(self, t: Token) -> bool:
        lemma = t.lemma_.lower()
        if self._subjunctive(t):
            return True
        if t.tag_ == "MD" and lemma in C.DEONTIC_MODALS:
            verb = t.head
        elif lemma in C.NECESSITY_WORDS and t.dep_ == "acomp" and t.head.lemma_ == "be":
            verb = t.head
            if self._evaluated_text(verb) is not None:
                return False  # "the framework is vital": praise of a text, not a call for it
        elif (
            lemma in C.DEONTIC_VERBS
            and t.pos_ in {"VERB", "AUX"}
            and infinitives(t)
            # "would never have to be used", "need not wait": no necessity, unlike "must not"
            and not self._negated(t)
        ):
            verb = t
        elif lemma in C.NECESSITY_VERBS and t.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in t.children):
            if self._negated(t):
                return False  # "was no longer needed": no necessity
            verb = t  # "an equal effort would now be needed to carry it out": a passive must
        else:
            # "the onus is on", "it is time for ...", "there is no time to waste"
            return lemma == "onus" or (
                lemma == "time" and t.dep_ == "attr" and any(c.lower_ in {"it", "there"} for c in t.head.children)
            )
        if verb.lemma_.lower() in C.COGNITION_VERBS or verb is t and t.dep_ in {"relcl", "acl"}:
            return False  # "the time Iran would need to produce": no one is asked anything
        if any(c.tag_ in {"WRB", "WP"} or (c.dep_ == "mark" and c.lower_ == "whether") for c in verb.children):
            return False  # "how Gaza should be governed": a question, not a demand
        subj = self._subject(verb)
        return subj is None or subj.lower_ not in C.FIRST_PERSON

    def _cleft_need(self, t: Token) -> bool:
        """ "what the framework needs is a signature", "the only thing the text still needed was to
        be put into effect": a pseudo-cleft of necessity (the verb of needing right before the
        copula, a cleft head before it) says what must be; "the time Iran would need is a year"
        has no cleft head, and "what we need is more time" binds the speaker."""
        if t.lemma_.lower() not in C.NECESSITY_VERBS or t.pos_ != "VERB" or self._negated(t):
            return False
        after = next((x for x in self.toks if x.i > t.i and x.dep_ != "advmod"), None)
        if after is None or after.lemma_ != "be":
            return False
        before = [x for x in self.toks if t.i - 6 <= x.i < t.i]
        heads = [x for x in before if x.lower_ in C.CLEFT_HEADS or x.lemma_.lower() in C.CLEFT_HEADS]
        return bool(heads) and not any(x.lower_ in C.FIRST_PERSON for x in before if x.i > heads[-1].i)

    def _subjunctive(self, t: Token) -> bool:
        """ "insisted that any deal lead to ...", "demanded that Israel be held to ...": a mandative
        subjunctive (a bare verb with a subject of its own) asks for something."""
        if t.tag_ not in {"VB", "VBP"} or t.dep_ != "ccomp":
            return False
        if t.head.lemma_.lower() in C.BARE_INFINITIVE_VERBS:
            return False  # "would let goods flow", "Let's call a spade a spade": no one is asked
        children = list(t.children)
        subjects = [c for c in children if c.dep_ in {"nsubj", "nsubjpass"}]
        if t.tag_ == "VBP" and not any(c.tag_ in {"NN", "NNP"} or c.lower_ in {"he", "she", "it"} for c in subjects):
            return False  # a bare verb after a singular subject ("that any treaty give") is subjunctive
        return bool(subjects) and not any(
            c.dep_ == "aux" and (c.tag_ in {"MD", "TO"} or c.lemma_ == "do") for c in children
        )

    def _condition(self) -> None:
        """A condition set on the other side: conditional toward a text, a demand otherwise."""
        if not self._has_condition() and not self._other_side_if():
            return
        ref = self.refs[0] if self.refs else None
        if ref is not None:
            if self._own_acceptance():
                self._add("conditional", "condition", ref)
        elif not self._mixed():
            self._add("demands", "condition", issue=self._statement_issue())

    def _warned_if(self) -> None:
        """ "warned that further steps could follow if Norland pressed ahead with the bill": a
        warning of what follows an act on a text by someone other than the speaker's side is
        against that act, so against the text; "warned that if the parliament rejected the
        agreement, there would be no restraints" is for the text (the act turns it down, or is
        negated)."""
        if self.cue.lemma_.lower() not in C.WARNING_CUES:
            return
        for t in self.toks:
            if t.lower_ != "if" or t.dep_ != "mark":
                continue
            act = t.head
            own, party = self._side(self._subject(act))
            ids = {x.i for x in act.subtree}
            ref = next((r for r in self.refs if r.i in ids), None)
            if own or ref is None:
                continue
            against = self._predicate_kind(act) in {"rejects", "opposes"} or self._negated(act)
            self._add("supports" if against else "rejects", "warning", ref)
            return

    def _warned_of_text(self) -> None:
        """ "warned that the framework would leave the farms without water": a warning of what a
        text does (FrameNet Warning: the message is a danger) is against the text. Only a text
        that acts on something (its predicate takes an object); "warned that the deal could
        collapse" fears for the text."""
        if self.cue.lemma_.lower() not in C.WARNING_CUES:
            return
        for head in self.heads:
            subj = self._subject(head)
            if subj is None or subj.dep_ != "nsubj" or self._negated(head) or self._in_if(head):
                continue
            ids = {t.i for t in subj.subtree}
            ref = next((r for r in self.refs if r.i in ids), None)
            if ref is not None and any(c.dep_ == "dobj" for c in head.children):
                self._add("rejects", "warning", ref)
                return

    def _own_acceptance(self) -> bool:
        """Whether the speaker's side agrees to something in the content (or judges a text mixed):
        a condition describing a text's terms ("sanctions could snap back if ...") is no reservation."""
        if self._mixed():
            return True
        for t in self.toks:
            if t.pos_ in {"VERB", "AUX"} and self._predicate_kind(t) == "accepts" and self._side(self._subject(t))[0]:
                return True
        return False

    def _other_side_if(self) -> bool:
        """ "if the other side shows political will", "if X, we are prepared to ...": a condition set
        on the other side, or a threat or offer of the speaker's own side."""
        for t in self.toks:
            if t.lower_ == "if" and t.dep_ == "mark":
                subj = self._subject(t.head)
                own, party = self._side(subj)
                if subj is not None and ("other" in {x.lower_ for x in subj.subtree} or (party and not own)):
                    return True
                main = t.head.head
                main_subj = self._subject(main) if main.i != t.head.i else None
                if (
                    subj is not None
                    and main_subj is not None
                    and main_subj.lower_ in C.FIRST_PERSON
                    and self._commissive(main)
                ):
                    return True
        return False

    def _commissive(self, verb: Token) -> bool:
        """Whether a clause commits its subject to a future act, as an offer or a threat does
        (Searle's commissives): "we will walk away", "we are prepared to call an end to this",
        "we are going to sign"; "we don't want to leave people on a list" only says a wish."""
        node = verb
        for _ in range(3):
            if any(c.dep_ == "aux" and c.lower_ in C.COMMISSIVE_MODALS for c in node.children):
                return True
            if any(c.dep_ == "acomp" and c.lower_ in C.WILLING_WORDS for c in node.children):
                return True
            if node.lemma_.lower() == "go" and node.tag_ == "VBG":
                return True  # "be going to"
            if node.dep_ != "xcomp":
                return False
            node = node.head
        return False
