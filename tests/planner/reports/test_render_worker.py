"""A real Celery worker on Redis prints the governance report; a killed one loses nothing.

Needs PostgreSQL, because the worker is another process and must see the test's database
(SQLite's test database lives in this process's memory). CI always runs on PostgreSQL, so
these tests run there; without REDIS_URL the test starts its own redis-server.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from planner.access import plan_access_for_user
from planner.reports.models import Marking, ReportPurpose, ReportStatus, ReportVersion
from planner.reports.services import report_request
from tests import workers
from tests.helpers import pdf_files, version_files
from tests.workers import wait_until

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("own_sections"),
]

# A Redis database of its own, so other tests' queues never mix with these.
REDIS_DB = 12
FONT = "WorkerTestSans.ttf"


def installed_font_file() -> Path:
    """A real font file, found through fontconfig as the printer finds it."""
    found = subprocess.run(
        ["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True, check=True
    )
    return Path(found.stdout)


@pytest.fixture
def redis_url(tmp_path):
    workers.skip_unless_postgres("Printing the report in a real worker")
    with workers.redis_server(tmp_path, REDIS_DB) as url:
        yield url


@pytest.fixture
def fonts(tmp_path):
    """The worker's asset folder with a font file its stylesheet reads, so a test can make
    that read hang."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    shutil.copy(installed_font_file(), folder / FONT)
    return folder


@pytest.fixture
def celery(redis_url, tmp_path, media_root, fonts):
    media_root.mkdir(parents=True, exist_ok=True)
    runner = workers.Celery(
        tmp_path,
        redis_url,
        settings_module="tests.planner.reports.worker_settings",
        name="reports-test",
        env={"TEST_MEDIA_ROOT": str(media_root), "TEST_REPORT_ASSET_DIR": str(fonts)},
    )
    with workers.enqueue_to(redis_url):
        yield runner
    runner.stop()


def ask(plan, user) -> ReportVersion:
    """Request a version as the lead; on commit it is handed to Redis, as from the web."""
    return report_request(
        access=plan_access_for_user(user, plan.pk),
        marking=Marking.OFFICIAL,
        purpose=ReportPurpose.DECISION,
    )


def status(version) -> str:
    version.refresh_from_db()
    return version.status


def assert_one_ready_pdf(version, celery):
    try:
        wait_until(lambda: status(version) == ReportStatus.READY, 90, "the version to be ready")
    except AssertionError:
        print(celery.logs())
        raise
    assert ReportVersion.objects.filter(plan=version.plan).count() == 1
    assert version.enqueued_at is not None  # it went through the broker
    files = pdf_files()
    assert files == version_files(version), files
    reader = pypdf.PdfReader(version.file.path)
    assert len(reader.pages) == version.page_count > 0
    assert "Shared station" in reader.pages[0].extract_text()


def test_a_requested_version_is_printed_by_the_worker(celery, report_plan, police_lead):
    celery.start_worker()
    version = ask(report_plan, police_lead)
    assert version.status == ReportStatus.QUEUED
    assert_one_ready_pdf(version, celery)
    assert version.attempts == 1


def test_a_worker_killed_mid_render_leaves_one_version_and_one_file(
    celery, report_plan, police_lead, fonts
):
    # The stylesheet's font file is a named pipe: the worker blocks opening it, mid-render,
    # until it is killed. No one ever writes to it.
    regular = fonts / FONT
    regular.unlink()
    os.mkfifo(regular)
    celery.start_worker()
    celery.start_beat()
    version = ask(report_plan, police_lead)
    try:
        # Blocked on the pipe: claimed, with its temporary file open, printing.
        wait_until(
            lambda: (
                status(version) == ReportStatus.RENDERING
                and any(f.name.startswith(".rendering-") for f in pdf_files())
            ),
            60,
            "the render to start",
        )
    except AssertionError:
        print(celery.logs())
        raise
    celery.kill("worker")  # SIGKILL, worker and pool child together
    assert status(version) == ReportStatus.RENDERING
    assert version.attempts == 1
    # Only the dead worker's temporary files (the PDF's and the Word copy's): nothing that
    # looks like a finished paper.
    assert [f.name.startswith(".rendering-") for f in pdf_files()] == [True, True]

    regular.unlink()
    shutil.copy(installed_font_file(), regular)
    celery.start_worker()
    # The claim goes stale, the sweep hands the version over again, the new worker prints it.
    assert_one_ready_pdf(version, celery)
    assert version.attempts == 2
