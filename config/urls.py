from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.health import health
from planner.converters import IdConverter
from planner.forms import (
    PasswordChangeGovukForm,
    PasswordResetEmailForm,
    SetPasswordGovukForm,
    SignInForm,
)
from planner.views import account

# Django's account views answer any method (a DELETE reaches the form); allow only what each
# page needs, so every URL gives 405 for the rest (tests/hardening/test_access_matrix.py).
get_or_post = require_http_methods(["GET", "POST"])

# Every id in a URL is <id:…>, registered before the apps' URL modules are included.
register_converter(IdConverter, "id")

urlpatterns = [
    path("health/", health, name="health"),
    path(
        "accounts/sign-in/",
        get_or_post(
            auth_views.LoginView.as_view(
                authentication_form=SignInForm, redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("accounts/sign-out/", require_POST(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "accounts/password-reset/",
        get_or_post(auth_views.PasswordResetView.as_view(form_class=PasswordResetEmailForm)),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        require_GET(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        get_or_post(auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordGovukForm)),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        require_GET(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path(
        "account/password/",
        get_or_post(auth_views.PasswordChangeView.as_view(form_class=PasswordChangeGovukForm)),
        name="password_change",
    ),
    path(
        "account/password/done/",
        require_GET(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path("account/", account, name="account"),
    path("admin/", admin.site.urls),
    path("", include("planner.urls")),
    path("", include("workflows.urls")),
    path("", include("workflows.notifications.urls")),
    path("", include("workflows.delivery.urls")),
    path("", include("assessments.urls")),
    path("", include("assessments.risks.urls")),
    path("", include("assessments.finance.urls")),
    path("", include("assessments.review.urls")),
    path("", include("planner.cases.urls")),
    path("", include("planner.reports.urls")),
]

# Rendered with the request, so an oversized post gets the full page saying what happened.
handler400 = "config.security.bad_request"
