"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, plus axe-core.

Playwright's own browser downloads are never used; the executable is Debian's.
"""

import os
from datetime import UTC, datetime

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


@pytest.fixture(autouse=True)
def framework(request):
    """The success framework, for every browser test that runs against the live server.

    Those tests are transactional: each one's flush empties every table, taking with it the
    framework a data migration loaded, so whichever test ran before would decide whether the
    next one has assessments. Loaded again here the same way, for all of them.
    """
    if "live_server" not in request.fixturenames:
        return None
    request.getfixturevalue("transactional_db")
    from assessments.framework_loader import framework_load_data, read_framework_file
    from assessments.models import Characteristic, FrameworkVersion, StageQuestion
    from assessments.selectors import framework_current

    if framework_current() is None:
        framework_load_data(
            read_framework_file(),
            models={
                "FrameworkVersion": FrameworkVersion,
                "Characteristic": Characteristic,
                "StageQuestion": StageQuestion,
            },
            published_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
    return framework_current()
