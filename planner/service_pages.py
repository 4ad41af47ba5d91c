"""The service's own pages (accessibility statement, privacy notice, cookies) and the links
every page carries to them and to feedback.

They are open: someone who cannot sign in, or has not been invited yet, must still be able to
read how their data is used and how to report a problem.
"""

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.messages.storage.cookie import CookieStorage
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

# When the statement and notice were written and last checked against the service; a review
# that changes nothing still moves REVIEWED_ON.
PREPARED_ON = date(2026, 12, 1)
REVIEWED_ON = date(2026, 12, 1)


def service_links(request):
    """The phase banner's feedback link and the support address, on every page."""
    feedback_url = settings.FEEDBACK_URL
    return {
        "feedback_url": feedback_url,
        # A survey opens in a new tab and says so; an e-mail link opens the mail program.
        "feedback_by_email": feedback_url.startswith("mailto:"),
        "support_email": settings.SUPPORT_EMAIL,
    }


def _page_dates():
    return {"prepared_on": PREPARED_ON, "reviewed_on": REVIEWED_ON}


@login_not_required
@require_GET
def accessibility(request):
    return render(request, "service/accessibility.html", _page_dates())


@login_not_required
@require_GET
def privacy(request):
    return render(
        request,
        "service/privacy.html",
        {
            **_page_dates(),
            "operator": settings.SERVICE_OPERATOR,
            "lockout_failures": settings.AXES_FAILURE_LIMIT,
            "lockout_minutes": round(settings.AXES_COOLOFF_TIME * 60),
        },
    )


@login_not_required
@require_GET
def cookies(request):
    """The cookies this service sets, named as the settings name them."""
    return render(
        request,
        "service/cookies.html",
        {
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "session_idle_minutes": settings.SESSION_COOKIE_AGE // 60,
            "session_absolute_hours": settings.SESSION_ABSOLUTE_AGE // 3600,
            "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "csrf_cookie_weeks": settings.CSRF_COOKIE_AGE // (7 * 24 * 3600),
            "messages_cookie": CookieStorage.cookie_name,
        },
    )


# Included from planner/urls.py; names as the footer links them.
urlpatterns = [
    path("accessibility/", accessibility, name="accessibility"),
    path("privacy/", privacy, name="privacy"),
    path("cookies/", cookies, name="cookies"),
]
