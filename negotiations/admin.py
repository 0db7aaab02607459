"""The admin: a fallback to look at and fix any row.

Setup data (parties, actors, issues, proposals, aliases) is normally loaded from the setup file;
here it stays reachable. Hand annotations and their log are only shown here: they are made on the
annotation pages, which version and log them. So are batches and polls, written by the worker;
a followed feed can be changed or removed here.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import flatten
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from .models import (
    Actor,
    Alias,
    AnnotationRevision,
    Article,
    ImportBatch,
    ImportItem,
    Issue,
    Negotiation,
    Party,
    Proposal,
    SetupChange,
    Source,
    SourcePoll,
    Statement,
    StatementAnnotation,
)


class AliasInline(admin.TabularInline):
    model = Alias
    fields = ["text"]
    extra = 1


def _alias_inline(target: str) -> type[AliasInline]:
    return type(f"{target.title()}AliasInline", (AliasInline,), {"fk_name": target})


class _SetsAliasNegotiation(admin.ModelAdmin):
    """Aliases carry their negotiation: take it from the thing they name, so nobody has to pick it."""

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for instance in instances:
            if isinstance(instance, Alias):
                instance.negotiation_id = form.instance.negotiation_id
            instance.save()
        formset.save_m2m()


def _parent_id(request: HttpRequest) -> str | None:
    """The id of the object whose change page this is, to limit choices to its negotiation."""
    match = request.resolver_match
    return match.kwargs.get("object_id") if match else None


class PartyInline(admin.TabularInline):
    model = Party
    fields = ["name", "kind", "position"]
    extra = 0


class IssueInline(admin.TabularInline):
    model = Issue
    fields = ["name", "description", "position"]
    extra = 0


class ProposalInline(admin.TabularInline):
    model = Proposal
    fields = ["name", "party", "date", "origin"]
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "party":
            kwargs["queryset"] = Party.objects.filter(negotiation_id=_parent_id(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Negotiation)
class NegotiationAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "article_count", "updated_at"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [PartyInline, IssueInline, ProposalInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Negotiation]:
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj: Negotiation) -> int:
        return obj.article_count


@admin.register(Party)
class PartyAdmin(_SetsAliasNegotiation):
    list_display = ["name", "kind", "negotiation", "position"]
    list_filter = ["negotiation", "kind"]
    list_select_related = ["negotiation"]
    search_fields = ["name", "aliases__text"]
    inlines = [_alias_inline("party")]


@admin.register(Actor)
class ActorAdmin(_SetsAliasNegotiation):
    list_display = ["name", "title", "party", "negotiation"]
    list_filter = ["negotiation", ("party", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["negotiation", "party"]
    search_fields = ["name", "title", "aliases__text"]
    autocomplete_fields = ["party"]
    inlines = [_alias_inline("actor")]


@admin.register(Issue)
class IssueAdmin(_SetsAliasNegotiation):
    list_display = ["name", "negotiation", "position"]
    list_filter = ["negotiation"]
    list_select_related = ["negotiation"]
    search_fields = ["name", "description", "aliases__text"]
    inlines = [_alias_inline("issue")]


@admin.register(Proposal)
class ProposalAdmin(_SetsAliasNegotiation):
    list_display = ["name", "party", "date", "origin", "negotiation"]
    list_filter = ["negotiation", "origin"]
    list_select_related = ["negotiation", "party"]
    search_fields = ["name", "aliases__text"]
    autocomplete_fields = ["party"]
    date_hierarchy = "date"
    inlines = [_alias_inline("proposal")]


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ["text", "target", "negotiation"]
    list_filter = ["negotiation"]
    list_select_related = ["negotiation", "party", "actor", "issue", "proposal"]
    search_fields = ["text"]
    autocomplete_fields = ["party", "actor", "issue", "proposal"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "published", "negotiation", "statement_count", "extracted_at"]
    list_filter = ["negotiation", "source", "published"]
    list_select_related = ["negotiation"]
    search_fields = ["title", "url", "source", "text", "external_id"]
    date_hierarchy = "published"
    readonly_fields = ["content_hash", "ingested_at", "extracted_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).annotate(statement_count=Count("statements"))

    @admin.display(description="statements", ordering="statement_count")
    def statement_count(self, obj: Article) -> int:
        return obj.statement_count


class AnnotationStatusFilter(admin.SimpleListFilter):
    """By a person's verdict; a statement nobody opened has no annotation row but is unreviewed."""

    title = "annotation status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return StatementAnnotation.Status.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == StatementAnnotation.Status.UNREVIEWED:
            return queryset.filter(Q(annotation__isnull=True) | Q(annotation__status=value))
        if value:
            return queryset.filter(annotation__status=value)
        return queryset


# People's corrections are made on the annotation pages (services/annotation.py), which check the
# version the person saw and log every change. An edit here would do neither, so the admin only shows them.
ANNOTATIONS_READ_ONLY = (
    "Read-only: corrections are made on the statement's annotation page, so that each one is versioned and logged."
)
ANNOTATION_FIELDS = [
    "status",
    ("speaker", "anonymous", "kind"),
    ("actor", "actor_set"),
    ("party", "party_set"),
    ("said_on", "said_on_set"),
    ("issues", "issues_set"),
    ("stance", "target"),
    ("proposal", "proposal_set"),
    "note",
    ("version", "updated_by", "updated_at"),
]


