"""Extraction in worker processes finds what one process finds, in the same order, and an
article the rules fail on fails as it does in one process."""

from __future__ import annotations

import pytest

from negotiations.extraction import Extractor
from negotiations.extraction import extractor as extractor_module
from tests.extraction import PUBLISHED

TEXTS = [
    "Ms. Varga said that the quota was too low.",
    "President Tomas Brell met Foreign Minister Ada Varga on Monday. He said that the meeting had gone well.",
    "The river was low all summer.",
    '"We will not sign," Varga told reporters on Tuesday.',
    "The foreign minister said that Norland wanted a lower dam.",
]


@pytest.fixture(params=["forked", "spacy"])
def how(request, monkeypatch) -> str:
    """Both parallel paths: forked workers reading whole articles, and spaCy's n_process with
    the rules in this process (where fork is not available)."""
    monkeypatch.setattr(extractor_module, "can_fork", lambda: request.param == "forked")
    return request.param


# pytest may have threads of earlier tests left, idle: forking beside them is safe here.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_worker_processes_find_what_one_process_finds(extractor: Extractor, how: str):
    items = [(text, PUBLISHED) for text in TEXTS * 3]

    alone = list(extractor.extract_many(items, batch_size=4))
    parallel = list(extractor.extract_many(items, batch_size=4, n_process=2))

    assert parallel == alone
    assert any(alone)  # statements were found: the comparison compares something


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_an_article_that_fails_in_a_worker_process_fails_the_call(extractor: Extractor, how: str, monkeypatch):
    real = Extractor.extract_doc

    def fails_on_the_dam(self, doc, published):
        if "dam" in doc.text:
            raise ValueError("a rule failed")
        return real(self, doc, published)

    monkeypatch.setattr(extractor_module.Extractor, "extract_doc", fails_on_the_dam)
    with pytest.raises(ValueError, match="a rule failed"):
        list(extractor.extract_many([(text, PUBLISHED) for text in TEXTS], batch_size=4, n_process=2))
