"""Pages. Views parse the request, call services/, and render; every page works without
JavaScript, and answers an htmx request with only the part it swaps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from .decorators import can_edit
from .forms import (
    AddProposalForm,
    AddStatementForm,
    AsOfForm,
    MergeProposalForm,
    ReviewChoices,
    SameStanceForm,
    StanceReviewForm,
    StatementEditForm,
    StatementStatusForm,
    TimelineFilterForm,
)
from .models import Article, Issue, Negotiation, Party, Proposal, ShownDayCount, Stance, Statement, StatementAnnotation
from .services import day_counts
from .services.annotation import (
    AnnotationConflict,
    AnnotationError,
    do_add_statement,
    do_annotate_statement,
    do_set_status,
    untouched_fields,
)
from .services.highlight import Span, highlight_runs
from .services.positions import cell_history, position_grid
from .services.proposals import ProposalError, answer_history, do_add_proposal, do_merge_proposals, proposal_matrix
from .services.review import do_apply_same_stance, review_item, review_queue, same_reading
from .services.timeline import (
    TimelineFilters,
    TimelinePaginator,
    UncountedPaginator,
    load_statements,
    matching_statements,
)
from .services.timeline_chart import SEARCH_COUNT_LIMIT, build_chart, counts_are_stored, timeline_counts
from .templatetags.parley import colour

ANNOTATE = "negotiations.annotate_statement"
TIMELINE_PAGE_SIZE = 40
ARTICLE_PAGE_SIZE = 50
REVIEW_PAGE_SIZE = 25
LATEST_ON_HOME = 6
REVIEW_MESSAGES = {
    StatementAnnotation.Status.CONFIRMED: "Confirmed.",
    StatementAnnotation.Status.REJECTED: "Rejected: hidden from the timeline.",
    StatementAnnotation.Status.UNREVIEWED: "Review undone.",
}


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def wants_partial(request: HtmxHttpRequest) -> bool:
    # A history restore asks for the whole page: htmx had nothing cached to put the part into.
    return bool(request.htmx) and not request.htmx.history_restore_request


def can_annotate(request: HttpRequest) -> bool:
    return request.user.is_authenticated and request.user.has_perm(ANNOTATE)


def visible_count(statements: str) -> Count:
    """Count the statements along the relation `statements`, leaving out those people rejected
    (their stored `hidden`, services/shown.py: no join with the annotations)."""
    return Count(statements, filter=Q(**{f"{statements}__hidden": False}))


def negotiation_list(request: HtmxHttpRequest) -> HttpResponse:
    # Articles counted on an index; statements from the counts stored per day and party
    # (services/day_counts.py): counting the statements themselves read all 500,000 of them.
    articles = Article.objects.filter(negotiation=OuterRef("pk")).order_by().values("negotiation")
    statements = ShownDayCount.objects.filter(negotiation=OuterRef("pk"), hidden=False).order_by().values("negotiation")
    negotiations = Negotiation.objects.annotate(
        article_count=Coalesce(Subquery(articles.annotate(n=Count("*")).values("n")), 0),
        statement_count=Coalesce(Subquery(statements.annotate(n=Sum("count")).values("n")), 0),
    )
    context = {"negotiations": negotiations, "can_edit": can_edit(request)}
    return render(request, "negotiations/negotiation_list.html", context)


def negotiation_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    # From the counts stored per day and party (services/day_counts.py): counting the statements'
    # stored `hidden` read 500,000 index entries. Only the few annotated statements are joined,
    # for the confirmed ones.
    counts = day_counts.totals(negotiation)
    counts["confirmed"] = StatementAnnotation.objects.filter(
        statement__negotiation=negotiation, status=StatementAnnotation.Status.CONFIRMED
    ).count()
    context = {
        "negotiation": negotiation,
        "parties": negotiation.parties.prefetch_related("actors"),
        "issues": negotiation.issues.all(),
        "proposals": negotiation.proposals.select_related("party"),
        "article_count": negotiation.articles.count(),
        "counts": counts,
        "latest": load_statements(
            matching_statements(negotiation, TimelineFilters()).values_list("pk", flat=True)[:LATEST_ON_HOME]
        ),
        "can_annotate": can_annotate(request),
        "can_edit": can_edit(request),
    }
    return render(request, "negotiations/negotiation_detail.html", context)


@vary_on_headers("HX-Request")
def timeline(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    parties = list(negotiation.parties.all())
    form = TimelineFilterForm.for_negotiation(request.GET, negotiation, parties)
    filters = form.filters()
    statements = matching_statements(negotiation, filters)
    more = wants_partial(request) and request.htmx.target == "load-more"
    # The chart's counts add up to the paginator's: one reading of the matches for both, or
    # none when the stored counts hold them. "More" has no chart: the paginator counts, unless
    # stored counts or a word search's capped counts serve.
    counted = not more or counts_are_stored(filters) or bool(filters.q.strip())
    counts = timeline_counts(negotiation, filters) if counted else None
    if counted and counts is None:  # a word search with more matches than it counts
        page = UncountedPaginator(statements, TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        total = None if counts is None else sum(c.count for c in counts)
        page = TimelinePaginator(statements, TIMELINE_PAGE_SIZE, count=total).get_page(request.GET.get("page"))
    context = {
        "negotiation": negotiation,
        "parties": parties,
        "form": form,
        "page": page,
        # The day the previous page ended on: a day that carries on needs no second heading.
        # None when not given, so that a first page starting undated ("") still gets its heading.
        "last_day": request.GET.get("last_day"),
        "can_annotate": can_annotate(request),
        "search_count_limit": f"{SEARCH_COUNT_LIMIT:,}",
    }
    if more:
        return render(request, "negotiations/timeline.html#page", context)
    context["chart"] = build_chart(counts, parties) if counts is not None else None
    if wants_partial(request) and request.htmx.target == "timeline-results":
        return render(request, "negotiations/timeline.html#results", context)
    return render(request, "negotiations/timeline.html", context)


@vary_on_headers("HX-Request")
def positions(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    form = AsOfForm(request.GET)
    grid = position_grid(negotiation, form.day())
    context = {"negotiation": negotiation, "form": form, "grid": grid}
    if wants_partial(request) and request.htmx.target == "grid":
        return render(request, "negotiations/positions.html#grid", context)
    return render(request, "negotiations/positions.html", context)


@vary_on_headers("HX-Request")
def position_cell(request: HtmxHttpRequest, slug: str, party_id: int, issue_id: int) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    party = get_object_or_404(Party, pk=party_id, negotiation=negotiation)
    issue = get_object_or_404(Issue, pk=issue_id, negotiation=negotiation)
    form = AsOfForm(request.GET)
    context = {
        "negotiation": negotiation,
        "party": party,
        "issue": issue,
        "form": form,
        "history": (history := cell_history(negotiation, party, issue, form.day(), request.GET.get("page"))),
        "position": history.position if history else None,
    }
    if wants_partial(request):
        return render(request, "negotiations/position_cell.html#history", context)
    return render(request, "negotiations/position_cell.html", context)


def proposal_list(request: HtmxHttpRequest, slug: str, add_form=None, status: int = 200) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    matrix = proposal_matrix(negotiation)
    allowed = can_annotate(request)
    context = {
        "negotiation": negotiation,
        "matrix": matrix,
        "can_annotate": allowed,
        "merge_forms": {
            row.proposal.pk: merge_form(row.proposal, [other.proposal for other in matrix.rows])
            for row in matrix.rows
            if allowed and row.proposal.origin != Proposal.Origin.SETUP
        },
        "add_form": add_form if add_form is not None else (new_proposal_form(negotiation, matrix) if allowed else None),
    }
    return render(request, "negotiations/proposal_list.html", context, status=status)


@vary_on_headers("HX-Request")
def proposal_cell(request: HtmxHttpRequest, slug: str, pk: int, party_id: int) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    proposal = get_object_or_404(Proposal.objects.select_related("party"), pk=pk, negotiation=negotiation)
    party = get_object_or_404(Party, pk=party_id, negotiation=negotiation)
    history = answer_history(proposal, party, request.GET.get("page"), request.GET.get("pairs"))
    context = {"negotiation": negotiation, "proposal": proposal, "party": party, "history": history}
    return render(request, "negotiations/proposal_cell.html", context)


def new_proposal_form(negotiation: Negotiation, matrix) -> AddProposalForm:
    form = AddProposalForm(negotiation=negotiation, prefix="new")
    # The matrix read the parties already; the field's queryset would read them again.
    form.fields["party"].choices = [("", "—"), *((party.pk, party.name) for party in matrix.parties)]
    return form


@require_POST
@login_required
@permission_required(ANNOTATE, raise_exception=True)
def proposal_add(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    form = AddProposalForm(request.POST, negotiation=negotiation, prefix="new")
    if form.is_valid():
        data = form.cleaned_data
        try:
            proposal = do_add_proposal(
                negotiation, name=data["name"], party=data["party"], day=data["day"], aliases=data["aliases"]
            )
        except ProposalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Added “{proposal.name}”. Run a re-extraction to link the statements already stored.",
            )
            return redirect(reverse("proposal_list", args=[slug]) + f"#proposal-{proposal.pk}")
    return proposal_list(request, slug, add_form=form, status=422)


def merge_form(proposal: Proposal, proposals: list[Proposal]) -> MergeProposalForm:
    form = MergeProposalForm(proposal=proposal, prefix=f"p{proposal.pk}")
    # The choices from the proposals the matrix read, in the same order: rendering the field's
    # queryset would cost two queries per form. Posting the form still checks against the database.
    form.fields["into"].choices = [(other.pk, other.name) for other in proposals if other.pk != proposal.pk]
    return form


@require_POST
@login_required
@permission_required(ANNOTATE, raise_exception=True)
def proposal_merge(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal.objects.select_related("negotiation"), pk=pk, negotiation__slug=slug)
    form = MergeProposalForm(request.POST, proposal=proposal, prefix=f"p{proposal.pk}")
    if not form.is_valid():
        messages.error(request, "Choose the proposal to merge it into.")
        return redirect(reverse("proposal_list", args=[slug]) + f"#proposal-{pk}")
    try:
        into = do_merge_proposals(proposal, form.cleaned_data["into"], user=request.user)
    except ProposalError as error:
        messages.error(request, str(error))
        return redirect(reverse("proposal_list", args=[slug]) + f"#proposal-{pk}")
    messages.success(request, f"Merged “{proposal.name}” into “{into.name}”.")
    return redirect(reverse("proposal_list", args=[slug]) + f"#proposal-{into.pk}")


@vary_on_headers("HX-Request")
def article_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    # Undated articles last: PostgreSQL would put NULL first in descending order, SQLite last.
    # The id breaks ties, so that no article is on two pages or none. Pages count and slice ids
    # (index statement ... article_list_order); only the page's articles count their statements.
    ids = negotiation.articles.order_by(F("published").desc(nulls_last=True), "-id").values_list("pk", flat=True)
    page = Paginator(ids, ARTICLE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = Article.objects.filter(pk__in=list(page.object_list)).defer("text")
    counted = {article.pk: article for article in rows.annotate(statement_count=visible_count("statements"))}
    page.object_list = [counted[pk] for pk in page.object_list if pk in counted]
    context = {"negotiation": negotiation, "page": page, "articles": page.object_list}
    if wants_partial(request) and request.htmx.target == "load-more":
        return render(request, "negotiations/article_list.html#rows", context)
    return render(request, "negotiations/article_list.html", context)


def article_page(request: HtmxHttpRequest, article: Article, add_form: AddStatementForm | None, status: int = 200):
    # Each row would otherwise carry the article's text again: 1,000 statements of a 50 KB article.
    statements = list(article.statements.visible().for_display().defer("article__text").order_by("start", "id"))
    for statement in statements:
        statement.article = article
    spans = [Span(s.pk, s.start, s.end, colour(s.effective.party)) for s in statements]
    context = {
        "negotiation": article.negotiation,
        "article": article,
        "statements": statements,
        "runs": highlight_runs(article.text, spans),
        "can_annotate": can_annotate(request),
        "add_form": add_form,
    }
    return render(request, "negotiations/article_detail.html", context, status=status)


def article_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("negotiation"), pk=pk, negotiation__slug=slug)
    add_form = AddStatementForm(article=article) if can_annotate(request) else None
    return article_page(request, article, add_form)


@require_http_methods(["GET", "POST"])
@login_required
@permission_required(ANNOTATE, raise_exception=True)
def statement_add(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("negotiation"), pk=pk, negotiation__slug=slug)
    if request.method == "GET":
        return redirect(reverse("article_detail", args=[slug, pk]) + "#add-statement")
    form = AddStatementForm(request.POST, article=article)
    if form.is_valid():
        data = form.cleaned_data
        try:
            statement = do_add_statement(
                article,
                user=request.user,
                start=data["start"],
                end=data["end"],
                kind=data["kind"],
                speaker=data["speaker"],
                actor=data["actor"],
                party=data["party"],
                said_on=data["said_on"],
                issues=data["issues"],
                stance=data["stance"],
                target=data["target"],
                proposal=data["proposal"],
                reported_party=data["reported_party"],
                reported_stance=data["reported_stance"],
                reported_target=data["reported_target"],
                note=data["note"],
            )
        except AnnotationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Statement added.")
            return redirect(reverse("article_detail", args=[slug, pk]) + f"#s-{statement.pk}")
    return article_page(request, article, form, status=422)


def get_statement(slug: str, pk: int) -> Statement:
    return get_object_or_404(
        Statement.objects.for_display().select_related("article__negotiation"),
        pk=pk,
        article__negotiation__slug=slug,
    )


def statement_context(request: HtmxHttpRequest, statement: Statement, **extra) -> dict:
    # A card swapped into its own article's page points at its words there, not at the article.
    article_path = reverse("article_detail", args=[statement.article.negotiation.slug, statement.article_id])
    in_article = bool(request.htmx) and (request.htmx.current_url_abs_path or "").split("#")[0] == article_path
    return {
        "negotiation": statement.article.negotiation,
        "statement": statement,
        "can_annotate": can_annotate(request),
        "in_article": in_article,
        **extra,
    }


@vary_on_headers("HX-Request")
def statement_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    statement = get_statement(slug, pk)
    if wants_partial(request):
        return render(request, "negotiations/statement_detail.html#card", statement_context(request, statement))
    return render_statement_page(request, statement)


def render_statement_page(request, statement: Statement, form=None, status=200, conflict=None) -> HttpResponse:
    article = statement.article
    context = statement_context(
        request,
        statement,
        revisions=statement.revisions.select_related("user"),
        before=article.text[max(0, statement.start - 400) : statement.start],
        after=article.text[statement.end : statement.end + 400],
        form=form or (StatementEditForm.for_statement(statement) if can_annotate(request) else None),
        conflict=conflict,
        next=reverse("statement_detail", args=[article.negotiation.slug, statement.pk]),
        # A stance a person corrected: the same correction for the statements read the same way.
        same=same_reading(statement) if can_annotate(request) and conflict is None else [],
    )
    return render(request, "negotiations/statement_detail.html", context, status=status)


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
@login_required
@permission_required(ANNOTATE, raise_exception=True)
def statement_edit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    statement = get_statement(slug, pk)
    if request.method == "GET":
        form = StatementEditForm.for_statement(statement)
        if wants_partial(request):
            context = statement_context(request, statement, form=form, inline=True)
            return render(request, "negotiations/statement_detail.html#form", context)
        return render_statement_page(request, statement, form=form)

    form = StatementEditForm.for_statement(statement, data=request.POST)
    conflict = None
    if form.is_valid():
        try:
            do_annotate_statement(
                statement, user=request.user, changes=form.changes(), expected_version=form.cleaned_data["version"]
            )
        except AnnotationConflict as error:
            conflict = error
        except AnnotationError as error:
            form.add_error(None, str(error))
        else:
            return saved(request, slug, pk, "Saved.")
    if conflict is not None:
        # Keep what the person changed, against the current version: saving again then
        # overwrites only the fields both of them changed, which the message lists. The fields
        # only the other person changed show their new values.
        statement = get_statement(slug, pk)
        untouched = untouched_fields(conflict, form.changes())
        data = StatementEditForm.with_current(statement, request.POST, untouched)
        data[form.add_prefix("version")] = conflict.annotation.version if conflict.annotation else 0
        form = StatementEditForm.for_statement(statement, data=data)
        form.is_valid()
        conflict.clashes = sorted({r.field for r in conflict.revisions} - untouched)
    status = 409 if conflict is not None else 422
    if wants_partial(request):
        context = statement_context(request, statement, form=form, conflict=conflict, inline=True)
        return render(request, "negotiations/statement_detail.html#form", context, status=status)
    return render_statement_page(request, statement, form=form, status=status, conflict=conflict)


def saved(request: HtmxHttpRequest, slug: str, pk: int, message: str) -> HttpResponse:
    if wants_partial(request):
        context = statement_context(request, get_statement(slug, pk), flash=message)
        return render(request, "negotiations/statement_detail.html#card", context)
    messages.success(request, message)
    return redirect(safe_next(request, reverse("statement_detail", args=[slug, pk])))


def set_status(request: HtmxHttpRequest, statement: Statement, form: StatementStatusForm) -> None:
    """Confirm, reject or reopen `statement` as a valid status form says (AnnotationConflict if
    someone saved in between): the statement page and the review queue share it."""
    do_set_status(
        statement,
        user=request.user,
        status=form.cleaned_data["status"],
        expected_version=form.cleaned_data["version"],
    )


@vary_on_headers("HX-Request")
@require_POST
@login_required
@permission_required(ANNOTATE, raise_exception=True)
def statement_review(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    statement = get_statement(slug, pk)
    form = StatementStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Bad review request.", status=400, content_type="text/plain")
    try:
        set_status(request, statement, form)
    except AnnotationConflict as conflict:
        statement = get_statement(slug, pk)
        if wants_partial(request):
            context = statement_context(request, statement, conflict=conflict)
            return render(request, "negotiations/statement_detail.html#card", context, status=409)
        return render_statement_page(request, statement, status=409, conflict=conflict)
    return saved(request, slug, pk, REVIEW_MESSAGES[form.cleaned_data["status"]])


# --- the stance review queue ---------------------------------------------------------------------


def review(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    queue = review_queue(negotiation)
    page = Paginator(queue.items, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    allowed = can_annotate(request)
    choices = ReviewChoices(queue.issues, queue.proposals, queue.parties)
    forms = (
        {item.statement.pk: StanceReviewForm.for_statement(item.statement, choices) for item in page} if allowed else {}
    )
    context = {
        "negotiation": negotiation,
        "queue": queue,
        "page": page,
        "choices": choices,
        "forms": forms,
        "can_annotate": allowed,
        "next": request.get_full_path(),
    }
    return render(request, "negotiations/review.html", context)


def reviewed(
    request: HtmxHttpRequest,
    slug: str,
    pk: int,
    *,
    message: str = "",
    offer: bool = False,
    form: StanceReviewForm | None = None,
    choices: ReviewChoices | None = None,
    conflict: AnnotationConflict | None = None,
    status: int = 200,
) -> HttpResponse:
    """After a change in the queue: htmx gets the statement's item as it is now (what it decides
    recomputed, and on a stance correction the offer for the statements read the same way);
    without JavaScript, the queue page again, at the statement, with the message."""
    # Where the person came from: the queue (its item's anchor added by the page) or a statement's page.
    back = safe_next(request, reverse("review", args=[slug]) + f"#review-{pk}")
    if not wants_partial(request):
        if conflict is not None:
            messages.error(request, str(conflict))
        elif form is not None:
            messages.error(request, "Not saved: " + " ".join(e for errors in form.errors.values() for e in errors))
        else:
            messages.success(request, message)
        return redirect(back)
    statement = get_statement(slug, pk)
    if form is None:
        choices = choices or ReviewChoices.for_negotiation(statement.article.negotiation)
        form = StanceReviewForm.for_statement(statement, choices)
    context = {
        "negotiation": statement.article.negotiation,
        "item": review_item(statement),
        "statement": statement,
        "form": form,
        "can_annotate": True,
        "flash": message,
        "conflict": conflict,
        "same": same_reading(statement) if offer else [],
        "next": back.split("#")[0],
    }
    return render(request, "negotiations/review.html#item", context, status=status)


@vary_on_headers("HX-Request")
@require_POST
@login_required
@permission_required(ANNOTATE, raise_exception=True)
def review_set(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    statement = get_statement(slug, pk)
    choices = ReviewChoices.for_negotiation(statement.article.negotiation)
    form = StanceReviewForm.for_statement(statement, choices, data=request.POST)
    if not form.is_valid():
        return reviewed(request, slug, pk, form=form, status=422)
    version = form.cleaned_data["version"]
    try:
        changes = form.changes()
        annotation = do_annotate_statement(statement, user=request.user, changes=changes, expected_version=version)
    except AnnotationConflict as conflict:
        return reviewed(request, slug, pk, choices=choices, conflict=conflict, status=409)
    except AnnotationError as error:
        form.add_error(None, str(error))
        return reviewed(request, slug, pk, form=form, status=422)
    # The key of the value it already has: nothing is written, and the statement stays unchecked.
    message = "Saved." if annotation.version != version else "Nothing changed: c confirms it as read."
    return reviewed(request, slug, pk, message=message, offer=True, choices=choices)


@vary_on_headers("HX-Request")
@require_POST
@login_required
@permission_required(ANNOTATE, raise_exception=True)
def review_confirm(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    statement = get_statement(slug, pk)
    form = StatementStatusForm({"status": StatementAnnotation.Status.CONFIRMED, "version": request.POST.get("version")})
    if not form.is_valid():
        return HttpResponse("Bad review request.", status=400, content_type="text/plain")
    try:
        set_status(request, statement, form)
    except AnnotationConflict as conflict:
        return reviewed(request, slug, pk, conflict=conflict, status=409)
    return reviewed(request, slug, pk, message="Confirmed: out of the queue.")


@vary_on_headers("HX-Request")
@require_POST
@login_required
@permission_required(ANNOTATE, raise_exception=True)
def review_same(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    statement = get_statement(slug, pk)
    form = SameStanceForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Bad request: no statements to change.", status=400, content_type="text/plain")
    result = do_apply_same_stance(statement, user=request.user, versions=form.cleaned_data["item"])
    label = Stance(result.stance).label
    message = f"“{label}” given to {len(result.applied)} statement{pluralize(len(result.applied))} read the same way."
    if result.skipped:
        message += f" {result.skipped} left as they were: someone changed them meanwhile."
    return reviewed(request, slug, pk, message=message)
