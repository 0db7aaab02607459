"""PARLEY_LOGIN_REQUIRED without sending scripts to an HTML page.

Django's LoginRequiredMiddleware redirects an anonymous request to the sign-in page. For the
JSON API (views marked `parley_api` by negotiations/api.py) that is a 302 to HTML a script
cannot use: those get a 403 with a JSON error instead. Pages redirect as before.
"""

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import JsonResponse


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    def handle_no_permission(self, request, view_func):
        if getattr(view_func, "parley_api", False):
            sign_in = f"sign in at {settings.LOGIN_URL} and send the session cookie"
            return JsonResponse({"error": f"This Parley needs an account: {sign_in}."}, status=403)
        return super().handle_no_permission(request, view_func)
