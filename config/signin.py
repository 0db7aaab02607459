"""Sign-in throttling with django-axes: the client's address, and the backend that checks it.

Invariants:
- A client cannot choose its own address. Served directly, it is REMOTE_ADDR. Behind the TLS
  proxy (SECURE_PROXY_SSL_HEADER set), REMOTE_ADDR is the proxy's for everybody, so it is the
  last X-Forwarded-For entry, the one the proxy appended itself: "1.2.3.4, 203.0.113.7" from a
  client that sent "X-Forwarded-For: 1.2.3.4" is 203.0.113.7.
- Every sign-in over the web is throttled: LoginView and the admin pass the request to
  authenticate(). Code that authenticates without one (the test client's login(), a shell) has
  no address to throttle and is not counted.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


class ThrottlingBackend(AxesStandaloneBackend):
    """axes's check before ModelBackend; axes itself refuses a call without a request."""

    def authenticate(self, request: HttpRequest | None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
