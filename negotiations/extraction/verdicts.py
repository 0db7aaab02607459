"""Verdicts: what a statement says is good or bad, and of what (GUIDELINES.md, "Stance and
proposals": praise of a text supports it, a bad verdict rejects it, a mixed one is conditional;
a verdict on an outcome supports or opposes it).

`VerdictRules` is a part of `stance._Reading`, kept apart because it is one job: it reads the
reading's state (`art`, `toks`, `heads`, `refs`, `cue`, `content`, `day`, `construction`) and
calls its helpers (`_add`, `_negated`, `_subject`, `_side`, `_refs_in`, `_in_if`,
`_has_condition`, `_statement_issue`, `_not_needed`), and owns no state of its own.

The word of a verdict is read in VADER's lexicon (vaderSentiment 3.3.2, MIT), beside the general
evaluative words of cues.py.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from spacy.tokens import Token

from . import cues as C
from .references import ProposalRef

# A verdict word from VADER's lexicon counts from this valence on (of -4..+4): "welcome" 2.0,
# "illegal" -2.6, "trust" 2.3 count; milder ones ("solution" 1.3, "critical" -1.3) do not. 1.5
# and 2.0 were compared leave one out; 1.5 read one windsor verdict wrong.
LEXICON_MIN = 2.0


@cache
def valences() -> dict[str, float]:
    """VADER's lexicon (vaderSentiment 3.3.2, MIT; Hutto & Gilbert 2014): about 7,500 English words
    and their valence from -4 to +4, each the mean of ten raters. Read as data, not fitted here."""
    text = (files("vaderSentiment") / "vader_lexicon.txt").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        word, valence, *_ = line.split("\t")
        if word.isalpha():
            out[word] = float(valence)
    return out


class VerdictRules:
    """The verdict rules of a stance reading (see the module docstring for what they read)."""

    def _believed(self) -> list[Token]:
        """The clauses the content's heads hold true, when the holder is not another party: "the
        panel concluded that the plan was useless", "remained confident it was the best deal"."""
        out = []
        for head in self.heads:
            holders = [head, *(c for c in head.children if c.dep_ == "acomp" and c.lower_ in C.CERTAINTY_WORDS)]
            if head.lemma_.lower() not in C.BELIEF_VERBS and len(holders) == 1:
                continue
            own, party = self._side(self._subject(head))
            if party is not None and not own:
                continue  # "Sudmark believed the plan was flawed": another side's view, reported
            for clause in (c for h in holders for c in h.children if c.dep_ == "ccomp"):
                out += [clause, *(c for c in clause.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"})]
        return out

    def _evaluation(self) -> None:
        """A verdict on a text: praise is `supports`, "a reversal" is `rejects`, terms are neutral."""
        for head in [*self.heads, *self._believed()]:
            ref = self._evaluated_text(head)
            if ref is None or head.lemma_.lower() in C.TERMS_VERBS:
                continue  # a text that "included a serious exchange" is described, not judged
            score = self._sentiment(head, {ref.i})
            if not score and head.lemma_.lower() in C.EFFICACY_VERBS:
                # "the deal cuts off every pathway to a bomb": a text that works; "it won't work"
                score = -1 if self._negated(head) else 1
            if not score and self._not_needed(head):
                score = -1  # "the old plan was no longer needed": a text set aside
            if score > 0 and self._but_against(head):
                self._add("conditional", "verdict", ref)  # GUIDELINES: a mixed verdict on a text
                return
            if score < 0 and self._but_for(head):
                # "This is not a perfect agreement, but I am convinced it is the best possible": a
                # fault conceded before "but" gives way to the praise after it
                self._add("supports", "verdict", ref)
                return
            if score:
                self._add("supports" if score > 0 else "rejects", "verdict", ref)
                return
        for head in self.heads:
            if self._claim_verdict(head):
                return
        for head in self.heads:
            self._outcome_verdict(head)
        if self.construction == "predicate" and (judged := self._predicate_judged()) is not None:
            score = self._sentiment(None, {judged.i})
            if score:
                self._add("supports" if score > 0 else "rejects", "verdict", judged)
        for t in self.toks:
            if t.lower_ in C.WILLING_WORDS and t.dep_ == "acomp" and not self._negated(t.head) and not self._in_if(t):
                ref = self._refs_in(t)[0] if self._refs_in(t) else None
                if self._willing_on_terms(t.head):
                    # "ready to lower the quota if the gauges prove reliable", "willing to talk but
                    # will not move until ...": an offer on terms is conditional toward a text and
                    # sets a condition on an outcome (GUIDELINES: conditions on an issue are demands)
                    if ref is not None:
                        self._add("conditional", "willing-terms", ref)
                    elif self._text_taken(t):
                        # "willing to hear proposals ... but will not start over": toward a text the
                        # setup does not name, still a text (GUIDELINES: conditional is for texts)
                        self._add("conditional", "willing-terms")
                    else:
                        self._add("demands", "willing-terms", issue=self._statement_issue())
                    return
                self._add("supports", "willing", ref)
                return

    @staticmethod
    def _text_taken(willing: Token) -> bool:
        """Whether what a side is willing to do is done to a text: "ready to sign a deal", "willing
        to hear proposals"."""
        return any(
            o.dep_ == "dobj" and o.lemma_.lower() in C.PROPOSAL_HEADS
            for v in willing.children
            if v.dep_ == "xcomp"
            for o in v.children
        )

    def _willing_on_terms(self, head: Token) -> bool:
        """Whether a willingness (`head` its copula) comes with terms: an if-clause within it, a
        condition phrase, or a refusal after "but" ("prepared to talk, but would not withdraw")."""
        if any(t.lower_ == "if" and t.dep_ == "mark" for t in head.subtree):
            return True
        if self._has_condition() or any(self._negated(other) for other in self._after_but(head)):
            return True
        # "said Norland was ready to talk, but would not withdraw": the parser hangs the refusal,
        # which has no subject of its own, on the speech verb; it is the same side's
        return any(c.dep_ == "cc" and c.lower_ == "but" for c in self.cue.children) and any(
            c.dep_ == "conj" and c.i > head.i and self._negated(c) and not any(x.dep_ == "nsubj" for x in c.children)
            for c in self.cue.children
        )

    def _predicate_judged(self) -> ProposalRef | None:
        """The text a "called X Y" judges: one the content names before its predicate, else "it"
        or a demonstrative for the text on the table ("called it a better accord")."""
        if self.refs and self.refs[0].i <= self.content.root.i:
            return self.refs[0]
        obj = next((c for c in self.cue.children if c.dep_ == "dobj"), None)
        return self._text_pronoun(obj) if obj is not None else None

    def _after_but(self, head: Token) -> list[Token]:
        """The content's clauses coordinated with `head` after a "but"."""
        if not any(c.dep_ == "cc" and c.lower_ == "but" for c in head.children):
            return []
        ids = {t.i for t in self.toks}
        return [c for c in head.children if c.dep_ == "conj" and c.i in ids and c.i > head.i]

    def _but_against(self, head: Token) -> bool:
        """ "represented real progress, but it did not deal with the fundamental issue": praise
        turned by a clause after "but" that denies or blames is a mixed verdict."""
        return any(self._negated(other) or self._sentiment(other, set()) < 0 for other in self._after_but(head))

    def _but_for(self, head: Token) -> bool:
        """ "not a perfect agreement, but I am convinced it is the best possible": praise after
        "but", in its clause or the clause it governs."""
        return any(
            self._sentiment(clause, set()) > 0
            for other in self._after_but(head)
            for clause in (other, *(c for c in other.children if c.dep_ == "ccomp"))
        )

    def _claim_verdict(self, head: Token) -> bool:
        """ "To say that we are close to a deal is an illusion", "the claim that the dam is safe is
        false": a bad verdict on what someone says rejects the remark (GUIDELINES: target null)."""
        if head.lemma_.lower() not in C.COPULAS:
            return False
        said = [
            c
            for c in head.children
            if (c.dep_ == "csubj" and c.lemma_.lower() in C.CLAUSE_CUES)
            or (c.dep_ == "nsubj" and c.lemma_.lower() in C.CLAIM_NOUNS)
        ]
        if not said or self._sentiment(head, {t.i for c in said for t in c.subtree}) >= 0:
            return False
        self._add("rejects", "verdict")
        return True

    def _outcome_verdict(self, head: Token) -> None:
        """ "any talk of a higher dam is a nonstarter": a bad verdict on an outcome opposes it."""
        subj = self._subject(head)
        if subj is None or subj.head.i != head.i:
            return
        said_of = list(subj.subtree)
        issue = self.art.issue_in(said_of[0].idx, said_of[-1].idx + len(said_of[-1]))
        if issue is None:
            return
        ids = {t.i for t in said_of}
        score = self._sentiment(head, ids)
        if score < 0:
            self._add("opposes", "outcome-verdict", issue=issue)
        elif score > 0:
            self._add("supports", "outcome-verdict", issue=issue)  # "progress on data was a positive step"

    def _evaluated_text(self, head: Token) -> ProposalRef | None:
        if head.lemma_.lower() in C.JUDGING_VERBS:
            obj = next((c for c in head.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return next((r for r in self.refs if r.i == obj.i), None) or self._text_pronoun(obj)
        subj = self._subject(head)
        if subj is not None:
            ids = {t.i for t in subj.subtree}
            return next((r for r in self.refs if r.i in ids), None) or self._text_pronoun(subj)
        return None

    def _text_pronoun(self, tok: Token) -> ProposalRef | None:
        """ "This is illegal", "called this a betrayal": a bare demonstrative judged in news of talks
        stands for the text on the table, the proposal the article last named."""
        if any(True for _ in tok.children):
            return None
        # "It won't work", "it would breach the law", "called it a better accord": "it" as what a
        # verdict is passed on, not a side that hopes, worries or "was hopeful" (a copula's "it"
        # is mostly the speaker's own side in reported speech).
        themed = tok.lower_ == "it" and (tok.dep_ == "dobj" or tok.head.lemma_.lower() in C.VERDICT_VERBS)
        if tok.lower_ not in C.TEXT_PRONOUNS and not themed:
            return None
        # "The commission published a revised accord. He called it a better one": the text just
        # named; "British legislation would override the protocol. 'This is illegal,' he said": an
        # article that describes the text without its name judges the newest one by then
        name = (
            self.art._just_named(tok, self.day) or self.art._last_named(tok.i, self.day) or self.art._newest(self.day)
        )
        return ProposalRef(tok.i, proposal=name) if name else None

    def _sentiment(self, head: Token | None, skip: set[int]) -> int:
        """The verdict's sign over the head's words, leaving out the thing judged."""
        if head is not None:
            # "The plan marks real progress but keeps an unfair levy": a clause coordinated with the
            # head is a verdict of its own (read as a head, and by the but-readers), not part of it
            coordinated = [c for c in head.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}]
            skip = skip | {t.i for c in coordinated for t in c.subtree}
        toks = [t for t in (head.subtree if head is not None else self.toks) if t.i not in skip and not self._in_if(t)]
        score = 0
        lexicon = valences()
        verdict = {t.i for t in (self._verdict_words(head) if head is not None else self.toks)}
        for t in toks:
            word = t.lemma_.lower()
            if t.lower_ in C.NOT_VERDICT_FORMS or (word in C.DESIRING_VERBS and t.pos_ == "VERB"):
                continue
            valence = lexicon.get(t.lower_, lexicon.get(word, 0.0)) if t.i in verdict else 0.0
            # keeping to or breaking a law counts in a clause said of a text (a head), not in a
            # "called X Y" predicate, where the law broken may be the other side's
            said_of_text = head is not None
            if word in C.NEGATIVE_CONTEXT_WORDS:
                score -= 2
            elif (
                word in C.POSITIVE_WORDS
                or t.lower_ in C.POSITIVE_WORDS
                or valence >= LEXICON_MIN
                or (said_of_text and word in C.COMPLIANT_WORDS)
            ):
                score += 1
            elif (
                word in C.NEGATIVE_WORDS
                or t.lower_ in C.NEGATIVE_WORDS
                or valence <= -LEXICON_MIN
                or (said_of_text and word in C.VIOLATING_WORDS)
                or (said_of_text and word == "break" and any(o.lemma_.lower() in C.NORM_NOUNS for o in t.children))
            ):
                score -= 1
        if head is not None and self._negated(head):
            score = -score
        return score

    def _verdict_words(self, head: Token) -> list[Token]:
        """The words that carry a verdict, as against what it is about: the predicate of a copula
        ("is a positive step", "was lawful") or of a judging verb ("called it a better accord"),
        with their adjectives. "The deal cut off every route to a bomb" judges nothing by its
        "bomb", nor "efforts have failed to resolve disputes" the efforts."""
        lemma = head.lemma_.lower()
        if lemma not in C.COPULAS and lemma not in C.JUDGING_VERBS:
            return []
        preds = [c for c in head.children if c.dep_ in {"attr", "acomp", "oprd", "xcomp"}]
        preds += [g for c in head.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children]
        return [*preds, *(m for p in preds for m in p.children if m.dep_ in {"amod", "advmod", "acomp"})]
