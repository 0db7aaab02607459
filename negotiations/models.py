"""Parley's data model.

Two layers are kept apart on purpose:

* what the extractor wrote: `Statement`'s own fields, rewritten by every re-extraction;
* what people did: `StatementAnnotation` (one per statement: the values a person set,
  whether they confirmed or rejected it, a note) and its `AnnotationRevision` log.

The values a reader sees are the annotation's where a person set them, else the extractor's
(`Statement.effective`). Re-extraction only ever touches the first layer, and it never deletes
a statement that a person has annotated (see services/ingest.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Upper
from django.urls import reverse


class Negotiation(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        # Held by the `editors` group (migration 0007): setting a negotiation up is a role.
        permissions = [("edit_negotiation", "Can edit a negotiation's setup and add articles")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("negotiation_detail", args=[self.slug])


# static/parley.css defines this many party colours (.party-0 ...).
PARTY_COLOURS = 8


class Party(models.Model):
    class Kind(models.TextChoices):
        PARTY = "party", "Party"
        MEDIATOR = "mediator", "Mediator"
        OBSERVER = "observer", "Observer"

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PARTY)
    # Order in the setup file: parties keep a stable colour and column everywhere.
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["negotiation", "position", "name"]
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(fields=["negotiation", "name"], name="party_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def colour_class(self) -> str:
        """The CSS class of the party's colour: by setup order, so it is the same on every page.

        A class rather than a style attribute, because the CSP forbids inline styles."""
        return f"party-{self.position % PARTY_COLOURS}"


class Actor(models.Model):
    """A person who speaks for a party."""

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="actors")
    party = models.ForeignKey(Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="actors")
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["negotiation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["negotiation", "name"], name="actor_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.name}".strip() if self.title else self.name


class Issue(models.Model):
    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="issues")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["negotiation", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["negotiation", "name"], name="issue_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Proposal(models.Model):
    class Origin(models.TextChoices):
        SETUP = "setup", "Setup file"
        ARTICLE = "article", "Found in an article"
        MANUAL = "manual", "Added by hand"

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="proposals")
    name = models.CharField(max_length=300)
    party = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        help_text="The party that made the proposal.",
    )
    date = models.DateField(null=True, blank=True)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.SETUP)

    class Meta:
        ordering = ["negotiation", "date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["negotiation", "name"], name="proposal_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Alias(models.Model):
    """Words that name a party, an actor, an issue or a proposal (exactly one of them).

    The setup file owns the aliases it lists (origin "setup"): loading it again adds and removes
    them. A merge's aliases (origin "merge": the merged proposal's name and words) are people's
    work, and loading the file never removes them.
    """

    class Origin(models.TextChoices):
        SETUP = "setup", "Setup file"
        MERGE = "merge", "A merge of proposals"

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(max_length=300)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.SETUP)
    party = models.ForeignKey(Party, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases")

    class Meta:
        ordering = ["negotiation", "text"]
        verbose_name_plural = "aliases"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(party__isnull=False, actor__isnull=True, issue__isnull=True, proposal__isnull=True)
                    | Q(party__isnull=True, actor__isnull=False, issue__isnull=True, proposal__isnull=True)
                    | Q(party__isnull=True, actor__isnull=True, issue__isnull=False, proposal__isnull=True)
                    | Q(party__isnull=True, actor__isnull=True, issue__isnull=True, proposal__isnull=False)
                ),
                name="alias_names_exactly_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def target(self):
        return self.party or self.actor or self.issue or self.proposal


class SetupChange(models.Model):
    """One change to a negotiation's setup made from the web, for the log on the setup page.

    A change made from the unknown speakers and names page also re-extracts the articles it may
    affect (`article_ids`) in the background; the task records which statements gained a party.
    """

    class Status(models.TextChoices):
        NONE = "", "Nothing to re-extract"
        QUEUED = "queued", "Re-extraction queued"
        DONE = "done", "Re-extracted"
        FAILED = "failed", "Re-extraction failed"

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="setup_changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=500, help_text="What was done, e.g. \"Added party 'Jordan'\".")
    summary = models.TextField(blank=True, help_text="What the load changed, as load_negotiation prints it.")
    article_ids = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, blank=True, default=Status.NONE)
    gained = models.JSONField(default=list, blank=True, help_text="Ids of the statements that gained a party.")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.action


def content_hash(title: str, text: str) -> str:
    """Identity of an article without a URL: its title and text, whitespace folded."""
    normal = " ".join(title.split()).casefold() + "\n" + " ".join(text.split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


class Article(models.Model):
    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="articles")
    external_id = models.CharField(max_length=300, blank=True, help_text="The `id` it was ingested with.")
    title = models.CharField(max_length=1000)
    url = models.URLField(max_length=2000, null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)
    published = models.DateField(null=True, blank=True)
    text = models.TextField()
    content_hash = models.CharField(max_length=64, editable=False)
    ingested_at = models.DateTimeField(auto_now_add=True)
    extracted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["negotiation", "published", "id"]
        constraints = [
            models.UniqueConstraint(fields=["negotiation", "content_hash"], name="article_unique_content"),
            models.UniqueConstraint(
                fields=["negotiation", "url"], condition=Q(url__isnull=False), name="article_unique_url"
            ),
        ]
        indexes = [
            models.Index(fields=["negotiation", "published"]),
            # The articles list's order (views.article_list): its pages are read from the index.
            models.Index(
                "negotiation", F("published").desc(nulls_last=True), F("id").desc(), name="article_list_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.content_hash = content_hash(self.title, self.text)
        adding = self._state.adding
        super().save(*args, **kwargs)
        if not adding:
            # Its statements store its date and title (services/shown.py); a new article has none yet.
            from negotiations.services.shown import refresh_shown

            refresh_shown(articles=[self.pk])


class ArticleNames(models.Model):
    """The organisations and places spaCy's entity recogniser finds in an article's text.

    Computed once per article (the text never changes) by services/unknown.py, which compares
    them with the setup's current aliases on every read: `names` is a list of
    [text, label, sentence], one per mention.
    """

    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True, related_name="found_names")
    names = models.JSONField(default=list)

    class Meta:
        verbose_name_plural = "article names"

    def __str__(self) -> str:
        return f"names of article {self.article_id}"


class StatementQuerySet(models.QuerySet):
    def visible(self):
        """What readers see: everything but statements a person rejected."""
        return self.exclude(annotation__status=StatementAnnotation.Status.REJECTED)

    def _related(self):
        return self.select_related(
            "article",
            "actor",
            "party",
            "annotation",
            "annotation__actor",
            "annotation__party",
            "annotation__updated_by",
            "proposal",
            "annotation__proposal",
            "reported_party",
            "annotation__reported_party",
        )

    def with_shown_speaker(self):
        """`shown_speaker`: the speaker readers see, a person's, else the extractor's (as
        `Statement.effective` decides), for pages that show it without loading the annotation."""
        return self.annotate(shown_speaker=Coalesce("annotation__speaker", "speaker"))

    def for_display(self):
        """Ready for `.effective` on a reader's page: the issues come from the stored ShownIssue
        rows, so the page makes the same queries whatever its statements hold."""
        return self._related().prefetch_related("shown_issues")

    def for_rules(self):
        """Ready for `.effective` computed from the extractor's and the person's own rows, as the
        positions' and answers' rules read them inside a write, before the stored values move."""
        return self._related().prefetch_related("issues", "annotation__issues")


class Stance(models.TextChoices):
    """The speaker's attitude toward what a statement is about (GUIDELINES.md, last section)."""

    DEMANDS = "demands", "Demands"
    SUPPORTS = "supports", "Supports"
    ACCEPTS = "accepts", "Accepts"
    CONDITIONAL = "conditional", "Accepts with conditions"
    REJECTS = "rejects", "Rejects"
    OPPOSES = "opposes", "Opposes"
    ACCUSES = "accuses", "Accuses"
    NEUTRAL = "neutral", "Neutral"


