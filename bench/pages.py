"""Page speed at newsroom scale: how long every reading page takes, and how many queries it makes.

    python bench/pages.py [--statements N] [--fresh] [--only REGEX]   (from the repo root; N is 500000 unless given)

On PostgreSQL (DATABASE_URL, by default the `parley_bench500k` database on 127.0.0.1, created and
migrated when missing) it generates one synthetic negotiation of N statements (N/25 articles of a
few KB, 12 parties, 40 issues, 20 proposals, 1% of the statements annotated) and one of 1,000
statements by the same generator, with bulk inserts, then runs `manage.py rebuild_derived` on
each, as every bulk load must. Both are kept for the next run (their slugs carry N:
`bench-500000`, `bench-1000`); `--fresh` drops the database and starts again, `--rebuild`
runs `rebuild_derived` on kept data too. It then runs VACUUM ANALYZE, as autovacuum would soon
after a bulk load.

It then serves the database with gunicorn (DEBUG off, 2 workers, as in production) on a free
loopback port and times each page over plain HTTP from this process: a few warm-up requests,
then up to 25 timed ones (fewer for a page so slow that 25 would take more than 30 s; 3 at least), and
prints p50 and p95. A request that takes more than 30 s counts as a time-out, and the page is not
asked again. Pages are read anonymously, and the ones people annotate from also signed in as an
annotator (through the sign-in form, once). Query counts come from Django's test client with
CaptureQueriesContext against the same database, for the big negotiation and the small one: a
page whose count grows with the negotiation is flagged. Each count runs in a forked child, so
that a page that runs away can be stopped; pages that timed out over HTTP are not counted. For a
count that differs, the queries that differ are listed (verb and table): one repeated per row
grows with the negotiation; one that only a page holding some rows needs is a difference of
content, not of scale. Subjects are chosen alike in both negotiations (`subjects_of`).

The last line is `max p95 X ms (PAGE)`: the slowest page's p95 (a time-out counts as 30000 ms).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/parley_bench500k"
SMALL = 1_000
STATEMENTS_PER_ARTICLE = 25
ANNOTATED_SHARE = 0.01
ARTICLES_PER_CHUNK = 400
BATCH_SIZE = 5_000
TIMEOUT = 30.0  # seconds: a slower request is a time-out
WARMUPS = 2
TIMED = 25
ONLY: re.Pattern[str] | None = None  # the pages to measure (--only), all when None
REBUILD = False  # rebuild_derived on kept negotiations too (--rebuild); new ones always are
PAGE_BUDGET = 30.0  # seconds of timed requests per page at most (but at least MIN_TIMED requests)
MIN_TIMED = 3
COUNT_TIMEOUT = 90.0  # seconds a query count may take in its child
WORKERS = 2
ANNOTATOR = "bench-annotator"
FIRST_DAY = date(2024, 1, 1)
DAYS = 730  # articles are published over two years from FIRST_DAY


# --- the database --------------------------------------------------------------------------------


def database_name(url: str) -> str:
    import dj_database_url

    return dj_database_url.parse(url)["NAME"]


def maintenance_url(url: str) -> str:
    """The same server's `postgres` database, where databases are created and dropped (libpq's spelling)."""
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))


def prepare_database(url: str, fresh: bool) -> None:
    """Create the database if missing (dropped first with `fresh`)."""
    import psycopg
    from psycopg import sql

    name = database_name(url)
    if fresh and "bench" not in name:
        sys.exit(f"--fresh drops the database; refusing for {name!r}, whose name does not say 'bench'.")
    with psycopg.connect(maintenance_url(url), autocommit=True) as conn:
        if fresh:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def setup_django(url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = url
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ.pop("DEBUG", None)
    sys.path.insert(0, str(ROOT))
    # whitenoise looks for STATIC_ROOT, which only `collectstatic` creates (as in pyproject.toml).
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# --- the synthetic negotiation -------------------------------------------------------------------

PARTIES = [
    *((name, "party") for name in ("Norland", "Sudmark", "Kestria", "Valdor", "Marenne", "Tarsk", "Ostholm")),
    *((name, "party") for name in ("Brevia", "Lunder Front")),
    ("River Commission", "mediator"),
    ("Council of Ports", "mediator"),
    ("Harbour Monitors", "observer"),
]
FIRST_NAMES = "Ilse Tomas Ana Jorin Mira Petr Selma Arno Lidia Oskar Vera Emil".split()
LAST_NAMES = "Varga Brell Ferreira Holm Lasko Dunn Rivas Kade Morel Stenn Ulman Petrov".split()
TITLES = ["Foreign Minister", "Chief Negotiator", "Spokesperson"]
ISSUES = (
    "water quota,border crossings,prisoner exchange,fishing rights,dam operations,customs union,troop withdrawal,"
    "reconstruction fund,port access,grain corridor,refugee return,power grid,rail link,tariff schedule,"
    "mining licences,airspace,minority schools,language rights,debt relief,monitoring mission,ceasefire lines,"
    "sanctions relief,energy prices,pipeline transit,island status,river navigation,pension transfers,war graves,"
    "missing persons,demining,police reform,election timetable,constitutional court,amnesty,property claims,"
    "water quality,cross-border trade,visa regime,naval patrols,heritage sites"
).split(",")
PROPOSAL_PLACES = "Lindqvist Harbour Ostholm Kell Brava Arven Sorel Tamm Vinter Quay".split()
PROPOSAL_KINDS = ["plan", "framework"]
SOURCES = ["Norland Herald", "Sudmark Daily", "Wire Service", "Coastal Times", "The Observer Desk"]
CITIES = ["Arven", "Kell", "Brava", "Sorel", "Tamm"]

# Stances as the extractor reads them in real negotiations: about half neutral.
STANCE_WEIGHTS = {
    "neutral": 50,
    "demands": 10,
    "supports": 8,
    "accepts": 6,
    "conditional": 5,
    "rejects": 8,
    "opposes": 6,
    "accuses": 7,
}
POSITION_STANCES = ["demands", "supports", "accepts", "conditional", "rejects", "opposes"]
CONTENT = {
    "neutral": ["talks on {x} will resume next week", "the delegations discussed {x} for four hours"],
    "demands": ["{x} must be settled before any signing", "there can be no deal without an answer on {x}"],
    "supports": ["{x} is a good basis for the talks", "the government backs {x}"],
    "accepts": ["the government accepts {x} as written", "we can live with {x}"],
    "conditional": ["{x} could work if the monitors are in place", "{x} is acceptable provided the deadlines hold"],
    "rejects": ["{x} is dead on arrival", "the delegation rejects {x} outright"],
    "opposes": ["{x} would be a grave mistake", "the cabinet stands against {x}"],
    "accuses": ["{y} has broken every promise on {x}", "{y} is stalling on {x}"],
}
FILLERS = [
    "The talks took place in {city}.",
    "Officials gave no details of the schedule.",
    "Delegations arrived late in the evening.",
    "Reporters waited outside the conference hall in {city}.",
]
WHEN = ["on Monday", "on Tuesday", "yesterday", "on Friday", "last week"]


@dataclass
class Setup:
    negotiation: object
    parties: list
    actors: list
    issues: list
    proposals: list


@dataclass
class Piece:
    """One statement's place in its article, and its values."""

    start: int
    end: int
    cue: str
    cue_start: int
    rule: str
    kind: str
    speaker_text: str
    values: dict = field(default_factory=dict)
    issue_ids: list = field(default_factory=list)


