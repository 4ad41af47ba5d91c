"""Faults in-process: the mail server is down then back; retries run out; two senders race."""

from datetime import date, timedelta

import pytest
from django.db import connection

from tests.helpers import set_plan
from tests.workflows.notifications.helpers import WEDNESDAY, deliveries, scan_at
from tests.workflows.notifications.smtp import SmtpServer
from workflows.notifications.models import DeliveryStatus, Kind
from workflows.notifications.services import delivery_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    server = SmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


@pytest.fixture
def one_due(plan, fire_partner):
    # One reminder due for one person: the fire representative, scoping overdue.
    from planner.models import PlanMember

    PlanMember.objects.filter(plan=plan).exclude(user=fire_partner).delete()
    return set_plan(plan, scoping_target=date(2027, 3, 1), last_decision_at=WEDNESDAY)


def test_smtp_down_then_back_is_retried_with_backoff_and_delivered_once(
    one_due, smtp, django_capture_on_commit_callbacks
):
    scan_at(WEDNESDAY, django_capture_on_commit_callbacks)  # server down
    row = deliveries().get()
    assert row.status == DeliveryStatus.PENDING and row.attempts == 1
    assert "Connection" in row.last_error or "refused" in row.last_error.lower()
    assert row.send_after == WEDNESDAY + timedelta(seconds=30)
    scan_at(WEDNESDAY + timedelta(seconds=29), django_capture_on_commit_callbacks)
    assert deliveries().get().attempts == 1  # backing off
    smtp.start()
    scan_at(WEDNESDAY + timedelta(seconds=31), django_capture_on_commit_callbacks)
    scan_at(WEDNESDAY + timedelta(minutes=5), django_capture_on_commit_callbacks)
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT and row.attempts == 2
    assert len(smtp.messages) == 1


def test_backoff_doubles_and_exhausted_retries_are_recorded_as_failed(
    one_due, smtp, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    moment = WEDNESDAY
    waits = []
    for _ in range(3):
        scan_at(moment, django_capture_on_commit_callbacks)
        row = deliveries().get()
        waits.append((row.send_after - moment).total_seconds())
        moment = row.send_after + timedelta(seconds=1)
    assert waits[:2] == [30, 60]
    row = deliveries().get()
    assert row.status == DeliveryStatus.FAILED and row.attempts == 3
    assert row.last_error
    scan_at(moment + timedelta(hours=1), django_capture_on_commit_callbacks)
    assert deliveries().get().attempts == 3  # no more tries


def test_a_claimed_delivery_is_not_sent_by_a_second_sender_until_the_claim_is_stale(
    one_due, time_machine, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from workflows.notifications.rules import reminder_rules
    from workflows.notifications.services import notifications_create

    time_machine.move_to(WEDNESDAY, tick=False)
    for rule in reminder_rules():
        notifications_create(rule.find(WEDNESDAY), now=WEDNESDAY)
    row = deliveries(notification__kind=Kind.STAGE_OVERDUE).get()
    # A sender that claimed the row and then died (SIGKILL) leaves claimed_at behind.
    type(row).objects.filter(pk=row.pk).update(claimed_at=WEDNESDAY, attempts=1)
    assert delivery_send(delivery_id=row.pk) is False
    time_machine.move_to(WEDNESDAY + timedelta(seconds=121), tick=False)
    assert delivery_send(delivery_id=row.pk) is True
    assert delivery_send(delivery_id=row.pk) is False
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT and row.attempts == 2
    assert connection.vendor in {"sqlite", "postgresql"}


def test_a_sender_lost_on_its_last_try_is_recorded_as_failed_not_retried_for_ever(
    one_due, settings, django_capture_on_commit_callbacks
):
    from workflows.notifications.rules import reminder_rules
    from workflows.notifications.services import notifications_create

    for rule in reminder_rules():
        notifications_create(rule.find(WEDNESDAY), now=WEDNESDAY)
    row = deliveries().get()
    type(row).objects.filter(pk=row.pk).update(claimed_at=WEDNESDAY, attempts=5)
    scan_at(WEDNESDAY + timedelta(minutes=1), django_capture_on_commit_callbacks)
    assert deliveries().get().status == DeliveryStatus.PENDING  # claim not yet stale
    scan_at(WEDNESDAY + timedelta(minutes=3), django_capture_on_commit_callbacks)
    row.refresh_from_db()
    assert row.status == DeliveryStatus.FAILED and "last try" in row.last_error
