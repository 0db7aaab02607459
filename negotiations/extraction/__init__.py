"""Statement extraction: plain Python over spaCy, with no Django in it.

extractor = Extractor(setup, nlp=get_nlp())
for statements in extractor.extract_many([(text, published), ...]):
    ...
"""

from .extractor import Extractor
from .nlp import get_nlp
from .types import (
    STANCES,
    ActorInfo,
    ExtractedStatement,
    FoundProposal,
    IssueInfo,
    PartyInfo,
    ProposalInfo,
    Setup,
)

__all__ = [
    "STANCES",
    "ActorInfo",
    "ExtractedStatement",
    "FoundProposal",
    "Extractor",
    "IssueInfo",
    "PartyInfo",
    "ProposalInfo",
    "Setup",
    "get_nlp",
]
