"""What extraction builds once from a negotiation's Setup, to read every article with.

Invariants:
- Built once per Extractor and only read afterwards: an article's pass never changes it.
- Party and actor names are matched case-sensitively ("US" is not "us"), except that a lower-case
  alias also matches with its first letter capitalised, as it opens a sentence; every match key of
  `name_matcher` is in `name_targets` as (party, actor or "").
- `alias_heads` holds the last word of a multi-word lower-case alias ("administration" of "Biden
  administration") only when no other party's alias ends in it.
- Issues match on lower case and on lemmas, so "hostages" finds "hostage"; `issue_heads` maps
  the head noun of an issue's multi-word name or alias to the issues it heads.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .references import ProposalLexicon
from .types import Setup


class Lexicon:
    def __init__(self, setup: Setup, nlp: Language):
        self.setup = setup
        self.nlp = nlp
        vocab = nlp.vocab
        # Party and actor names are matched case-sensitively: "US" is not "us".
        self.name_matcher = PhraseMatcher(vocab, attr="ORTH")
        self.name_targets: dict[str, tuple[str, str]] = {}  # match key -> (party, actor|"")
        for party in setup.parties:
            for words in {party.name, *party.aliases}:
                self._add_name(words, party.name, "")
        heads: dict[str, set[str]] = {}
        for party in setup.parties:
            for words in party.aliases:
                last = words.split()[-1]
                if " " in words and last.isalpha() and last.islower():
                    heads.setdefault(last, set()).add(party.name)
        # "a senior administration official": the head of a party's alias, where no other party has it
        self.alias_heads = {word: names.pop() for word, names in heads.items() if len(names) == 1}
        self.actor_party: dict[str, str | None] = {}
        self.actor_titles: dict[str, list[str]] = {}
        for actor in setup.actors:
            self.actor_party[actor.name] = actor.party
            if actor.title:
                self.actor_titles.setdefault(actor.title.lower(), []).append(actor.name)
            surname = actor.name.split()[-1]
            for words in {actor.name, surname, *actor.aliases}:
                self._add_name(words, actor.party or "", actor.name)
        # Issues match on lower case and on lemmas, so "hostages" finds "hostage".
        self.issue_matcher = PhraseMatcher(vocab, attr="LOWER")
        self.issue_lemma_matcher = PhraseMatcher(vocab, attr="LEMMA")
        for issue in setup.issues:
            phrases = list({issue.name, *issue.aliases})
            self.issue_matcher.add(issue.name, [nlp.make_doc(p) for p in phrases])
            self.issue_lemma_matcher.add(issue.name, list(nlp.pipe(phrases)))
        # "the corridor" after "the Philadelphi corridor": the head noun of an issue's name or of
        # a multi-word alias, for definite mentions that point back to it.
        self.issue_heads: dict[str, set[str]] = {}
        for issue in setup.issues:
            for phrase in nlp.pipe({issue.name, *issue.aliases}):
                root = phrase[:].root
                if len(phrase) > 1 and root.pos_ == "NOUN":
                    self.issue_heads.setdefault(root.lemma_.lower(), set()).add(issue.name)
        self.proposals = ProposalLexicon(setup, nlp)

    def definite_issue_hits(self, doc: Doc, hits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """ "the corridor", "the withdrawal": a bare definite noun that heads an issue's name
        names the issue of that head the article named last before it (none named, none)."""
        found = []
        for tok in doc:
            issues = self.issue_heads.get(tok.lemma_.lower())
            if not issues or tok.pos_ != "NOUN" or tok.tag_ in {"NNS", "NNPS"}:
                continue
            children = list(tok.children)
            if len(children) != 1 or children[0].lower_ != "the" or children[0].i != tok.i - 1:
                continue  # "the corridor" only: a modifier may make it another one
            if any(s <= tok.idx < e for s, e, _ in hits):
                continue
            before = [(s, name) for s, e, name in hits if e <= tok.idx and name in issues]
            if before:
                found.append((tok.idx, tok.idx + len(tok), max(before)[1]))
        return found

    def _add_name(self, words: str, party: str, actor: str) -> None:
        key = f"{party}|{actor}"
        self.name_targets[key] = (party, actor)
        forms = [words]
        # An alias written in lower case opens a sentence capitalised: "The government said",
        # "Rebel negotiators said". Only the first letter, and only of lower-case aliases, so
        # "US" still never matches "us".
        if words[:1].islower():
            forms.append(words[0].upper() + words[1:])
        self.name_matcher.add(key, [self.nlp.make_doc(f) for f in forms])
