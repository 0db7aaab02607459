"""Spans: where the content of each speech act starts and ends, in the article's characters.

`FrameFinder` reads one article: `frame_for` tries the tables of frames.py on a token, and its
methods build the spans the rules ask for (a clause, an object and its complements, a
parenthetical, `according to`, a colon, a block quotation), then bound them by the article's
paragraphs and quotations. It keeps no state of its own beyond the article's text.

Invariants:
- A span is `start <= end` character offsets of the article's text, trimmed (`ArticleText.trim`);
  a frame whose span comes out empty is not returned.
- What the writer adds around a report is left out: asides set off by dashes or commas, a clause
  a semicolon joins, the attribution after a closing quotation mark.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from . import cues as C
from .frames import ANY_TOKEN_RULES, ANY_TOKEN_WORDS, NO_MATCH, RULE_LEMMAS, RULES, Cue, Frame, NoMatch
from .syntax import (
    DASHES,
    FINITE_TAGS,
    NAME_ENTITIES,
    PERSONAL_PRONOUNS,
    conj_head,
    coordinated_act,
    marked_by,
    relative_that,
    subject_of,
)
from .text import PUNCT_END, ArticleText, tok_end

SEPARATE_MARKS = {"though", "although", "while", "whereas"}


# Prepositions that may go on with an object the parser hung on its verb instead ("revealed a
# rift [over how the river is shared]"): not those of time, means or circumstance (at, during, by, after ...).
NOUN_PREPOSITIONS = frozenset("in on about over from into toward towards across among between within around".split())


# The heads of an object that points back to something said before: "said the same thing", "as much".
SAME_THING = frozenset("thing same much".split())


class FrameFinder:
    """Frames of one article from its parse; reads the article's text, keeps no state of its own."""

    def __init__(self, text: ArticleText):
        self.t = text
        self.doc = text.doc

    def frame_for(self, tok: Token, sent: Span) -> Frame | None:
        """The frame of the first rule of RULES that matches the token, if it builds one."""
        if tok.lemma_.lower() in RULE_LEMMAS:
            rules = RULES
        elif ANY_TOKEN_WORDS is None or tok.lower_ in ANY_TOKEN_WORDS:
            rules = ANY_TOKEN_RULES
        else:
            return None  # no rule reads this word
        cue = Cue(tok, sent, self)
        for rule in rules:
            if rule.verb and cue.excluded is not None:
                return None
            found = rule.match(cue)
            if isinstance(found, NoMatch):
                continue
            if found is not None:
                found.rule = rule.id
                found = self._within_paragraph(found)
            if found is not None:
                found = self._within_quote(found)
            if found is not None:
                found = self._quote_run_on(found)
            return found
        return None

    def _within_paragraph(self, frame: Frame) -> Frame | None:
        """A report stays in its cue's paragraph: where the parser ran two paragraphs into one
        sentence, the next paragraph's own reports ("Downing Street said ...") are not content.
        A block quotation is the paragraph after its cue's."""
        if frame.rule == "block-quote":
            return frame
        n = self.t.paragraph(frame.cue.idx)
        if n < 0:
            return frame
        start, end = self.t.paragraphs[n]
        frame.start, frame.end = self.t.trim(max(frame.start, start), min(frame.end, end))
        return frame if frame.end > frame.start else None

    def _within_quote(self, frame: Frame) -> Frame | None:
        """A report that starts inside a quotation ends at its closing mark, unless it runs on
        around its cue into the next piece ('"The plan," Brell said, "is dead."'). What follows
        the mark is the writer's: the attribution ('"The plan is late. The dam is safe," Brell,
        a senior aide, said', where the parser hung the name on the quoted clause), or, for a
        cue inside the quotation ('"We think the dam is safe," Brell said'), the speaker's."""
        own = self.t.quote_at(frame.cue.idx)
        if own is not None and not own[0] <= frame.start < frame.end <= own[1]:
            # '"What worries us, I think, is the timing," Brell told the radio': a cue inside a
            # quotation is the quoted speaker's, and what it reports lies inside the quotation.
            frame.start, frame.end = self.t.trim(max(frame.start, own[0]), min(frame.end, own[1]))
            return frame if frame.end > frame.start else None
        quote = self.t.quote_at(frame.start)
        if quote is None or quote[1] >= frame.end:
            return frame
        qs, qe = quote
        if frame.cue.idx < qs and not re.search(r"\w", self.t.text[qs : frame.start]):
            # 'said "budget reforms" would pay for it': a report that opens with a quoted phrase
            # goes on in the writer's words (`_quote_closed` ends one that opens a quoted clause).
            return frame
        if qe <= frame.cue.idx and re.search(r"\w", self.t.text[tok_end(frame.cue) : frame.end]):
            return frame
        frame.start, frame.end = self.t.trim(frame.start, qe)
        return frame if frame.end > frame.start else None

    def _quote_run_on(self, frame: Frame) -> Frame:
        """A report that opens a quotation of its speaker's and leaves it open runs on to its
        closing mark: 'put two questions to him, "Will you pay? Will you sign?"', where the
        parser ended the sentence, and so the report, at the first question mark."""
        quote = next(
            ((qs, qe) for qs, qe in self.t.quotes if frame.cue.idx < qs and frame.start < qs < frame.end < qe), None
        )
        if quote is not None and re.search(r"\w", self.t.text[frame.end : quote[1]]):
            frame.start, frame.end = self.t.trim(frame.start, quote[1])
        return frame

    def according_to(self, tok: Token, sent: Span) -> Frame | None:
        to = self.doc[tok.i + 1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            return None
        phrase = list(tok.subtree) + list(to.subtree)
        lo = min(t.i for t in phrase)
        hi = max(t.i for t in phrase)
        start, end = self._beside(lo, hi, sent)
        if end - start < 10 and all(t.is_punct or t.is_space for t in self.doc[sent.start : tok.i]):
            # An opening "According to X," ends at its comma, whatever the parser hung on X:
            # "According to Dan Pike, the move reeks of fear" with "reeks" read as a plural noun
            # in apposition to "Pike" made the whole sentence the phrase, and left no content.
            # The first comma that does not open a relative clause ("..., which monitors ...").
            comma = next(
                (
                    t.i
                    for t in self.doc[to.i + 1 : hi]
                    if t.text == "," and self.doc[t.i + 1].lower_ not in C.RELATIVE_WORDS
                ),
                None,
            )
            if comma is not None:
                start, end = self._beside(lo, comma, sent)
        if end - start < 10:
            return None
        return Frame(cue=tok, start=start, end=end, construction="according", subject=source)

    def _beside(self, lo: int, hi: int, sent: Span) -> tuple[int, int]:
        """The longer of the sentence's parts before token `lo` and after token `hi`, trimmed."""
        floor = self.t.floor(sent.start_char)
        before = (floor, self.doc[lo].idx)
        after = (self.doc[hi].idx + len(self.doc[hi]), sent.end_char)
        start, end = before if before[1] - before[0] >= after[1] - after[0] else after
        if sent.root.i < lo and sent.root.idx >= floor and before[1] - before[0] >= 10:
            # "The top 1 percent would gain 19.9 percent, according to the foundation, more than
            # twice what the middle gains": the clause with the sentence's verb is the report; what
            # trails the phrase is an aside to it.
            start, end = before
        return self.t.trim(start, end)

    def block_quote(self, cue: Token) -> Frame | None | NoMatch:
        """The paragraph after "X added:" when the colon closes the cue's paragraph and nothing
        else of the cue's stands between them."""
        n = self.t.paragraph(cue.idx)
        if n < 0 or n + 1 >= len(self.t.paragraphs):
            return NO_MATCH
        para_end = self.t.paragraphs[n][1]
        if not re.fullmatch(r"\s*:\s*", self.t.text[tok_end(cue) : para_end]):
            return NO_MATCH
        start, end = self.t.trim(*self.t.paragraphs[n + 1])
        if end - start < 10 or self.t.text[start] in "“\"'`":
            return NO_MATCH  # a quoted paragraph is attributed by the quote rules
        return Frame(cue=cue, start=start, end=end, construction="clause", kind="direct", pieces=[(start, end)])

    def colon_frame(self, colon: Token) -> Frame | None:
        para = self.t.paragraphs[self.t.paragraph(colon.idx)]
        first = self.t.token_at(self.t.floor(para[0]))
        if first is None or not 0 < colon.i - first.i <= 5:
            return None
        name = self.doc[first.i : colon.i]
        # "Poll: Varga and Brell level in the valley": a document or a study speaks for itself; a
        # surname the article gives in full elsewhere is a name whatever the tagger made of it.
        if not self._source_noun(name) and not self._surname(name):
            named = [t for t in name if t.ent_type_ in NAME_ENTITIES or t.pos_ == "PROPN"]
            if not named or any(t.lower_ in C.COLON_LABELS for t in name):
                return None
            if any(
                not (t.pos_ == "PROPN" or t.ent_type_ in NAME_ENTITIES or t.is_punct or t.dep_ in {"det", "case"})
                for t in name
            ):
                return None  # "The reason is simple: ...": a sentence, not a name
            if any(t.lower_ in C.HEADING_PREPOSITIONS for t in name):
                return None  # a title-case heading ("Success on Signature Issue: ...") names nobody
            if len([t for t in name if not t.is_punct]) > 4:
                # "Dam Plan Divides Valley Farmers: ...": five title-case words are a heading's
                # sentence, longer than the names that head a transcript's or a headline's lines.
                return None
        start, end = self.t.trim(tok_end(colon), para[1])
        if end - start < 10 or self._roster(start, end):
            return None
        return Frame(cue=colon, start=start, end=end, construction="colon", subject=name.root)

    def _roster(self, start: int, end: int) -> bool:
        """Whether [start, end) is a list of names ("Norland: Ada Marsh, Ivo Brandt, Kasia Lind"):
        a label before a roster introduces its members; nobody says anything."""
        span = self.doc.char_span(start, end, alignment_mode="expand") or ()
        words = [t for t in span if not t.is_punct]
        commas = sum(t.text == "," for t in span)
        return commas >= 2 and bool(words) and all(t.pos_ == "PROPN" or t.dep_ == "cc" for t in words)

    def _surname(self, name: Span) -> bool:
        words = [t for t in name if not t.is_punct]
        return len(words) == 1 and words[0].text in self.t.surnames

    @staticmethod
    def _source_noun(name: Span) -> bool:
        words = [t for t in name if t.dep_ != "det" and not t.is_punct]
        return len(words) == 1 and words[0].lemma_.lower() in C.SOURCE_NOUNS

    def _before_aside(self, lo: int, hi: int) -> int:
        """The end of a spoken object before the writer's aside that closes it: a dash that no
        second dash pairs ("praised their support -- who cited her record"), or a relative clause
        set off by a comma ("questioned the plan, which the council passed in May")."""
        dashes = [t for t in self.doc[lo + 1 : hi + 1] if t.text in DASHES and t.whitespace_]
        if len(dashes) % 2:
            return max(lo, dashes[-1].i - 1)
        for t in self.doc[lo + 1 : hi + 1]:
            if (
                t.dep_ == "relcl"
                and t.head.i >= lo
                and max(u.i for u in t.subtree) == hi
                and self._after_comma(t.left_edge.i)
            ):
                return max(lo, t.left_edge.i - 1)  # the comma, or the mark closing a quote
        return hi

    def _after_comma(self, i: int) -> bool:
        """Whether token `i` follows a comma, past the closing quotation marks and the
        conjunction between them ('called a "bridge," in which ...', '..., but with clear
        reservations')."""
        j = i - 1
        while j > 0 and (self.doc[j].dep_ == "cc" or self.doc[j].tag_ == "''" or self.doc[j].text in {"”", "’"}):
            j -= 1
        return j >= 0 and self.doc[j].text == ","

    def _before_fellow_speakers(self, lo: int, hi: int) -> int:
        """The end of an object that only points back to what was said, before ", including" and
        people: "Several engineers have said the same thing, including Tomas Brell" names
        who else said it, not more of what was said."""
        for t in self.doc[lo + 1 : hi + 1]:
            if t.lower_ != "including" or t.dep_ != "prep" or self.doc[t.i - 1].text != ",":
                continue
            named = next((c for c in t.children if c.dep_ == "pobj"), None)
            if (
                named is not None
                and any(_person(u) for u in named.subtree)
                and (t.head.pos_ == "PRON" or t.head.lemma_.lower() in SAME_THING)
            ):
                return max(lo, t.i - 2)
        return hi

    def right_edge(self, cue: Token, lo: int) -> int:
        """The last token of the cue's complements from `lo` on: its objects and predicates, and
        prepositions that belong to them ("a roadmap [to a cease-fire]"), not its adjuncts of time,
        place and occasion ("in a statement on Friday"), nor a new clause after a comma."""
        hi = lo
        for c in cue.children:
            if c.i < lo:
                continue
            if (
                c.dep_ == "prep"
                and c.lower_ not in {"to", "of", "for", "with", "as", "against"}
                and not (c.lower_ in NOUN_PREPOSITIONS and c.i == hi + 1 and not self._adjunct(c))
            ):
                continue
            if c.dep_ not in {"dobj", "oprd", "xcomp", "ccomp", "attr", "acomp", "prep", "dative"}:
                continue
            if self._after_comma(c.left_edge.i) and c.dep_ != "dobj":
                continue
            hi = max(hi, c.right_edge.i)
        return hi

    @staticmethod
    def _adjunct(prep: Token) -> bool:
        """Whether a phrase the parser hung on the cue, right after its complement, says when,
        where or in what the act was done ("on Wednesday", "in Norland", "in a tweet", "in
        fact"), rather than going on with what was said ("revealed a deep rift [over how the
        two sides share the river]", "blamed the floods [on the upstream dam]", which the parser
        hangs on the verb as readily)."""
        obj = next((t for t in prep.children if t.dep_ in {"pobj", "pcomp"}), None)
        if obj is None or obj.lower_ in C.RELATIVE_WORDS:
            return True
        if any(t.ent_type_ in {"DATE", "TIME", "GPE", "LOC", "FAC"} for t in obj.subtree):
            return True
        lemma = obj.lemma_.lower()
        return lemma in C.OCCASION_NOUNS or lemma in C.MEDIUM_NOUNS or lemma in C.ADVERB_PHRASE_NOUNS

    def that_clause(self, cue: Token, sent: Span) -> Frame | None:
        """`said that day that ...`, `acknowledged in his remarks that ...`: when the parser loses
        the complement clause, the word "that" soon after the cue still marks where it starts."""
        for tok in self.doc[cue.i + 1 : min(cue.i + 16, sent.end)]:
            if relative_that(tok):
                # "spoke in a cottage on a base that overlooks the bay": a relative pronoun, and
                # what follows describes the noun before it.
                return None
            if tok.lower_ == "that" and (tok.dep_ != "det" or tok.head.dep_ in {"nsubj", "nsubjpass"}):
                start, end = self.t.trim(tok_end(tok), sent.end_char)
                if end - start < 10:
                    return None
                return Frame(cue=cue, start=start, end=end, construction="clause")
            if tok.text in PUNCT_END or tok.dep_ in {"ccomp", "conj", "advcl", "relcl", "xcomp", "parataxis"}:
                return None
            if tok.pos_ == "VERB" and tok.tag_ in FINITE_TAGS and any(c.dep_ == "nsubj" for c in tok.children):
                # "jets roared over the ceremony, Brell flinched, then joked that": a clause of its
                # own comes first; "said on Friday, before flying to London, that" goes on.
                return None
        return None

    def clause_frame(self, cue: Token, clause: Token, construction: str) -> Frame | None:
        toks = list(clause.subtree)
        if clause.dep_ == "advcl":
            # "said after the convention he would not accept": the phrase before the subject is
            # the cue's, not the report's.
            subject = min(t.i for c in clause.children if c.dep_ in {"nsubj", "nsubjpass", "expl"} for t in c.subtree)
            toks = [t for t in toks if t.i >= subject]
        lo, hi = min(t.i for t in toks), max(t.i for t in toks)
        before = [t for t in toks if t.i < cue.i]
        if lo < cue.i < hi and all(t.tag_ in {"WDT", "WP", "IN"} or t.is_punct for t in before):
            # "..., which it said would inflame the region": the relative word is not the report
            start, end = self.doc[min(t.i for t in toks if t.i > cue.i)].idx, tok_end(self.doc[hi])
        elif lo < cue.i < hi:
            # "The proposal, they said, was consistent ...": the report runs around the cue.
            start, end = self.doc[lo].idx, tok_end(self.doc[hi])
        elif clause.i > cue.i:
            first = min(t.i for t in toks if t.i > cue.i)
            # "said the hardest part, carrying out the accord, still lay ahead": the parser took
            # the clause's subject for the cue's object. A verb whose object is its addressee
            # ("told reporters that") keeps it out.
            objects = [c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < first]
            if objects and cue.lemma_.lower() not in C.ADDRESSEE_CUES:
                first = objects[0].left_edge.i
            start, end = self.doc[first].idx, tok_end(self.doc[hi])
        else:
            start, end = self.doc[lo].idx, tok_end(self.doc[hi])
            start = max(start, self.t.floor(start))
        for c in cue.children:
            if c.dep_ != "conj" or c.i < clause.i:
                continue
            if marked_by(c, {"that"}):
                end = max(end, tok_end(self.doc[c.right_edge.i]))  # "..., but that ..."
            elif clause.i < cue.i and c.pos_ in {"VERB", "AUX"} and c.lemma_.lower() not in C.CLAUSE_CUES:
                end = max(end, tok_end(self.doc[c.right_edge.i]))  # "A, he said, and B"
        start = self.t.skip_that(start, end)
        end = self._quote_closed(start, end)
        if clause.i > cue.i:
            # "said the timing was not intentional; they learned of it on Friday": a semicolon
            # joins a sentence of the writer's, not more of the report.
            semicolon = self.t.text.find(";", start, end)
            inside = semicolon > start and (
                self.t.unclosed_quote(start, semicolon) or self.t.text.count('"', start, semicolon) % 2
            )
            if semicolon > start and not inside:
                end = semicolon
        start, end = self.t.trim(start, end)
        if end <= start:
            return None
        return Frame(cue=cue, start=start, end=end, construction=construction)

    def _quote_closed(self, start: int, end: int) -> int:
        """The end of a report that opens a quotation: its closing mark, when the writer's words
        follow it ('saying, "That makes me smart," when the rival blasted him')."""
        text = self.t.text
        before = text[:start].rstrip()
        if not before.endswith("“"):
            return end  # (a straight mark does not say whether it opens or closes)
        closing = text.find("”", start, end)
        if closing < 0 or not re.search(r"\w", text[closing:end]):
            return end
        return closing

    def span_frame(self, cue: Token, first: Token, last: Token, construction: str) -> Frame | None:
        lo = first.left_edge.i
        hi = max(last.right_edge.i, self.right_edge(cue, lo))
        if lo <= cue.i <= hi:
            lo = cue.i + 1
        hi = self._possessed(hi)
        if construction in {"object", "infinitive", "predicate", "preposition", "object-infinitive"}:
            if last.dep_ == "prep":
                # "blamed Brell for the last twenty years and more of broken promises": the
                # category coordination matches is the preposition's object's
                last = next((t for t in last.children if t.dep_ in {"pobj", "pcomp"}), last)
            hi = self._misplaced_conjunct(cue, last, hi)
        hi = self._before_aside(lo, hi)
        if construction == "object":
            hi = self._before_fellow_speakers(lo, hi)
        start, end = self.t.trim(self.doc[lo].idx, tok_end(self.doc[hi]))
        if end <= start:
            return None
        return Frame(cue=cue, start=start, end=end, construction=construction)

    def _possessed(self, hi: int) -> int:
        """The end of a phrase that stops on a possessive ending: "welcoming the ministry's
        plans to increase funding" with "plans" read as a verb of its own. A possessive always
        has its noun after it, so the word after it and that word's complements belong to the
        phrase; what its word opens after a comma ("..., and calling for bases") does not."""
        if hi + 1 < len(self.doc) and self.doc[hi + 1].tag_ == "POS" and not self.doc[hi + 1].is_sent_start:
            hi += 1  # "as signs of the envoy['s] contempt": the marker hung elsewhere
        tok = self.doc[hi]
        if tok.tag_ != "POS" or hi + 1 >= len(self.doc) or tok.sent.end <= hi + 1:
            return hi
        noun = self.doc[hi + 1]
        if noun.is_punct or noun.is_space:
            return hi
        end = noun.i
        for child in noun.children:
            if child.i < noun.i:
                continue
            if child.dep_ in {"conj", "cc", "punct"} or self.doc[child.left_edge.i - 1].text == ",":
                break
            end = max(end, child.right_edge.i)
        return end

    def _misplaced_conjunct(self, cue: Token, last: Token, hi: int) -> int:
        """The end of a complement whose second conjunct the parser hung on the cue: "mentioned
        refinancing loans and forcing banks to lend", "promised to meet and in some cases exceed
        the goals". Coordination joins like with like, so a conjunct of the complement's own
        category (a noun after a noun, an -ing form after an -ing form under a verb that is not
        itself one, a base-form verb after an infinitive) with no subject of its own is part of
        what was said, not a second act."""
        if last.pos_ in {"NOUN", "PROPN"} and self.doc[last.left_edge.i].tag_ == "VBG":
            wanted = "gerund"  # "proposed refinancing household debts": a gerund read as an adjective
        elif last.tag_ == "VBG" and cue.tag_ == "VBG":
            return hi  # "was praising the plan and calling for talks": two acts
        else:
            wanted = word_class(last)
        # The parser may hang the conjunct higher still, on a verb the cue's clause depends on:
        # "pledging to meet and in many cases exceed its goals" (on "endorsed"), "opened by
        # stressing food prices, and a need to cut the levy" (on "opened"). What follows
        # the complement at once, with only "and" or a comma between, is its conjunct there too.
        heads = [cue]
        for head in cue.ancestors:
            if head.pos_ in {"NOUN", "PROPN", "PRON"}:
                break  # "a group that called for a boycott, and the league denounced it": the
                # conjunct of a noun above is that noun's
            if head.pos_ in {"VERB", "AUX"}:
                heads.append(head)
        above = {head.i for head in heads}
        candidates = [c for head in heads for c in head.children if c.dep_ == "conj" and c.i not in above]
        for conj in sorted(candidates, key=lambda t: t.i):
            if conj.i <= hi or wanted is None or word_class(conj) != wanted:
                continue
            if any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} and c.lower_ != "to" for c in conj.children):
                continue  # a clause of its own: "criticized the plan and will vote against it"
            first = conj.left_edge.i
            if all(t.dep_ == "cc" or t.is_punct for t in self.doc[hi + 1 : first]):
                hi = self._phrase_end(conj)
        return hi

    def _phrase_end(self, tok: Token) -> int:
        """The last token of a phrase, short of a verb's clause that a comma sets off after it ("a
        show of hands, and then a ballot[, announcing after both that ...]")."""
        end = tok.i
        for child in tok.children:
            if child.i > tok.i:
                if child.pos_ in {"VERB", "AUX"} and self._after_comma(child.left_edge.i):
                    break
                end = max(end, child.right_edge.i)
        return end

    def parenthetical_frame(self, cue: Token, sent: Span) -> Frame | None:
        clause = [cue]
        for c in cue.children:
            if c.dep_ not in {"conj", "cc", "ccomp", "parataxis", "advcl"}:
                clause.extend(c.subtree)
        c_lo, c_hi = min(t.i for t in clause), max(t.i for t in clause)
        start = self.t.floor(sent.start_char)
        end = sent.end_char
        if c_hi >= sent.end - 1 or all(t.is_punct for t in self.doc[c_hi + 1 : sent.end]):
            end = self.doc[c_lo].idx  # the attribution closes the sentence: "..., the ministry said."
        elif c_lo <= sent.start:
            start = tok_end(self.doc[c_hi])
        start, end = self.t.trim(start, end)
        if end - start < 10:
            return None
        return Frame(cue=cue, start=start, end=end, construction="parenthetical")

    # -- nesting --------------------------------------------------------------------------

    def resolve_nesting(self, frames: list[Frame]) -> list[Frame]:
        kept: list[Frame] = []
        for inner in frames:
            outers = [o for o in frames if o is not inner and o.start <= inner.cue.idx < o.end]
            if not outers:
                kept.append(inner)
                continue
            separate = self.stands_alone(inner)
            if separate is None and coordinated_act(inner):
                # the parser hung "but cautioned that ..." inside the first report
                inner.subject = subject_of(outers[0])
                cc = [t for t in inner.cue.head.children if t.dep_ == "cc" and t.i < inner.cue.i]
                separate = (cc[-1] if cc else inner.cue).idx
            if separate is None:
                continue
            for outer in outers:
                if separate > outer.start:
                    outer.start, outer.end = self.t.trim(outer.start, separate)
            kept.append(inner)
        return [f for f in kept if f.end > f.start]

    def stands_alone(self, frame: Frame) -> int | None:
        """Where a nested report's own clause starts, if it is a clause of its own with a subject."""
        tok = frame.cue
        first = tok.left_edge.i
        if tok.tag_ == "VBG" and tok.dep_ in {"advcl", "xcomp", "conj"} and self.doc[first - 1].text == ",":
            return self.doc[first - 1].idx  # "X rejected A, calling it B": two speech acts
        subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subject is None:
            return None
        node = conj_head(tok, stop=lambda head: head.lemma_.lower() in C.CLAUSE_CUES)
        if node.dep_ == "relcl" and subject.lower_ in PERSONAL_PRONOUNS and tok.lemma_.lower() in C.ATTITUDE_CUES:
            # "described the brake as a mechanism that she hoped would never be used": the
            # speaker's own hope in a relative clause goes on with the report; a second speech act
            # ("a decision he said was meant to ...") is a statement of its own
            return None
        marks = {c.lower_ for c in node.children if c.dep_ == "mark"}
        if node.dep_ == "relcl" or node.dep_ == "conj" or (node.dep_ == "advcl" and marks & SEPARATE_MARKS):
            return self.doc[node.left_edge.i].idx
        return None


def _person(tok: Token) -> bool:
    """Whether a word names a person or people: a name, or a noun of persons or groups."""
    return tok.ent_type_ in {"PERSON", "NORP"} or tok.lemma_.lower() in C.PERSON_NOUNS | C.GROUP_NOUNS


def word_class(tok: Token) -> str | None:
    """The category coordination matches: "noun", "gerund" or "base" (a verb's base form)."""
    if tok.pos_ in {"NOUN", "PROPN"}:
        return "noun"
    return {"VBG": "gerund", "VB": "base", "VBP": "base"}.get(tok.tag_)
