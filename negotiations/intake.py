"""Pages where editors feed a negotiation articles: "Add articles", its batches, and the feeds it
follows. Editors only (`editor_required`: 403 for everyone else signed in).

The work runs in the worker (negotiations/tasks.py); these pages queue it and show how far it got.
A batch's page polls itself with htmx while the batch is not done.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from .decorators import editor_required
from .forms import AddArticlesForm, SourceForm
from .models import ImportBatch, Negotiation, Source, SourcePoll
from .services.following import SourceError, do_add_source
from .services.imports import NothingToImport, Pasted, Upload, do_create_import_batch
from .tasks import poll_source_task, run_import_batch_task
from .views import HtmxHttpRequest, wants_partial

RECENT_BATCHES = 50
RECENT_POLLS = 5


@require_http_methods(["GET", "POST"])
@editor_required
def articles_add(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    if request.method == "GET":
        form = AddArticlesForm()
    else:
        form = AddArticlesForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            pasted = Pasted(data["title"], data["text"], data["published"]) if data["title"] else None
            uploads = [Upload(upload.name, upload.read()) for upload in data["files"]]
            try:
                batch = do_create_import_batch(
                    negotiation, user=request.user, urls=data["urls"], uploads=uploads, pasted=pasted
                )
            except NothingToImport as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{batch.total} article{'s' if batch.total != 1 else ''} queued.")
                return redirect(batch.get_absolute_url())
    status = 422 if form.errors else 200
    return render(request, "negotiations/articles_add.html", {"negotiation": negotiation, "form": form}, status=status)


@editor_required
def batch_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    batches = (
        ImportBatch.objects.filter(negotiation=negotiation)
        .with_counts()
        .select_related("created_by", "source")
        # Meta.ordering does not apply to a query that groups (with_counts), so it is said here.
        .order_by("-created_at", "-id")[:RECENT_BATCHES]
    )
    return render(request, "negotiations/batch_list.html", {"negotiation": negotiation, "batches": batches})


@vary_on_headers("HX-Request")
@editor_required
def batch_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    batch = get_object_or_404(
        ImportBatch.objects.with_counts().select_related("negotiation", "created_by", "source"),
        pk=pk,
        negotiation__slug=slug,
    )
    context = {
        "negotiation": batch.negotiation,
        "batch": batch,
        "items": batch.items.select_related("article").order_by("position"),
    }
    if wants_partial(request) and request.htmx.target == "batch-progress":
        return render(request, "negotiations/batch_detail.html#progress", context)
    return render(request, "negotiations/batch_detail.html", context)


@require_POST
@editor_required
def batch_resume(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk, negotiation__slug=slug)
    if batch.status == ImportBatch.Status.DONE:
        messages.info(request, "This batch is done already.")
    else:
        # Safe beside a run still going: this one then leaves the batch to it on PostgreSQL; on SQLite
        # the database refuses a second copy of an article, and only a pending item takes an outcome
        # (services/imports.py).
        run_import_batch_task.enqueue(batch.pk)
        messages.success(request, "Queued again: the articles not stored yet will be.")
    return redirect(reverse("batch_detail", args=[slug, pk]))


def sources_page(request: HtmxHttpRequest, negotiation: Negotiation, form: SourceForm, status: int = 200):
    recent = SourcePoll.objects.order_by("-started_at", "-id")[:RECENT_POLLS]
    sources = negotiation.sources.prefetch_related(Prefetch("polls", queryset=recent, to_attr="recent_polls"))
    context = {"negotiation": negotiation, "sources": sources, "form": form}
    context["poll_minutes"] = settings.PARLEY_POLL_MINUTES
    return render(request, "negotiations/source_list.html", context, status=status)


@editor_required
def source_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    return sources_page(request, get_object_or_404(Negotiation, slug=slug), SourceForm())


@require_POST
@editor_required
def source_add(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    form = SourceForm(request.POST)
    if form.is_valid():
        try:
            data = form.cleaned_data
            source = do_add_source(
                negotiation, url=data["url"], keywords=data["keywords"], full_pages=data["full_pages"]
            )
        except SourceError as error:
            form.add_error("url", str(error))
        else:
            messages.success(request, f"Following {source.url}. The worker polls it; “Poll now” does it at once.")
            return redirect(reverse("source_list", args=[slug]) + f"#source-{source.pk}")
    return sources_page(request, negotiation, form, status=422)


@require_POST
@editor_required
def source_poll(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk, negotiation__slug=slug)
    poll_source_task.enqueue(source.pk)
    messages.success(request, f"Polling {source.url}: its entry below appears when the worker is done.")
    return redirect(reverse("source_list", args=[slug]) + f"#source-{source.pk}")


urlpatterns = [
    path("n/<slug:slug>/articles/add/", articles_add, name="articles_add"),
    path("n/<slug:slug>/batches/", batch_list, name="batch_list"),
    path("n/<slug:slug>/batches/<int:pk>/", batch_detail, name="batch_detail"),
    path("n/<slug:slug>/batches/<int:pk>/resume/", batch_resume, name="batch_resume"),
    path("n/<slug:slug>/sources/", source_list, name="source_list"),
    path("n/<slug:slug>/sources/add/", source_add, name="source_add"),
    path("n/<slug:slug>/sources/<int:pk>/poll/", source_poll, name="source_poll"),
]
