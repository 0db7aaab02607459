"""A read-only JSON API: statements with the timeline's filters, positions, proposals.

What grows with the negotiation is paginated, a hundred to a page: the statements, the changes
of position (`changes/`, linked from each position as `changes_url`) and the claims about a
proposal (`claims/`, linked from each answer as `claims_url`). A position or an answer is one row
per cell, however long its history.

Every answer is JSON, errors included (`{"error": "..."}`), so a script never has to parse an
HTML error page: a bad request 400, an unknown negotiation, id or address 404, a POST 405, an
anonymous request under PARLEY_LOGIN_REQUIRED 403 (negotiations/middleware.py), a bug 500.
Results are the rows of the exports (services/export.py, services/reports.py):
what a reader sees on the pages, corrections applied.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path, reverse

from .forms import TimelineFilterForm
from .models import Negotiation
from .services.export import statement_row
from .services.positions import position_grid
from .services.proposals import proposal_matrix
from .services.reports import (
    NotFound,
    ReportError,
    change_row,
    change_rows,
    claim_row,
    claim_rows,
    parse_day,
    parse_id,
    position_rows,
    proposal_rows,
)
from .services.timeline import TimelinePaginator, matching_statements

PAGE_SIZE = 100
SAFE_METHODS = ("GET", "HEAD")
logger = logging.getLogger(__name__)


def answer(data: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def api_view(view: Callable[..., JsonResponse]) -> Callable[..., JsonResponse]:
    """GET and HEAD only (405); finds the negotiation; a request a person can fix is answered
    400, or 404 for a negotiation or an id that is not there; anything else 500; all as JSON."""

    @wraps(view)
    def wrapped(request: HttpRequest, slug: str) -> JsonResponse:
        if request.method not in SAFE_METHODS:
            response = answer({"error": "Only GET and HEAD: this API is read-only."}, status=405)
            response["Allow"] = ", ".join(SAFE_METHODS)
            return response
        try:
            negotiation = Negotiation.objects.filter(slug=slug).first()
            if negotiation is None:
                return answer({"error": f"No negotiation {slug!r}."}, status=404)
            return view(request, negotiation)
        except NotFound as error:
            return answer({"error": str(error)}, status=404)
        except ReportError as error:
            return answer({"error": str(error)}, status=400)
        except Exception:
            # Django's 500 page is HTML; the traceback goes to the log as Django's would.
            logger.exception("API error at %s", request.path)
            return answer({"error": "Parley failed to answer this request; the error is logged."}, status=500)

    wrapped.parley_api = True  # negotiations/middleware.py answers these in JSON too
    return wrapped


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    return answer({"error": f"No API endpoint at {request.path}."}, status=404)


not_found.parley_api = True


@api_view
def index(request: HttpRequest, negotiation: Negotiation) -> JsonResponse:
    slug = negotiation.slug

    def url(name: str) -> str:
        return request.build_absolute_uri(reverse(name, args=[slug]))

    return answer(
        {
            "negotiation": {"slug": slug, "title": negotiation.title, "url": url("negotiation_detail")},
            "endpoints": {
                "statements": url("api_statements"),
                "positions": url("api_positions"),
                "changes": url("api_changes"),
                "proposals": url("api_proposals"),
                "claims": url("api_claims"),
            },
            "feed": url("feed"),
            "downloads": {
                name: url(name) for name in ("positions_csv", "positions_json", "proposals_csv", "proposals_json")
            },
        }
    )


@api_view
def statements(request: HttpRequest, negotiation: Negotiation) -> JsonResponse:
    form = TimelineFilterForm.for_negotiation(request.GET, negotiation)
    filters = form.filters()
    # A bad id in a link drops that filter, as on the timeline; a search cut short would answer
    # something else than was asked.
    if "q" in form.errors:
        raise ReportError(f"q: {form.errors['q'][0]}")
    paginator = TimelinePaginator(matching_statements(negotiation, filters), PAGE_SIZE)
    return answer(paginated(request, paginator, statement_row))


def paginated(request: HttpRequest, paginator: Paginator, row: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """The page `?page=` asks for (the first by default) with the links to its neighbours."""
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        raise ReportError(f"page must be a number; got {request.GET['page']!r}.") from None
    except EmptyPage:
        raise NotFound(f"No page {request.GET['page']}: there are {paginator.num_pages}.") from None

    def page_url(number: int) -> str:
        # The same filters, another page.
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"?{query.urlencode()}")

    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "next": page_url(page.next_page_number()) if page.has_next() else None,
        "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
        "results": [row(each) for each in page],
    }


@api_view
def positions(request: HttpRequest, negotiation: Negotiation) -> JsonResponse:
    as_of = parse_day(request.GET.get("as_of"))
    party = parse_id("party", request.GET.get("party"))
    issue = parse_id("issue", request.GET.get("issue"))
    rows = position_rows(position_grid(negotiation, as_of), party=party, issue=issue)
    changes_url = request.build_absolute_uri(reverse("api_changes", args=[negotiation.slug]))
    for row in rows:
        row["changes_url"] = f"{changes_url}?party={row['party_id']}&issue={row['issue_id']}"
    return answer({"as_of": as_of.isoformat() if as_of else None, "results": rows})


@api_view
def changes(request: HttpRequest, negotiation: Negotiation) -> JsonResponse:
    """Every change of position, newest first; `party` and `issue` narrow them."""
    party = parse_id("party", request.GET.get("party"))
    issue = parse_id("issue", request.GET.get("issue"))
    if party is not None and not negotiation.parties.filter(pk=party).exists():
        raise NotFound(f"No party {party} in this negotiation.")
    if issue is not None and not negotiation.issues.filter(pk=issue).exists():
        raise NotFound(f"No issue {issue} in this negotiation.")
    return answer(paginated(request, Paginator(change_rows(negotiation, party, issue), PAGE_SIZE), change_row))


@api_view
def proposals(request: HttpRequest, negotiation: Negotiation) -> JsonResponse:
    rows = proposal_rows(proposal_matrix(negotiation))
    claims_url = request.build_absolute_uri(reverse("api_claims", args=[negotiation.slug]))
    for row in rows:
        row["claims_url"] = f"{claims_url}?proposal={row['proposal_id']}&party={row['party_id']}"
    return answer({"results": rows})


@api_view
def claims(request: HttpRequest, negotiation: Negotiation) -> JsonResponse:
    """One party's claims about one proposal (both required), oldest first."""
    proposal = parse_id("proposal", request.GET.get("proposal"))
    party = parse_id("party", request.GET.get("party"))
    if proposal is None or party is None:
        raise ReportError("proposal and party are both needed: the claims of one cell of the matrix.")
    if not negotiation.proposals.filter(pk=proposal).exists():
        raise NotFound(f"No proposal {proposal} in this negotiation.")
    if not negotiation.parties.filter(pk=party).exists():
        raise NotFound(f"No party {party} in this negotiation.")
    return answer(paginated(request, Paginator(claim_rows(proposal, party), PAGE_SIZE), claim_row))


urlpatterns = [
    path("api/n/<slug:slug>/", index, name="api_index"),
    path("api/n/<slug:slug>/statements/", statements, name="api_statements"),
    path("api/n/<slug:slug>/positions/", positions, name="api_positions"),
    path("api/n/<slug:slug>/changes/", changes, name="api_changes"),
    path("api/n/<slug:slug>/proposals/", proposals, name="api_proposals"),
    path("api/n/<slug:slug>/claims/", claims, name="api_claims"),
    re_path(r"^api/(?P<rest>.*)$", not_found),
]
