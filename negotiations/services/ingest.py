"""Storing articles with their statements, and re-extracting stored articles.

Throughput: articles are parsed in batches (`Extractor.extract_many`, i.e. `nlp.pipe`), and each
batch is written in one transaction with `bulk_create`, so that the database is not what an
import waits on. Every article gets its own savepoint inside it: a failure leaves neither half an
article nor any change to what was stored before.

Re-extraction rewrites only what the extractor owns (`Statement`'s own fields). A statement found
again keeps its id, so its `StatementAnnotation` and `AnnotationRevision`s stay attached; one a
person annotated is never deleted, only flagged `extractor_missing`; `origin=manual` statements
and annotations are never written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import Any, Protocol

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from negotiations.extraction import ExtractedStatement, Extractor, get_nlp
from negotiations.extraction.budget import ExtractionTimeout
from negotiations.models import (
    Alias,
    AnnotationRevision,
    Article,
    Negotiation,
    Proposal,
    Statement,
    StatementAnnotation,
    content_hash,
)
from negotiations.services import placements
from negotiations.services.lexicon import setup_for
from negotiations.services.locks import article_keys, holding
from negotiations.services.shown import refresh_shown
from negotiations.services.sources import ArticleInput, ItemError, SourceItem

IssueLink = Statement.issues.through
# What a re-extraction rewrites; everything else on a statement (and its annotation) stays.
EXTRACTOR_FIELDS = (
    "start",
    "end",
    "text",
    "kind",
    "cue",
    "cue_start",
    "rule",
    "speaker_text",
    "speaker",
    "actor_id",
    "party_id",
    "anonymous",
    "said_on",
    "said_on_text",
    "confidence",
    "stance",
    "target",
    "proposal_id",
    "stance_confidence",
    "reported_party_id",
    "reported_stance",
    "reported_target",
    "extractor_missing",
)


class StatementExtractor(Protocol):
    def extract_many(
        self, items: Iterable[tuple[str, date | None]], batch_size: int = ...
    ) -> Iterator[list[ExtractedStatement]]: ...


Progress = Callable[[int], None]
OnError = Callable[[ItemError], None]
# Told of each new article inside the transaction that stores it (with its statement count), so
# that the caller's own record of it commits or rolls back with it (services/imports.py).
OnStored = Callable[[ArticleInput, Article, int], None]


@dataclass
class ReextractReport:
    articles: int = 0
    failed: int = 0
    statements: int = 0  # found by this extraction
    matched: int = 0  # found again: same statement, same id, annotations still attached
    created: int = 0
    deleted: int = 0  # no longer found, and nobody had annotated them
    kept_missing: int = 0  # no longer found, kept for their annotation, flagged extractor_missing
    errors: list[ItemError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class IngestReport:
    new: int = 0
    skipped: int = 0  # already stored
    failed: int = 0
    statements: int = 0  # found in the new articles
    errors: list[ItemError] = field(default_factory=list)
    reextracted: ReextractReport = field(default_factory=ReextractReport)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class _Names:
    """The negotiation's rows by the names the extractor uses, read once per call."""

    negotiation: Negotiation
    actors: dict[str, int]
    parties: dict[str, int]
    issues: dict[str, int]
    proposals: dict[str, int]  # by name or alias, casefolded

    @classmethod
    def of(cls, negotiation: Negotiation) -> _Names:
        # Aliases too: a merged proposal's words are the kept one's aliases (services/proposals.py),
        # and must not bring the merged one back when an article names it again. Names win.
        aliases = Alias.objects.filter(negotiation=negotiation, proposal__isnull=False)
        proposals = {text.casefold(): pk for text, pk in aliases.values_list("text", "proposal_id")}
        proposals |= {name.casefold(): pk for name, pk in negotiation.proposals.values_list("name", "id")}
        return cls(
            negotiation=negotiation,
            actors=dict(negotiation.actors.values_list("name", "id")),
            parties=dict(negotiation.parties.values_list("name", "id")),
            issues=dict(negotiation.issues.values_list("name", "id")),
            proposals=proposals,
        )

    def proposal_id(self, found: ExtractedStatement) -> int | None:
        if found.proposal:
            return self.proposals.get(found.proposal.casefold())
        if found.found_proposal:
            return self.proposals.get(_proposal_name(found.found_proposal.words).casefold())
        return None

    def add_found_proposals(self, found: Iterable[ExtractedStatement]) -> None:
        """Store the proposals an article names that the negotiation does not know yet.

        Called before the article's own savepoint, so that a proposal id handed out here is
        never rolled back under a later article. The next extraction knows it by name, and a
        person can merge it into the proposal it really is (services/proposals.py).
        """
        for f in found:
            if f.proposal or not f.found_proposal:
                continue
            words = _proposal_name(f.found_proposal.words)
            if words.casefold() in self.proposals:
                continue
            by = next((self.parties[name] for name in f.found_proposal.by if name in self.parties), None)
            proposal, _ = Proposal.objects.get_or_create(
                negotiation=self.negotiation,
                name=words,
                defaults={"party_id": by, "date": f.said_on, "origin": Proposal.Origin.ARTICLE},
            )
            self.proposals[words.casefold()] = proposal.pk


