"""Builders and readers shared by the page tests (tests/helpers.py has the model builders)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from django.db import transaction
from django.http import HttpResponse

from negotiations.extraction import ExtractedStatement
from negotiations.forms import StatementEditForm
from negotiations.models import (
    Actor,
    Article,
    Issue,
    Negotiation,
    Party,
    Proposal,
    Stance,
    Statement,
    StatementAnnotation,
)
from negotiations.services.annotation import do_annotate_statement
from negotiations.services.ingest import build_extractor
from negotiations.services.setup import load_negotiation_file
from negotiations.services.sources import ArticleInput
from tests.helpers import annotate, make_article, make_statement, placed_again

Status = StatementAnnotation.Status

VARGA_QUOTE = "We need more water in August."
BRELL_CLAIM = "Sudmark rejected the flow formula."
RIVER_TEXT = f'Ilse Varga said: "{VARGA_QUOTE}" {BRELL_CLAIM}'


def text_of(response: HttpResponse) -> str:
    return response.content.decode()


def htmx(target: str | None = None, **more: str) -> dict[str, str]:
    """The headers htmx sends: HX-Request, and HX-Target when it swaps into an element with an id."""
    headers = {"HX-Request": "true", **more}
    if target is not None:
        headers["HX-Target"] = target
    return headers


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name == "href" and value is not None:
                self.hrefs.append(value)


def hrefs(html: str) -> list[str]:
    """Every href on the page, unescaped, in order."""
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def paths(html: str) -> set[str]:
    """The paths (query string kept, fragment dropped) of the page's links."""
    found = set()
    for href in hrefs(html):
        parts = urlsplit(href)
        found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def edit_data(statement: Statement, **changes: object) -> dict[str, object]:
    """What the statement's edit form posts when a person changes `changes` and keeps the rest:
    field names carry the form's prefix (s<pk>-), models are sent as their ids."""
    form = StatementEditForm.for_statement(statement)
    values = {**form.initial, **changes}
    data: dict[str, object] = {}
    for name, value in values.items():
        if isinstance(value, Actor | Party):
            value = value.pk
        elif isinstance(value, date):
            value = value.isoformat()
        elif name == "issues":
            value = [issue.pk for issue in value]
        elif value is None:
            value = ""
        data[form.add_prefix(name)] = value
    return data


def fresh(statement: Statement) -> Statement:
    return Statement.objects.for_display().get(pk=statement.pk)


FIRST_DAY = date(2025, 3, 1)


def build_talks(negotiation: Negotiation, count: int, *, user, per_article: int = 5) -> list[Article]:
    """`count` statements, `per_article` to an article, as varied as the pages get them: every
    party and none, actors, one to two issues or none, both kinds, dated and undated, corrected by
    a person (party, issues, speaker), confirmed, rejected, and some with revisions and an editor.

    Numbering goes on from the negotiation's statements, so that it can be called again for more.
    Two of every ten statements are rejected, so pages show fewer than `count` (see `visible`).
    The stored placements are rebuilt once at the end rather than after each statement: the same
    rows, for a fraction of the time (260 statements: 364 refreshes, 40 s of the API test's 50).
    """
    offset = Statement.objects.filter(article__negotiation=negotiation).count()
    parties = [*Party.objects.filter(negotiation=negotiation), None]
    actors = list(Actor.objects.filter(negotiation=negotiation))
    issues = list(Issue.objects.filter(negotiation=negotiation))
    proposals = [*Proposal.objects.filter(negotiation=negotiation), None]
    stances = Stance.values
    articles: list[Article] = []
    for first in range(offset, offset + count, per_article):
        numbers = range(first, min(first + per_article, offset + count))
        sentences = [f"Statement number {n} on the river." for n in numbers]
        article = make_article(
            negotiation,
            title=f"Talks, part {first // per_article}",
            text=" ".join(sentences),
            published=FIRST_DAY + timedelta(days=first // per_article) if first % 3 else None,
            source="The River Gazette",
        )
        articles.append(article)
        for n, sentence in zip(numbers, sentences, strict=True):
            party = parties[n % len(parties)]
            stance = stances[n % len(stances)]
            proposal = proposals[n % len(proposals)]
            issue = issues[n % len(issues)]
            target = {"neutral": "", "accuses": parties[0].name}.get(stance, proposal.name if proposal else issue.name)
            other = parties[(n + 1) % len(parties)]
            statement = make_statement(
                article,
                sentence,
                speaker=f"Speaker {n}",
                party=party,
                actor=actors[n % len(actors)] if n % 2 else None,
                kind=Statement.Kind.DIRECT if n % 2 else Statement.Kind.INDIRECT,
                said_on=FIRST_DAY + timedelta(days=n % 7) if n % 4 else None,
                issues=tuple(issues[n % len(issues) : n % len(issues) + 1 + n % 2]),
                stance=stance,
                target=target,
                proposal=proposal,
                reported=(other.name, "accepts", proposal.name) if proposal and other and n % 3 == 0 else None,
                place=False,
            )
            if n % 10 == 3:
                annotate(statement, Status.REJECTED, place=False)
            elif n % 10 == 8:
                annotate(statement, Status.REJECTED, note="not a statement", place=False)
            elif n % 5 == 1:
                annotate(statement, Status.CONFIRMED, party=parties[(n + 1) % len(parties)], issues=(), place=False)
            elif n % 5 == 2:
                do_annotate_statement(
                    statement,
                    user=user,
                    changes={"speaker": f"Corrected {n}", "issues": issues[:2], "note": "checked"},
                    expected_version=0,
                )
                do_annotate_statement(statement, user=user, changes={"party": parties[0]}, expected_version=1)
            elif n % 10 == 4:
                changes = {"stance": Stance.REJECTS, "target": issue.name, "proposal": None}
                do_annotate_statement(statement, user=user, changes=changes, expected_version=0)
    placed_again(negotiation)
    return articles


def visible(count: int, offset: int = 0) -> int:
    """How many of build_talks(count)'s statements readers see, `offset` statements being there before."""
    return sum(1 for n in range(offset, offset + count) if n % 10 not in (3, 8))


def river_article(negotiation: Negotiation, **values) -> Article:
    values.setdefault("text", RIVER_TEXT)
    return make_article(negotiation, **values)


def extract_once(setup: Path, items: list[ArticleInput]) -> dict[str, list[ExtractedStatement]]:
    """What the real extractor finds in each item, by text, with the negotiation of `setup`.

    The negotiation is loaded in a transaction rolled back at once, so nothing is left behind.
    Module fixtures call it with the database unblocked, so that spaCy runs once per module.
    """
    with transaction.atomic():
        extractor = build_extractor(load_negotiation_file(setup).negotiation)
        found = extractor.extract_many((item.text, item.published) for item in items)
        results = {item.text: statements for item, statements in zip(items, found, strict=True)}
        transaction.set_rollback(True)
    return results


class Replay:
    """An extractor that answers what `extract_once` found."""

    def __init__(self, results: dict[str, list[ExtractedStatement]]) -> None:
        self.results = results

    def extract_many(self, items, batch_size: int = 16) -> Iterator[list[ExtractedStatement]]:
        for text, _ in items:
            yield self.results[text]
