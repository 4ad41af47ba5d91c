"""Sign-in throttling, session lifetimes and the security headers."""

import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse

from config.security import SIGNED_IN_AT
from tests.factories import PASSWORD

SIGN_IN = "/accounts/sign-in/"


def fail_sign_in(client, email, times, *, ip="10.0.0.1"):
    responses = []
    for _ in range(times):
        responses.append(
            client.post(SIGN_IN, {"username": email, "password": "wrong-password"}, REMOTE_ADDR=ip)
        )
    return responses


@pytest.mark.django_db
def test_five_failures_for_one_account_pause_its_sign_in_with_a_clear_page(police_lead):
    client = Client()
    responses = fail_sign_in(client, police_lead.email, 5)
    assert [r.status_code for r in responses[:4]] == [200] * 4
    locked = client.post(
        SIGN_IN, {"username": police_lead.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Sign-in paused for 15 minutes" in text
    assert "reset your password" in text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_five_failures_from_one_address_pause_sign_in_from_it(police_lead, fire_partner):
    client = Client()
    for i in range(5):
        fail_sign_in(client, f"guess{i}@nowhere.test", 1, ip="10.0.0.2")
    response = client.post(
        SIGN_IN, {"username": fire_partner.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 429
    other = Client().post(
        SIGN_IN, {"username": fire_partner.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.3"
    )
    assert other.status_code == 302


@pytest.mark.django_db
def test_the_pause_is_a_cool_off_not_a_permanent_lock(police_lead, time_machine):
    time_machine.move_to("2026-03-02 09:00:00+00:00", tick=False)
    client = Client()
    fail_sign_in(client, police_lead.email, 6)
    right = {"username": police_lead.email, "password": PASSWORD}
    assert client.post(SIGN_IN, right, REMOTE_ADDR="10.0.0.1").status_code == 429
    # Attempts during the pause do not extend it: an attacker cannot keep the user out.
    time_machine.move_to("2026-03-02 09:10:00+00:00", tick=False)
    fail_sign_in(client, police_lead.email, 3)
    time_machine.move_to("2026-03-02 09:16:00+00:00", tick=False)
    response = client.post(SIGN_IN, right, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302
    assert response.url == reverse("dashboard")


@pytest.mark.django_db
def test_a_successful_sign_in_clears_the_failure_count(police_lead):
    client = Client()
    fail_sign_in(client, police_lead.email, 3)
    right = {"username": police_lead.email, "password": PASSWORD}
    assert client.post(SIGN_IN, right, REMOTE_ADDR="10.0.0.1").status_code == 302
    assert not AccessAttempt.objects.filter(username=police_lead.email).exists()


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_forwarded_client_address_is_throttled_not_the_proxy(police_lead):
    for i in range(5):
        Client().post(
            SIGN_IN,
            {"username": f"guess{i}@nowhere.test", "password": "x"},
            REMOTE_ADDR="192.168.0.1",
            HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.7",
        )
    colleague = Client().post(
        SIGN_IN,
        {"username": police_lead.email, "password": PASSWORD},
        REMOTE_ADDR="192.168.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert colleague.status_code == 302
    assert AccessAttempt.objects.filter(ip_address="203.0.113.7").exists()


@pytest.mark.django_db
def test_test_clients_still_sign_in_with_login_and_force_login(police_lead, fire_partner):
    assert Client().login(username=police_lead.email, password=PASSWORD)
    client = Client()
    client.force_login(fire_partner)
    assert client.get(reverse("dashboard")).status_code == 200


def signed_in(user):
    client = Client()
    response = client.post(SIGN_IN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.django_db
def test_a_session_ends_after_thirty_minutes_without_a_request(police_lead, time_machine):
    time_machine.move_to("2026-03-02 09:00:00+00:00", tick=False)
    client = signed_in(police_lead)
    time_machine.move_to("2026-03-02 09:25:00+00:00", tick=False)
    assert client.get(reverse("dashboard")).status_code == 200
    # Each request renews the idle window...
    time_machine.move_to("2026-03-02 09:50:00+00:00", tick=False)
    assert client.get(reverse("dashboard")).status_code == 200
    # ...but 31 idle minutes end the session.
    time_machine.move_to("2026-03-02 10:21:00+00:00", tick=False)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(SIGN_IN)


@pytest.mark.django_db
def test_a_busy_session_still_ends_after_eight_hours(police_lead, time_machine):
    time_machine.move_to("2026-03-02 08:00:00+00:00", tick=False)
    client = signed_in(police_lead)
    started = client.session[SIGNED_IN_AT]
    now = started
    for _ in range(16):  # a request every 20 minutes up to 5:20 pm
        now += 20 * 60
        time_machine.move_to(now, tick=False)
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    time_machine.move_to(started + 8 * 60 * 60 + 60, tick=False)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(SIGN_IN)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_sign_out_is_a_post_and_ends_the_session(police_lead):
    client = signed_in(police_lead)
    key = client.session.session_key
    assert client.get("/accounts/sign-out/").status_code == 405
    assert client.post("/accounts/sign-out/").status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.django_db
def test_changing_the_password_ends_every_other_session_and_renews_this_one(police_lead):
    laptop = signed_in(police_lead)
    phone = signed_in(police_lead)
    old_key = laptop.session.session_key
    new_password = "a-brand-new-long-password-7"
    response = laptop.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert laptop.session.session_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    assert laptop.get(reverse("dashboard")).status_code == 200
    # The other device, perhaps someone who knew the old password, is signed out.
    assert phone.get(reverse("dashboard")).status_code == 302


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy_and_security_headers(client):
    response = client.get(SIGN_IN)
    csp = response["Content-Security-Policy"]
    for directive in (
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def test_no_page_template_uses_inline_script_style_or_handlers():
    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.html")
        # Report fragments are rendered by WeasyPrint into a PDF, never run by a browser.
        if "reports" not in path.relative_to(root).parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if INLINE.search(line)
    ]
    assert not offenders, "Inline script or style, which the CSP blocks: " + ", ".join(offenders)