def _proposal_name(words: str) -> str:
    # Clipped as stored, so that a statement finds the proposal its overlong words were stored as.
    return words[: Proposal._meta.get_field("name").max_length]


def build_extractor(negotiation: Negotiation) -> Extractor:
    budget = settings.PARLEY_ARTICLE_TIME_BUDGET
    return Extractor(setup_for(negotiation), nlp=get_nlp(settings.PARLEY_SPACY_MODEL), time_budget=budget or None)


def ingest_articles(
    negotiation: Negotiation,
    inputs: Iterable[SourceItem],
    *,
    extractor: StatementExtractor | None = None,
    batch_size: int | None = None,
    reextract_existing: bool = False,
    progress: Progress | None = None,
    on_error: OnError | None = None,
    on_stored: OnStored | None = None,
) -> IngestReport:
    """Store the new articles of `inputs` with the statements found in them.

    An article already stored in the negotiation (same URL, else same title and text) is
    skipped, or re-extracted with `reextract_existing`. Read errors among `inputs` are counted
    as failed. `progress` is told how many inputs each batch handled; `on_error` hears of each
    error as it happens; `on_stored` of each new article, inside the transaction storing it.
    """
    batch_size = batch_size or settings.PARLEY_BATCH_SIZE
    report = IngestReport()
    names = _Names.of(negotiation)
    # Articles stored or re-extracted by this call: a later copy of one needs nothing more.
    settled: set[int] = set()

    for chunk in _chunks(inputs, batch_size):
        items: list[ArticleInput] = []
        for item in chunk:
            if isinstance(item, ItemError):
                report.failed += 1
                _record(report.errors, item, on_error)
            else:
                items.append(item)
        # Another worker storing one of these articles (locks.py) finishes first: then it is stored.
        keys = article_keys(negotiation.pk, (i.url for i in items), (content_hash(i.title, i.text) for i in items))
        with holding(keys):
            new, known = _split_stored(negotiation, items, settled)
            report.skipped += len(items) - len(new)
            if not reextract_existing:
                known = []
            if new or known:
                if extractor is None:
                    extractor = build_extractor(negotiation)
                pairs = [(item.text, item.published) for item in new] + [(a.text, a.published) for a in known]
                results = _extract(extractor, pairs, batch_size)
                old = _old_statements(known)
                now = timezone.now()
                with transaction.atomic():
                    stored: list[int] = []
                    for item, found in zip(new, results[: len(new)], strict=True):
                        _store_new(negotiation, item, found, names, now, report, on_error, stored, on_stored)
                    settled.update(stored)
                    # Once for the batch: the new articles' statements mostly fall in the same
                    # few cells, which one refresh per article renumbered once per article.
                    refresh_shown(articles=stored)
                    placements.refresh(negotiation, articles=stored)
                    with placements.keeping(negotiation, articles=[a.pk for a in known]):
                        for article, found in zip(known, results[len(new) :], strict=True):
                            _reextract_article(
                                article, found, old[article.pk], names, now, report.reextracted, on_error
                            )
        if progress:
            progress(len(chunk))
    return report


