"""The setup of a negotiation, as plain data for the extractor."""

from __future__ import annotations

from collections import defaultdict

from negotiations.extraction import ActorInfo, IssueInfo, PartyInfo, ProposalInfo, Setup
from negotiations.models import Alias, Negotiation


def setup_for(negotiation: Negotiation) -> Setup:
    """Read parties, actors, issues, proposals and their aliases in five queries."""
    aliases: dict[tuple[str, int], list[str]] = defaultdict(list)
    for alias in Alias.objects.filter(negotiation=negotiation).order_by("id"):
        for kind in ("party", "actor", "issue", "proposal"):
            target_id = getattr(alias, f"{kind}_id")
            if target_id is not None:
                aliases[kind, target_id].append(alias.text)
    return Setup(
        parties=tuple(
            PartyInfo(name=p.name, kind=p.kind, aliases=tuple(aliases["party", p.id]))
            for p in negotiation.parties.all()
        ),
        actors=tuple(
            ActorInfo(
                name=a.name,
                party=a.party.name if a.party else None,
                title=a.title,
                aliases=tuple(aliases["actor", a.id]),
            )
            for a in negotiation.actors.select_related("party")
        ),
        issues=tuple(IssueInfo(name=i.name, aliases=tuple(aliases["issue", i.id])) for i in negotiation.issues.all()),
        proposals=tuple(
            ProposalInfo(
                name=p.name,
                by=p.party.name if p.party else None,
                date=p.date,
                aliases=tuple(aliases["proposal", p.id]),
            )
            for p in negotiation.proposals.select_related("party")
        ),
    )
