"""Explicit builders for test data.

The default negotiation is invented: Norland and Sudmark share the Arven river, and the
River Commission mediates. It is small on purpose, and unlike the evaluation sets.
"""

from __future__ import annotations

from datetime import date

from negotiations.models import (
    Actor,
    Alias,
    Article,
    Issue,
    Negotiation,
    Party,
    Proposal,
    Stance,
    Statement,
    StatementAnnotation,
)
from negotiations.services import placements

RIVER_SETUP = {
    "parties": [
        ("Norland", Party.Kind.PARTY, ["Norlandic", "Oslen"], [("Ilse Varga", "Water Minister", ["Varga"])]),
        ("Sudmark", Party.Kind.PARTY, ["Sudmarker", "Brava"], [("Tomas Brell", "Foreign Minister", [])]),
        ("River Commission", Party.Kind.MEDIATOR, ["the commission"], [("Ana Ferreira", "Envoy", [])]),
    ],
    "issues": [
        ("Dry-season flow", ["minimum flow", "dry season"]),
        ("Kell dam", ["dam", "reservoir"]),
        ("Data sharing", ["gauge data"]),
    ],
    "proposals": [("Commission flow formula", "River Commission", date(2025, 3, 10), ["flow formula"])],
}


def make_negotiation(
    slug: str = "arven-river", title: str = "Arven river water-sharing talks", with_setup: bool = True
) -> Negotiation:
    """A negotiation; with_setup adds RIVER_SETUP's parties, actors, issues, proposals and aliases."""
    negotiation = Negotiation.objects.create(slug=slug, title=title)
    if not with_setup:
        return negotiation
    parties = {}
    for position, (name, kind, aliases, actors) in enumerate(RIVER_SETUP["parties"]):
        party = Party.objects.create(negotiation=negotiation, name=name, kind=kind, position=position)
        parties[name] = party
        for text in aliases:
            Alias.objects.create(negotiation=negotiation, text=text, party=party)
        for actor_name, actor_title, actor_aliases in actors:
            actor = Actor.objects.create(negotiation=negotiation, party=party, name=actor_name, title=actor_title)
            for text in actor_aliases:
                Alias.objects.create(negotiation=negotiation, text=text, actor=actor)
    for position, (name, aliases) in enumerate(RIVER_SETUP["issues"]):
        issue = Issue.objects.create(negotiation=negotiation, name=name, position=position)
        for text in aliases:
            Alias.objects.create(negotiation=negotiation, text=text, issue=issue)
    for name, by, on, aliases in RIVER_SETUP["proposals"]:
        proposal = Proposal.objects.create(negotiation=negotiation, name=name, party=parties[by], date=on)
        for text in aliases:
            Alias.objects.create(negotiation=negotiation, text=text, proposal=proposal)
    return negotiation


def make_article(
    negotiation: Negotiation,
    title: str = "Talks on the Arven resume",
    text: str = 'Ilse Varga said: "We need more water in August." Sudmark rejected the flow formula.',
    published: date | None = date(2025, 4, 2),
    url: str | None = None,
    source: str = "The River Gazette",
    external_id: str = "",
) -> Article:
    return Article.objects.create(
        negotiation=negotiation,
        title=title,
        text=text,
        published=published,
        url=url,
        source=source,
        external_id=external_id,
    )