def reextract_articles(
    negotiation: Negotiation,
    articles: Iterable[Article] | None = None,
    *,
    extractor: StatementExtractor | None = None,
    batch_size: int | None = None,
    progress: Progress | None = None,
    on_error: OnError | None = None,
) -> ReextractReport:
    """Run extraction again over stored articles (all of the negotiation's by default).

    Statements found again are updated in place, so hand annotations stay with them.
    """
    batch_size = batch_size or settings.PARLEY_BATCH_SIZE
    report = ReextractReport()
    names = _Names.of(negotiation)
    source = negotiation.articles.all() if articles is None else articles
    # Ids first and rows batch by batch: SQLite gives no isolation between an open cursor and
    # the writes made while iterating it.
    if isinstance(source, QuerySet):
        ids = list(source.order_by("pk").values_list("pk", flat=True))
    else:
        ids = [article.pk for article in source]
    for chunk in _chunks(ids, batch_size):
        # Two re-extractions of one article at once would both match against the statements
        # as they were before either: one waits for the other (locks.py), then reads its result.
        same = Article.objects.filter(negotiation=negotiation, pk__in=chunk).values_list("url", "content_hash")
        urls, digests = zip(*same, strict=True) if same else ((), ())
        with holding(article_keys(negotiation.pk, urls, digests)):
            batch = list(Article.objects.filter(negotiation=negotiation, pk__in=chunk).order_by("pk"))
            if batch:
                if extractor is None:
                    extractor = build_extractor(negotiation)
                results = _extract(extractor, [(a.text, a.published) for a in batch], batch_size)
                old = _old_statements(batch)
                now = timezone.now()
                # Placements once for the batch, as for new articles (see ingest_articles).
                with transaction.atomic(), placements.keeping(negotiation, articles=[a.pk for a in batch]):
                    for article, found in zip(batch, results, strict=True):
                        _reextract_article(article, found, old[article.pk], names, now, report, on_error)
        if progress:
            progress(len(chunk))
    return report


def match_spans(
    old: Sequence[tuple[int, int]],
    new: Sequence[tuple[int, int]],
    old_speakers: Sequence[str] | None = None,
    new_speakers: Sequence[str] | None = None,
) -> list[tuple[int, int]]:
    """Pair old and new spans one to one, as (old index, new index).

    The same start, end and speaker first (joint speakers share a span: "Israeli and Hamas
    officials said" is two statements, and each keeps its own annotation); then the same start
    and end; then the greatest overlap, when it covers at least half of the shorter span (ties:
    the closer start, then the earlier span).
    """
    pairs: list[tuple[int, int]] = []
    free_old, free_new = set(range(len(old))), set(range(len(new)))
    keys: list[tuple[Sequence, Sequence]] = [(old, new)]
    if old_speakers is not None and new_speakers is not None:
        keys.insert(0, (list(zip(old, old_speakers, strict=True)), list(zip(new, new_speakers, strict=True))))
    for old_keys, new_keys in keys:
        by_key: dict[object, list[int]] = defaultdict(list)
        for i in sorted(free_old):
            by_key[old_keys[i]].append(i)
        for j in sorted(free_new):
            if by_key[new_keys[j]]:
                i = by_key[new_keys[j]].pop(0)
                pairs.append((i, j))
                free_old.discard(i)
                free_new.discard(j)
    candidates = []
    for i in free_old:
        for j in free_new:
            (old_start, old_end), (new_start, new_end) = old[i], new[j]
            overlap = min(old_end, new_end) - max(old_start, new_start)
            shorter = min(old_end - old_start, new_end - new_start)
            if overlap > 0 and 2 * overlap >= shorter:
                candidates.append((-overlap, abs(old_start - new_start), i, j))
    for _, _, i, j in sorted(candidates):
        if i in free_old and j in free_new:
            pairs.append((i, j))
            free_old.discard(i)
            free_new.discard(j)
    return pairs


