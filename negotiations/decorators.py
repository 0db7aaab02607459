"""Access decorators for the pages that change what Parley knows about a negotiation.

Editors (the `editors` group, holding `negotiations.edit_negotiation`; migration 0007 makes
both) set negotiations up and feed them articles. Anonymous visitors are sent to sign in; a
signed-in account without the permission gets 403, not a sign-in loop.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest

EDIT = "negotiations.edit_negotiation"


def editor_required[V: Callable](view: V) -> V:
    """Sign-in redirect for anonymous visitors, 403 for accounts that are not editors."""
    return login_required(permission_required(EDIT, raise_exception=True)(view))


def can_edit(request: HttpRequest) -> bool:
    return request.user.is_authenticated and request.user.has_perm(EDIT)
