"""Who may use a page.

`editor_required`: people in the `editors` group (migration 0006 gives it
`negotiations.edit_negotiation`) set up negotiations and feed them articles. Anonymous visitors
are sent to sign in; signed-in people without the permission get 403, not a sign-in loop.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

EDIT = "negotiations.edit_negotiation"


def can_edit(request: HttpRequest) -> bool:
    return request.user.is_authenticated and request.user.has_perm(EDIT)


def editor_required[V: Callable[..., HttpResponse]](view: V) -> V:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm(EDIT):
            raise PermissionDenied("Only editors may do this.")
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]
