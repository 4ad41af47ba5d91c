"""The embedded default (SQLite, tasks in-process) holds concurrent use without a 500.

`make run` serves with Django's threaded runserver on a SQLite file. Before WAL mode and
immediate transactions, two requests writing at once could fail with "database is locked"
(a 500). Here the real thing runs: a fresh SQLite file, the migrations and the demo, the
server as `make run` starts it, and simultaneous posts from one signed-in lead.
"""

import os
import sqlite3
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests import workers
from tests.webclient import Browser, serving

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("embedded")
    database = folder / "db.sqlite3"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL"} and not key.startswith("DJANGO_")
    } | {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(folder / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DEBUG": "false",
    }
    for command in (["migrate", "--noinput", "-v", "0"], ["demo_data"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=workers.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    port = workers.free_port()
    log_path = folder / "server.log"
    runserver = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    with serving(runserver, env=env, port=port, log_path=log_path):
        lead = Browser(port)
        lead.sign_in("lead@police.example")
        yield lead, database, folder, log_path


def _query(database: Path, sql: str, *params):
    with sqlite3.connect(database) as db:
        return db.execute(sql, params).fetchall()


def _all_at_once(count: int, action):
    """Run `action(i)` on `count` threads released together; return the results."""
    barrier = threading.Barrier(count)

    def run(i):
        barrier.wait()
        return action(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def _lead_plan(database: Path, stage: str) -> int:
    return _query(
        database,
        "SELECT p.id FROM planner_plan p JOIN planner_planmember m ON m.plan_id = p.id "
        "JOIN planner_user u ON u.id = m.user_id "
        "WHERE u.email = 'lead@police.example' AND m.role = 'project_lead' AND p.stage = ? "
        "ORDER BY p.id",
        stage,
    )[0][0]


def test_six_simultaneous_stage_posts_give_no_500_and_exactly_one_transition(embedded):
    lead, database, _, log_path = embedded
    plan_id = _lead_plan(database, "scoping")
    decisions = "SELECT COUNT(*) FROM workflows_decision WHERE plan_id = ?"
    before = _query(database, decisions, plan_id)[0][0]

    def hold(i):
        response, body = lead.copy().post(
            f"/plans/{plan_id}/stage/hold/",
            {
                "expected_stage": "scoping",
                "rationale": f"Paused while the partners review funding (tab {i}).",
                "options_considered": "",
            },
        )
        return response.status

    statuses = _all_at_once(6, hold)
    assert 500 not in statuses, (statuses, log_path.read_text()[-3000:])
    assert set(statuses) <= {302, 400, 409}, statuses
    assert _query(database, "SELECT stage FROM planner_plan WHERE id = ?", plan_id) == [
        ("on_hold",)
    ]
    assert _query(database, decisions, plan_id)[0][0] == before + 1
    assert "database is locked" not in log_path.read_text()


def test_three_simultaneous_report_requests_give_three_numbers_and_three_files(embedded):
    lead, database, folder, log_path = embedded
    plan_id = _query(database, "SELECT plan_id FROM reports_reportversion WHERE status = 'ready'")[
        0
    ][0]
    versions = "SELECT number, status, file FROM reports_reportversion WHERE plan_id = ?"
    before = _query(database, versions, plan_id)

    # The demo's ready version was frozen from a paper to the joint board; three tabs freeze
    # that paper again at once.
    paper_id = _query(database, "SELECT id FROM reports_boardpaper WHERE plan_id = ?", plan_id)[0][
        0
    ]

    def ask(i):
        response, _ = lead.copy().post(f"/plans/{plan_id}/reports/papers/{paper_id}/freeze/", {})
        return response.status

    statuses = _all_at_once(3, ask)
    assert 500 not in statuses, (statuses, log_path.read_text()[-3000:])
    after = _query(database, versions, plan_id)
    new = [row for row in after if row not in before]
    assert len(new) == 3, new
    numbers = [number for number, _, _ in after]
    assert len(numbers) == len(set(numbers)), numbers
    assert {status for _, status, _ in new} == {"ready"}, new
    files = [file for _, _, file in after]
    assert len(files) == len(set(files)), files
    for file in files:
        assert (folder / "media" / file).is_file(), file
    assert "database is locked" not in log_path.read_text()