def create_setup(rng: random.Random, slug: str, n: int) -> Setup:
    from negotiations.models import Actor, Alias, Issue, Negotiation, Party, Proposal

    negotiation = Negotiation.objects.create(
        slug=slug, title=f"Synthetic negotiation ({n:,} statements)", description="Generated by bench/pages.py."
    )
    parties = [
        Party.objects.create(negotiation=negotiation, name=name, kind=kind, position=i)
        for i, (name, kind) in enumerate(PARTIES)
    ]
    actors = []
    for i, party in enumerate(parties):
        for j, title in enumerate(TITLES):
            name = f"{FIRST_NAMES[(i + j) % 12]} {LAST_NAMES[(i * 3 + j) % 12]} {chr(65 + i)}"
            actors.append(Actor.objects.create(negotiation=negotiation, party=party, name=name, title=title))
    issues = [Issue.objects.create(negotiation=negotiation, name=name, position=i) for i, name in enumerate(ISSUES)]
    proposals = [
        Proposal.objects.create(
            negotiation=negotiation,
            name=f"{place} {kind}",
            party=rng.choice(parties),
            date=FIRST_DAY + timedelta(days=rng.randrange(DAYS)),
            origin=Proposal.Origin.SETUP if i < 14 else Proposal.Origin.ARTICLE,
        )
        for i, (place, kind) in enumerate((p, k) for k in PROPOSAL_KINDS for p in PROPOSAL_PLACES)
    ]
    aliases = [Alias(negotiation=negotiation, text=f"{p.name}'s delegation", party=p) for p in parties]
    aliases += [Alias(negotiation=negotiation, text=a.name.split()[1], actor=a) for a in actors]
    aliases += [Alias(negotiation=negotiation, text=f"the {i.name} question", issue=i) for i in issues]
    aliases += [Alias(negotiation=negotiation, text=f"the {p.name.split()[0]} text", proposal=p) for p in proposals]
    Alias.objects.bulk_create(aliases)
    return Setup(negotiation, parties, actors, issues, proposals)


