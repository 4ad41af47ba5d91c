"""Production, as deployed: built assets, collectstatic, gunicorn with production settings.

One test walks the whole deployment: the asset build, `collectstatic` into a fresh folder with
the manifest storage, migrations and the demo under `config.settings.production`, then
gunicorn on PostgreSQL and Redis with a real SMTP server (aiosmtpd). Over HTTP, as the proxy
would forward it, it signs in and fetches every main page, the hashed stylesheet and every
file the stylesheet refers to, and a report PDF: each must answer 200 with the security
headers. It also sends an invitation and a password reset and reads the server's log: no
token, link or e-mail body may appear there.

Needs PostgreSQL (gunicorn is another process and must see the test database) and Redis;
CI has both, so it always runs there. Locally it skips on SQLite and says why.
"""

import os
import re
import secrets
import subprocess
import sys
from email import message_from_bytes
from urllib.parse import urljoin

import pytest

from planner.models import MemberRole, PlanPartner
from planner.reports.models import ReportStatus, ReportVersion
from tests import workers
from tests.webclient import Browser, serving
from tests.workflows.notifications.smtp import SmtpServer

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

REDIS_DB = 9
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=",
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=()",
}


def _run(args, env, timeout=300):
    result = subprocess.run(
        args, cwd=workers.BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture
def redis_url(tmp_path):
    workers.skip_unless_postgres("The production smoke test")
    with workers.redis_server(tmp_path, REDIS_DB) as url:
        yield url


@pytest.fixture
def smtp():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def production(tmp_path, redis_url, smtp):
    """Build, collect, migrate and load the demo under production settings; start gunicorn."""
    port = workers.free_port()
    static_root = tmp_path / "static"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_"))
    } | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": workers.database_url(),
        "REDIS_URL": redis_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "TRUSTED_PROXY_COUNT": "1",
        "SUPPORT_EMAIL": "planner-support@example.org",
        "SERVICE_OPERATOR": "Example Blue Light Collaboration Unit",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_FORMAT": "plain",
    }
    _run(["npm", "run", "--silent", "build"], env, timeout=120)
    _run([sys.executable, "manage.py", "collectstatic", "--noinput"], env)
    assert (static_root / "staticfiles.json").is_file()
    _run([sys.executable, "manage.py", "demo_data"], env, timeout=600)
    log_path = tmp_path / "gunicorn.log"
    gunicorn = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    gunicorn += ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60"]
    with serving(gunicorn, env=env, port=port, log_path=log_path, behind_proxy=True):
        yield Browser(port, behind_proxy=True), log_path


def _assert_page(browser: Browser, path: str, content_type: str = "text/html"):
    response, body = browser.get(path)
    assert response.status == 200, f"{path} answered {response.status}: {body[:500]!r}"
    assert response.headers["Content-Type"].startswith(content_type), path
    for header, expected in SECURITY_HEADERS.items():
        assert expected in (response.headers.get(header) or ""), f"{path}: {header}"
    return body.decode("utf-8", "replace") if content_type.startswith("text") else body


def test_production_serves_every_main_page_and_asset_and_logs_no_secret(production, smtp):
    browser, log_path = production
    # The demo prints one board paper, on its governance-stage plan.
    version = ReportVersion.objects.select_related("plan").get(status=ReportStatus.READY)
    plan = version.plan
    p = f"/plans/{plan.pk}"

    browser.sign_in("lead@police.example")
    dashboard = _assert_page(browser, "/")
    for path in [
        f"{p}/",
        f"{p}/partners/",
        f"{p}/s2/",
        f"{p}/assessments/",
        f"{p}/risks/",
        f"{p}/benefits/",
        f"{p}/exit-strategy/",
        f"{p}/cases/",
        f"{p}/decisions/",
        f"{p}/reports/",
        "/cases/",
        "/inbox/",
        "/account/",
        "/account/notifications/",
    ]:
        _assert_page(browser, path)
    pdf = _assert_page(browser, f"{p}/reports/{version.pk}/download/", "application/pdf")
    assert pdf.startswith(b"%PDF")

    # The stylesheet is the hashed copy from the manifest, cached for ever, and every file it
    # refers to is there.
    stylesheet = re.search(r'href="(/static/app\.[0-9a-f]{12}\.css)"', dashboard).group(1)
    response, css = browser.get(stylesheet)
    assert response.status == 200
    assert "immutable" in response.headers["Cache-Control"]
    referenced = re.findall(r"url\(\"?([^\")]+)\"?\)", css.decode())
    assert referenced, "the stylesheet refers to the GOV.UK images"
    for url in referenced:
        if url.startswith("data:"):
            continue
        response, _ = browser.get(urljoin(stylesheet, url))
        assert response.status == 200, f"{url}, referenced by {stylesheet}, is missing"
    script = re.search(r'src="(/static/app\.[0-9a-f]{12}\.js)"', dashboard).group(1)
    response, js = browser.get(script)
    assert response.status == 200 and "immutable" in response.headers["Cache-Control"]
    # The module imports GOV.UK Frontend by a relative path (collectstatic keeps that name).
    for imported in re.findall(r"from\s+[\"']([^\"']+)[\"']", js.decode()):
        assert browser.get(urljoin(script, imported))[0].status == 200, imported

    # An invitation and a password reset, sent over real SMTP: the e-mails carry the links;
    # the server's log carries neither the links, nor their tokens, nor the e-mail bodies.
    fire = PlanPartner.objects.get(plan=plan, organisation__kind="fire").organisation
    response, _ = browser.post(
        f"{p}/invitations/new/",
        {
            "full_name": "Robin Smoke",
            "email": "robin.smoke@fire.example",
            "organisation": fire.pk,
            "role": MemberRole.READ_ONLY,
        },
    )
    assert response.status == 302, response.status
    reset = Browser(browser.port, behind_proxy=True)
    reset.get("/accounts/password-reset/")
    response, _ = reset.post("/accounts/password-reset/", {"email": "viewer@council.example"})
    assert response.status == 302
    workers.wait_until(lambda: len(smtp.recorder.messages) >= 2, 30, "both e-mails")
    bodies = [_body(raw) for raw in smtp.recorder.messages]
    links = [link for body in bodies for link in re.findall(r"https://\S+", body)]
    secret_links = [link for link in links if "/invitations/" in link or "/accounts/reset/" in link]
    assert len(secret_links) == 2, links
    # A mistyped link is a 404, which Django logs with its path ("Not Found: <path>").
    invitation_path = next(link for link in secret_links if "/invitations/" in link)
    invitation_path = invitation_path.split(str(browser.port), 1)[1]
    assert browser.get(invitation_path.rstrip("/")[:-4] + "XXXX/")[0].status == 404

    # Admin pages, as the administrator.
    admin = Browser(browser.port, behind_proxy=True)
    admin.sign_in("admin@planner.example")
    _assert_page(admin, "/admin/")
    _assert_page(admin, "/admin-tools/failed-emails/")

    log = log_path.read_text()
    assert "/invitations/[redacted]/" in log  # the 404 above, logged without its token
    for link in secret_links:
        token = link.rstrip("/").rsplit("/", 1)[-1]
        assert link not in log and token not in log, f"{link} is in the server log"
    for body in bodies:
        for line in body.splitlines():
            if len(line.strip()) > 30:
                assert line.strip() not in log, f"e-mail text in the server log: {line}"


def _body(raw: bytes) -> str:
    message = message_from_bytes(raw)
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    raise AssertionError("no text part")
