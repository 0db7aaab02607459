"""Speakers: who a frame's subject names, as a reader resolves it at that point of the article.

Names are completed from the setup's actors and the article's persons ("Blinken" -> "Antony
Blinken"), titles resolved to actors ("the secretary of state"), pronouns to the last fitting
speaker or subject before them, joint speakers split ("Israeli and Hamas officials") when the setup knows one of them
or one is a named person.

Invariants:
- `salience` only grows, in reading order: a Ref is added when its sentence is read, so a pronoun
  resolves only to what came before it. It is sorted by position after each sentence.
- `person_party` ties a person outside the setup to the first party the article gave them, and
  that tie is kept for later mentions.
- `names` maps a token index to the (party, actor) of the longest name match starting first.
- Tokens are compared by index (`.i`), never with `is` (spaCy makes a new Token per access).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from . import cues as C
from .frames import Frame
from .lexicon import Lexicon
from .syntax import name_just_before, subject_of
from .text import ArticleText

# The present and past forms of the cue verbs as a headline writes them ("Varga Says", "Brell
# Warns", "Osei Told"), which the entity tagger may take into a name.
HEADLINE_VERB_FORMS = frozenset(
    {w + "s" for w in C.CLAUSE_CUES | C.OBJECT_CUES} | {w + "ed" for w in C.CLAUSE_CUES} | {"said", "told", "wrote"}
)


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


class Speakers:
    """Who speaks in one article: its names, the people it ties to parties, and salience."""

    def __init__(self, lexicon: Lexicon, doc: Doc, text: ArticleText | None = None):
        self.lex = lexicon
        self.doc = doc
        self.t = text  # the article's paragraphs and datelines
        self.gender: dict[str, str] = {}  # a person's name -> "f" or "m", once the article tells
        self.salience: list[Ref] = []  # speakers and subjects met so far, by position
        self.person_party: dict[str, str] = {}  # people not in the setup, tied to a party by the article
        # Party names and actor names as they occur: token index -> (party, actor)
        self.names: dict[int, tuple[str, str]] = {}
        self.name_spans: list[tuple[int, int, str, str]] = []
        for key, s, e in lexicon.name_matcher(doc):
            party, actor = lexicon.name_targets[doc.vocab.strings[key]]
            self.name_spans.append((s, e, party, actor))
        self.name_spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        for s, e, party, actor in self.name_spans:
            for i in range(s, e):
                self.names.setdefault(i, (party, actor))
        # doc.ents makes new Span objects on every access: read them once.
        self.person_ents = [ent for ent in doc.ents if ent.label_ == "PERSON"]
        self.persons = [self._strip_words(self._without_headline_verb(ent)) for ent in self.person_ents]

    def resolve(self, frame: Frame) -> list[Ref]:
        """The frame's speakers, remembered (a joint speaker as one group) for what follows;
        call `order` once the sentence's frames are done."""
        refs = self.speakers(frame)
        for ref in refs if len(refs) == 1 else [self.group(refs)]:
            self.salience.append(ref)
        return refs

    def order(self) -> None:
        self.salience.sort(key=lambda r: r.pos)

    def names_between(self, start: int, end: int) -> set[str]:
        """The names of the speakers and subjects met between two character offsets."""
        return {r.name for r in self.salience if start <= r.pos < end}

    def speakers(self, frame: Frame) -> list[Ref]:
        subj = subject_of(frame)
        if subj is not None and self._quoted_away(subj, frame.cue):
            # '"We will open the gates," Chief Ada Varga said': the parser made the cue a conjunct of
            # the quoted verb, whose subject is the quoted speaker's "we"; the name before the cue
            # is the speaker.
            subj = name_just_before(frame.cue) or subj
        cue = frame.cue
        if subj is None and cue.dep_ == "compound" and cue.head.i > cue.i and cue.head.pos_ == "PROPN":
            # 'Said Osei: "..."': the parser read the inverted attribution as one name; the name
            # after the fronted verb is its subject.
            subj = cue.head
        if subj is None:
            return []
        if subj.pos_ in {"VERB", "AUX"} and any(c.dep_ in {"nsubj", "nsubjpass"} for c in subj.children):
            # "But some note that Brell ... has proposed little": a verb with a subject of its own
            # is a clause, which the parser took for the subject; a clause is never a speaker.
            return []
        floor = self.t.floor(subj.idx) if self.t is not None else subj.idx
        if subj.idx < floor:
            # The parser took the dateline for the subject ("HAVANA — Colombia's government
            # announced ..."): the speaker is the phrase that opens the sentence after it.
            subj = self._phrase_after(floor, frame.cue)
            if subj is None:
                return []
        return self._refs_for(subj)

    def _quoted_away(self, subj: Token, cue: Token) -> bool:
        """Whether the subject stands inside a quotation that the cue is outside of."""
        if self.t is None:
            return False
        quote = self.t.quote_at(subj.idx)
        return quote is not None and not quote[0] <= cue.idx < quote[1]

    def _phrase_after(self, floor: int, cue: Token) -> Token | None:
        first = self.t.token_at(floor) if self.t is not None else None
        if first is None or first.i >= cue.i:
            return None
        node = first
        for _ in range(cue.i - first.i):  # up the parse, never past the cue or the dateline
            head = node.head
            if head.i == node.i or head.i >= cue.i or head.idx < floor or head.pos_ in {"VERB", "AUX"}:
                break
            node = head
        return node if node.pos_ in {"NOUN", "PROPN"} else None

    def _refs_for(self, head: Token) -> list[Ref]:
        pronoun = C.THIRD_PERSON.get(head.lower_)
        if pronoun is not None and head.pos_ == "PRON":
            gender = C.PRONOUN_GENDER.get(head.lower_)
            ref = self._antecedent(pronoun, head.idx, gender)
            if ref is None and pronoun == "person":
                ref = self._named_before(head)
            if ref is None:
                ref = self._unresolved_ref(head, pronoun)
            if gender and not ref.members:
                # "Varga said ... She added": now Varga is known to be a woman.
                self.gender.setdefault(ref.name, gender)
            return [replace(r, surface=head.text) for r in (ref.members or (ref,))]
        if head.pos_ == "PRON":
            return self._indefinite_ref(head)
        heads = [head]
        for t in head.subtree:
            if (
                t.dep_ == "conj"
                and t.i != head.i  # the head itself may be a conjunct of a name before it
                and t.pos_ in {"PROPN", "NOUN"}
                and (t.head in heads or (t.ent_type_ == "PERSON" and head.ent_type_ == "PERSON"))
                and not self._in_brackets(head, t)
            ):
                heads.append(t)
        refs = [r for h in heads for r in self._refs_for_one(h)]
        if len(heads) > 1 and not self._one_each(refs) and not any(self._is_person_name(h) for h in heads):
            return [self._joint_ref(heads)]
        return refs

    @staticmethod
    def _one_each(refs: list[Ref]) -> bool:
        """Joint speakers are one statement each when the setup knows any of them: each party
        holds its own position ("Israeli and Hamas officials said"). Speakers it does not know
        ("Companies and individuals complain", "the former first lady and senator said") are one
        collective source, as "the mediators" is: splitting them tells the reader nothing more."""
        return any(r.party or r.actor for r in refs)

    def _joint_ref(self, heads: list[Token]) -> Ref:
        ids = {t.i for h in heads for t in self._np_tokens(h)}
        lo, hi = min(ids), max(ids)
        ids |= {t.i for t in self.doc[lo:hi] if t.dep_ == "cc" or t.text == ","}
        words = [self.doc[i] for i in sorted(ids)]
        name = self._display(words)
        refs = [self._plain_ref(h, self._np_tokens(h), []) for h in heads]
        return Ref(
            name=name,
            pos=heads[0].idx,
            anonymous=all(r.anonymous for r in refs),
            person=any(r.person for r in refs),
            plural=True,
            head=heads[0].lemma_.lower(),
            surface=name,
        )

    def _in_brackets(self, head: Token, t: Token) -> bool:
        """ "Rep. Ada Varga (N-Osk.)": what the brackets after a name hold is no second speaker."""
        between = [x.text for x in self.doc[head.i + 1 : t.i]]
        return "(" in between and ")" not in between[between.index("(") :]

    def _unresolved_ref(self, head: Token, kind: str) -> Ref:
        """ "They disclosed the fees in March": a pronoun with no speaker or subject before it to
        stand for still says who spoke, as the article names them; the statement is kept with
        the pronoun for its source."""
        return Ref(
            name=head.text,
            pos=head.idx,
            person=kind == "person",
            plural=kind == "plural",
            head=head.lower_,
            surface=head.text,
        )

    def _indefinite_ref(self, head: Token) -> list[Ref]:
        """ "Those close to the minister say", "someone asked", "some in the delegation said": unnamed
        people, one statement for the lot. A bare "those" or "this" names nobody."""
        word = head.lower_
        modified = any(c.dep_ in {"acl", "relcl", "amod", "prep", "advmod"} and c.i > head.i for c in head.children)
        if word not in C.INDEFINITE_SPEAKERS or (word in C.DEMONSTRATIVES and not modified):
            return []
        name = self._display(self._np_tokens(head))
        plural = word not in {"someone", "somebody", "one", "each"}
        return [Ref(name=name, pos=head.idx, anonymous=True, plural=plural, head=word, surface=name)]

    def _np_tokens(self, head: Token) -> list[Token]:
        """The noun phrase of a speaker: without relative clauses, appositions and what follows a comma."""
        drop: set[int] = set()
        for c in head.children:
            # "a post on Monday saying ...": the speaking participle is the speech act, not a
            # part of who spoke.
            if c.dep_ in {"relcl", "appos", "conj", "cc"} or (
                c.dep_ == "acl" and c.i > head.i and (self.doc[c.i - 1].is_punct or c.lemma_.lower() in C.CLAUSE_CUES)
            ):
                drop.update(t.i for t in c.subtree)
            if c.dep_ == "punct" and c.i > head.i:
                drop.update(range(c.i, head.right_edge.i + 1))
        # "Officials from the commission on Monday said", "Brell this week said": when the parser
        # hangs the day on the subject, it is still the day of the saying, not part of who spoke.
        for t in head.subtree:
            if t.i > head.i and self._temporal(t):
                drop.update(x.i for x in t.subtree)
        # ", such as ..." and ", including ..." give examples, whatever the parser hangs them on:
        # "officials familiar with the talks, such as Israeli troops remaining ..." are officials.
        for t in head.subtree:
            if t.i > head.i and t.dep_ == "prep" and self._introduces_examples(t):
                comma = t.left_edge.i - 1
                if comma > head.i and self.doc[comma].is_punct:
                    drop.update(range(comma, t.right_edge.i + 1))
        # "the editorial board of the Daily Star Brell said": a surname the article gives a
        # person takes no article; the article and the words before belong to another name the
        # parser compounded with it.
        surnames = self.t.surnames if self.t is not None else frozenset()
        if head.text in surnames and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            drop.update(t.i for c in head.children if c.i < head.i and c.dep_ in {"det", "compound"} for t in c.subtree)
        # 'Said Varga: "..."': the fronted verb of an inverted attribution is no part of the name
        drop.update(
            c.i for c in head.children if c.dep_ == "compound" and c.i < head.i and c.lower_ in HEADLINE_VERB_FORMS
        )
        toks = [t for t in head.subtree if t.i not in drop]
        while toks and (toks[-1].is_punct or toks[-1].dep_ in {"cc", "case"} and toks[-1].i > head.i):
            toks.pop()
        while toks and toks[0].is_punct:
            toks.pop(0)
        return toks

    @staticmethod
    def _temporal(t: Token) -> bool:
        if t.dep_ == "npadvmod":
            return t.ent_type_ in {"DATE", "TIME"}
        return t.dep_ == "prep" and any(c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in t.children)

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
                            t.i
                            for a in alternatives
                            if a.i != alt.i
                            for t in a.subtree
                            if t.dep_ != "conj" or t.i == a.i
                        }
                        drop |= {t.i for t in mod.subtree if t.dep_ == "cc" or t.is_punct}
                        drop |= {t.i for t in alt.subtree if t.i != alt.i}
                        sub = [t for t in toks if t.i not in drop]
                        refs.append(self._plain_ref(head, sub, appositions))
                    return refs if self._one_each(refs) else [self._plain_ref(head, toks, appositions)]
        if person_tokens or self._is_person_name(head):
            return [self._person_ref(head, toks)]
        return [self._plain_ref(head, toks, appositions)]

    def _person_ref(self, head: Token, toks: list[Token], fallback_party: str | None = None) -> Ref:
        ent_toks = [t for t in toks if t.ent_type_ == "PERSON"] or [head]
        # A name followed by a possessive is the possessor: "Netanyahu's office" is not Netanyahu.
        if not self._is_person_name(head):
            return self._plain_ref(head, toks, [c for c in head.children if c.dep_ == "appos"])
        ent = next((e for e in self.person_ents if e.start <= head.i < e.end), None)
        proper = " ".join(t.text for t in ent_toks if t.pos_ == "PROPN") or head.text
        # The tagger's entity may take the possessive in ("Tomas Brell's claim"): not the name's.
        words = self._without_headline_verb(ent) if ent is not None else proper
        # The proper nouns that run up to the head are one name, whatever the entity tagger cut
        # ("Ursula von der" a person, "Leyen" a place): "Ursula von der Leyen".
        if ent is None:
            ids = {t.i for t in toks}
            chain = [head]
            while chain[0].i - 1 in ids and self._name_word(self.doc[chain[0].i - 1]):
                chain.insert(0, self.doc[chain[0].i - 1])
            if len(chain) > len(words.split()):
                words = " ".join(t.text for t in chain)
        name = self._complete_name(self._strip_words(words))
        actor = name if name in self.lex.actor_party else None
        party = self.lex.actor_party.get(actor) if actor else None
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
        for t in (*toks, *self._apposition_tokens(head)):
            # "Mrs. Varga", "Senator Osei, the committee's chairwoman": the article says which.
            if (gender := C.GENDERED_WORDS.get(t.lower_)) and t.i != head.i:
                self.gender.setdefault(name, gender)
                break
        surface = self._display(toks) if toks else head.text
        return Ref(
            name=name, pos=head.idx, actor=actor, party=party, person=True, head=head.lemma_.lower(), surface=surface
        )

    def _name_word(self, tok: Token) -> bool:
        """A word of a person's name: a proper noun that is no title ("Commissioner", "Rep.")."""
        word = tok.lower_.rstrip(".")
        return tok.pos_ == "PROPN" and word not in C.HONORIFICS and word not in C.PERSON_NOUNS

    def _plain_ref(self, head: Token, toks: list[Token], appositions: list[Token]) -> Ref:
        lemma = head.lemma_.lower()
        words = toks
        # "the official", "The office": the speaker named before with the same head noun
        dets = {t.lower_ for t in words if t.dep_ == "det"}
        modifiers = [t for t in words if t.i != head.i and t.dep_ not in {"det", "punct"}]
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
        if party is None:
            party = self._partitive_party(head)
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

    def _partitive_party(self, head: Token) -> str | None:
        """ "Two Sudmarkian officials said ... One of the officials added": a part of a group
        ("one of the officials", "some of the envoys") is on that group's side, and "the officials"
        is the group met before with the same head noun, as "the official" is."""
        if head.pos_ != "NUM" and head.lower_ not in C.INDEFINITE_SPEAKERS:
            return None
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
            for group in (g for g in prep.children if g.dep_ == "pobj" and g.tag_ in {"NNS", "NNPS"}):
                if [c.lower_ for c in group.children] not in (["the"], ["these"], ["those"]):
                    continue
                lemma = group.lemma_.lower()
                ref = next((r for r in reversed(self.salience) if r.head == lemma and r.pos < head.idx), None)
                if ref is not None and not ref.members:
                    return ref.party
        return None

    def _title_ref(self, head: Token, words: list[Token]) -> Ref | None:
        core = [t for t in words if t.dep_ not in {"det", "poss", "case"} and not (t.dep_ == "poss" or t.tag_ == "POS")]
        owner = [t for t in words if t.dep_ == "poss" or t.tag_ == "POS"]
        title = " ".join(t.lower_ for t in core)
        actors = self.lex.actor_titles.get(title)
        if not actors:
            return None
        owner_party = self._party_in(owner) if owner else None
        if owner and owner_party is None:
            return None  # "Israel's prime minister" in talks where Israel is no party
        candidates = [a for a in actors if owner_party is None or self.lex.actor_party.get(a) == owner_party]
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
            party=self.lex.actor_party.get(actor),
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
            if t.i in allowed and t.i not in self.names and t.lower_ in self.lex.alias_heads:
                return self.lex.alias_heads[t.lower_]
        return None

    def _inside_loose_modifier(self, t: Token, phrase: set[int]) -> bool:
        node = t
        for _ in range(len(phrase)):  # up the parse inside the phrase: at most one step a token
            if node.head.i == node.i or node.head.i not in phrase:
                break
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

    def _antecedent(self, kind: str, pos: int, gender: str | None = None) -> Ref | None:
        """The nearest earlier speaker or subject that the pronoun can stand for: a person of
        the pronoun's gender where the article has told theirs, a thing, or a group."""
        for ref in reversed(self.salience):
            if ref.pos >= pos:
                continue
            if kind == "person" and ref.person and not ref.plural and not ref.members:
                if gender and self.gender.get(ref.name, gender) != gender:
                    continue
                return ref
            if kind == "thing" and not ref.person and not ref.plural and not ref.members:
                return ref
            if kind == "plural" and (ref.plural or ref.members):
                return ref
        return None

    def _named_before(self, pronoun: Token) -> Ref | None:
        """With no speaker or subject to stand for, a person pronoun stands for the last person
        the sentence named before it: "Critics seized on Brell's appearance, in which he said
        ..."."""
        sent = pronoun.sent
        ent = next(
            (e for e in reversed(self.person_ents) if sent.start <= e.start and e.end <= pronoun.i),
            None,
        )
        if ent is None:
            return None
        return self._person_ref(ent.root, list(ent))

    def group(self, refs: list[Ref]) -> Ref:
        pos = min((r.pos for r in refs), default=0)
        return Ref(name=" and ".join(r.name for r in refs), pos=pos, plural=True, members=tuple(refs))

    def note_subject(self, sent: Span) -> None:
        """The subject of a sentence is an antecedent for the pronouns that follow it."""
        root = sent.root
        # A passive subject is one too: "Maria Ortiz was taken to hospital. 'Do not shoot,' she said."
        subj = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None or subj.pos_ == "PRON" or any(r.pos == subj.idx for r in self.salience):
            return
        if subj.ent_type_ not in {"PERSON", "ORG", "GPE", "NORP"} and subj.lemma_.lower() not in C.PERSON_NOUNS:
            return
        refs = self._refs_for(subj)
        if len(refs) == 1:
            self.salience.append(refs[0])
        elif refs:
            self.salience.append(self.group(refs))
        self.salience.sort(key=lambda r: r.pos)

    # -- names ----------------------------------------------------------------------------

    @staticmethod
    def _without_headline_verb(ent: Span) -> str:
        """ "Varga Says Valley Museum ...": in a title-case headline the tagger takes the verb into
        the name; the article's other "Varga" is not "Varga Says"."""
        toks = [t for t in ent if t.dep_ != "case"]  # not the possessive the tagger took in
        while len(toks) > 1 and toks[-1].lower_ in HEADLINE_VERB_FORMS:
            toks.pop()
        while len(toks) > 1 and toks[0].lower_ in HEADLINE_VERB_FORMS:
            toks.pop(0)  # 'Said Mira Holt: "..."', an inverted attribution
        return "".join(t.text_with_ws for t in toks).strip()

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
        for full in [*self.lex.actor_party, *self.persons]:
            fw = full.split()
            if len(fw) < len(words) or not words:
                continue
            if fw[-len(words) :] == words or fw[: len(words)] == words:
                key = (full in self.lex.actor_party, len(fw))
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