def statement_counts(n: int) -> list[int]:
    """Statements per article: n/25 articles, from about 13 to 37 each, n in all."""
    articles = max(1, n // STATEMENTS_PER_ARTICLE)
    rng = random.Random(n)
    counts = [STATEMENTS_PER_ARTICLE] * articles
    for i in range(0, articles - 1, 2):
        spread = rng.randint(-12, 12)
        counts[i] += spread
        counts[i + 1] -= spread
    counts[-1] += n - sum(counts)
    return counts


def pick_stance(rng: random.Random) -> str:
    return rng.choices(list(STANCE_WEIGHTS), weights=list(STANCE_WEIGHTS.values()))[0]


def pick_target(rng: random.Random, setup: Setup, stance: str, issues: list) -> tuple[str, object]:
    """The statement's target (a name) and its proposal: mostly an issue it is about, or a proposal."""
    roll = rng.random()
    if stance == "neutral":
        return ("", rng.choice(setup.proposals)) if roll < 0.05 else ("", None)
    if roll < 0.65:
        return issues[0].name, None
    if roll < 0.9:
        proposal = rng.choice(setup.proposals)
        return proposal.name, proposal
    return "", None


def speaker_of(rng: random.Random, setup: Setup) -> tuple[str, str, object, object, bool]:
    """(speaker as written, speaker in full, actor, party, anonymous)."""
    roll = rng.random()
    if roll < 0.75:
        actor = rng.choice(setup.actors)
        return actor.name.split()[1], actor.name, actor, actor.party, False
    if roll < 0.92:
        party = rng.choice(setup.parties)
        words = f"a {party.name} official"
        return words, words, None, party, rng.random() < 0.3
    return "officials", "officials", None, None, True


def sentence(rng: random.Random, content: str, who: str) -> tuple[str, int, int, str, int, str, str]:
    """A sentence in which `who` reports `content`: (sentence, start, end, cue, cue start, rule, kind),
    the offsets within the sentence."""
    content = content[0].upper() + content[1:]
    form = rng.randrange(4)
    if form == 0:
        text = f'"{content}," {who} said.'
        return text, 1, 1 + len(content), "said", text.rindex("said"), "quote-after", "direct"
    if form == 1:
        text = f'{who} said: "{content}."'
        start = text.index('"') + 1
        return text, start, start + len(content), "said", text.index("said"), "quote-before", "direct"
    if form == 2:
        cue = rng.choice(["insisted", "warned", "argued", "said"])
        content = content[0].lower() + content[1:]
        text = f"{who} {cue} that {content}."
        start = text.index(" that ") + 6
        return text, start, start + len(content), cue, len(who) + 1, "clause", "indirect"
    text = f"{content}, according to {who}."
    return text, 0, len(content), "according", text.index("according"), "according-to", "indirect"


def article_text(rng: random.Random, setup: Setup, count: int, title: str) -> tuple[str, list[Piece]]:
    """An article of `count` statements among filler sentences, and each statement's piece."""
    parts: list[str] = []
    pieces: list[Piece] = []
    length = 0
    for _ in range(count):
        if rng.random() < 0.4:
            parts.append(rng.choice(FILLERS).format(city=rng.choice(CITIES)) + " ")
            length += len(parts[-1])
        piece, text = statement_piece(rng, setup, length)
        parts.append(text + " ")
        length += len(parts[-1])
        pieces.append(piece)
    return "".join(parts).rstrip(), pieces


def statement_piece(rng: random.Random, setup: Setup, offset: int) -> tuple[Piece, str]:
    stance = pick_stance(rng)
    issues = rng.sample(setup.issues, rng.choice((1, 1, 1, 2, 2)))
    target, proposal = pick_target(rng, setup, stance, issues)
    subject = target or (proposal.name if proposal else f"the {issues[0].name}")
    accused = rng.choice(setup.parties).name
    content = rng.choice(CONTENT[stance]).format(x=subject, y=accused)
    if stance == "accuses" and rng.random() < 0.3:
        target = accused
    written, full, actor, party, anonymous = speaker_of(rng, setup)
    text, start, end, cue, cue_start, rule, kind = sentence(rng, content, written[0].upper() + written[1:])
    values = {
        "speaker": full,
        "actor": actor,
        "party": party,
        "anonymous": anonymous,
        "stance": stance,
        "target": target,
        "proposal": proposal,
        "confidence": round(0.5 + rng.random() / 2, 3),
        "stance_confidence": round(rng.random(), 3),
    }
    values.update(reported_values(rng, setup))
    at = offset
    piece = Piece(at + start, at + end, cue, at + cue_start, rule, kind, written, values, [i.pk for i in issues])
    return piece, text


def reported_values(rng: random.Random, setup: Setup) -> dict:
    """Another party's stance that the content reports, on about 3% of statements."""
    if rng.random() >= 0.03:
        return {}
    target = rng.choice(setup.issues).name if rng.random() < 0.6 else rng.choice(setup.proposals).name
    return {
        "reported_party": rng.choice(setup.parties),
        "reported_stance": rng.choice(POSITION_STANCES),
        "reported_target": target,
    }


def build_article(rng: random.Random, setup: Setup, index: int, count: int):
    from negotiations.models import Article, content_hash

    published = None if rng.random() < 0.005 else FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    issue = rng.choice(setup.issues)
    title = f"Talks on {issue.name} continue in {rng.choice(CITIES)} (report {index + 1})"
    text, pieces = article_text(rng, setup, count, title)
    article = Article(
        negotiation=setup.negotiation,
        external_id=f"bench-{index + 1}",
        title=title,
        url=f"https://news.example/{setup.negotiation.slug}/{index + 1}",
        source=rng.choice(SOURCES),
        published=published,
        text=text,
        content_hash=content_hash(title, text),
    )
    return article, pieces


def said_on(rng: random.Random, published: date | None) -> tuple[date | None, str]:
    """Most statements carry their own day, a little before their article's."""
    if published is None or rng.random() >= 0.8:
        return None, ""
    return published - timedelta(days=rng.randrange(4)), rng.choice(WHEN)


def build_statements(rng: random.Random, article, pieces: list[Piece]) -> list:
    from negotiations.models import Statement

    statements = []
    for piece in pieces:
        day, words = said_on(rng, article.published)
        statement = Statement(
            article=article,
            start=piece.start,
            end=piece.end,
            text=article.text[piece.start : piece.end],
            kind=piece.kind,
            cue=piece.cue,
            cue_start=piece.cue_start,
            rule=piece.rule,
            speaker_text=piece.speaker_text,
            said_on=day,
            said_on_text=words,
            **piece.values,
        )
        statement.bench_issue_ids = piece.issue_ids
        statements.append(statement)
    return statements


def annotation_for(rng: random.Random, setup: Setup, statement, user) -> tuple[object, list[int], list]:
    """A person's layer over `statement`, with a mix of fields set: (annotation, issue ids, revisions)."""
    from negotiations.models import AnnotationRevision, StatementAnnotation

    Status = StatementAnnotation.Status
    note = StatementAnnotation(statement=statement, updated_by=user)
    changes: list[tuple[str, object, object]] = []
    issue_ids: list[int] = []
    if rng.random() < 0.35:
        note.stance = rng.choice(list(STANCE_WEIGHTS))
        changes.append(("stance", statement.stance, note.stance))
    if rng.random() < 0.15:
        note.party_set, note.party = True, rng.choice(setup.parties)
        changes.append(("party", statement.party_id, note.party.pk))
    if rng.random() < 0.15 and statement.said_on is not None:
        note.said_on_set, note.said_on = True, statement.said_on - timedelta(days=rng.randrange(1, 5))
        changes.append(("said_on", statement.said_on.isoformat(), note.said_on.isoformat()))
    if rng.random() < 0.1:
        note.reported_party_set, note.reported_party = True, rng.choice(setup.parties)
        note.reported_stance = rng.choice(["", *POSITION_STANCES])
        note.reported_target = rng.choice(setup.issues).name
        changes.append(("reported_stance", statement.reported_stance, note.reported_stance))
    if rng.random() < 0.1:
        note.issues_set = True
        issue_ids = [i.pk for i in rng.sample(setup.issues, 2)]
        changes.append(("issues", statement.bench_issue_ids, issue_ids))
    roll = rng.random()
    if roll < 0.4 or not changes:
        note.status = Status.CONFIRMED
    elif roll < 0.55:
        note.status = Status.REJECTED
    if note.status != Status.UNREVIEWED:
        changes.append(("status", Status.UNREVIEWED, note.status))
    if rng.random() < 0.2:
        note.note = "Checked against the agency copy."
    note.version = len(changes)
    revisions = [
        AnnotationRevision(statement=statement, user=user, field=name, version=v, old_value=old, new_value=new)
        for v, (name, old, new) in enumerate(changes, start=1)
    ]
    return note, issue_ids, revisions


def store_chunk(rng: random.Random, setup: Setup, articles: list, user) -> None:
    """Insert a chunk of articles with their statements, issues and annotations."""
    from negotiations.models import AnnotationIssue, AnnotationRevision, Article, Statement, StatementAnnotation

    Article.objects.bulk_create([a for a, _ in articles], batch_size=BATCH_SIZE)
    statements = [s for article, pieces in articles for s in build_statements(rng, article, pieces)]
    Statement.objects.bulk_create(statements, batch_size=BATCH_SIZE)
    Through = Statement.issues.through
    links = [Through(statement_id=s.pk, issue_id=i) for s in statements for i in s.bench_issue_ids]
    Through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    notes, note_issues, revisions = [], [], []
    for statement in statements:
        if rng.random() < ANNOTATED_SHARE:
            note, issue_ids, changes = annotation_for(rng, setup, statement, user)
            notes.append((note, issue_ids))
            revisions += changes
    StatementAnnotation.objects.bulk_create([note for note, _ in notes], batch_size=BATCH_SIZE)
    note_issues = [AnnotationIssue(statementannotation=note, issue_id=i) for note, ids in notes for i in ids]
    AnnotationIssue.objects.bulk_create(note_issues, batch_size=BATCH_SIZE)
    AnnotationRevision.objects.bulk_create(revisions, batch_size=BATCH_SIZE)


def generate(n: int, slug: str, user) -> None:
    """The negotiation `slug` with n statements, in one transaction: it exists whole or not at all."""
    from django.db import transaction

    rng = random.Random(f"parley-bench-{n}")
    counts = statement_counts(n)
    with transaction.atomic():
        setup = create_setup(rng, slug, n)
        for first in range(0, len(counts), ARTICLES_PER_CHUNK):
            chunk = counts[first : first + ARTICLES_PER_CHUNK]
            articles = [build_article(rng, setup, first + i, count) for i, count in enumerate(chunk)]
            store_chunk(rng, setup, articles, user)


def ensure_negotiation(n: int, user) -> tuple[str, bool]:
    """Generate the negotiation of n statements unless it is there; its slug."""
    from negotiations.models import Negotiation

    slug = f"bench-{n}"
    if Negotiation.objects.filter(slug=slug).exists():
        print(f"reusing {slug} (run with --fresh to generate it again)")
        return slug, False
    started = time.perf_counter()
    generate(n, slug, user)
    print(f"generated {slug}: {n:,} statements in {time.perf_counter() - started:.1f} s")
    return slug, True


def vacuum_analyze(url: str) -> None:
    """What autovacuum does after a bulk load, now rather than some minutes later: statistics for
    the planner, and the visibility map that lets an index answer a count without the table."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE: {time.perf_counter() - started:.1f} s")


def ensure_annotator() -> tuple[object, str]:
    """The annotator account, with a new password each run and no sign-in lockout."""
    from axes.utils import reset
    from django.contrib.auth.models import Group, User

    user, _ = User.objects.get_or_create(username=ANNOTATOR)
    password = secrets.token_urlsafe(16)
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name="annotators"))
    reset(username=ANNOTATOR)
    return user, password


def memory_cap() -> int:
    """Bytes of address space one server process may take: a quarter of the machine's memory.

    The positions grid took 10 GB in one process at 500,000 statements; two of them at once would
    take the machine down, so such a page fails with a MemoryError (a 500) instead."""
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 4


def cap_memory() -> None:
    cap = memory_cap()
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def rebuild_derived(slug: str) -> None:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", "rebuild_derived", slug],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=cap_memory,
    )
    if done.returncode != 0:
        sys.exit(f"rebuild_derived {slug} failed:\n{done.stderr[-3000:]}")
    print(f"rebuild_derived {slug}: {time.perf_counter() - started:.1f} s")


# --- the pages -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    headers: dict = field(default_factory=dict, hash=False)
    signed_in: bool = False


@dataclass
class Subjects:
    """What the pages of one negotiation are about, chosen the same way in each negotiation."""

    slug: str
    party: int
    issue: int
    article: int
    statement: int
    middle: date
    word: str
    api_far_page: int


def subjects_of(slug: str) -> Subjects:
    from django.db.models import F

    from negotiations.models import Article, Negotiation, Party, Statement

    negotiation = Negotiation.objects.get(slug=slug)
    party = negotiation.parties.filter(kind=Party.Kind.PARTY).first()
    issue = negotiation.issues.first()
    article = Article.objects.filter(negotiation=negotiation).order_by("id").first()
    # An annotated statement that readers still see, with a revision log to show and a stance a
    # person corrected, so that the page offers the same correction for the statements read the
    # same way (review.same_reading): the same kind of page in both negotiations.
    statement = (
        Statement.objects.filter(article__negotiation=negotiation, annotation__isnull=False, revisions__isnull=False)
        .exclude(annotation__stance="")
        .exclude(annotation__stance=F("stance"))
        .exclude(rule="")
        .exclude(cue="")
        .visible()
        .order_by("id")
        .first()
    )
    count = Statement.objects.filter(article__negotiation=negotiation).visible().count()
    return Subjects(
        slug=slug,
        party=party.pk,
        issue=issue.pk,
        article=article.pk,
        statement=statement.pk,
        middle=FIRST_DAY + timedelta(days=DAYS // 2),
        word=issue.name.split()[0],
        api_far_page=max(1, -(-count // 100) // 2),
    )


def reading_pages(s: Subjects) -> list[Page]:
    n = f"/n/{s.slug}"
    month = f"date_from={s.middle}&date_to={s.middle + timedelta(days=30)}"
    htmx = {"HX-Request": "true"}
    return [
        Page("home", "/"),
        Page("negotiation", f"{n}/"),
        Page("timeline", f"{n}/timeline/"),
        Page("timeline ?party", f"{n}/timeline/?party={s.party}"),
        Page("timeline ?issue", f"{n}/timeline/?issue={s.issue}"),
        Page("timeline ?stance", f"{n}/timeline/?stance=rejects"),
        Page("timeline dates", f"{n}/timeline/?{month}"),
        Page("timeline ?q", f"{n}/timeline/?q={s.word}"),
        Page("timeline page 200", f"{n}/timeline/?page=200"),
        Page("timeline htmx filter", f"{n}/timeline/?party={s.party}", {**htmx, "HX-Target": "timeline-results"}),
        Page("timeline htmx more", f"{n}/timeline/?page=2&last_day={s.middle}", {**htmx, "HX-Target": "load-more"}),
        Page("articles", f"{n}/articles/"),
        Page("article", f"{n}/articles/{s.article}/"),
        Page("statement", f"{n}/statements/{s.statement}/"),
        Page("positions", f"{n}/positions/"),
        Page("positions ?as_of", f"{n}/positions/?as_of={s.middle}"),
        Page("positions htmx", f"{n}/positions/?as_of={s.middle}", {**htmx, "HX-Target": "grid"}),
        Page("cell", f"{n}/positions/{s.party}/{s.issue}/"),
        Page("cell htmx", f"{n}/positions/{s.party}/{s.issue}/", {**htmx, "HX-Target": "cell-history"}),
        Page("proposals", f"{n}/proposals/"),
        Page("review queue", f"{n}/queue/"),
        Page("feed", f"{n}/feed/"),
        Page("party feed", f"{n}/parties/{s.party}/feed/"),
        Page("issue feed", f"{n}/issues/{s.issue}/feed/"),
        Page("positions.csv", f"{n}/positions.csv"),
        Page("positions.json", f"{n}/positions.json"),
        Page("proposals.csv", f"{n}/proposals.csv"),
        Page("proposals.json", f"{n}/proposals.json"),
        Page("api index", f"/api{n}/"),
        Page("api statements", f"/api{n}/statements/"),
        Page("api statements far", f"/api{n}/statements/?page={s.api_far_page}"),
        Page("api positions", f"/api{n}/positions/"),
        Page("api proposals", f"/api{n}/proposals/"),
    ]


def annotator_pages(s: Subjects) -> list[Page]:
    n = f"/n/{s.slug}"
    return [
        Page("timeline (annotator)", f"{n}/timeline/", signed_in=True),
        Page("article (annotator)", f"{n}/articles/{s.article}/", signed_in=True),
        Page("statement (annotator)", f"{n}/statements/{s.statement}/", signed_in=True),
        Page("statement edit (annotator)", f"{n}/statements/{s.statement}/edit/", signed_in=True),
        Page("review queue (annotator)", f"{n}/queue/", signed_in=True),
    ]


def pages_of(s: Subjects) -> list[Page]:
    return reading_pages(s) + annotator_pages(s)


# --- serving and timing --------------------------------------------------------------------------


@dataclass
class Timing:
    status: str  # the HTTP status, "timeout" or "error"
    times: list[float] = field(default_factory=list)  # seconds, the timed requests
    size: int = 0

    def percentile(self, p: float) -> float:
        """Milliseconds; a page that timed out counts as the time-out, one not asked as 0."""
        if not self.times:
            return TIMEOUT * 1000 if self.status == "timeout" else 0.0
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] * 1000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(url: str):
    """gunicorn serving the database on a free loopback port, as in production; stopped on exit."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "0",
    }
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--preload", "--bind", f"127.0.0.1:{port}"]
    # A worker busy past the time-out (plus a margin, so that the client gives up first) is killed.
    command += ["--workers", str(WORKERS), "--timeout", str(int(TIMEOUT) + 5)]
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp, open(Path(tmp) / "gunicorn.log", "w+") as log:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True, preexec_fn=cap_memory
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base, server, log.name)
            yield base
        finally:
            stop(server)


