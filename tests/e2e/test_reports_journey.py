"""The lead drafts the board paper for a governing body, creates a version, sees it
prepared without reloading, and downloads it."""

from datetime import timedelta
from pathlib import Path

import docx
import pytest

from planner.access import plan_access_for_user
from planner.dates import uk_today
from planner.models import GoverningBody
from planner.reports.models import BoardPaper, ReportStatus, ReportVersion
from planner.reports.papers import (
    board_paper_freeze,
    board_paper_implications_save,
    board_paper_start,
    board_paper_update,
)
from planner.reports.services import report_render_version
from tests.factories import PASSWORD
from tests.helpers import check_axe, fill_date, screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIRE_AUTHORITY = "Testshire Fire and Rescue Authority"
IMPLICATIONS = ("financial", "legal", "workforce", "equality", "data_protection", "environmental")


def test_lead_drafts_the_paper_for_a_body_and_downloads_its_version(
    page, live_server, plan, police_lead
):
    sign_in(page, live_server, police_lead.email, PASSWORD)
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    page.get_by_role("link", name="Prepare a board paper for a governing body").click()
    check_axe(page, "governance report page")
    page.get_by_role("button", name=f"Draft the paper for {FIRE_AUTHORITY}").click()
    page.get_by_role("heading", name=f"Board paper for {FIRE_AUTHORITY}").wait_for()
    check_axe(page, "board paper draft")

    # Creating a version before the paper is complete names what is missing.
    page.get_by_role("button", name="Create version 1").click()
    page.get_by_text("Enter the date of the meeting").first.wait_for()
    page.get_by_text("State the financial implications").first.wait_for()
    check_axe(page, "board paper with errors")
    assert not ReportVersion.objects.exists()

    meeting = uk_today() + timedelta(days=30)
    fill_date(page, "Date of the meeting", meeting.isoformat())
    page.get_by_label("Agenda item").fill("7")
    page.get_by_label("OFFICIAL-SENSITIVE").check()
    page.get_by_label("For decision").check()
    page.get_by_label("Contact").fill("pat.lead@police.test")
    page.get_by_role("button", name="Save the cover details").click()
    page.get_by_text("The paper's details are saved.").wait_for()

    page.get_by_label("Add a recommendation").fill("Ask for a report back after six months.")
    page.get_by_role("button", name="Save the recommendations").click()
    page.get_by_text("The recommendations are saved.").wait_for()
    # Drafting again would replace that edit, so it asks first; the lead keeps them.
    page.get_by_role("button", name="Draft the recommendations again").click()
    page.get_by_role("heading", name="Draft the recommendations again?").wait_for()
    assert "Ask for a report back after six months." in page.locator("main ol").inner_text()
    check_axe(page, "draft the recommendations again? confirmation")
    page.get_by_role("link", name="No, keep them").click()
    page.get_by_role("heading", name=f"Board paper for {FIRE_AUTHORITY}").wait_for()
    assert BoardPaper.objects.get().recommendations[-1] == "Ask for a report back after six months."

    page.get_by_label("Financial implications").fill("Within the partners' approved budgets.")
    for key in IMPLICATIONS[1:]:
        page.locator(f"#id_{key}_none").check()
    page.get_by_role("button", name="Save the implications").click()
    page.get_by_text("The implications are saved.").wait_for()
    check_axe(page, "board paper ready to freeze")
    screenshot(page, "board-paper-draft")

    page.get_by_role("button", name="Create version 1").click()
    page.get_by_text("Version 1 of the report is ready.").wait_for()
    check_axe(page, "report versions page with a version")
    page.get_by_text(f"To {FIRE_AUTHORITY}, meeting {meeting:%-d %B %Y}").wait_for()
    screenshot(page, "reports-ready")
    version = ReportVersion.objects.get()
    assert version.recommendations[-1] == "Ask for a report back after six months."
    assert BoardPaper.objects.get().governing_body == version.governing_body

    with page.expect_download() as download:
        page.get_by_role("link", name="Download version 1 (PDF").click()
    assert download.value.suggested_filename == "TST-PLAN-report-v1.pdf"
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    # The Word copy beside it, for the authority's own template: the same paper, its
    # recommendations a Word numbered list.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download version 1 (Word, .docx)").click()
    assert download.value.suggested_filename == "TST-PLAN-report-v1.docx"
    word = docx.Document(download.value.path())
    numbered = [p.text for p in word.paragraphs if p.style.name == "List Number"]
    assert numbered[-1] == "Ask for a report back after six months."

    page.get_by_role("link", name="View version 1 in the browser").click()
    page.get_by_role("heading", name="Recommendations").first.wait_for()
    assert page.title() == "Shared station (TST-PLAN): governance report, version 1"


