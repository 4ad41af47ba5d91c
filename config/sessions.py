"""The idle window of a session, renewed without writing the session on every request."""

import time

from django.conf import settings

RENEWED_AT = "renewed_at"


class SessionRenewalMiddleware:
    """Push a session's idle expiry forward at most once every SESSION_RENEW_SECONDS.

    A session ends SESSION_COOKIE_AGE after the last time it was saved. Django's
    SESSION_SAVE_EVERY_REQUEST keeps that exact by writing the session row on every request:
    a transaction and an UPDATE per page, the largest fixed cost of every signed-in page under
    load. Saving it only when the last renewal is SESSION_RENEW_SECONDS old keeps the rule to
    within that margin, and only ever on the safe side: an idle session may end up to
    SESSION_RENEW_SECONDS before SESSION_COOKIE_AGE, never after. A session changed by the
    request (sign-in, a message) is saved as before.

    It sits just inside SessionMiddleware, whose response phase then does the saving.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = request.session
        if session.is_empty():  # no session cookie, or the session was ended (sign-out)
            return response
        renewed = session.get(RENEWED_AT)
        if session.is_empty():  # the cookie named a session that has expired or never was
            return response
        now = int(time.time())
        if not isinstance(renewed, int) or now - renewed >= settings.SESSION_RENEW_SECONDS:
            session[RENEWED_AT] = now
        return response