def wait_until_up(base: str, server: subprocess.Popen, log: str) -> None:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited ({server.returncode}):\n{Path(log).read_text()[-3000:]}")
        try:
            httpx.get(base + "/api/", timeout=5)
            return
        except httpx.TransportError:
            time.sleep(0.3)
    sys.exit("gunicorn did not answer within 60 s")


def stop(server: subprocess.Popen) -> None:
    """Stop gunicorn and its workers (their own process group, started above)."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def sign_in(client, password: str) -> bool:
    """Sign in through the form, as a person would; the client keeps the session cookie."""
    form = client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    if token is None:
        return False
    data = {"username": ANNOTATOR, "password": password, "csrfmiddlewaretoken": token.group(1)}
    answer = client.post("/accounts/login/", data=data)
    return answer.status_code == 302 and "sessionid" in client.cookies


def fetch(client, page: Page) -> tuple[str, float, int]:
    """(status, seconds, bytes) of one request."""
    import httpx

    started = time.perf_counter()
    try:
        response = client.get(page.path, headers=page.headers)
        body = response.content
    except httpx.TimeoutException:
        return "timeout", time.perf_counter() - started, 0
    except httpx.HTTPError as error:
        elapsed = time.perf_counter() - started
        return ("timeout" if elapsed >= TIMEOUT else f"error: {type(error).__name__}"), elapsed, 0
    return str(response.status_code), time.perf_counter() - started, len(body)


def time_page(client, page: Page) -> Timing:
    """Warm-ups, then timed requests within PAGE_BUDGET; a time-out ends the page."""
    status, seconds, size = "", 0.0, 0
    for _ in range(WARMUPS):
        status, seconds, size = fetch(client, page)
        if status == "timeout":
            # Let gunicorn kill the worker still busy with it before the next page.
            time.sleep(6)
            return Timing("timeout")
        if seconds > PAGE_BUDGET / MIN_TIMED:
            break
    timing = Timing(status, size=size)
    count = max(MIN_TIMED, min(TIMED, int(PAGE_BUDGET / max(seconds, 1e-3))))
    for _ in range(count):
        status, seconds, size = fetch(client, page)
        if status == "timeout":
            time.sleep(6)
            return Timing("timeout")
        timing.times.append(seconds)
        if status != "200":
            timing.status = status
    return timing


def time_pages(base: str, pages: list[Page], password: str) -> dict[str, Timing]:
    import httpx

    timings = {}
    limits = httpx.Timeout(TIMEOUT)
    with (
        httpx.Client(base_url=base, timeout=limits) as anonymous,
        httpx.Client(base_url=base, timeout=limits) as person,
    ):
        signed_in = sign_in(person, password)
        if not signed_in:
            print("warning: the annotator could not sign in; the signed-in pages are left out")
        for page in pages:
            if page.signed_in and not signed_in:
                timings[page.name] = Timing("no sign-in")
                continue
            timings[page.name] = time_page(person if page.signed_in else anonymous, page)
            print(f"  {page.name:<28} {describe(timings[page.name])}", flush=True)
    return timings


def describe(timing: Timing) -> str:
    if not timing.times:
        return timing.status
    return f"{timing.status} p50 {timing.percentile(0.5):.0f} ms p95 {timing.percentile(0.95):.0f} ms"


# --- query counts --------------------------------------------------------------------------------


def count_in_child(page: Page, user_id: int, pipe) -> None:
    """Runs in a forked child: the page through the test client, its queries counted."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cap_memory()
    client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
    if page.signed_in:
        client.force_login(User.objects.get(pk=user_id))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.path, headers=page.headers)
        if response.streaming:
            b"".join(response.streaming_content)
    pipe.send((str(response.status_code), [query_shape(q["sql"]) for q in queries.captured_queries]))