class _ReadOnly:
    """Viewable by staff, never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class StatementAnnotationInline(_ReadOnly, admin.StackedInline):
    model = StatementAnnotation
    fieldsets = [(None, {"description": ANNOTATIONS_READ_ONLY, "fields": ANNOTATION_FIELDS})]
    readonly_fields = flatten(ANNOTATION_FIELDS)
    can_delete = False


class AnnotationRevisionInline(_ReadOnly, admin.TabularInline):
    """The log of what people changed: written by the annotation pages, never edited."""

    model = AnnotationRevision
    fields = ["created_at", "user", "field", "old_value", "new_value"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["speaker", "party", "kind", "said_on", "stance", "article", "short_text", "annotation_status"]
    list_filter = [
        ("article__negotiation", admin.RelatedOnlyFieldListFilter),
        ("party", admin.RelatedOnlyFieldListFilter),
        "kind",
        "stance",
        "anonymous",
        "origin",
        "extractor_missing",
        AnnotationStatusFilter,
    ]
    list_select_related = ["article", "party", "annotation"]
    search_fields = ["text", "speaker", "speaker_text", "cue"]
    raw_id_fields = ["article"]
    autocomplete_fields = ["actor", "party", "issues", "proposal", "reported_party"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (
            "What the extractor found",
            {
                "description": ("A re-extraction rewrites these: correct a statement on its annotation page instead."),
                "fields": [
                    "article",
                    "origin",
                    ("start", "end"),
                    "text",
                    ("kind", "cue", "cue_start", "rule"),
                    ("speaker_text", "speaker", "anonymous"),
                    ("actor", "party"),
                    ("said_on", "said_on_text"),
                    "issues",
                    ("stance", "target", "proposal", "stance_confidence"),
                    ("reported_party", "reported_stance", "reported_target"),
                    ("confidence", "extractor_missing"),
                    ("created_at", "updated_at"),
                ],
            },
        ),
    ]
    inlines = [StatementAnnotationInline, AnnotationRevisionInline]

    @admin.display(description="text")
    def short_text(self, obj: Statement) -> str:
        return obj.text if len(obj.text) <= 80 else obj.text[:79] + "…"

    @admin.display(description="status", ordering="annotation__status")
    def annotation_status(self, obj: Statement) -> str:
        annotation = obj.annotation_or_none
        return annotation.get_status_display() if annotation else StatementAnnotation.Status.UNREVIEWED.label


@admin.register(StatementAnnotation)
class StatementAnnotationAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["statement", "status", "updated_by", "updated_at", "version"]
    list_filter = ["status", ("statement__article__negotiation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["statement", "updated_by"]
    search_fields = ["statement__text", "statement__speaker", "note"]
    fieldsets = [(None, {"description": ANNOTATIONS_READ_ONLY, "fields": ["statement", *ANNOTATION_FIELDS]})]
    readonly_fields = ["statement", *flatten(ANNOTATION_FIELDS)]


@admin.register(AnnotationRevision)
class AnnotationRevisionAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["statement", "field", "old_value", "new_value", "user", "created_at"]
    list_filter = ["field", ("statement__article__negotiation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["statement", "user"]
    search_fields = ["statement__text", "field"]
    date_hierarchy = "created_at"
    fields = ["statement", "created_at", "user", "field", "old_value", "new_value"]
    readonly_fields = fields


class SourcePollInline(_ReadOnly, admin.TabularInline):
    model = SourcePoll
    fields = ["started_at", "finished_at", "entries", "matched", "new", "failed", "error", "batch"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["url", "negotiation", "created_at"]
    list_select_related = ["negotiation"]
    list_filter = ["negotiation"]
    search_fields = ["url", "keywords"]
    inlines = [SourcePollInline]


class ImportItemInline(_ReadOnly, admin.TabularInline):
    model = ImportItem
    fields = ["position", "where", "line", "status", "message", "article", "done_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Written by the worker: looked at here, and deleted when old (their articles stay)."""

    list_display = ["__str__", "status", "total", "created_by", "source", "created_at"]
    list_select_related = ["negotiation", "created_by", "source"]
    list_filter = ["status", "negotiation"]
    readonly_fields = [
        "negotiation",
        "created_by",
        "source",
        "created_at",
        "started_at",
        "finished_at",
        "status",
        "total",
    ]
    inlines = [ImportItemInline]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SetupChange)
class SetupChangeAdmin(_ReadOnly, admin.ModelAdmin):
    """The log of the setup page and the unknown speakers page: made there, only shown here."""

    list_display = ["action", "negotiation", "user", "created_at", "status"]
    list_filter = ["status", ("negotiation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["negotiation", "user"]
    date_hierarchy = "created_at"
    fields = [
        "negotiation",
        "created_at",
        "user",
        "action",
        "summary",
        "article_ids",
        "status",
        "gained",
        "finished_at",
    ]
    readonly_fields = fields
