"""A real Celery worker and beat on Redis deliver a due reminder to a real SMTP server.

Needs PostgreSQL, because the worker is another process and must see the test's database
(SQLite's test database lives in this process's memory). CI always runs on PostgreSQL, so
these tests run there; without REDIS_URL the test starts its own redis-server.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from planner.models import MemberRole, Plan, PlanMember
from tests.notifications.smtp import SmtpServer, free_port, wait_until
from workflows.notifications.models import Delivery, DeliveryStatus, Preference

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(settings.BASE_DIR)
# A Redis database of its own, so other tests' queues never mix with these.
REDIS_DB = 11


@pytest.fixture
def needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs DATABASE_URL=postgres://...: the worker process must share the test "
            "database, which SQLite keeps in this process's memory. CI runs it on PostgreSQL."
        )


@pytest.fixture
def redis_url(tmp_path):
    configured = os.environ.get("REDIS_URL")
    if configured:
        yield configured.rsplit("/", 1)[0] + f"/{REDIS_DB}"
        return
    port = free_port()
    server = subprocess.Popen(
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/{REDIS_DB}"
    wait_until(lambda: _redis_answers(url), 20, "redis-server to start")
    yield url
    server.terminate()
    server.wait(10)


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        return False


def _database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Celery:
    """Starts and stops `celery worker` and `celery beat` as separate processes."""

    def __init__(self, tmp_path: Path, redis_url: str, smtp_port: int):
        self.tmp = tmp_path
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": redis_url,
            "TEST_SMTP_PORT": str(smtp_port),
            "CONN_MAX_AGE": "0",
        }
        self.processes: dict[str, subprocess.Popen] = {}
        self.starts = 0
        import redis

        redis.Redis.from_url(redis_url).flushdb()

    def _start(self, name: str, args: list[str]):
        self.starts += 1
        log = open(self.tmp / f"{name}-{self.starts}.log", "w")  # noqa: SIM115
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *args, "--loglevel=INFO"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own process group, so a kill takes the pool's children too, as a crash would.
            start_new_session=True,
        )

    def start_worker(self):
        self._start(
            "worker",
            [
                "worker",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                f"--hostname=notifications-test-{self.starts}@%h",
            ],
        )

    def start_beat(self):
        self._start(
            "beat",
            [
                "beat",
                "--schedule",
                str(self.tmp / "beat-schedule"),
                "--pidfile",
                str(self.tmp / "beat.pid"),
            ],
        )

    def kill(self, name: str, sig=signal.SIGKILL):
        process = self.processes.pop(name)
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        process.wait(20)

    def stop(self):
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM)

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n" + "\n".join(p.read_text().splitlines()[-30:])
            for p in sorted(self.tmp.glob("*.log"))
        )


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.recorder.hang = False
    server.stop()


@pytest.fixture
def celery(needs_postgres, tmp_path, redis_url, smtp):
    runner = Celery(tmp_path, redis_url, smtp.port)
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