def query_shape(sql: str) -> str:
    """A query as the notes name it: its verb and tables, e.g. "SELECT issue+statement_issues"."""
    tables = re.findall(r'(?:FROM|JOIN|INTO|UPDATE)\s+"(\w+)"', sql)
    return f"{sql.split(None, 1)[0]} {'+'.join(t.removeprefix('negotiations_') for t in tables) or '?'}"


@dataclass
class QueryCount:
    label: str  # the count, "500: 12" for a page that did not answer 200, or why there is none
    shapes: Counter = field(default_factory=Counter)

    @property
    def measured(self) -> bool:
        return bool(self.shapes) or self.label.isdigit()


def count_queries(page: Page, user_id: int) -> QueryCount:
    """The page's queries, counted in a forked child that is stopped after COUNT_TIMEOUT."""
    import multiprocessing

    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=child_main, args=(page, user_id, send))
    child.start()
    ready = receive.poll(COUNT_TIMEOUT)
    result = receive.recv() if ready else None
    child.join(5)
    if child.is_alive():
        child.kill()
        child.join()
    if result is None:
        return QueryCount("timeout" if not ready else "failed")
    status, shapes = result
    label = str(len(shapes)) if status == "200" else f"{status}: {len(shapes)}"
    return QueryCount(label, Counter(shapes))


