"""The address a sign-in came from, for django-axes's throttling.

Invariant: a client cannot choose its own address. Served directly, it is REMOTE_ADDR. Behind
the TLS proxy (SECURE_PROXY_SSL_HEADER set), REMOTE_ADDR is the proxy's for everybody, so it is
the last X-Forwarded-For entry, the one the proxy appended itself: "1.2.3.4, 203.0.113.7"
from a client that sent "X-Forwarded-For: 1.2.3.4" is 203.0.113.7.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")
