"""The extractor: finds statements in parsed articles. (Work in progress: rules are being added.)"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from .nlp import get_nlp
from .types import ExtractedStatement, Setup


class Extractor:
    def __init__(self, setup: Setup, nlp: Language | None = None):
        self.setup = setup
        self.nlp = nlp if nlp is not None else get_nlp()

    def extract(self, text: str, published: date | None = None) -> list[ExtractedStatement]:
        return next(self.extract_many([(text, published)]))

    def extract_many(
        self, items: Iterable[tuple[str, date | None]], batch_size: int = 16
    ) -> Iterator[list[ExtractedStatement]]:
        """Yield the statements of each (text, published) pair, in order, parsing in batches."""
        for doc, published in self.nlp.pipe(items, as_tuples=True, batch_size=batch_size):
            yield self.extract_doc(doc, published)

    def extract_doc(self, doc: Doc, published: date | None) -> list[ExtractedStatement]:
        return []