def child_main(page: Page, user_id: int, pipe) -> None:
    try:
        count_in_child(page, user_id, pipe)
    except BaseException as error:  # noqa: BLE001 - reported to the parent, the child then ends
        pipe.send((f"error: {type(error).__name__}", []))
    finally:
        os._exit(0)


# --- the report ----------------------------------------------------------------------------------


def print_table(pages: list[Page], timings: dict[str, Timing], big: dict, small: dict, n: int) -> None:
    header = f"{'page':<28} {'status':>8} {'n':>3} {'p50 ms':>8} {'p95 ms':>8} {'KB':>8}"
    header += f" {f'queries {n:,}':>16} {f'queries {SMALL:,}':>14}"
    print()
    print(header)
    print("-" * len(header))
    for page in pages:
        t = timings[page.name]
        p50 = f"{t.percentile(0.5):.0f}" if t.times else "-"
        p95 = f"{t.percentile(0.95):.0f}" if t.times else "-"
        flag = "  <- differs" if differs(big[page.name], small[page.name]) else ""
        row = f"{page.name:<28} {t.status:>8} {len(t.times):>3} {p50:>8} {p95:>8} {t.size / 1024:>8.0f}"
        print(row + f" {big[page.name].label:>16} {small[page.name].label:>14}{flag}")