def test_the_page_updates_itself_until_the_version_is_ready(
    page, live_server, plan, police_lead, monkeypatch
):
    from kombu.exceptions import OperationalError

    from planner.reports.tasks import report_render

    def broker_down(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(report_render, "apply_async", broker_down)
    # A paper ready to freeze (a paper for discussion), drafted as the first test does
    # through the page.
    access = plan_access_for_user(police_lead, plan.pk)
    body = GoverningBody.objects.get(name=FIRE_AUTHORITY)
    paper = board_paper_start(access=access, body_id=body.pk)
    board_paper_update(
        access=access,
        paper_id=paper.pk,
        meeting_date=uk_today() + timedelta(days=30),
        agenda_item="7",
        title=paper.title,
        marking="OFFICIAL",
        purpose="discussion",
        author=paper.author,
        contact="",
    )
    board_paper_implications_save(access=access, paper_id=paper.pk, implications={})
    sign_in(page, live_server, police_lead.email, PASSWORD)
    page.goto(f"{live_server.url}/plans/{plan.pk}/reports/papers/{paper.pk}/")
    page.get_by_role("button", name="Create version 1").click()
    page.get_by_text("Version 1 is queued.").wait_for()
    assert page.get_by_role("link", name="Refresh the list").is_visible()
    assert not page.get_by_role("link", name="Download version 1 (PDF").is_visible()
    assert not page.get_by_role("link", name="Download version 1 (Word, .docx)").is_visible()

    # A worker prints it while the page is open; the page notices without a reload.
    version = ReportVersion.objects.get()
    assert report_render_version(version.pk) == ReportStatus.READY
    page.get_by_role("link", name="Download version 1 (PDF").wait_for(
        state="visible", timeout=20000
    )
    page.get_by_role("link", name="Download version 1 (Word, .docx)").wait_for(state="visible")
    assert page.locator("[data-report-status]").first.inner_text() == "Ready"


def test_the_reports_page_and_a_paper_fit_a_phone(page, live_server, plan, police_lead):
    """At 375 px the pages keep their width; the tables scroll inside their own regions."""
    access = plan_access_for_user(police_lead, plan.pk)
    paper = board_paper_start(
        access=access, body_id=GoverningBody.objects.get(name=FIRE_AUTHORITY).pk
    )
    # A version in the list too, with its body and meeting.
    board_paper_update(
        access=access,
        paper_id=paper.pk,
        meeting_date=uk_today() + timedelta(days=30),
        agenda_item="7",
        title=paper.title,
        marking="OFFICIAL",
        purpose="discussion",
        author=paper.author,
        contact="",
    )
    board_paper_freeze(access=access, paper_id=paper.pk)
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server, police_lead.email, PASSWORD)
    for path, label in (
        (f"/plans/{plan.pk}/reports/", "governance report page at 375 px"),
        (f"/plans/{plan.pk}/reports/papers/{paper.pk}/", "board paper at 375 px"),
    ):
        page.goto(f"{live_server.url}{path}")
        check_axe(page, label)
        wide = page.evaluate(
            """() => [...document.querySelectorAll('main *')]
                .filter(e => !e.closest('.app-table-scroll'))
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 40))"""
        )
        assert not wide, (label, wide)
    screenshot(page, "board-paper-phone")
