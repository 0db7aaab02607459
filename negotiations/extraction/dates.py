"""The day a statement was made, from the article's own words and its publication date.

Weekdays are resolved here rather than by dateparser: news copy uses a bare weekday for the
most recent such day up to and including the day of publication, while dateparser with
PREFER_DATES_FROM=past sends "Tuesday" in a Tuesday paper to the week before. dateparser reads
the calendar forms ("Aug. 16", "July 2, 2024").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


@dataclass(frozen=True)
class DateExpr:
    start: int  # character offsets in the article
    end: int
    text: str
    # "day": a day fixed from the publication date; "vague": a span with no single day;
    # "relative": a day counted from the last day the text mentioned ("that day", "a day earlier");
    # "interval": "two days after <event>", counted back from the main clause's day.
    kind: str
    day: date | None = None
    offset: int = 0


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "interval",
        re.compile(r"\b(a|an|one|two|three|four|five|six|seven|\d+) (day|week)s? (after|before)\b", re.I),
    ),
    (
        "relative",
        re.compile(
            r"\b(?:(?:later|earlier) (?:that|in the) (?:day|night|evening|morning|afternoon)"
            r"|that (?:same )?(?:day|night|evening|morning|afternoon)"
            r"|the same (?:day|night|evening)"
            r"|(?:a|one) day (?:earlier|later)"
            r"|the (?:previous|following|next) day"
            r"|the day (?:before|after)"
            # The same moment as the last day the text reached: "Moments later, ... joked that".
            r"|(?:moments|minutes|seconds) (?:later|earlier|afterwards?)"
            r"|shortly (?:afterwards?|after that))\b",
            re.I,
        ),
    ),
    (
        "vague",
        re.compile(
            r"\b(?:(?:last|this|next|past|previous|coming) (?:week|weekend|month|year)s?"
            r"|(?:earlier|later) this (?:week|month|year)"
            r"|over the weekend|in recent (?:days|weeks|months)|recently"
            r"|(?:in )?(?:early|mid|late)[- ]" + MONTH + r"\b(?!\.? \d)"
            r"|in " + MONTH + r"\b(?!\.? \d))",
            re.I,
        ),
    ),
    ("calendar", re.compile(r"\b" + MONTH + r"\.? \d{1,2}(?:st|nd|rd|th)?(?:, \d{4})?\b")),
    ("iso", re.compile(r"\b\d{4}-\d{2}-\d{2}\b")),
    ("today", re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening)|yesterday)\b", re.I)),
    (
        "weekday",
        re.compile(r"\b(?:(last|next) )?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
    ),
]


def weekday_on_or_before(published: date, weekday: int) -> date:
    return published - timedelta(days=(published.weekday() - weekday) % 7)


@lru_cache(maxsize=64)
def _calendar_parser(published: date) -> DateDataParser:
    # One parser per publication date: dateparser.parse() builds a new one, and its
    # patterns, on every call, which was half of extraction's time.
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(published.year, published.month, published.day),
            "PREFER_DATES_FROM": "past",
            "REQUIRE_PARTS": ["day", "month"],
        },
    )


@lru_cache(maxsize=1024)
def _parse_calendar(text: str, published: date) -> date | None:
    parsed = _calendar_parser(published).get_date_data(text).date_obj
    return parsed.date() if parsed else None


def find_date_expressions(text: str, start: int, end: int, published: date | None) -> list[DateExpr]:
    """Date expressions in text[start:end], longest first where they overlap."""
    found: list[DateExpr] = []
    taken: list[tuple[int, int]] = []
    window = text[start:end]
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(window):
            s, e = start + m.start(), start + m.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            expr = _resolve(kind, m, s, e, published)
            if expr is not None:
                found.append(expr)
                taken.append((s, e))
    return sorted(found, key=lambda x: x.start)


def _resolve(kind: str, m: re.Match[str], s: int, e: int, published: date | None) -> DateExpr | None:
    words = m.group(0)
    low = words.lower()
    if kind == "interval":
        count = m.group(1)
        n = int(count) if count.isdigit() else NUMBER_WORDS[count.lower()]
        days = n * (7 if m.group(2).lower() == "week" else 1)
        return DateExpr(s, e, words, "interval", offset=-days if m.group(3).lower() == "after" else days)
    if kind == "relative":
        offset = 0
        if any(w in low for w in ("day earlier", "previous day", "day before")):
            offset = -1
        elif any(w in low for w in ("day later", "following day", "next day", "day after")):
            offset = 1
        return DateExpr(s, e, words, "relative", offset=offset)
    if kind == "vague":
        return DateExpr(s, e, words, "vague")
    if published is None:
        return DateExpr(s, e, words, "vague")
    if kind == "today":
        return DateExpr(s, e, words, "day", published - timedelta(days=1) if low == "yesterday" else published)
    if kind == "weekday":
        weekday = WEEKDAYS.index(m.group(2).lower())
        day = weekday_on_or_before(published, weekday)
        if m.group(1) == "last" and day == published:
            day -= timedelta(days=7)
        elif m.group(1) == "next":
            day += timedelta(days=7)
        return DateExpr(s, e, words, "day", day)
    day = _parse_calendar(words, published)
    return DateExpr(s, e, words, "day", day) if day else None
