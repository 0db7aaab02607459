"""Blame: accusations read from blame words, reproach and negative emotions directed at what
someone did (GUIDELINES.md, "Stance and proposals": `accuses` needs a blamed party named in the
text or its sentence; FrameNet Emotion_directed).

`BlameRules` is a part of `stance._Reading`, kept apart because it is one job: it reads the
reading's state (`art`, `toks`, `heads`, `refs`, `cue`, `content`, `speaker_party`) and calls its
helpers (`_add`, `_negated`, `_subject`, `_side`, `_in_if`), and owns no state of its own.
"""

from __future__ import annotations

from spacy.tokens import Token

from . import cues as C


class BlameRules:
    """The blame rules of a stance reading (see the module docstring for what they read)."""

    def _blame(self) -> None:
        words = [
            t
            for t in self.toks
            if (t.lemma_.lower() in C.BLAME_WORDS or t.lower_ in C.BLAME_WORDS)
            and not self._in_if(t)
            # "the officials responsible for the delays would keep their posts": an adjective after
            # its noun picks people out by what they did (presupposed), it asserts no blame
            and not (t.dep_ == "amod" and t.i > t.head.i)
            and self._blames(t)
        ]
        if self._reproach():
            words.append(self.toks[0])
        if not words:
            return
        blamed = self._blamed()
        # a blame word blames someone only when it is said of someone other than the speaker's side
        if blamed is not None and any(self._said_of_another(t) for t in words):
            self._add("accuses", "blame", party=blamed)

    def _conduct_verdict(self) -> None:
        """ "called Sudmark's handling of the talks disgraceful", "Sudmark's conduct was shameful":
        a bad verdict on what an agent did (its possessed act, FrameNet Conduct) blames the agent;
        the party the possessor names, target null when it names none (GUIDELINES)."""
        judged = []
        if self.construction == "predicate" and self.cue.lemma_.lower() in C.JUDGING_VERBS:
            # (the parser may take the object for the predicate: "called [Sudmark's handling] ...")
            judged += [(None, c) for c in self.cue.children if c.dep_ in {"dobj", "oprd"}]
        for head in self.heads:
            subj = self._subject(head)
            if head.lemma_.lower() in C.COPULAS and subj is not None and subj.head.i == head.i:
                judged.append((head, subj))
        for head, noun in judged:
            if noun.lemma_.lower() not in C.CONDUCT_NOUNS:
                continue
            owners = [c for c in noun.children if c.dep_ == "poss"]
            if not owners or any(o.lower_ in C.FIRST_PERSON | {"our", "my"} for o in owners):
                continue
            parties = [p for o in owners for x in o.subtree if (p := self.art.party_at(x.i))]
            if parties and set(parties) <= {self.speaker_party}:
                continue  # a side judging its own conduct
            skip = {x.i for o in owners for x in o.subtree} | {noun.i}
            if self._sentiment(head, skip) < 0:
                self._add("accuses", "blame", party=parties[0] if parties else None)
                return

    def _regret(self) -> None:
        """ "was disappointed that the EU had taken legal action", "regrets that X ...": a negative
        emotion directed at what another party did blames that party (FrameNet Emotion_directed)."""
        for head in self.heads:
            words = [head, *(c for c in head.children if c.dep_ == "acomp")]
            if not any(w.lemma_.lower() in C.REGRET_WORDS or w.lower_ in C.REGRET_WORDS for w in words):
                continue
            if self._negated(head):
                continue
            for clause in (c for w in words for c in w.children if c.dep_ == "ccomp"):
                subj = self._subject(clause)
                own, party = self._side(subj)
                if party is not None and not own:
                    self._add("accuses", "regret", party=party)
                    return
                if not own and subj is not None and self._people(subj):
                    # "regrets that those who sow hatred had swayed voters": blame of people who
                    # are no party (GUIDELINES: target null); "that the talks had failed" blames none
                    self._add("accuses", "regret")
                    return

    def _worry(self) -> None:
        """ "his side remained troubled by the amnesty for commanders": a negative emotion of the
        speaker's side about an outcome (FrameNet Emotion_directed, its stimulus in a by-, about-
        or over-phrase) opposes that outcome, when the phrase names an issue and no text."""
        for head in self.heads:
            if self._negated(head):
                continue
            own, party = self._side(self._subject(head))
            if party is not None and not own:
                continue  # another side's worry, reported
            for w in [head, *(c for c in head.children if c.dep_ == "acomp")]:
                if w.lemma_.lower() not in C.WORRY_WORDS and w.lower_ not in C.WORRY_WORDS:
                    continue
                stimuli = (c for c in w.children if c.dep_ in {"prep", "agent"} and c.lower_ in {"by", "about", "over"})
                for prep in stimuli:
                    span = list(prep.subtree)
                    ids = {x.i for x in span}
                    if any(r.i in ids for r in self.refs):
                        continue
                    issue = self.art.issue_in(span[0].idx, span[-1].idx + len(span[-1]))
                    if issue is not None:
                        self._add("opposes", "worry", issue=issue)
                        return

    @staticmethod
    def _people(subj: Token) -> bool:
        """Whether a subject stands for people: "those who ...", "some officials", "extremists"."""
        return subj.lemma_.lower() in C.PERSON_NOUNS | C.INDEFINITE_SPEAKERS or subj.ent_type_ in {"PERSON", "NORP"}

    def _said_of_another(self, t: Token) -> bool:
        """Whether a blame word is said of someone, not the speaker's side: it has a possessor or
        a subject, or completes a verb that has one ("Iran's intransigence", "the group was backing
        away", "were putting obstacles"). "people responsible for kidnappings", "to avoid
        provocations" say what is bad, not who did it."""
        if t.i == self.toks[0].i and self._reproach():
            return True
        nodes = [c for c in t.children if c.dep_ in {"poss", "nsubj", "nsubjpass", "agent"}]
        if not nodes and t.pos_ in {"VERB", "AUX"}:
            nodes = [x for x in [self._subject(t)] if x is not None]
        if (
            not nodes
            and t.dep_ in {"acomp", "attr", "dobj", "oprd", "advmod", "prt", "amod"}
            and t.head.pos_ in {"VERB", "AUX"}
        ):
            nodes = [x for x in [self._subject(t.head)] if x is not None]
        for n in nodes:
            # only a name says it is the speaker's side: "the group" may be the other one
            parties = {p for x in n.subtree if (p := self.art.party_at(x.i))}
            if n.lower_ not in C.FIRST_PERSON and not (parties and parties <= {self.speaker_party}):
                return True
        if t.dep_ == "amod":
            # "the arrogant American government", "had been reopening issues": said of the party
            # the noun names, or of the subject of the verb the noun completes; "people
            # responsible for kidnappings" names no party
            noun = t.head
            said_of = [noun]
            if noun.dep_ in {"attr", "dobj", "acomp", "oprd"} and (subj := self._subject(noun.head)) is not None:
                said_of.append(subj)
            for n in said_of:
                parties = {p for x in n.subtree if (p := self.art.party_at(x.i))}
                if parties - {self.speaker_party}:
                    return True
        return False

    def _blames(self, t: Token) -> bool:
        """ "backing away" blames, "came back" does not; "Iran's hostility" in Iran's own words is
        defiance, not blame."""
        if t.lemma_.lower() == "back" and not any(c.lower_ in {"away", "out", "off", "down"} for c in t.children):
            return False
        if t.lemma_.lower() in C.AGENT_BLAME_WORDS:
            # "Britain had failed to carry out checks" blames Britain; "efforts have failed" no one
            holders = [c for c in t.children if c.dep_ in {"nsubj", "poss"}]
            return any(self.art.party_at(h.i) not in {None, self.speaker_party} for h in holders)
        own_subject = [c for c in t.children if c.dep_ in {"nsubj", "nsubjpass"}]
        holder = [c for c in t.children if c.dep_ == "poss"] + (
            own_subject or [c for c in t.head.children if c.dep_ == "nsubj" and t.dep_ != "nsubj"]
        )
        parties = {p for h in holder for x in h.subtree if (p := self.art.party_at(x.i))}
        return not (parties and parties <= {self.speaker_party})

    def _reproach(self) -> bool:
        """ "Hamas could have answered with a single word": a could/should-have reproaches its subject."""
        for t in self.toks:
            if (
                t.tag_ == "VBN"
                and any(c.lower_ in {"could", "should"} for c in t.children)
                and any(c.lower_ == "have" for c in t.children)
            ):
                _own, party = self._side(self._subject(t))
                return party is not None and party != self.speaker_party
        return False

    def _blamed(self) -> str | None:
        """The party blamed: named in the content, else in the sentence; another party before the
        speaker's own."""
        sent = self.cue.sent
        for span in (self.toks, [t for t in sent if not (self.content.start <= t.i < self.content.end)]):
            parties = [p for t in span if (p := self.art.party_at(t.i))]
            others = [p for p in parties if p != self.speaker_party]
            if others:
                return others[0]
            if parties and span is self.toks:
                return parties[0]
        return None
