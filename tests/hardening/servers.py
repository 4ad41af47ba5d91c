"""Real processes for the fault tests: the app under gunicorn, and a private Redis."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def need_binary(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must run the fault tests, not skip them.")
        pytest.skip(message)
    return path


def fetch(url: str, *, cookie: str = "", timeout: float = 10) -> tuple[int, str]:
    request = urllib.request.Request(  # noqa: S310 - always http://127.0.0.1
        url, headers={"Cookie": cookie} if cookie else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def post_form(
    base: str, page: str, data: dict, *, cookie: str, form_page: str | None = None
) -> tuple[int, str]:
    """Post a form as a browser does: read the page for its CSRF cookie and token first
    (`form_page` when the form is on another page than the one it posts to)."""
    opener = urllib.request.build_opener()
    page_request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
        base + (form_page or page), headers={"Cookie": cookie}
    )
    with opener.open(page_request, timeout=30) as response:  # noqa: S310
        body = response.read().decode()
        csrf_cookie = next(
            h.split(";", 1)[0]
            for h in response.headers.get_all("Set-Cookie") or []
            if h.startswith("csrftoken=")
        )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    encoded = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(  # noqa: S310
        base + page, data=encoded, headers={"Cookie": f"{cookie}; {csrf_cookie}"}
    )
    try:
        with opener.open(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


class Gunicorn:
    """One sync worker, so the same database connection serves every request in turn."""

    def __init__(self, *, env: dict[str, str]):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        full_env = {**os.environ, **env, "PYTHONUNBUFFERED": "1"}
        self.log = open(ROOT / "test-output" / f"gunicorn-{self.port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=full_env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                fetch(self.base + "/health/", timeout=5)
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if self.process.poll() is not None:
                    break
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not start; see {self.log.name}")

    def get(self, path: str, **kwargs) -> tuple[int, str]:
        return fetch(self.base + path, **kwargs)

    def post(
        self, path: str, data: dict, *, cookie: str, form_page: str | None = None
    ) -> tuple[int, str]:
        return post_form(self.base, path, data, cookie=cookie, form_page=form_page)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


class Redis:
    """A throwaway redis-server on a free port: never the shared one the suite uses."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self):
        binary = need_binary("redis-server")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def queue_length(self, queue: str = "celery") -> int:
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
            sock.sendall(f"LLEN {queue}\r\n".encode())
            reply = sock.recv(64).decode()
        return int(reply.lstrip(":").strip())

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
