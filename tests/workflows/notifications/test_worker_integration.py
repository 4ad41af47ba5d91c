"""A real Celery worker and beat on Redis deliver a due reminder to a real SMTP server.

Needs PostgreSQL, because the worker is another process and must see the test's database
(SQLite's test database lives in this process's memory). CI always runs on PostgreSQL, so
these tests run there; without REDIS_URL the test starts its own redis-server.
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from planner.models import MemberRole, Plan, PlanMember
from tests import workers
from tests.workers import wait_until
from tests.workflows.notifications.smtp import SmtpServer
from workflows.notifications.models import Delivery, DeliveryStatus, Preference

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# A Redis database of its own, so other tests' queues never mix with these.
REDIS_DB = 11


@pytest.fixture
def needs_postgres():
    workers.skip_unless_postgres("Delivering through a real worker")


@pytest.fixture
def redis_url(tmp_path):
    with workers.redis_server(tmp_path, REDIS_DB) as url:
        yield url


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.recorder.hang = False
    server.stop()


@pytest.fixture
def celery(needs_postgres, tmp_path, redis_url, smtp):
    runner = workers.Celery(
        tmp_path,
        redis_url,
        settings_module="tests.workflows.notifications.worker_settings",
        name="notifications-test",
        env={"TEST_SMTP_PORT": str(smtp.port)},
    )
    yield runner
    runner.stop()


@pytest.fixture
def due_reminder(plan, fire_partner):
    """One reminder due now for one person: the fire representative, scoping overdue."""
    PlanMember.objects.filter(plan=plan).exclude(user=fire_partner).exclude(
        role=MemberRole.PROJECT_LEAD
    ).delete()
    # Quiet hours off, so the e-mail goes whatever time of day the suite runs.
    Preference.objects.create(user=fire_partner, quiet_hours=False)
    Plan.objects.filter(pk=plan.pk).update(
        scoping_target=timezone.localdate() - timedelta(days=1), last_decision_at=timezone.now()
    )
    return plan


def delivery():
    return Delivery.objects.filter(recipient__email="rep@fire.test").first()


def assert_sent_once(smtp, celery):
    try:
        wait_until(lambda: smtp.messages, 90, "the reminder e-mail")
        time.sleep(4)  # several more scans: nothing more may arrive
        assert len(smtp.messages) == 1, f"{len(smtp.messages)} e-mails arrived"
        row = delivery()
        assert row.status == DeliveryStatus.SENT
    except AssertionError:
        print(celery.logs())
        raise
    assert b"rep@fire.test" in smtp.messages[0]
    assert b"past its target date" in smtp.messages[0]
    return row


def test_worker_and_beat_deliver_a_due_reminder(celery, smtp, due_reminder):
    smtp.start()
    celery.start_worker()
    celery.start_beat()
    row = assert_sent_once(smtp, celery)
    assert row.attempts == 1


def test_smtp_down_then_back_is_retried_and_delivered_once(celery, smtp, due_reminder):
    celery.start_worker()
    celery.start_beat()
    try:
        wait_until(lambda: (d := delivery()) and d.last_error, 90, "the first failed attempt")
    except AssertionError:
        print(celery.logs())
        raise
    assert delivery().status == DeliveryStatus.PENDING
    smtp.start()
    row = assert_sent_once(smtp, celery)
    assert row.attempts >= 2


def test_worker_killed_mid_send_loses_nothing_and_sends_nothing_twice(celery, smtp, due_reminder):
    smtp.recorder.hang = True  # the conversation stops at RCPT: the worker is mid-send
    smtp.start()
    celery.start_worker()
    celery.start_beat()
    if not smtp.recorder.recipients_seen.wait(90):
        print(celery.logs())
        pytest.fail("The worker never started sending.")
    row = delivery()
    assert row.claimed_at is not None and row.status == DeliveryStatus.PENDING
    celery.kill("worker")  # SIGKILL, worker and pool child together
    smtp.recorder.hang = False
    assert smtp.messages == []
    celery.start_worker()
    row = assert_sent_once(smtp, celery)
    assert row.attempts == 2
