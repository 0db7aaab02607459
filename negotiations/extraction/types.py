"""Plain data in and out of extraction: no Django, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class PartyInfo:
    name: str
    kind: str = "party"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorInfo:
    name: str
    party: str | None = None
    title: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class IssueInfo:
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProposalInfo:
    name: str
    by: str | None = None
    date: date | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Setup:
    """What the negotiation's setup tells extraction: who is who, and what the issues are."""

    parties: tuple[PartyInfo, ...] = ()
    actors: tuple[ActorInfo, ...] = ()
    issues: tuple[IssueInfo, ...] = ()
    proposals: tuple[ProposalInfo, ...] = ()


# GUIDELINES.md's stances, from the most to the least committal toward a text.
STANCES = ("demands", "supports", "accepts", "conditional", "rejects", "opposes", "accuses", "neutral")


@dataclass(frozen=True)
class FoundProposal:
    """A proposal that an article names and the setup does not know: "an Egyptian-Qatari text"."""

    words: str  # the naming phrase without its determiner: "Egyptian-Qatari text"
    by: tuple[str, ...] = ()  # PartyInfo names of who made it, as the phrase says


@dataclass
class ExtractedStatement:
    """One attributed claim found in an article's text.

    `start`/`end` are character offsets of `text` in the article text (`text == article[start:end]`).
    """

    start: int
    end: int
    text: str
    kind: str  # "direct" | "indirect"
    cue: str
    cue_start: int | None
    speaker_text: str  # the words of the article that name the speaker here ("he", "Blinken")
    speaker: str  # the speaker at its most complete ("Antony Blinken")
    actor: str | None  # an ActorInfo name
    party: str | None  # a PartyInfo name
    anonymous: bool
    said_on: date | None
    said_on_text: str = ""
    issues: list[str] = field(default_factory=list)
    confidence: float = 0.5
    # The speaker's attitude (one of STANCES) toward `target`: an IssueInfo, ProposalInfo or
    # PartyInfo name, or None. `proposal` is the ProposalInfo the statement is about.
    stance: str = "neutral"
    target: str | None = None
    proposal: str | None = None
    stance_confidence: float = 0.0
    # A proposal the setup does not know, when the statement is about one (then `proposal` is None).
    found_proposal: FoundProposal | None = None
    # A party's stance that the content reports, the speaker's own being `stance`: "Israel had
    # accepted the U.S. proposal" (accepts, toward the proposal), "new demands added by Netanyahu,
    # such as troops remaining along the border" (demands, toward the issue).
    reported_party: str | None = None
    reported_stance: str | None = None
    reported_target: str | None = None
    # The id of the frame rule that took the sentence for a statement ("clause", "quote-after"):
    # shown to analysts, so that they see why Parley read a statement there.
    rule: str = ""
