"""Just enough of a browser to drive a real server (gunicorn, runserver) over HTTP.

Cookies, the CSRF token, no automatic redirects. `behind_proxy=True` sends the headers a
TLS-terminating proxy adds, so production settings apply their HTTPS rules (secure cookies,
HSTS, CSRF origin checks) as they would live.
"""

import http.client
import subprocess
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

DEMO_PASSWORD = "Wealdshire-demo-2026"


class Browser:
    def __init__(self, port: int, *, behind_proxy: bool = False):
        self.port = port
        self.behind_proxy = behind_proxy
        scheme = "https" if behind_proxy else "http"
        self.origin = f"{scheme}://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def copy(self) -> "Browser":
        """Another tab of the same browser: same session, its own connection."""
        other = Browser(self.port, behind_proxy=self.behind_proxy)
        other.cookies = dict(self.cookies)
        return other

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.behind_proxy:
            headers |= {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.10"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response, content

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, form: dict):
        return self.request("POST", path, form)

    def sign_in(self, email: str, password: str = DEMO_PASSWORD):
        self.get("/accounts/sign-in/")
        response, _ = self.post("/accounts/sign-in/", {"username": email, "password": password})
        assert response.status == 302, f"sign-in as {email} answered {response.status}"


@contextmanager
def serving(command: list[str], *, env: dict, port: int, log_path: Path, behind_proxy=False):
    """Run a web server (runserver, gunicorn) until the block ends, its output in `log_path`.

    Yields once /health/ answers 200, asked as `Browser(port, behind_proxy=…)` would ask it.
    """
    from tests.workers import BASE_DIR, wait_until

    def answers() -> bool:
        try:
            return Browser(port, behind_proxy=behind_proxy).get("/health/")[0].status == 200
        except OSError:
            time.sleep(0.2)
            return False

    with log_path.open("w") as log:
        server = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        wait_until(answers, 60, f"{command[1:3]} to answer")
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)
