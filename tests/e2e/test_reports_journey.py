"""The lead asks for the board paper, sees it prepared without reloading, and downloads it."""

from pathlib import Path

import pytest

from planner.reports.models import ReportStatus, ReportVersion
from planner.reports.services import report_render_version
from tests.factories import PASSWORD
from tests.helpers import check_axe, screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_lead_requests_the_report_and_downloads_it(page, live_server, plan, police_lead):
    sign_in(page, live_server, police_lead.email, PASSWORD)
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    page.get_by_role("link", name="Request a new version of the report").click()
    check_axe(page, "report versions page")
    page.get_by_label("OFFICIAL-SENSITIVE").check()
    page.get_by_label("For decision").check()
    page.get_by_role("button", name="Request the report").click()
    page.get_by_text("Version 1 of the report is ready.").wait_for()
    check_axe(page, "report versions page with a version")
    screenshot(page, "reports-ready")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download version 1").click()
    assert download.value.suggested_filename == "TST-PLAN-report-v1.pdf"
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"

    page.get_by_role("link", name="View version 1 in the browser").click()
    page.get_by_role("heading", name="Partners and governance").wait_for()
    assert page.title() == "Shared station (TST-PLAN): governance report, version 1"


def test_the_page_updates_itself_until_the_version_is_ready(
    page, live_server, plan, police_lead, monkeypatch
):
    from kombu.exceptions import OperationalError

    from planner.reports.tasks import report_render

    def broker_down(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(report_render, "apply_async", broker_down)
    sign_in(page, live_server, police_lead.email, PASSWORD)
    page.goto(f"{live_server.url}/plans/{plan.pk}/reports/")
    page.get_by_role("button", name="Request the report").click()
    page.get_by_text("Version 1 is queued.").wait_for()
    assert page.get_by_role("link", name="Refresh the list").is_visible()
    assert not page.get_by_role("link", name="Download version 1").is_visible()

    # A worker prints it while the page is open; the page notices without a reload.
    version = ReportVersion.objects.get()
    assert report_render_version(version.pk) == ReportStatus.READY
    page.get_by_role("link", name="Download version 1").wait_for(state="visible", timeout=20000)
    assert page.locator("[data-report-status]").first.inner_text() == "Ready"
