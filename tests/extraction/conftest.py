"""One spaCy model and one Extractor for the whole session; no database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from negotiations.extraction import ExtractedStatement, Extractor, get_nlp
from tests.extraction import PUBLISHED, SETUP

Extract = Callable[..., list[ExtractedStatement]]


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor(SETUP, nlp=get_nlp())


@pytest.fixture(scope="session")
def extract(extractor: Extractor) -> Extract:
    """`extract(text, published=PUBLISHED)`, checking that every statement's text is a slice of
    the article at its offsets."""

    def run(text: str, published: date | None = PUBLISHED) -> list[ExtractedStatement]:
        statements = extractor.extract(text, published)
        for s in statements:
            assert text[s.start : s.end] == s.text, s
        return statements

    return run