def make_statement(
    article: Article,
    text: str,
    speaker: str = "",
    party: Party | str | None = None,
    actor: Actor | str | None = None,
    kind: str = Statement.Kind.DIRECT,
    cue: str = "said",
    rule: str = "clause",
    said_on: date | None = None,
    anonymous: bool = False,
    issues: tuple[Issue | str, ...] = (),
    confidence: float = 0.8,
    stance: str = Stance.NEUTRAL,
    target: str = "",
    proposal: Proposal | str | None = None,
    reported: tuple[str, str, str] | None = None,
    stance_confidence: float = 0.9,
    place: bool = True,
) -> Statement:
    """A statement whose span is the first occurrence of `text` in the article's text.

    party, actor, issues and proposal may be given by name (looked up in the article's
    negotiation); `reported` is (party name, stance, target) of a stance the content reports.
    `stance_confidence` is above the default threshold unless a test asks for an unclear stance.
    place=False leaves the stored placements for one `placed_again` after a batch (see annotate).
    """
    start = article.text.index(text)
    if isinstance(party, str):
        party = Party.objects.get(negotiation=article.negotiation, name=party)
    if isinstance(actor, str):
        actor = Actor.objects.get(negotiation=article.negotiation, name=actor)
    if isinstance(proposal, str):
        proposal = Proposal.objects.get(negotiation=article.negotiation, name=proposal)
    reported_party, reported_stance, reported_target = reported or (None, "", "")
    if reported_party is not None:
        reported_party = Party.objects.get(negotiation=article.negotiation, name=reported_party)
    statement = Statement.objects.create(
        article=article,
        start=start,
        end=start + len(text),
        text=text,
        kind=kind,
        cue=cue,
        rule=rule,
        speaker=speaker,
        speaker_text=speaker,
        party=party,
        actor=actor,
        said_on=said_on,
        anonymous=anonymous,
        confidence=confidence,
        stance=stance,
        target=target,
        proposal=proposal,
        reported_party=reported_party,
        reported_stance=reported_stance,
        reported_target=reported_target,
        stance_confidence=stance_confidence,
    )
    statement.issues.set(issue_objects(article.negotiation, issues))
    # What the services do after every write: the grid and the matrix read the stored placements.
    if place:
        placements.refresh(article.negotiation, statements=[statement.pk])
    return statement


def issue_objects(negotiation: Negotiation, issues: tuple[Issue | str, ...]) -> list[Issue]:
    return [
        issue if isinstance(issue, Issue) else Issue.objects.get(negotiation=negotiation, name=issue)
        for issue in issues
    ]


_UNSET = object()


def annotate(
    statement: Statement,
    status: str = StatementAnnotation.Status.UNREVIEWED,
    party: Party | str | None | object = _UNSET,
    said_on: date | None | object = _UNSET,
    issues: tuple[Issue | str, ...] | None = None,
    note: str = "",
    place: bool = True,
    **values: object,
) -> StatementAnnotation:
    """A person's layer over a statement. Passing party/said_on (None included) sets them, as
    a person would; other StatementAnnotation fields (speaker, kind, anonymous...) go in values.

    place=False skips refreshing the stored placements, for a builder that writes many statements
    and then calls `placed_again` once: the rows come out the same (test_placements.py checks that
    a rebuild equals the refreshes), and each refresh costs queries, e.g. 0.1 s a statement at 260.
    """
    negotiation = statement.article.negotiation
    annotation = StatementAnnotation(statement=statement, status=status, note=note, **values)
    if party is not _UNSET:
        if isinstance(party, str):
            party = Party.objects.get(negotiation=negotiation, name=party)
        annotation.party = party
        annotation.party_set = True
    if said_on is not _UNSET:
        annotation.said_on = said_on
        annotation.said_on_set = True
    annotation.issues_set = issues is not None
    annotation.save()
    if issues is not None:
        annotation.issues.set(issue_objects(negotiation, issues))
    if place:
        placements.refresh(negotiation, statements=[statement.pk])
    return annotation


def run_worker(worker_id: str = "browser-tests") -> None:
    """Run the django-tasks-db worker in this thread until no task is ready (`db_worker --batch`).

    Its Worker class rather than the command: the command takes over SIGINT, which would then no
    longer stop pytest. The worker closes the database connection between tasks, so a test that
    runs it must be transactional (the browser tests are).
    """
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()


def placed_again(negotiation: Negotiation) -> None:
    """After a test wrote statements or annotations directly, behind the services' back, bring
    the stored positions and answers up to date, as the services do after every write."""
    placements.rebuild_placements(negotiation)
