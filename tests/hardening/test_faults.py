"""Faults against real services: a dropped database connection, a broker that goes away.

The app runs under gunicorn in its own process (as in production: one sync worker keeping its
database connection between requests), so recovery is proven without a restart. These tests
need PostgreSQL; CI always provides it (tests/conftest.py refuses to run CI without it).
"""

import json
import os
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.test import Client

from planner.reports.models import ReportStatus, ReportVersion
from planner.selectors import governing_bodies_for_plan
from tests.hardening.servers import ROOT, Gunicorn, Redis
from tests.helpers import ready_paper

SWEEP = (
    "import django; django.setup(); "
    "from planner.reports.tasks import report_sweep_queued; report_sweep_queued()"
)

pytestmark = pytest.mark.integration


@pytest.fixture
def postgres_url():
    if connection.vendor != "postgresql":
        if os.environ.get("CI"):
            pytest.fail("CI must run the fault tests on PostgreSQL.")
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)")
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def app_env(database_url: str, app_name: str, **extra) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": database_url,
        # libpq names the connection, so the test can find and kill exactly the app's one.
        "PGAPPNAME": app_name,
        "CONN_MAX_AGE": "600",
        **extra,
    }


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def app_backends(app_name: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [app_name])
        return [row[0] for row in cursor.fetchall()]


def terminate(pids: list[int], app_name: str) -> None:
    """Kill the backends and wait until PostgreSQL has let them go."""
    with connection.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 10
    while app_backends(app_name) and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_pages_recover_after_the_database_drops_the_apps_connection(
    postgres_url, plan, police_lead
):
    app_name = "planner-fault-db"
    server = Gunicorn(env=app_env(postgres_url, app_name))
    try:
        cookie = session_cookie(police_lead)
        status, body = server.get(f"/plans/{plan.pk}/", cookie=cookie)
        assert status == 200 and plan.title in body
        pids = app_backends(app_name)
        assert len(pids) == 1, "the worker keeps one persistent connection"

        terminate(pids, app_name)
        assert app_backends(app_name) == []

        # No restart: the worker's health check finds the dead connection and opens another.
        for _ in range(3):
            status, body = server.get(f"/plans/{plan.pk}/", cookie=cookie)
            assert status == 200 and plan.title in body
        status, body = server.get("/")  # without a session: still sent to sign in
        assert status == 200 and "Sign in with your work e-mail address" in body
        status, body = server.get("/health/")
        assert status == 200 and json.loads(body)["database"] == "ok"
        assert len(app_backends(app_name)) == 1
    finally:
        server.stop()


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_pages_work_health_says_so_and_queued_work_is_kept(
    postgres_url, plan, police_lead
):
    redis = Redis()
    server = Gunicorn(env=app_env(postgres_url, "planner-fault-broker", REDIS_URL=redis.url))
    try:
        cookie = session_cookie(police_lead)
        status, body = server.get("/health/")
        assert (status, json.loads(body)) == (
            200,
            {"status": "ok", "database": "ok", "broker": "ok"},
        )

        redis.stop()
        status, body = server.get("/health/")
        # Degraded, not down: the balancer keeps the node, because pages still work.
        assert (status, json.loads(body)) == (
            200,
            {"status": "degraded", "database": "ok", "broker": "error"},
        )
        for path in ("/", f"/plans/{plan.pk}/", f"/plans/{plan.pk}/decisions/"):
            status, body = server.get(path, cookie=cookie)
            assert status == 200, f"{path} answered {status} with the broker down"

        # Work that needs the broker is kept: the report request is recorded as queued.
        _, paper = ready_paper(plan, police_lead, governing_bodies_for_plan(plan)[0])
        paper_page = f"/plans/{plan.pk}/reports/papers/{paper.pk}/"
        status, body = server.post(f"{paper_page}freeze/", {}, cookie=cookie, form_page=paper_page)
        assert status == 200, f"requesting a report with the broker down answered {status}"
        version = ReportVersion.objects.get(plan=plan)
        assert version.status == ReportStatus.QUEUED
        assert version.enqueued_at is None

        redis.start()
        status, body = server.get("/health/")
        assert json.loads(body)["broker"] == "ok"
        # ...and goes out once the broker is back: the periodic sweep hands it over.
        subprocess.run(
            [sys.executable, "-c", SWEEP],
            cwd=ROOT,
            env={**os.environ, **app_env(postgres_url, "planner-fault-sweep", REDIS_URL=redis.url)},
            check=True,
            timeout=60,
        )
        version.refresh_from_db()
        assert version.enqueued_at is not None
        assert redis.queue_length() == 1
    finally:
        server.stop()
        redis.stop()
