"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, plus axe-core.

Playwright's own browser downloads are never used; the executable is Debian's.
"""

import json
import os
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the live server's database work
# happens in its own thread, and fixtures' ORM calls are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def new_context(browser):
    """A browser context; CSP is bypassed only so axe-core can be injected for the checks."""
    return browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)


@pytest.fixture
def page(browser):
    context = new_context(browser)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def check_axe(page, label: str = "") -> None:
    """Run axe-core on the page; fail on any serious or critical violation."""
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']})"
    )
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe-core on {label or page.url}: " + json.dumps(
        [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
            for v in bad
        ],
        indent=1,
    )


def screenshot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, live_server, email, password):
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
