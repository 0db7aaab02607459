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
