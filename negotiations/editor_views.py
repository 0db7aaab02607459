"""The editors' pages: creating a negotiation, its setup page (edit in place, YAML download and
upload), and its unknown speakers and names.

Every page here but the YAML download needs the `editors` role (decorators.editor_required).
Views parse the request, call one service, and render; every change goes through
services/setup.py, so the web and `load_negotiation` accept and refuse the same things.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from .decorators import editor_required
from .forms import (
    NegotiationCreateForm,
    SetupEditForm,
    SetupUploadForm,
    UnknownNameForm,
    UnknownSpeakerForm,
    setup_key,
)
from .models import Negotiation, Party
from .services.setup import (
    SetupError,
    do_create_negotiation,
    do_edit_setup,
    do_load_setup_text,
    negotiation_yaml,
    setup_data,
    setup_filename,
)
from .services.unknown import do_add_name_alias, do_assign_speaker, recent_outcomes, unknown_names, unknown_speakers
from .views import HtmxHttpRequest, wants_partial

SETUP_LOG_SIZE = 20
# The setup page's section a change lands back on.
SECTIONS = {"negotiation": "title", "party": "parties", "actor": "parties", "issue": "issues", "proposal": "proposals"}


# A setup file is a page of names; anything this big is not one.
UPLOAD_MAX_BYTES = 1_000_000


def read_upload(upload) -> str:
    if upload.size > UPLOAD_MAX_BYTES:
        problem = f"the file is {upload.size} bytes; a setup file is at most {UPLOAD_MAX_BYTES}"
        raise SetupError(f"{upload.name}:1: {problem}", problem)
    try:
        return upload.read().decode("utf-8")
    except UnicodeDecodeError as error:
        raise SetupError(f"{upload.name}:1: not UTF-8 text ({error.reason})", "not UTF-8 text") from error


# Creating a negotiation


@require_http_methods(["GET", "POST"])
@editor_required
def negotiation_create(request: HtmxHttpRequest) -> HttpResponse:
    form = NegotiationCreateForm(request.POST or None)
    error = None
    if request.method == "POST":
        try:
            if request.FILES.get("file"):
                upload = request.FILES["file"]
                change = do_load_setup_text(read_upload(upload), filename=upload.name, user=request.user)
            else:
                form.is_valid()
                change = do_create_negotiation(
                    slug=form.cleaned_data["slug"],
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    user=request.user,
                )
        except SetupError as problem:
            error = str(problem) if request.FILES.get("file") else problem.problem
        else:
            messages.success(request, f"Created “{change.negotiation.title}”. Now list its parties and issues.")
            return redirect("setup", change.negotiation.slug)
    context = {"form": form, "upload_form": SetupUploadForm(), "error": error}
    return render(request, "negotiations/negotiation_create.html", context, status=422 if error else 200)


# The setup page


def setup_rows(data: dict[str, Any], posted: SetupEditForm | None, error: str | None) -> dict[str, Any]:
    """What the setup page's forms show: the setup's values, except in the form that was just
    posted and refused, which keeps what the person typed and shows why it was refused."""
    failed_key = posted.key() if posted is not None else None

    def row(what: str, original: str | None, values: dict[str, Any], party: str = "") -> dict[str, Any]:
        key = setup_key(what, original, party)
        shown = {**values, "aliases": "\n".join(values.get("aliases", []))}
        if key == failed_key:
            shown.update({k: v for k, v in posted.data.items() if k != "csrfmiddlewaretoken"})
            shown["kind"] = posted.data.get("party_kind", shown.get("kind", ""))
            return {"key": key, "original": original or "", "values": shown, "error": error}
        return {"key": key, "original": original or "", "values": shown, "error": None}

    parties = []
    for position, party in enumerate(data["parties"]):
        item = row("party", party["name"], {"kind": Party.Kind.PARTY, **party})
        item["colour"] = f"party-{position % 8}"
        item["actors"] = [
            row("actor", actor["name"], {"title": "", **actor, "party": party["name"]})
            for actor in party.get("actors", [])
        ]
        item["new_actor"] = row("actor", None, {"party": party["name"]}, party=party["name"])
        parties.append(item)
    return {
        "negotiation": row("negotiation", None, {"title": data["title"], "description": data.get("description", "")}),
        "parties": parties,
        "new_party": row("party", None, {"kind": Party.Kind.PARTY}),
        "issues": [row("issue", issue["name"], issue) for issue in data["issues"]],
        "new_issue": row("issue", None, {}),
        "proposals": [
            row("proposal", p["name"], {**p, "date": p["date"].isoformat() if p.get("date") else ""})
            for p in data["proposals"]
        ],
        "new_proposal": row("proposal", None, {}),
        "party_names": [party["name"] for party in data["parties"]],
    }


def setup_page(
    request: HtmxHttpRequest,
    negotiation: Negotiation,
    *,
    posted: SetupEditForm | None = None,
    error: str | None = None,
    upload_error: str | None = None,
) -> HttpResponse:
    context = {
        "negotiation": negotiation,
        "rows": setup_rows(setup_data(negotiation), posted, error),
        "kinds": Party.Kind.choices,
        "upload_form": SetupUploadForm(),
        "upload_error": upload_error,
        "changes": negotiation.setup_changes.select_related("user")[:SETUP_LOG_SIZE],
        "filename": setup_filename(negotiation),
        "can_edit": True,
    }
    status = 422 if error or upload_error else 200
    return render(request, "negotiations/setup.html", context, status=status)


@require_GET
@editor_required
def setup(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    return setup_page(request, get_object_or_404(Negotiation, slug=slug))


@require_POST
@editor_required
def setup_edit(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    form = SetupEditForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Bad setup request.", status=400, content_type="text/plain")
    try:
        change = do_edit_setup(negotiation, form.edit(), user=request.user)
    except SetupError as problem:
        return setup_page(request, negotiation, posted=form, error=problem.problem)
    messages.success(request, f"{change.action}.")
    return redirect(reverse("setup", args=[slug]) + f"#{SECTIONS[form.cleaned_data['what']]}")


@require_GET
def setup_download(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    response = HttpResponse(negotiation_yaml(negotiation), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{setup_filename(negotiation)}"'
    return response


@require_POST
@editor_required
def setup_upload(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    form = SetupUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return setup_page(request, negotiation, upload_error="Choose a setup file to upload.")
    upload = form.cleaned_data["file"]
    try:
        change = do_load_setup_text(
            read_upload(upload), filename=upload.name, negotiation=negotiation, user=request.user
        )
    except SetupError as problem:
        return setup_page(request, negotiation, upload_error=str(problem))
    messages.success(request, f"{change.action}: {change.summary.splitlines()[0]}.")
    return redirect("setup", slug)


# Unknown speakers and names


@vary_on_headers("HX-Request")
@require_GET
@editor_required
def unknown(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    parties = list(negotiation.parties.all())
    if wants_partial(request) and request.htmx.target == "outcomes":
        # A queued re-extraction's link polls for only this part until the worker is done.
        context = {"negotiation": negotiation, "outcomes": recent_outcomes(negotiation, parties)}
        return render(request, "negotiations/unknown.html#outcomes", context)
    issues = list(negotiation.issues.all())
    context = {
        "negotiation": negotiation,
        "speakers": unknown_speakers(negotiation),
        "names": unknown_names(negotiation),
        "parties": parties,
        "issues": issues,
        "outcomes": recent_outcomes(negotiation, parties),
        "can_edit": True,
    }
    return render(request, "negotiations/unknown.html", context)


@require_POST
@editor_required
def unknown_speaker(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    form = UnknownSpeakerForm(request.POST, negotiation=negotiation)
    if not form.is_valid():
        messages.error(request, "Choose the party the speaker speaks for.")
        return redirect("unknown", slug)
    data = form.cleaned_data
    try:
        change = do_assign_speaker(
            negotiation, speaker=data["speaker"], party=data["party"], title=data["title"], user=request.user
        )
    except SetupError as problem:
        messages.error(request, f"{data['speaker']}: {problem.problem}")
        return redirect("unknown", slug)
    return redirect(reverse("unknown", args=[slug]) + f"#change-{change.pk}")


@require_POST
@editor_required
def unknown_name(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    form = UnknownNameForm(request.POST, negotiation=negotiation)
    if not form.is_valid():
        messages.error(request, "Choose the party or issue the name stands for.")
        return redirect("unknown", slug)
    data = form.cleaned_data
    try:
        change = do_add_name_alias(negotiation, name=data["name"], target=data["target"], user=request.user)
    except SetupError as problem:
        messages.error(request, f"{data['name']}: {problem.problem}")
        return redirect("unknown", slug)
    return redirect(reverse("unknown", args=[slug]) + f"#change-{change.pk}")


urlpatterns = [
    path("new/", negotiation_create, name="negotiation_create"),
    path("n/<slug:slug>/setup/", setup, name="setup"),
    path("n/<slug:slug>/setup/edit/", setup_edit, name="setup_edit"),
    path("n/<slug:slug>/setup/upload/", setup_upload, name="setup_upload"),
    path("n/<slug:slug>/setup.yaml", setup_download, name="setup_download"),
    path("n/<slug:slug>/unknown/", unknown, name="unknown"),
    path("n/<slug:slug>/unknown/speaker/", unknown_speaker, name="unknown_speaker"),
    path("n/<slug:slug>/unknown/name/", unknown_name, name="unknown_name"),
]
