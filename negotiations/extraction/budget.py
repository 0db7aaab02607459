"""A time budget for reading one article.

Every walk over the parse terminates by construction (tokens are compared by index, and each
walk is bounded by the sentence or the document); the budget is the second line of defence,
against rules that are merely slow on a pathological parse. The article pass calls `check()`
between sentences, so an article is abandoned within a sentence of its budget running out,
and the caller stores it without statements and reports it.
"""

from __future__ import annotations

import time


class ExtractionTimeout(Exception):
    """Reading one article took longer than its budget."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"extraction took longer than its budget of {seconds:g} s")


class Budget:
    """A deadline on the monotonic clock; `None` seconds never runs out."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.deadline = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise ExtractionTimeout(self.seconds or 0.0)
