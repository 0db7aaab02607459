"""A read-only JSON API: statements with the timeline's filters, positions, proposals.

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

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path, reverse

from .forms import TimelineFilterForm
from .models import Negotiation
from .services.export import statement_row
from .services.positions import position_grid
from .services.proposals import proposal_matrix
from .services.reports import NotFound, ReportError, parse_day, parse_id, position_rows, proposal_rows
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
                "proposals": url("api_proposals"),
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

    return answer(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "next": page_url(page.next_page_number()) if page.has_next() else None,
            "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
            "results": [statement_row(statement) for statement in page],
        }
    )


@api_view
def positions(request: HttpRequest, negotiation: Negotiation) -> JsonResponse:
    as_of = parse_day(request.GET.get("as_of"))
    party = parse_id("party", request.GET.get("party"))
    issue = parse_id("issue", request.GET.get("issue"))
    rows = position_rows(position_grid(negotiation, as_of), party=party, issue=issue)
    return answer({"as_of": as_of.isoformat() if as_of else None, "results": rows})


@api_view
def proposals(request: HttpRequest, negotiation: Negotiation) -> JsonResponse:
    return answer({"results": proposal_rows(proposal_matrix(negotiation))})


urlpatterns = [
    path("api/n/<slug:slug>/", index, name="api_index"),
    path("api/n/<slug:slug>/statements/", statements, name="api_statements"),
    path("api/n/<slug:slug>/positions/", positions, name="api_positions"),
    path("api/n/<slug:slug>/proposals/", proposals, name="api_proposals"),
    re_path(r"^api/(?P<rest>.*)$", not_found),
]
