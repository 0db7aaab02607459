"""Downloads of the positions grid and the proposals matrix, as CSV or JSON.

The rows are services/reports.py's, the same as the JSON API's; a file is named after the
negotiation (and the day, for a grid as of a past day) so that downloads do not overwrite each other.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from .models import Negotiation
from .services.positions import position_grid
from .services.proposals import proposal_matrix
from .services.reports import (
    POSITION_FIELDS,
    PROPOSAL_FIELDS,
    ReportError,
    csv_text,
    parse_day,
    position_rows,
    proposal_rows,
)


def download(rows: list[dict[str, Any]], csv_fields: tuple[str, ...], fmt: str, filename: str) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(csv_text(rows, csv_fields), content_type="text/csv; charset=utf-8")
    else:
        response = JsonResponse(rows, safe=False, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    return response


@require_safe
def positions_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    try:
        as_of = parse_day(request.GET.get("as_of"))
    except ReportError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    rows = position_rows(position_grid(negotiation, as_of))
    filename = f"{slug}-positions" + (f"-{as_of.isoformat()}" if as_of else "")
    return download(rows, POSITION_FIELDS, fmt, filename)


@require_safe
def proposals_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    negotiation = get_object_or_404(Negotiation, slug=slug)
    rows = proposal_rows(proposal_matrix(negotiation))
    return download(rows, PROPOSAL_FIELDS, fmt, f"{slug}-proposals")


urlpatterns = [
    path("n/<slug:slug>/positions.csv", positions_export, {"fmt": "csv"}, name="positions_csv"),
    path("n/<slug:slug>/positions.json", positions_export, {"fmt": "json"}, name="positions_json"),
    path("n/<slug:slug>/proposals.csv", proposals_export, {"fmt": "csv"}, name="proposals_csv"),
    path("n/<slug:slug>/proposals.json", proposals_export, {"fmt": "json"}, name="proposals_json"),
]