def summary(timings: dict[str, Timing], big: dict, small: dict) -> list[str]:
    lines = []
    failing = [f"{name} ({t.status})" for name, t in timings.items() if t.status != "200"]
    if failing:
        lines.append("not 200: " + ", ".join(failing))
    differing = [name for name in big if differs(big[name], small[name])]
    if differing:
        lines.append("query counts differ from the small negotiation's on: " + ", ".join(differing))
        lines += [f"  {name}: {difference(big[name], small[name])}" for name in differing]
    worst = max(timings, key=lambda name: timings[name].percentile(0.95))
    lines.append(f"max p95 {timings[worst].percentile(0.95):.0f} ms ({worst})")
    return lines


def differs(big: QueryCount, small: QueryCount) -> bool:
    """Both pages were counted (a page that timed out was not), and the counts differ."""
    return big.measured and small.measured and big.label != small.label


def difference(big: QueryCount, small: QueryCount) -> str:
    """The queries one page made more often than the other: a query repeated per row grows with
    the negotiation; one that only a page holding some kind of row needs (a prefetch of
    annotations) is a difference of content, not of scale."""
    if not big.shapes or not small.shapes:
        return f"{big.label} against {small.label}"
    more = [f"+{n} {shape}" for shape, n in (big.shapes - small.shapes).items()]
    fewer = [f"-{n} {shape}" for shape, n in (small.shapes - big.shapes).items()]
    return ", ".join(more + fewer) + " (big against small)"


