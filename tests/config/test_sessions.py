"""The idle window of a session is renewed at most once a SESSION_RENEW_SECONDS, never later."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = "/accounts/sign-in/"


def signed_in(user):
    client = Client()
    response = client.post(SIGN_IN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def session_writes(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in ctx.captured_queries if "django_session" in q["sql"]][1:]


def expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_page_soon_after_the_last_renewal_reads_the_session_but_does_not_write_it(
    police_lead, time_machine
):
    time_machine.move_to("2026-03-02 09:00:00+00:00", tick=False)
    client = signed_in(police_lead)
    client.get(reverse("dashboard"))
    before = expiry(client)
    time_machine.move_to("2026-03-02 09:00:30+00:00", tick=False)
    assert session_writes(client, reverse("dashboard")) == []
    assert expiry(client) == before


def test_a_page_a_renewal_period_later_pushes_the_idle_expiry_forward(police_lead, time_machine):
    time_machine.move_to("2026-03-02 09:00:00+00:00", tick=False)
    client = signed_in(police_lead)
    client.get(reverse("dashboard"))
    before = expiry(client)
    time_machine.shift(settings.SESSION_RENEW_SECONDS)
    assert session_writes(client, reverse("dashboard"))
    assert (expiry(client) - before).total_seconds() == settings.SESSION_RENEW_SECONDS


def test_an_idle_session_never_outlives_thirty_minutes_after_its_last_request(
    police_lead, time_machine
):
    time_machine.move_to("2026-03-02 09:00:00+00:00", tick=False)
    client = signed_in(police_lead)
    # A request just inside the renewal period does not renew, so the window still runs
    # from 09:00: the session may end a little early, never late.
    time_machine.move_to("2026-03-02 09:00:50+00:00", tick=False)
    assert client.get(reverse("dashboard")).status_code == 200
    time_machine.move_to("2026-03-02 09:30:01+00:00", tick=False)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(SIGN_IN)


def test_a_cookie_naming_no_session_creates_none(police_lead):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session-key-0123456789"
    assert client.get("/health/").status_code == 200
    assert client.get(SIGN_IN).status_code == 200
    assert not Session.objects.exists()
