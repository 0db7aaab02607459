"""Find who claimed what, and when, in a parsed article.

The pass over one article:
1. frames: each speech act found on the parse (a cue verb with its content and the token
   that names its speaker), plus quotations attributed by the words around them;
2. nesting: a report inside another report's content belongs to the outer speaker, unless it
   is a clause of its own with its own subject ("..., while a diplomat said ...");
3. in reading order: speakers resolved (names completed, titles and pronouns resolved, joint
   speakers split), said_on resolved, issues linked, one statement per speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import cues as C
from .dates import DateExpr, find_date_expressions
from .frames import Frame, FrameFinder, subject_of
from .lexicon import Lexicon
from .nlp import get_nlp
from .quotes import QuoteFrames
from .stance import ArticleStance, Stance, speaker_clause
from .text import ArticleText, tok_end
from .types import ExtractedStatement, Setup


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


@dataclass
class _Sentence:
    paragraph: int
    frames: list[Frame]
    day: date | None
    subjects: set[str]


class Extractor:
    def __init__(self, setup: Setup, nlp: Language | None = None):
        self.setup = setup
        self.nlp = nlp if nlp is not None else get_nlp()
        self.lexicon = Lexicon(setup, self.nlp)

    # -- entry points -----------------------------------------------------------------------

    def extract(self, text: str, published: date | None = None) -> list[ExtractedStatement]:
        return next(self.extract_many([(text, published)]))

    def extract_many(
        self, items: Iterable[tuple[str, date | None]], batch_size: int = 16
    ) -> Iterator[list[ExtractedStatement]]:
        """Yield the statements of each (text, published) pair, in order, parsing in batches."""
        for doc, published in self.nlp.pipe(items, as_tuples=True, batch_size=batch_size):
            yield self.extract_doc(doc, published)

    def extract_doc(self, doc: Doc, published: date | None) -> list[ExtractedStatement]:
        return _ArticlePass(self, doc, published).run()


class _ArticlePass:
    """The state of one article while it is read."""

    def __init__(self, ex: Extractor, doc: Doc, published: date | None):
        self.lex = ex.lexicon
        self.doc = doc
        self.text = doc.text
        self.published = published
        self.t = ArticleText(doc)
        self.frames = FrameFinder(self.t)
        self.quote_frames = QuoteFrames(self.t)
        self.salience: list[Ref] = []
        self.person_party: dict[str, str] = {}  # people not in the setup, tied to a party by the article
        self.anchor: date | None = None
        self.sentence_log: list[_Sentence] = []
        self.occasions: dict[str, date] = {}
        self.previous: tuple[int, list[ExtractedStatement]] = (-1, [])  # the last sentence's paragraph, statements
        # Party names and actor names as they occur: token index -> (party, actor)
        self.names: dict[int, tuple[str, str]] = {}
        self.name_spans: list[tuple[int, int, str, str]] = []
        for key, s, e in self.lex.name_matcher(doc):
            party, actor = self.lex.name_targets[doc.vocab.strings[key]]
            self.name_spans.append((s, e, party, actor))
        self.name_spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        for s, e, party, actor in self.name_spans:
            for i in range(s, e):
                self.names.setdefault(i, (party, actor))
        self.persons = [self._strip_words(ent.text) for ent in doc.ents if ent.label_ == "PERSON"]
        self.issue_hits: list[tuple[int, int, str]] = []
        for matcher in (self.lex.issue_matcher, self.lex.issue_lemma_matcher):
            for key, s, e in matcher(doc):
                self.issue_hits.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), doc.vocab.strings[key]))
        self.issue_hits.sort()
        self.stance = ArticleStance(
            self.lex.proposals, doc, lambda i: self.names.get(i, ("", ""))[0] or None, self.issue_hits
        )

    # -- the pass -------------------------------------------------------------------------

    def run(self) -> list[ExtractedStatement]:
        frames: list[Frame] = []
        for sent in self.doc.sents:
            for tok in sent:
                frame = self.frames.frame_for(tok, sent)
                if frame is not None:
                    frames.append(frame)
        frames = self.frames.resolve_nesting(frames)
        frames = self.frames.resolve_nesting(self.quote_frames.add_quote_frames(frames))
        frames = self.frames.resolve_nesting(self.quote_frames.merge_quotes(frames))
        frames.sort(key=lambda f: f.cue_pos)

        out: list[ExtractedStatement] = []
        by_sentence: dict[int, list[Frame]] = {}
        for frame in frames:
            by_sentence.setdefault(frame.cue.sent.start, []).append(frame)
        for sent in self.doc.sents:
            sent_frames = by_sentence.get(sent.start, [])
            self._note_subject(sent)
            for frame in sent_frames:
                frame.refs = self._speakers(frame)
                for ref in frame.refs if len(frame.refs) == 1 else [self._group(frame.refs)]:
                    self.salience.append(ref)
            self.salience.sort(key=lambda r: r.pos)
            self._dates_for(sent, sent_frames)
            said = [s for frame in sent_frames for s in self._statements(frame, sent)]
            out.extend(said)
            self.previous = (self.t.paragraph(sent.start_char), said)
        return out

    # -- speakers -------------------------------------------------------------------------

    def _speakers(self, frame: Frame) -> list[Ref]:
        subj = subject_of(frame)
        if subj is None:
            return []
        return self._refs_for(subj)

    def _refs_for(self, head: Token) -> list[Ref]:
        pronoun = C.THIRD_PERSON.get(head.lower_)
        if pronoun is not None and head.pos_ == "PRON":
            ref = self._antecedent(pronoun, head.idx)
            if ref is None:
                return []
            return [replace(r, surface=head.text) for r in (ref.members or (ref,))]
        if head.pos_ == "PRON":
            return []
        heads = [head]
        for t in head.subtree:
            if (
                t.dep_ == "conj"
                and t.pos_ in {"PROPN", "NOUN"}
                and (t.head in heads or (t.ent_type_ == "PERSON" and head.ent_type_ == "PERSON"))
            ):
                heads.append(t)
        return [r for h in heads for r in self._refs_for_one(h)]

    def _np_tokens(self, head: Token) -> list[Token]:
        """The noun phrase of a speaker: without relative clauses, appositions and what follows a comma."""
        drop: set[int] = set()
        for c in head.children:
            if c.dep_ in {"relcl", "appos", "conj", "cc"} or (
                c.dep_ == "acl" and c.i > head.i and self.doc[c.i - 1].is_punct
            ):
                drop.update(t.i for t in c.subtree)
            if c.dep_ == "punct" and c.i > head.i:
                drop.update(range(c.i, max(t.i for t in head.subtree) + 1))
        # ", such as ..." and ", including ..." give examples, whatever the parser hangs them on:
        # "officials familiar with the talks, such as Israeli troops remaining ..." are officials.
        for t in head.subtree:
            if t.i > head.i and t.dep_ == "prep" and self._introduces_examples(t):
                comma = t.left_edge.i - 1
                if comma > head.i and self.doc[comma].is_punct:
                    drop.update(range(comma, t.right_edge.i + 1))
        toks = [t for t in head.subtree if t.i not in drop]
        while toks and (toks[-1].is_punct or toks[-1].dep_ in {"cc", "case"} and toks[-1].i > head.i):
            toks.pop()
        while toks and toks[0].is_punct:
            toks.pop(0)
        return toks

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
                            t.i for a in alternatives if a is not alt for t in a.subtree if t.dep_ != "conj" or t is a
                        }
                        drop |= {t.i for t in mod.subtree if t.dep_ == "cc" or t.is_punct}
                        drop |= {t.i for t in alt.subtree if t is not alt}
                        sub = [t for t in toks if t.i not in drop]
                        refs.append(self._plain_ref(head, sub, appositions))
                    return refs
        if person_tokens or self._is_person_name(head):
            return [self._person_ref(head, toks)]
        return [self._plain_ref(head, toks, appositions)]

    def _person_ref(self, head: Token, toks: list[Token], fallback_party: str | None = None) -> Ref:
        ent_toks = [t for t in toks if t.ent_type_ == "PERSON"] or [head]
        # A name followed by a possessive is the possessor: "Netanyahu's office" is not Netanyahu.
        if not self._is_person_name(head):
            return self._plain_ref(head, toks, [c for c in head.children if c.dep_ == "appos"])
        ent = next((e for e in self.doc.ents if e.start <= head.i < e.end and e.label_ == "PERSON"), None)
        proper = " ".join(t.text for t in ent_toks if t.pos_ == "PROPN") or head.text
        words = ent.text if ent is not None else proper
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
        surface = self._display(toks) if toks else head.text
        return Ref(
            name=name, pos=head.idx, actor=actor, party=party, person=True, head=head.lemma_.lower(), surface=surface
        )

    def _plain_ref(self, head: Token, toks: list[Token], appositions: list[Token]) -> Ref:
        lemma = head.lemma_.lower()
        words = toks
        # "the official", "The office": the speaker named before with the same head noun
        dets = {t.lower_ for t in words if t.dep_ == "det"}
        modifiers = [t for t in words if t is not head and t.dep_ not in {"det", "punct"}]
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
        while node.head.i != node.i and node.head.i in phrase:
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

    def _antecedent(self, kind: str, pos: int) -> Ref | None:
        for ref in reversed(self.salience):
            if ref.pos >= pos:
                continue
            if kind == "person" and ref.person and not ref.plural and not ref.members:
                return ref
            if kind == "thing" and not ref.person and not ref.plural and not ref.members:
                return ref
            if kind == "plural" and (ref.plural or ref.members):
                return ref
        return None

    def _group(self, refs: list[Ref]) -> Ref:
        pos = min((r.pos for r in refs), default=0)
        return Ref(name=" and ".join(r.name for r in refs), pos=pos, plural=True, members=tuple(refs))

    def _note_subject(self, sent: Span) -> None:
        """The subject of a sentence is an antecedent for the pronouns that follow it."""
        root = sent.root
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ == "PRON" or any(r.pos == subj.idx for r in self.salience):
            return
        if subj.ent_type_ not in {"PERSON", "ORG", "GPE", "NORP"} and subj.lemma_.lower() not in C.PERSON_NOUNS:
            return
        refs = self._refs_for(subj)
        if len(refs) == 1:
            self.salience.append(refs[0])
        elif refs:
            self.salience.append(self._group(refs))
        self.salience.sort(key=lambda r: r.pos)

    # -- names ----------------------------------------------------------------------------

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

    # -- dates ----------------------------------------------------------------------------

    def _dates_for(self, sent: Span, frames: list[Frame]) -> None:
        # A direct quote's attribution is not content: "..., he said on Tuesday, ..." dates it.
        contents = [p for f in frames for p in (f.pieces if f.kind == "direct" else [(f.start, f.end)])]
        exprs = [
            e
            for e in find_date_expressions(self.text, sent.start_char, sent.end_char, self.published)
            if not any(s <= e.start < t for s, t in contents)
        ]
        resolved: dict[int, date | None] = {}
        for e in exprs:
            resolved[e.start] = self._resolve(e, exprs, resolved)
        for frame in frames:
            if self._present_perfect(frame.cue):
                continue  # "has said": no day, and none inherited
            own = self._own_expressions(frame, exprs)
            pick = min(own or exprs, key=lambda e: abs(e.start - frame.cue_pos), default=None)
            if pick is not None:
                frame.said_on, frame.said_on_text = resolved.get(pick.start), pick.text
                if frame.said_on is not None:
                    self._record_occasion(frame)
                continue
            self._inherit(frame, sent, frames)
        days = [(e.start, d) for e in exprs if (d := resolved.get(e.start))]
        points = days + [(f.cue_pos, f.said_on) for f in frames if f.said_on]
        if points:
            self.anchor = max(points)[1]
        subjects = {r.name for r in self.salience if sent.start_char <= r.pos < sent.end_char}
        sentence_day = days[-1][1] if days else None
        self.sentence_log.append(_Sentence(self.t.paragraph(sent.start_char), frames, sentence_day, subjects))

    def _resolve(self, e: DateExpr, exprs: list[DateExpr], resolved: dict[int, date | None]) -> date | None:
        if e.kind == "day":
            return e.day
        if e.kind == "vague":
            return None
        if e.kind == "relative":
            earlier = [resolved[x.start] for x in exprs if x.start < e.start and resolved.get(x.start)]
            base = earlier[-1] if earlier else self.anchor
            return base + timedelta(days=e.offset) if base else None
        if e.kind == "interval":
            others = [x for x in exprs if x is not e and x.kind == "day"]
            base = others[0].day if others else None
            return base + timedelta(days=e.offset) if base else None
        return None

    def _own_expressions(self, frame: Frame, exprs: list[DateExpr]) -> list[DateExpr]:
        cue = frame.cue
        toks = list(cue.subtree)
        lo, hi = toks[0].idx if toks else cue.idx, tok_end(toks[-1]) if toks else cue.idx
        subj = subject_of(frame)
        if subj is not None and frame.construction != "according":
            stoks = list(subj.subtree)
            lo = min(lo, stoks[0].idx)
        return [e for e in exprs if lo <= e.start < hi]

    def _present_perfect(self, cue: Token) -> bool:
        if cue.tag_ != "VBN":
            return False
        return any(c.dep_ == "aux" and c.lower_ in {"has", "have", "'ve"} for c in cue.children)

    def _record_occasion(self, frame: Frame) -> None:
        for t in frame.cue.subtree:
            if t.lemma_.lower() in C.OCCASION_NOUNS and not (frame.start <= t.idx < frame.end):
                self.occasions[t.lemma_.lower()] = frame.said_on

    def _inherit(self, frame: Frame, sent: Span, frames: list[Frame]) -> None:
        # An explicit reference to an occasion dated elsewhere: "at the news conference".
        for t in frame.cue.subtree:
            if frame.start <= t.idx < frame.end:
                continue
            lemma = t.lemma_.lower()
            if lemma in C.OCCASION_NOUNS and any(c.lower_ in {"the", "same"} for c in t.children):
                day = self.occasions.get(lemma)
                if day is None and any(c.lower_ == "same" for c in t.children):
                    day = self.anchor
                if day is not None:
                    frame.said_on, frame.said_on_text = day, f"the {t.text}"
                    return
        names = {r.name for r in frame.refs}
        # The same speaker earlier in the same sentence.
        for other in frames:
            if other is not frame and other.cue_pos < frame.cue_pos and other.said_on and names & self._names(other):
                frame.said_on, frame.said_on_text = other.said_on, other.said_on_text
                return
        # The preceding sentence of the same paragraph, when it has the same speaker: the last
        # sentence that says who spoke (the parser may cut a quote from its attribution).
        paragraph = self.t.paragraph(sent.start_char)
        for entry in reversed(self.sentence_log):
            if entry.paragraph != paragraph:
                return
            if entry.frames:
                for other in reversed(entry.frames):
                    if names & self._names(other):
                        frame.said_on, frame.said_on_text = other.said_on, other.said_on_text
                        return
                return
            if entry.subjects:
                if names & entry.subjects and entry.day is not None:
                    frame.said_on, frame.said_on_text = entry.day, "(previous sentence)"
                return

    def _names(self, frame: Frame) -> set[str]:
        return {r.name for r in frame.refs}

    # -- output ---------------------------------------------------------------------------

    def _statements(self, frame: Frame, sent: Span) -> list[ExtractedStatement]:
        if not frame.refs:
            return []
        start, end = frame.start, frame.end
        if frame.kind == "direct":
            start, end = frame.pieces[0][0], frame.pieces[-1][1]
        text = self.text[start:end]
        if not re.search(r"\w", text):
            return []
        if frame.construction == "according" and all(
            not r.anonymous and r.party is None and not r.person for r in frame.refs
        ):
            return []  # figures from a body outside the negotiation's story
        lo, hi = min(start, sent.start_char), max(end, sent.end_char)
        issues = []
        for s, e, name in self.issue_hits:
            if lo <= s and e <= hi and name not in issues:
                issues.append(name)
        confidence = {"quote": 0.9, "clause": 0.85, "according": 0.7, "parenthetical": 0.75}.get(
            frame.construction, 0.65
        )
        content = self.doc.char_span(start, end, alignment_mode="expand")
        subject = subject_of(frame)
        clause = speaker_clause(frame.cue, content, subject)
        out = []
        for ref in frame.refs:
            stance = self.stance.read(
                frame.cue,
                content,
                frame.construction,
                clause,
                subject,
                ref.party,
                issues,
                frame.said_on or self.published,
            )
            if stance.proposal is None and stance.found_proposal is None and self.stance.points_back(content):
                stance = self._continued(stance, ref.name, frame.said_on, sent)
            out.append(
                ExtractedStatement(
                    start=start,
                    end=end,
                    text=text,
                    kind=frame.kind,
                    cue=self._cue_words(frame),
                    cue_start=frame.cue.idx,
                    speaker_text=ref.surface or ref.name,
                    speaker=ref.name,
                    actor=ref.actor,
                    party=ref.party,
                    anonymous=ref.anonymous,
                    said_on=frame.said_on,
                    said_on_text=frame.said_on_text,
                    issues=issues,
                    confidence=confidence,
                    stance=stance.stance,
                    target=stance.target,
                    proposal=stance.proposal,
                    stance_confidence=stance.confidence,
                    found_proposal=stance.found_proposal,
                    reported_party=stance.reported_party,
                    reported_stance=stance.reported_stance,
                    reported_target=stance.reported_target,
                )
            )
        return out

    def _continued(self, stance: Stance, speaker: str, said_on: date | None, sent: Span) -> Stance:
        """What a speaker picks up from their own preceding sentence on the same occasion ("The plan
        is fair," she said. "That balance took a year to find.") is about the proposal that sentence
        named."""
        paragraph, said = self.previous
        if paragraph != self.t.paragraph(sent.start_char):
            return stance
        same = [s for s in said if s.speaker == speaker and s.said_on == said_on]
        if not same or (same[-1].proposal is None and same[-1].found_proposal is None):
            return stance
        return replace(stance, proposal=same[-1].proposal, found_proposal=same[-1].found_proposal)

    def _cue_words(self, frame: Frame) -> str:
        cue = frame.cue
        if frame.construction == "according":
            return "according to"
        extra = [c.text for c in cue.children if c.dep_ == "prt"]
        if frame.construction == "preposition":
            extra += [
                c.text
                for c in cue.children
                if c.dep_ == "prep" and c.lower_ in C.PREPOSITION_CUES.get(cue.lemma_.lower(), ())
            ]
        return " ".join([cue.text, *extra])
