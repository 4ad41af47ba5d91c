"""Session lifetime, security and cache headers, the client address used for sign-in throttling."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import render

from config.uploads import UploadTooBig

SIGNED_IN_AT = "signed_in_at"


@receiver(user_logged_in)
def _remember_sign_in_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())


class AbsoluteSessionLifetimeMiddleware:
    """Sign the user out once a session is older than SESSION_ABSOLUTE_AGE, however active.

    The idle window (SESSION_COOKIE_AGE, renewed by config.sessions) ends idle sessions; this
    ends busy ones too, so a stolen or forgotten session cannot be kept alive for ever. Sessions
    that predate this middleware (or were made by force_login) start their clock on first sight.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            limit = settings.SESSION_ABSOLUTE_AGE
            started = request.session.get(SIGNED_IN_AT)
            now = int(time.time())
            if not isinstance(started, int):
                request.session[SIGNED_IN_AT] = now
            elif now - started > limit:
                logout(request)
                messages.info(request, "Your session ended, so you were signed out. Sign in again.")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Headers Django's SecurityMiddleware does not set: no camera, microphone, location etc."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.PERMISSIONS_POLICY
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


class NoStoreMiddleware:
    """`Cache-Control: private, no-store` on the responses the application makes.

    Plan pages, previews and OFFICIAL-SENSITIVE report downloads must not stay in a shared
    computer's browser cache or in a proxy. Everything a signed-in person is sent is marked so,
    whatever the view set. An open page is marked too unless its view chose its own header:
    here they all carry a CSRF token, a reset or invitation token, or a message for one person.
    It sits just inside WhiteNoise, so static assets keep WhiteNoise's long cache headers.
    """

    value = "private, no-store"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = self.value
        return response


def client_ip(request) -> str:
    """The address sign-in throttling counts against.

    Behind a proxy REMOTE_ADDR is the proxy, and locking it would lock out everyone. With
    TRUSTED_PROXY_COUNT proxies in front, the client is the address the outermost trusted
    proxy saw, i.e. that many entries from the right of X-Forwarded-For; entries further left
    are written by the client and cannot be trusted.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' lockout page: what happened, how long to wait, what to do (429)."""
    minutes = max(1, round(float(settings.AXES_COOLOFF_TIME) * 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def bad_request(request, exception):
    """The 400 page, rendered with the request so the header and service name appear.

    Django's default renders 400.html without a request context. Oversized or malformed
    posts (more than DATA_UPLOAD_MAX_MEMORY_SIZE of text, more than UPLOAD_MAX_SIZE of
    files, too many fields) end here before any view runs, so nothing has been saved.
    """
    limit = settings.UPLOAD_MAX_SIZE
    if not isinstance(exception, UploadTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return render(request, "400.html", {"limit_mb": limit // (1024 * 1024)}, status=400)