class Statement(models.Model):
    """One attributed claim, as the extractor found it (or a person added it)."""

    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct quote"
        INDIRECT = "indirect", "Reported speech"

    class Origin(models.TextChoices):
        EXTRACTED = "extracted", "Extracted"
        MANUAL = "manual", "Added by hand"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="statements")
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.EXTRACTED)
    start = models.PositiveIntegerField(help_text="Offset of the text in the article's text.")
    end = models.PositiveIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    cue = models.CharField(max_length=100, blank=True)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    # The extraction rule that took the sentence for a statement (negotiations/extraction/frames.py):
    # an analyst sees why Parley read a statement there. "" for statements people added.
    rule = models.CharField(max_length=40, blank=True)
    speaker_text = models.CharField(max_length=300, blank=True, help_text="The speaker as the article names it.")
    speaker = models.CharField(max_length=300, blank=True, help_text="The speaker at its most complete.")
    actor = models.ForeignKey(Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements")
    party = models.ForeignKey(Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements")
    anonymous = models.BooleanField(default=False)
    said_on = models.DateField(null=True, blank=True)
    said_on_text = models.CharField(max_length=100, blank=True, help_text="The words that fixed the day.")
    issues = models.ManyToManyField(Issue, blank=True, related_name="statements")
    # The issues readers see (a person's when they set them, else the extractor's), kept by
    # services/shown.py in ShownIssue's table: a page of statements reads them in one query,
    # whether or not any of them is annotated. Never written through this relation.
    shown_issues = models.ManyToManyField(Issue, through="ShownIssue", related_name="+", editable=False)
    confidence = models.FloatField(default=0.0)
    stance = models.CharField(max_length=20, choices=Stance.choices, default=Stance.NEUTRAL)
    # The name of an issue, a proposal or a party (for accusations); "" for none. A name rather
    # than a key: the setup matches everything by name, and the export writes names.
    target = models.CharField(max_length=300, blank=True)
    proposal = models.ForeignKey(Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements")
    stance_confidence = models.FloatField(default=0.0)
    # Another party's stance that the content reports: "Israel had accepted the U.S. proposal".
    reported_party = models.ForeignKey(Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reported_stance = models.CharField(max_length=20, choices=Stance.choices, blank=True)
    reported_target = models.CharField(max_length=300, blank=True)
    # Set when a re-extraction no longer finds a statement that a person annotated: it is kept
    # for their sake, and flagged so that they can look again.
    extractor_missing = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What readers see, stored so that the timeline filters and sorts in an index: written only by
    # services/shown.py (see its invariant), from the fields above, the article and the annotation.
    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.CASCADE, null=True, editable=False, related_name="+", db_index=False
    )
    article_published = models.DateField(null=True, editable=False)
    hidden = models.BooleanField(default=False, editable=False)
    shown_day = models.DateField(null=True, editable=False)
    shown_party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, editable=False, related_name="+", db_index=False
    )
    shown_actor = models.ForeignKey(
        Actor, on_delete=models.SET_NULL, null=True, editable=False, related_name="+", db_index=False
    )
    shown_proposal = models.ForeignKey(
        Proposal, on_delete=models.SET_NULL, null=True, editable=False, related_name="+", db_index=False
    )
    shown_kind = models.CharField(max_length=20, blank=True, editable=False)
    shown_stance = models.CharField(max_length=20, blank=True, editable=False)
    # A person confirmed it or set its stance or its reported stance (review.checked_by_person):
    # the review queue leaves it out. Never NULL (shown.py writes FALSE): nullable with a database
    # default only so that SQLite adds the column without rebuilding the table, which would
    # recreate the PostgreSQL-only indexes of the model's state (NULLS LAST).
    checked = models.BooleanField(null=True, db_default=Value(False), editable=False)

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start", "id"]
        indexes = [
            models.Index(fields=["article", "start"]),
            models.Index(fields=["said_on"]),
            # The timeline's two orders (services/timeline.py), so that a page is read from the
            # index instead of sorting every statement of the negotiation.
            models.Index(
                "negotiation",
                "hidden",
                F("shown_day").desc(nulls_last=True),
                F("article_published").desc(nulls_last=True),
                F("article").desc(),
                "start",
                "id",
                name="statement_timeline_newest",
            ),
            models.Index(
                "negotiation",
                "hidden",
                F("shown_day").asc(nulls_last=True),
                F("article_published").asc(nulls_last=True),
                "article",
                "start",
                "id",
                name="statement_timeline_oldest",
            ),
            # Counting a filtered timeline (its pages, its chart) without reading every statement.
            models.Index(fields=["negotiation", "hidden", "shown_party", "shown_day"], name="statement_shown_party"),
            models.Index(
                fields=["negotiation", "hidden", "shown_stance", "shown_day", "shown_party"],
                name="statement_shown_stance",
            ),
            models.Index(fields=["negotiation", "shown_proposal"], name="statement_shown_proposal"),
            models.Index(fields=["negotiation", "shown_actor"], name="statement_shown_actor"),
            # The review queue's unclear statements, visible and unchecked, in its order
            # (services/review.py): a page is read from the index, and their count from the index
            # alone.
            models.Index(
                "negotiation",
                "stance_confidence",
                F("shown_day").desc(nulls_last=True),
                F("article").desc(),
                F("start").desc(),
                F("id").desc(),
                condition=Q(hidden=False, checked=False),
                name="statement_review",
            ),
            # The statements read the same way as one a person corrected (review.same_reading):
            # the first of them in the offer's order, and their count, from the index.
            models.Index(
                "negotiation",
                "rule",
                Upper("cue"),
                "stance",
                "article_published",
                "article",
                "start",
                "id",
                condition=Q(hidden=False, checked=False),
                name="statement_same_reading",
            ),
            # The visible statements per proposal (proposals.statement_counts), read from the
            # index alone: without it, a scan of the negotiation's statements.
            models.Index(
                fields=["negotiation", "shown_proposal"],
                condition=Q(hidden=False, shown_proposal__isnull=False),
                name="statement_proposal_counts",
            ),
        ]
        # Held by the `annotators` group (migration 0002): correcting statements is a role,
        # not something every account may do.
        permissions = [("annotate_statement", "Can correct, confirm, reject and add statements")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="statement_span_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker or '?'}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from negotiations.services.shown import refresh_shown

        refresh_shown(statements=Statement.objects.filter(pk=self.pk))

    @property
    def annotation_or_none(self) -> StatementAnnotation | None:
        try:
            return self.annotation
        except StatementAnnotation.DoesNotExist:
            return None

    @property
    def effective(self) -> EffectiveStatement:
        """The statement as readers see it: a person's values win over the extractor's."""
        note = self.annotation_or_none
        shown = getattr(self, "_prefetched_objects_cache", {}).get("shown_issues")
        issues = list(shown) if shown is not None else list(self.issues.all())
        values = EffectiveStatement(
            speaker=self.speaker,
            actor=self.actor,
            party=self.party,
            anonymous=self.anonymous,
            said_on=self.said_on,
            kind=self.kind,
            issues=issues,
            stance=self.stance,
            target=self.target,
            proposal=self.proposal,
            reported_party=self.reported_party,
            reported_stance=self.reported_stance,
            reported_target=self.reported_target,
            status=StatementAnnotation.Status.UNREVIEWED,
            note="",
            annotated=False,
        )
        if note is None:
            return values
        if note.speaker is not None:
            values.speaker = note.speaker
        if note.actor_set:
            values.actor = note.actor
        if note.party_set:
            values.party = note.party
        if note.anonymous is not None:
            values.anonymous = note.anonymous
        if note.said_on_set:
            values.said_on = note.said_on
        if note.kind:
            values.kind = note.kind
        if note.issues_set and shown is None:
            values.issues = list(note.issues.all())
        if note.stance:
            values.stance = note.stance
            values.stance_by_person = True
        if note.target is not None:
            values.target = note.target
        if note.proposal_set:
            values.proposal = note.proposal
        if note.reported_party_set:
            values.reported_party = note.reported_party
        if note.reported_stance is not None:
            values.reported_stance = note.reported_stance
            values.reported_stance_by_person = True
        if note.reported_target is not None:
            values.reported_target = note.reported_target
        values.status = note.status
        values.note = note.note
        values.annotated = note.is_annotated
        return values


@dataclass
class EffectiveStatement:
    speaker: str
    actor: Actor | None
    party: Party | None
    anonymous: bool
    said_on: date | None
    kind: str
    issues: list[Issue]
    stance: str
    target: str
    proposal: Proposal | None
    # Another party's stance the content reports ("" for none): Statement.reported_*, or a person's.
    reported_party: Party | None
    reported_stance: str
    reported_target: str
    status: str
    note: str
    annotated: bool
    stance_by_person: bool = False  # a person set the stance: it is never "unclear"
    reported_stance_by_person: bool = False  # a person set (or deleted) the reported stance


class StatementAnnotation(models.Model):
    """A person's layer over one statement. Extraction never writes here.

    A null value (or a false `*_set` flag, for fields where "none" is itself an answer) means
    "not set by a person": the extractor's value shows through.
    """

    class Status(models.TextChoices):
        UNREVIEWED = "unreviewed", "Unreviewed"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected (not a statement)"

    statement = models.OneToOneField(Statement, on_delete=models.CASCADE, related_name="annotation")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UNREVIEWED)
    speaker = models.CharField(max_length=300, null=True, blank=True)
    actor = models.ForeignKey(Actor, on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    actor_set = models.BooleanField(default=False)
    party = models.ForeignKey(Party, on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    party_set = models.BooleanField(default=False)
    anonymous = models.BooleanField(null=True, blank=True)
    said_on = models.DateField(null=True, blank=True)
    said_on_set = models.BooleanField(default=False)
    kind = models.CharField(max_length=20, choices=Statement.Kind.choices, blank=True)
    issues = models.ManyToManyField(Issue, blank=True, related_name="+", through="AnnotationIssue")
    issues_set = models.BooleanField(default=False)
    stance = models.CharField(max_length=20, choices=Stance.choices, blank=True)
    target = models.CharField(max_length=300, null=True, blank=True)
    proposal = models.ForeignKey(Proposal, on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    proposal_set = models.BooleanField(default=False)
    # The reported stance, corrected: "" in reported_stance is a person deleting it (None: not set).
    reported_party = models.ForeignKey(Party, on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    reported_party_set = models.BooleanField(default=False)
    reported_stance = models.CharField(max_length=20, choices=Stance.choices, null=True, blank=True)
    reported_target = models.CharField(max_length=300, null=True, blank=True)
    note = models.TextField(blank=True)
    # Bumped on every change: an edit made against an older version is a conflict.
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"annotation of {self.statement_id} ({self.status})"

    # What readers see changes with the annotation: the statement's stored values follow
    # (services/shown.py).
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._refresh_statement()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._refresh_statement()
        return result

    def _refresh_statement(self) -> None:
        from negotiations.services.shown import refresh_shown

        refresh_shown(statements=Statement.objects.filter(pk=self.statement_id))

    @property
    def is_annotated(self) -> bool:
        """True when a person corrected or confirmed the statement (formats.md: `annotated`)."""
        return (
            self.status != self.Status.UNREVIEWED
            or self.speaker is not None
            or self.actor_set
            or self.party_set
            or self.anonymous is not None
            or self.said_on_set
            or bool(self.kind)
            or self.issues_set
            or bool(self.stance)
            or self.target is not None
            or self.proposal_set
            or self.reported_party_set
            or self.reported_stance is not None
            or self.reported_target is not None
        )


class AnnotationIssue(models.Model):
    """The issues a person set on a statement: StatementAnnotation.issues's table, with its
    default name and columns, spelled out so that deleting an issue a person chose is refused
    (RESTRICT) instead of silently taking it out of their correction."""

    statementannotation = models.ForeignKey(StatementAnnotation, on_delete=models.CASCADE)
    issue = models.ForeignKey(Issue, on_delete=models.RESTRICT)

    class Meta:
        db_table = "negotiations_statementannotation_issues"
        # As Django made it for the implicit table.
        unique_together = [("statementannotation", "issue")]

    def __str__(self) -> str:
        return f"issue {self.issue_id} of annotation {self.statementannotation_id}"


class AnnotationRevision(models.Model):
    """One change a person made: who, when, which field, the value before and after."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="revisions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    field = models.CharField(max_length=50)
    # The annotation version this change made: a conflict shows the revisions after the
    # version the person saw.
    version = models.PositiveIntegerField(default=0)
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["statement", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value!r} -> {self.new_value!r}"


class Source(models.Model):
    """A news feed (RSS or Atom) that a negotiation follows; services/following.py polls it.

    An entry is taken only when its title or text in the feed contains one of the keywords (any
    case); no keywords takes every entry. With `full_pages`, the article is the entry's web page,
    fetched when the batch runs; else the entry's title and text in the feed.
    """

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField(max_length=2000)
    keywords = models.TextField(blank=True, help_text="One a line, or separated by commas.")
    full_pages = models.BooleanField(
        default=True,
        help_text="Fetch each matching entry's web page for the whole article, rather than taking the feed's "
        "text (most feeds carry a summary only).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["negotiation", "url"]
        constraints = [models.UniqueConstraint(fields=["negotiation", "url"], name="source_unique_url")]

    def __str__(self) -> str:
        return self.url

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for line in self.keywords.splitlines() for word in line.split(",") if word.strip()]


class ImportBatchQuerySet(models.QuerySet):
    def with_counts(self):
        """Each batch with how many of its items are done, new, skipped and failed (one query)."""
        items = "items__status"
        return self.annotate(
            done=models.Count("items", filter=~Q(**{items: ImportItem.Status.PENDING})),
            new=models.Count("items", filter=Q(**{items: ImportItem.Status.NEW})),
            skipped=models.Count("items", filter=Q(**{items: ImportItem.Status.SKIPPED})),
            failed=models.Count("items", filter=Q(**{items: ImportItem.Status.FAILED})),
        )


class ImportBatch(models.Model):
    """Articles submitted together (from the "Add articles" page or one poll of a source).

    Its items are stored when it is created; the task that runs it (negotiations/tasks.py)
    takes the items still pending in order and stores each in its own transaction together
    with the item's outcome, so a batch whose worker died is finished by running it again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="import_batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    source = models.ForeignKey(Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="batches")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"batch {self.pk} of {self.negotiation}"

    def get_absolute_url(self) -> str:
        return reverse("batch_detail", args=[self.negotiation.slug, self.pk])


class ImportItem(models.Model):
    """One article of a batch: what was read (or the URL to fetch), then what became of it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        NEW = "new", "New"
        SKIPPED = "skipped", "Already stored"
        FAILED = "failed", "Failed"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    # Names the item in messages: "talks.jsonl:3", "page.html", a URL, "pasted text".
    where = models.CharField(max_length=2000)
    # The line of a JSON Lines file the item came from; None for whole files, URLs and text.
    line = models.PositiveIntegerField(null=True, blank=True)
    # The article as read (services/imports.py), or None when it is still to be fetched from fetch_url.
    payload = models.JSONField(null=True, blank=True)
    fetch_url = models.URLField(max_length=2000, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    message = models.TextField(blank=True)
    article = models.ForeignKey(Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "position"]
        constraints = [models.UniqueConstraint(fields=["batch", "position"], name="import_item_unique_position")]

    def __str__(self) -> str:
        return self.where


class SourcePoll(models.Model):
    """One poll of a source: when, how many entries matched, and what went wrong."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="polls")
    batch = models.OneToOneField(ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="poll")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    entries = models.PositiveIntegerField(default=0)  # in the feed
    matched = models.PositiveIntegerField(default=0)  # with a keyword, and not stored yet
    new = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)  # the feed itself could not be read

    class Meta:
        ordering = ["source", "-started_at", "-id"]

    def __str__(self) -> str:
        return f"poll of {self.source} at {self.started_at:%Y-%m-%d %H:%M}"


class Placement(models.Model):
    """One statement placing one party on one issue (a stance) or one proposal (an answer).

    The stored form of services/positions.py's Evidence and services/proposals.py's Claim, with
    the state of its cell (party x issue, or party x proposal) as of this row, so that the grid,
    its "as of" replay and the matrix read a few rows instead of every statement. Derived data:
    services/placements.py alone writes it, and keeps it equal to what it computes from the
    statements as readers see them (see its docstring for the invariants).
    """

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="+")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="placements")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    stance = models.CharField(max_length=20, choices=Stance.choices)
    answer = models.CharField(max_length=20, blank=True)  # a proposal's: accepted, conditional, rejected, disputed
    reported = models.BooleanField(default=False)  # someone else's account of the party's stance
    # 1.0 when a person set or confirmed the stance, else the extractor's stance_confidence: the
    # row is clear when it reaches PARLEY_STANCE_THRESHOLD, a setting that may change any day.
    certainty = models.FloatField(default=1.0)
    day = models.DateField(null=True, blank=True)  # said on, else the article's date
    dated = models.BooleanField(default=False)  # the day is the statement's own
    # The rest of Evidence.sort_key: the article's date, the article, the offset.
    published = models.DateField(null=True, blank=True)
    article_pk = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    # The cell as of this row, over its whole history (oldest first, numbered from 0) ...
    seq = models.PositiveIntegerField(default=0)
    head = models.BooleanField(default=False)  # the last row of its cell
    latest = models.BooleanField(default=False)  # the row whose stance or answer the cell shows
    changed_from = models.CharField(max_length=20, blank=True)  # the stance before, when this row changed it
    before_statement_pk = models.PositiveIntegerField(null=True, blank=True)  # the row before, when it changed
    before_day = models.DateField(null=True, blank=True)
    changes = models.PositiveIntegerField(default=0)
    run_length = models.PositiveIntegerField(default=0)  # rows with this stance up to here, unbroken
    run_since = models.DateField(null=True, blank=True)
    run_certainty = models.FloatField(default=0.0)  # the most certain row in that run
    # ... and over the rows with a day only, which is what an "as of" replay sees (null when undated).
    dated_seq = models.PositiveIntegerField(null=True, blank=True)
    dated_changed_from = models.CharField(max_length=20, blank=True)
    dated_changes = models.PositiveIntegerField(null=True, blank=True)
    dated_run_length = models.PositiveIntegerField(null=True, blank=True)
    dated_run_since = models.DateField(null=True, blank=True)
    dated_run_certainty = models.FloatField(null=True, blank=True)
    # A proposal cell's, on its head row: claims that contradict each other, and how certain the
    # claims behind its answer are.
    contradictions = models.PositiveIntegerField(default=0)
    answer_certainty = models.FloatField(default=1.0)  # the most certain claim of the answer shown

    class Meta:
        ordering = ["party_id", "issue_id", "proposal_id", "seq"]  # ids: ordering by a relation joins its table
        indexes = [
            models.Index(fields=["party", "issue", "seq"], name="placement_issue_cell"),
            models.Index(fields=["party", "proposal", "seq"], name="placement_proposal_cell"),
            models.Index(fields=["party", "issue", "day", "dated_seq"], name="placement_as_of"),
            # A run as of a day, by number (reports.current_runs).
            models.Index(fields=["party", "issue", "dated_seq"], name="placement_dated_cell"),
            models.Index(fields=["negotiation", "head"], name="placement_head"),
            # The proposals matrix's rows (proposals.proposal_matrix): each cell's head and answer.
            models.Index(
                fields=["negotiation"],
                condition=Q(proposal__isnull=False) & (Q(head=True) | Q(latest=True)),
                name="placement_matrix",
            ),
            # Changes of position: the feeds' newest first, the grid's days of change.
            models.Index(
                fields=["negotiation", "-statement"],
                condition=Q(issue__isnull=False) & ~Q(changed_from=""),
                name="placement_change_arrival",
            ),
            models.Index(
                fields=["negotiation", "day"],
                condition=Q(issue__isnull=False) & ~Q(changed_from=""),
                name="placement_change_day",
            ),
        ]

    def __str__(self) -> str:
        target = f"issue {self.issue_id}" if self.issue_id else f"proposal {self.proposal_id}"
        return f"statement {self.statement_id}: party {self.party_id} {self.stance} on {target} (#{self.seq})"


class ShownDayCount(models.Model):
    """How many of a negotiation's statements readers see on a day for a party: the timeline's
    chart and count without reading every statement (services/day_counts.py).

    Written by database triggers on the statement table (migration 0016), from the stored values
    of services/shown.py only (`negotiation`, `hidden`, `shown_day`, `shown_party`), so that every
    write whatever its path (the ORM, bulk updates, deletions and their cascades, a party's
    deletion setting `shown_party` to NULL) moves the counts in its own transaction.
    Invariant: the rows of a negotiation are what `rebuild_day_counts` computes, and none is 0.
    """

    # Deleted by the database after the statements, whose deletion the triggers count first.
    negotiation = models.ForeignKey(Negotiation, on_delete=models.DB_CASCADE, related_name="+", db_index=False)
    hidden = models.BooleanField()
    day = models.DateField(null=True)
    # A party's deletion sets its statements' `shown_party` to NULL first, which moves its counts
    # to "no party": none is left to cascade, and no constraint is needed.
    party = models.ForeignKey(
        Party, on_delete=models.DO_NOTHING, null=True, related_name="+", db_index=False, db_constraint=False
    )
    count = models.IntegerField()

    class Meta:
        constraints = [
            # The triggers' ON CONFLICT target (NULL day and party are keys too): keep the same
            # expressions there.
            models.UniqueConstraint(
                "negotiation",
                "hidden",
                Coalesce("day", Value(date(1, 1, 1)), output_field=models.DateField()),
                Coalesce("party", Value(0)),
                name="shown_day_count_key",
            ),
        ]
        # The triggers delete the rows a write brought to 0 (WHERE count = 0): found here.
        indexes = [models.Index(fields=["id"], condition=Q(count=0), name="shown_day_count_zero")]

    def __str__(self) -> str:
        return f"{self.day}: party {self.party_id}: {self.count}{' hidden' if self.hidden else ''}"


class ShownIssue(models.Model):
    """An issue a statement is about as readers see it (the person's issues when they set them,
    else the extractor's), with the statement's stored timeline values: the timeline filtered by
    an issue finds its statements, and counts them per day and party, in an index.

    Written only by services/shown.py (`refresh_shown`), with the statement's other stored
    values; its invariant holds here too: the rows are what the rebuild computes.
    """

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+", db_index=False)
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="+", db_index=False)
    # The statement's stored values (services/shown.py), for the issue's chart.
    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="+", db_index=False)
    hidden = models.BooleanField()
    shown_day = models.DateField(null=True)
    shown_party = models.ForeignKey(Party, on_delete=models.SET_NULL, null=True, related_name="+", db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["statement", "issue"], name="shown_issue_once")]
        indexes = [
            # A timeline filtered by issue: its counts per day and party, from the index alone.
            models.Index(
                fields=["negotiation", "issue", "hidden", "shown_party", "shown_day"], name="shown_issue_counts"
            ),
        ]

    def __str__(self) -> str:
        return f"statement {self.statement_id}: issue {self.issue_id}"