def _chunks[T](items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _record(errors: list[ItemError], error: ItemError, on_error: OnError | None) -> None:
    errors.append(error)
    if on_error:
        on_error(error)


def _describe(article: Article) -> str:
    return f'article {article.pk} "{article.title[:60]}"'


def _stored_meanwhile(negotiation: Negotiation, item: ArticleInput) -> bool:
    same = Q(content_hash=content_hash(item.title, item.text))
    if item.url:
        same |= Q(url=item.url)
    return Article.objects.filter(negotiation=negotiation).filter(same).exists()


def _split_stored(
    negotiation: Negotiation, items: list[ArticleInput], settled: set[int]
) -> tuple[list[ArticleInput], list[Article]]:
    """The items not stored yet, and the stored articles that the others are (each once)."""
    digests = [content_hash(item.title, item.text) for item in items]
    urls = [item.url for item in items if item.url]
    stored = Article.objects.filter(negotiation=negotiation).filter(Q(url__in=urls) | Q(content_hash__in=digests))
    by_url: dict[str, Article] = {}
    by_digest: dict[str, Article] = {}
    for article in stored:
        by_digest[article.content_hash] = article
        if article.url:
            by_url[article.url] = article
    new: list[ArticleInput] = []
    known: list[Article] = []
    # The same article twice in one batch: only the first copy is new.
    batch_urls: set[str] = set()
    batch_digests: set[str] = set()
    for item, digest in zip(items, digests, strict=True):
        article = (by_url.get(item.url) if item.url else None) or by_digest.get(digest)
        if article is not None:
            if article.pk not in settled:
                settled.add(article.pk)
                known.append(article)
        elif digest not in batch_digests and not (item.url and item.url in batch_urls):
            new.append(item)
            batch_digests.add(digest)
            if item.url:
                batch_urls.add(item.url)
    return new, known


def _extract(
    extractor: StatementExtractor, pairs: list[tuple[str, date | None]], batch_size: int
) -> list[list[ExtractedStatement] | Exception]:
    """The statements of each text, or the exception the extractor raised on it."""
    try:
        return list(extractor.extract_many(pairs, batch_size=batch_size))
    except Exception:
        # The extractor is rule code over untrusted text: find the articles it fails on, one by
        # one, rather than losing the batch.
        results: list[list[ExtractedStatement] | Exception] = []
        for pair in pairs:
            try:
                results.append(next(iter(extractor.extract_many([pair], batch_size=1))))
            except Exception as exc:
                results.append(exc)
        return results


def _old_statements(articles: Sequence[Article]) -> dict[int, list[Statement]]:
    """The extracted statements of each article (manual ones are not re-extraction's business)."""
    by_article: dict[int, list[Statement]] = defaultdict(list)
    if articles:
        statements = (
            Statement.objects.filter(article__in=articles, origin=Statement.Origin.EXTRACTED)
            .order_by("start", "pk")
            .prefetch_related("issues")
        )
        for statement in statements:
            by_article[statement.article_id].append(statement)
    return by_article


def _values(found: ExtractedStatement, names: _Names) -> dict[str, Any]:
    return {
        "start": found.start,
        "end": found.end,
        "text": found.text,
        "kind": found.kind,
        "cue": _clip(found.cue, "cue"),
        "cue_start": found.cue_start,
        "rule": _clip(found.rule, "rule"),
        "speaker_text": _clip(found.speaker_text, "speaker_text"),
        "speaker": _clip(found.speaker, "speaker"),
        "actor_id": names.actors.get(found.actor) if found.actor else None,
        "party_id": names.parties.get(found.party) if found.party else None,
        "anonymous": found.anonymous,
        "said_on": found.said_on,
        "said_on_text": _clip(found.said_on_text, "said_on_text"),
        "confidence": found.confidence,
        "stance": found.stance,
        "target": _clip(found.target or "", "target"),
        "proposal_id": names.proposal_id(found),
        "stance_confidence": found.stance_confidence,
        "reported_party_id": names.parties.get(found.reported_party) if found.reported_party else None,
        "reported_stance": found.reported_stance or "",
        "reported_target": _clip(found.reported_target or "", "reported_target"),
        "extractor_missing": False,
    }


def _clip(value: str, field_name: str) -> str:
    # A runaway speaker or cue must not cost the whole article on PostgreSQL.
    return value[: Statement._meta.get_field(field_name).max_length]


def _issue_ids(found: ExtractedStatement, names: _Names) -> set[int]:
    return {names.issues[name] for name in found.issues if name in names.issues}


def _create_statements(article: Article, found: Sequence[ExtractedStatement], names: _Names) -> None:
    statements = Statement.objects.bulk_create(
        [Statement(article=article, origin=Statement.Origin.EXTRACTED, **_values(f, names)) for f in found]
    )
    IssueLink.objects.bulk_create(
        [
            IssueLink(statement_id=statement.pk, issue_id=issue_id)
            for statement, f in zip(statements, found, strict=True)
            for issue_id in _issue_ids(f, names)
        ]
    )


def _store_new(
    negotiation: Negotiation,
    item: ArticleInput,
    found: list[ExtractedStatement] | Exception,
    names: _Names,
    now: datetime,
    report: IngestReport,
    on_error: OnError | None,
    stored: list[int],
    on_stored: OnStored | None = None,
) -> None:
    """Store one new article and its statements in a savepoint of the batch's transaction,
    adding its id to `stored`; the caller refreshes the derived rows of the batch's articles."""
    # An article over its time budget is kept, so that nothing read is lost and a re-extraction
    # (with a larger budget, or a fixed rule) can find its statements, and reported as failed,
    # so that nobody takes it for an article without statements.
    timeout = found if isinstance(found, ExtractionTimeout) else None
    if timeout is not None:
        found = []
    elif isinstance(found, Exception):
        report.failed += 1
        _record(report.errors, ItemError(item.where, f"extraction failed: {found!r}"), on_error)
        return
    names.add_found_proposals(found)
    article = Article(
        negotiation=negotiation,
        external_id=item.external_id,
        title=item.title,
        url=item.url,
        source=item.source,
        published=item.published,
        text=item.text,
        extracted_at=now,
    )
    try:
        with transaction.atomic():
            article.save()
            _create_statements(article, found, names)
            if on_stored:
                on_stored(item, article, len(found))
    except DatabaseError as exc:
        if _stored_meanwhile(negotiation, item):
            # Another process stored it since _split_stored looked (SQLite, where locks.py has
            # no locks; or a writer that took none): it is stored, once, as it should be.
            report.skipped += 1
            return
        report.failed += 1
        _record(report.errors, ItemError(item.where, f"not stored: {exc}"), on_error)
        return
    stored.append(article.pk)
    if timeout is not None:
        report.failed += 1
        message = f'"{item.title[:80]}" stored without statements: {timeout}'
        _record(report.errors, ItemError(item.where, message), on_error)
        return
    report.new += 1
    report.statements += len(found)


def _reextract_article(
    article: Article,
    found: list[ExtractedStatement] | Exception,
    old: list[Statement],
    names: _Names,
    now: datetime,
    report: ReextractReport,
    on_error: OnError | None,
) -> None:
    """Re-extract one article in a savepoint; the caller keeps the placements of its batch
    (`placements.keeping` around the loop), so they are recomputed once for all of it."""
    if isinstance(found, Exception):
        report.failed += 1
        _record(report.errors, ItemError(_describe(article), f"extraction failed: {found!r}"), on_error)
        return
    names.add_found_proposals(found)
    try:
        with transaction.atomic():
            counts = _rewrite_statements(article, found, old, names, now)
            Article.objects.filter(pk=article.pk).update(extracted_at=now)
            # bulk_create and bulk_update bypass Statement.save(): the stored values follow here.
            refresh_shown(articles=[article.pk])
    except DatabaseError as exc:
        report.failed += 1
        _record(report.errors, ItemError(_describe(article), f"not re-extracted: {exc}"), on_error)
        return
    report.articles += 1
    report.statements += len(found)
    report.matched += counts["matched"]
    report.created += counts["created"]
    report.deleted += counts["deleted"]
    report.kept_missing += counts["kept_missing"]


def _rewrite_statements(
    article: Article, found: list[ExtractedStatement], old: list[Statement], names: _Names, now: datetime
) -> dict[str, int]:
    pairs = match_spans(
        [(s.start, s.end) for s in old],
        [(f.start, f.end) for f in found],
        [s.speaker for s in old],
        [_clip(f.speaker, "speaker") for f in found],
    )
    changed: list[Statement] = []
    relinked: dict[int, set[int]] = {}
    for i, j in pairs:
        statement, values, issues = old[i], _values(found[j], names), _issue_ids(found[j], names)
        if issues != {issue.pk for issue in statement.issues.all()}:
            relinked[statement.pk] = issues
        if any(getattr(statement, name) != value for name, value in values.items()) or statement.pk in relinked:
            for name, value in values.items():
                setattr(statement, name, value)
            # bulk_update does not run auto_now.
            statement.updated_at = now
            changed.append(statement)
    Statement.objects.bulk_update(changed, [*EXTRACTOR_FIELDS, "updated_at"])
    IssueLink.objects.filter(statement_id__in=list(relinked)).delete()
    IssueLink.objects.bulk_create(
        [IssueLink(statement_id=pk, issue_id=issue_id) for pk, issues in relinked.items() for issue_id in issues]
    )

    matched_new = {j for _, j in pairs}
    new = [f for j, f in enumerate(found) if j not in matched_new]
    # A statement a person added by hand and the extractor now finds too is the same claim:
    # the person's stays, and no twin appears beside it.
    manual = list(
        article.statements.filter(origin=Statement.Origin.MANUAL).visible().values_list("start", "end", "speaker")
    )
    if manual and new:
        twins = match_spans(
            [(start, end) for start, end, _ in manual],
            [(f.start, f.end) for f in new],
            [speaker for _, _, speaker in manual],
            [_clip(f.speaker, "speaker") for f in new],
        )
        taken = {j for _, j in twins}
        new = [f for j, f in enumerate(new) if j not in taken]
    _create_statements(article, new, names)

    matched_old = {i for i, _ in pairs}
    gone = [s.pk for i, s in enumerate(old) if i not in matched_old]
    # Lock them first: an annotation service call holds the statement's row lock until it
    # commits, so the check below then sees a first annotation made at this very moment.
    gone = list(Statement.objects.select_for_update().filter(pk__in=gone).values_list("pk", flat=True))
    # Checked in the DELETE itself, so that an annotation made meanwhile still saves its statement.
    annotated = Exists(StatementAnnotation.objects.filter(statement=OuterRef("pk")))
    revised = Exists(AnnotationRevision.objects.filter(statement=OuterRef("pk")))
    _, deleted_by_model = Statement.objects.filter(pk__in=gone).filter(~annotated, ~revised).delete()
    deleted = deleted_by_model.get(Statement._meta.label, 0)
    kept = Statement.objects.filter(pk__in=gone).update(extractor_missing=True, updated_at=now)
    return {
        "matched": len(pairs),
        "created": len(new),
        "deleted": deleted,
        "kept_missing": kept,
    }