# --- main ----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=500_000, help="statements in the big negotiation")
    parser.add_argument("--fresh", action="store_true", help="drop the database and generate everything again")
    parser.add_argument(
        "--rebuild", action="store_true", help="run rebuild_derived on kept data too (after a change to derived data)"
    )
    parser.add_argument(
        "--only", metavar="REGEX", help="time and count only the pages whose name matches (e.g. 'positions|cell')"
    )
    args = parser.parse_args()
    global REBUILD, ONLY
    REBUILD = args.rebuild
    ONLY = re.compile(args.only) if args.only else None
    # Stopped from outside, it still stops its gunicorn (the `finally` of `gunicorn()`).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(f"bench/pages.py measures PostgreSQL; DATABASE_URL is {url!r}.")
    prepare_database(url, args.fresh)
    setup_django(url)
    run(url, args.statements)


def run(url: str, n: int) -> None:
    user, password = ensure_annotator()
    slugs, fresh = {}, []
    for size in dict.fromkeys((n, SMALL)):
        slugs[size], generated = ensure_negotiation(size, user)
        if generated or REBUILD:
            fresh.append(slugs[size])
    for slug in fresh:
        rebuild_derived(slug)
    vacuum_analyze(url)
    big, small = subjects_of(slugs[n]), subjects_of(slugs[SMALL])
    pages = [p for p in pages_of(big) if ONLY is None or ONLY.search(p.name)]
    from django.db import connections

    connections.close_all()
    print(f"\ntiming {len(pages)} pages of {big.slug} over HTTP (gunicorn, {WORKERS} workers)")
    print(load_average())
    with gunicorn(url) as base:
        timings = time_pages(base, pages, password)
    print(load_average())
    print("\ncounting queries")
    big_counts = {p.name: counts_or_skip(p, timings[p.name], user.pk) for p in pages}
    small_counts = {p.name: count_queries(p, user.pk) for p in pages_of(small) if p.name in timings}
    print_table(pages, timings, big_counts, small_counts, n)
    print()
    print("\n".join(summary(timings, big_counts, small_counts)))


def load_average() -> str:
    """The machine's load: other work on it slows the pages as much as their own."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def counts_or_skip(page: Page, timing: Timing, user_id: int) -> QueryCount:
    """A page that timed out over HTTP would time out here too: it is not counted."""
    if timing.status == "timeout":
        return QueryCount("(timed out)")
    return count_queries(page, user_id)


if __name__ == "__main__":
    main()
