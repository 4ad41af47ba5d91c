"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, plus axe-core.

Playwright's own browser downloads are never used; the executable is Debian's.
"""

import os

import pytest

from tests.helpers import new_context

# Playwright's sync API runs an event loop in this thread; the live server's database work
# happens in its own thread, and fixtures' ORM calls are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page(browser):
    context = new_context(browser)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
