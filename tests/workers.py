"""A real Celery worker (and beat) on Redis for integration tests, started as subprocesses.

The worker is another process, so it must share the test's database: that needs
PostgreSQL (SQLite's test database lives in this process's memory). Each test module picks
its own Redis database number so queues never mix; without REDIS_URL a private
redis-server is started.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, timeout: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}.")


def skip_unless_postgres(what: str) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            f"{what} needs DATABASE_URL=postgres://...: the worker process must share the "
            "test database, which SQLite keeps in this process's memory. CI runs it on "
            "PostgreSQL."
        )


def database_url() -> str:
    """The test database (test_<name>) as a URL the worker's settings can read."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def redis_answers(url: str) -> bool:
    import redis

    try:
        return redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        return False


@contextmanager
def redis_server(tmp_path: Path, db: int) -> Iterator[str]:
    """REDIS_URL with its database number replaced by `db`, or a private redis-server."""
    configured = os.environ.get("REDIS_URL")
    if configured:
        yield configured.rsplit("/", 1)[0] + f"/{db}"
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
    url = f"redis://127.0.0.1:{port}/{db}"
    try:
        wait_until(lambda: redis_answers(url), 20, "redis-server to start")
        yield url
    finally:
        server.terminate()
        server.wait(10)


@contextmanager
def enqueue_to(redis_url: str) -> Iterator[None]:
    """Make this process hand tasks to Redis instead of running them in-process.

    The Celery app read Django's settings when it was configured, so its own configuration
    is switched, and restored afterwards with the connection pools it built.
    """
    import kombu.pools

    from config.celery import app

    def reset_pools():
        app._pool = None
        app.amqp._producer_pool = None
        kombu.pools.reset()

    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=redis_url)
    reset_pools()
    try:
        yield
    finally:
        app.conf.update(saved)
        reset_pools()


class Celery:
    """Starts and stops `celery worker` and `celery beat` as separate processes."""

    def __init__(
        self,
        tmp_path: Path,
        redis_url: str,
        *,
        settings_module: str,
        name: str,
        env: dict[str, str] | None = None,
    ):
        self.tmp = tmp_path
        self.name = name
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis_url,
            "CONN_MAX_AGE": "0",
            **(env or {}),
        }
        self.processes: dict[str, subprocess.Popen] = {}
        self.starts = 0
        import redis

        redis.Redis.from_url(redis_url).flushdb()

    def _start(self, role: str, args: list[str]):
        self.starts += 1
        log = open(self.tmp / f"{role}-{self.starts}.log", "w")  # noqa: SIM115
        self.processes[role] = subprocess.Popen(
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
                f"--hostname={self.name}-{self.starts}@%h",
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

    def kill(self, role: str, sig=signal.SIGKILL):
        process = self.processes.pop(role)
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)

    def stop(self):
        for role in list(self.processes):
            self.kill(role, signal.SIGTERM)

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n" + "\n".join(p.read_text().splitlines()[-30:])
            for p in sorted(self.tmp.glob("*.log"))
        )
