"""Who and what the setup does not know yet: speakers found without a party, and names of
organisations and places (spaCy's entities) that no alias covers; and the two actions that
teach the setup about them.

Invariants:
* Both lists are read in a fixed number of queries, however many statements and articles.
* An article's entities are found once (its text never changes) and kept in ArticleNames;
  what counts as covered is decided on every read, against the setup's current names and aliases.
* Assigning a speaker or adding an alias is a setup change (services/setup.py, with
  load_negotiation's checks and messages). It re-extracts, in the background, only the articles
  it may change, and the task records which statements gained a party: statements are never
  deleted and hand annotations are kept (services/ingest.py's re-extraction).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from negotiations.extraction import get_nlp
from negotiations.models import (
    Actor,
    Alias,
    Article,
    ArticleNames,
    Issue,
    Negotiation,
    Party,
    Proposal,
    SetupChange,
    Statement,
)
from negotiations.services.setup import SetupEdit, do_edit_setup
from negotiations.services.timeline import with_effective

SPEAKER_LIMIT = 50
NAME_LIMIT = 50
NAMES_PER_VISIT = 50
EXAMPLES = 3
OUTCOMES = 10
# Organisations, countries and cities, other places, nationalities and groups, buildings: what
# can speak for a party or name an issue. People are speakers, and listed as such.
NAME_LABELS = ("ORG", "GPE", "LOC", "NORP", "FAC")
SENTENCE_MAX = 400
LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
POSSESSIVE = re.compile(r"['’]s?$")


@dataclass
class UnknownSpeaker:
    name: str
    count: int
    examples: list[Statement] = field(default_factory=list)


@dataclass
class UnknownName:
    name: str
    label: str
    mentions: int
    articles: set[int] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    change: SetupChange
    statements: list[Statement]
    parties: dict[int, Party]

    def gained(self) -> list[tuple[Statement, Party | None]]:
        return [(s, self.parties.get(s.eff_party_id)) for s in self.statements]


def _partyless(negotiation: Negotiation):
    """Visible statements whose speaker, as readers see it, is named and has no party."""
    statements = with_effective(Statement.objects.filter(article__negotiation=negotiation)).visible()
    return (
        statements.annotate(eff_anonymous=Coalesce("annotation__anonymous", "anonymous"))
        .filter(eff_party_id__isnull=True, eff_anonymous=False)
        .exclude(eff_speaker="")
    )


def unknown_speakers(
    negotiation: Negotiation, limit: int = SPEAKER_LIMIT, examples: int = EXAMPLES
) -> list[UnknownSpeaker]:
    """Named speakers without a party, most statements first, each with its latest `examples`.

    Two queries: the counts, then the examples (a window numbers each speaker's statements).
    Anonymous sources ("a senior official") are left out: they are nobody to add as an actor.
    """
    statements = _partyless(negotiation)
    groups = list(
        statements.values("eff_speaker").annotate(count=Count("id")).order_by("-count", "eff_speaker")[:limit]
    )
    speakers = {group["eff_speaker"]: UnknownSpeaker(group["eff_speaker"], group["count"]) for group in groups}
    if not speakers:
        return []
    newest_first = [F("article__published").desc(nulls_last=True), F("article_id").desc(), F("start")]
    rows = (
        statements.filter(eff_speaker__in=list(speakers))
        .annotate(rank=Window(RowNumber(), partition_by=[F("eff_speaker")], order_by=newest_first))
        .filter(rank__lte=examples)
        .select_related("article")
        .order_by("rank")
    )
    for statement in rows:
        speakers[statement.eff_speaker].examples.append(statement)
    return list(speakers.values())


def find_article_names(articles: Sequence[Article]) -> None:
    """Find and keep the organisations and places named in `articles` (ArticleNames)."""
    if not articles:
        return
    nlp = get_nlp(settings.PARLEY_SPACY_MODEL)
    found = []
    with nlp.memory_zone():
        docs = nlp.pipe((article.text for article in articles), batch_size=settings.PARLEY_BATCH_SIZE)
        for article, doc in zip(articles, docs, strict=True):
            names = [
                [ent.text, ent.label_, ent.sent.text.strip()[:SENTENCE_MAX]]
                for ent in doc.ents
                if ent.label_ in NAME_LABELS
            ]
            found.append(ArticleNames(article=article, names=names))
    # Two people opening the page at once find the same names: the second write is a no-op.
    ArticleNames.objects.bulk_create(found, ignore_conflicts=True)


def known_words(negotiation: Negotiation) -> re.Pattern[str] | None:
    """A pattern matching, as whole words and in any case, every name and alias of the setup."""
    words: set[str] = set(Alias.objects.filter(negotiation=negotiation).values_list("text", flat=True))
    for model in (Party, Actor, Issue, Proposal):
        words.update(model.objects.filter(negotiation=negotiation).values_list("name", flat=True))
    words = {word.strip() for word in words if word.strip()}
    if not words:
        return None
    # Longest first, so that "Gaza's border with Egypt" is tried before "Egypt".
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _normal(name: str) -> str:
    return POSSESSIVE.sub("", LEADING_THE.sub("", " ".join(name.split())))


@dataclass
class UnknownNames:
    names: list[UnknownName]
    # Articles not read for names yet: a visit reads at most NAMES_PER_VISIT of them.
    unread: int = 0


def read_new_names(negotiation: Negotiation, at_most: int = NAMES_PER_VISIT) -> int:
    """Find the names of up to `at_most` articles never read for them; how many remain unread.

    Bounded so that a page visit after a large import stays quick; the next visits read on.
    """
    missing = list(negotiation.articles.filter(found_names__isnull=True).order_by("pk").values_list("pk", flat=True))
    if missing:
        find_article_names(list(Article.objects.filter(pk__in=missing[:at_most]).order_by("pk").only("id", "text")))
    return max(0, len(missing) - at_most)


def unknown_names(
    negotiation: Negotiation, limit: int = NAME_LIMIT, examples: int = 2, read_at_most: int = NAMES_PER_VISIT
) -> UnknownNames:
    """Organisations and places the articles name that no name or alias of the setup covers.

    A name is covered when a setup name or alias is a whole word of it: "Israeli officials" and
    "the Israeli cabinet" are Israel's once "Israeli" is an alias. Most mentioned first.
    Articles whose names were never found are read with spaCy first (`read_at_most` of them).
    """
    unread = read_new_names(negotiation, read_at_most)
    known = known_words(negotiation)
    names: dict[str, UnknownName] = {}
    labels: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    stored = ArticleNames.objects.filter(article__negotiation=negotiation).values_list("article_id", "names")
    for article_id, found in stored.order_by("article_id"):
        for text, label, sentence in found:
            name = _normal(text)
            if len(name) < 2 or (known is not None and known.search(name)):
                continue
            key = name.casefold()
            entry = names.get(key)
            if entry is None:
                entry = names[key] = UnknownName(name=name, label=label, mentions=0)
            entry.mentions += 1
            entry.articles.add(article_id)
            labels[key][label] += 1
            if len(entry.examples) < examples and sentence not in entry.examples:
                entry.examples.append(sentence)
    for key, entry in names.items():
        entry.label = max(labels[key].items(), key=lambda item: (item[1], item[0]))[0]
    ordered = sorted(names.values(), key=lambda entry: (-entry.mentions, entry.name.casefold()))
    return UnknownNames(ordered[:limit], unread)


def _articles_naming(negotiation: Negotiation, words: str, extra: Q | None = None) -> list[int]:
    condition = Q(text__icontains=words)
    if extra is not None:
        condition |= extra
    return sorted(set(negotiation.articles.filter(condition).values_list("pk", flat=True)))


def _speaker_words(speaker: str) -> Q:
    """Articles a new actor may change: those naming them in full, or by surname alone, which the
    extractor completes from the setup's actors ("Kovic said" once Marta Kovic is an actor)."""
    condition = Q(text__icontains=speaker) | Q(statements__speaker=speaker) | Q(statements__annotation__speaker=speaker)
    surname = speaker.split()[-1] if speaker.split() else ""
    if len(surname) >= 3 and surname != speaker:
        condition |= Q(text__icontains=surname)
    return condition


def _reextract_later(change: SetupChange) -> None:
    if not change.article_ids:
        return
    # Imported here: the task module imports the services.
    from negotiations.tasks import reextract_negotiation_task

    transaction.on_commit(
        lambda: reextract_negotiation_task.enqueue(
            change.negotiation_id, article_ids=change.article_ids, change_id=change.pk
        )
    )


def do_assign_speaker(
    negotiation: Negotiation, *, speaker: str, party: Party, title: str = "", user=None
) -> SetupChange:
    """Add `speaker` to the setup as an actor of `party`, and re-extract the articles that name them."""
    articles = _articles_naming(negotiation, speaker, _speaker_words(speaker))
    with transaction.atomic():
        edit = SetupEdit("actor", None, {"name": speaker, "title": title, "party": party.name})
        change = do_edit_setup(negotiation, edit, user=user, article_ids=articles)
        _reextract_later(change)
    return change


def do_add_name_alias(negotiation: Negotiation, *, name: str, target: Party | Issue, user=None) -> SetupChange:
    """Add `name` to the aliases of a party or an issue, and re-extract the articles that use it."""
    kind = "party" if isinstance(target, Party) else "issue"
    aliases = [*target.aliases.order_by("id").values_list("text", flat=True), name]
    with transaction.atomic():
        edit = SetupEdit(kind, target.name, {"aliases": aliases})
        change = do_edit_setup(negotiation, edit, user=user, article_ids=_articles_naming(negotiation, name))
        change.action = f"Added '{name}' to the aliases of {kind} '{target.name}'"
        change.save(update_fields=["action"])
        _reextract_later(change)
    return change


def statement_parties(article_ids: Iterable[int]) -> dict[int, int | None]:
    """The party readers see for each statement of these articles, by statement id."""
    statements = with_effective(Statement.objects.filter(article_id__in=list(article_ids)))
    return dict(statements.values_list("pk", "eff_party_id"))


def record_outcome(change_id: int, before: dict[int, int | None]) -> SetupChange:
    """Mark a change's re-extraction done, with the statements that gained a party by it:
    those without one before (or new) that have one now."""
    change = SetupChange.objects.get(pk=change_id)
    after = statement_parties(change.article_ids)
    change.gained = sorted(pk for pk, party in after.items() if party is not None and before.get(pk) is None)
    change.status = SetupChange.Status.DONE
    change.finished_at = timezone.now()
    change.save(update_fields=["gained", "status", "finished_at"])
    return change


def record_failure(change_id: int) -> None:
    SetupChange.objects.filter(pk=change_id).update(status=SetupChange.Status.FAILED, finished_at=timezone.now())


def recent_outcomes(
    negotiation: Negotiation, parties: Sequence[Party] | None = None, limit: int = OUTCOMES
) -> list[Outcome]:
    """The latest changes made from the unknown page, each with the statements that gained a
    party. Two queries: the changes, the statements (and the parties, unless given)."""
    changes = list(negotiation.setup_changes.exclude(status=SetupChange.Status.NONE).select_related("user")[:limit])
    ids = {pk for change in changes for pk in change.gained}
    statements = {}
    by_id: dict[int, Party] = {}
    if ids:
        rows = (
            with_effective(Statement.objects.filter(pk__in=ids))
            .select_related("article")
            .order_by("article_id", "start")
        )
        statements = {statement.pk: statement for statement in rows}
        by_id = {party.pk: party for party in (negotiation.parties.all() if parties is None else parties)}
    return [Outcome(change, [statements[pk] for pk in change.gained if pk in statements], by_id) for change in changes]
