"""The report pages: who may request, download and preview; the plan page's panel."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planner.access import plan_access_for_user
from planner.models import GoverningBody
from planner.reports.models import BoardPaper, ReportStatus, ReportVersion
from planner.reports.services import report_render_version, report_request
from tests.factories import PlanFactory
from tests.helpers import assert_unchanged, snapshot
from tests.planner.reports.test_papers import ready_paper

pytestmark = pytest.mark.usefixtures("own_sections")


def _version(plan, user, *, render=True):
    version = report_request(
        access=plan_access_for_user(user, plan.pk), marking="OFFICIAL", purpose="decision"
    )
    if render:
        report_render_version(version.pk)
    version.refresh_from_db()
    return version


def _urls(plan, version):
    return {
        name: reverse(name, args=[plan.pk, version.pk])
        for name in ("report_download", "report_status", "report_version_preview")
    }


# Acceptance 4: outsiders get 404 on a version's download; read-only members can download.


def test_an_outsider_gets_404_on_every_report_url(report_plan, police_lead, outsider, client_for):
    version = _version(report_plan, police_lead)
    client = client_for(outsider)
    for url in [
        *_urls(report_plan, version).values(),
        reverse("plan_reports", args=[report_plan.pk]),
        reverse("report_live_preview", args=[report_plan.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    before = snapshot(ReportVersion)
    assert (
        client.post(reverse("report_retry", args=[report_plan.pk, version.pk])).status_code == 404
    )
    body = GoverningBody.objects.get(organisations=report_plan.created_by.organisation)
    assert (
        client.post(reverse("board_paper_start", args=[report_plan.pk, body.pk])).status_code == 404
    )
    assert_unchanged(before)


def test_a_read_only_member_can_download_a_ready_version(
    report_plan, police_lead, council_viewer, client_for
):
    version = _version(report_plan, police_lead)
    response = client_for(council_viewer).get(_urls(report_plan, version)["report_download"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="TST-PLAN-report-v1.pdf"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-") and len(body) == version.size


def test_a_version_of_another_plan_is_not_found_through_this_one(
    report_plan, police_lead, client_for
):
    other = PlanFactory(created_by=police_lead, reference="TST-OTHER")
    version = _version(other, police_lead)
    url = reverse("report_download", args=[report_plan.pk, version.pk])
    assert client_for(police_lead).get(url).status_code == 404


def test_a_version_not_yet_ready_cannot_be_downloaded(report_plan, police_lead, client_for):
    version = _version(report_plan, police_lead, render=False)
    response = client_for(police_lead).get(_urls(report_plan, version)["report_download"])
    assert response.status_code == 404


def _fire_paper(plan, lead):
    return ready_paper(
        plan, lead, GoverningBody.objects.get(name="Testshire Fire and Rescue Authority")
    )


def test_read_only_members_and_partner_reps_cannot_create_a_version(
    report_plan, police_lead, council_viewer, fire_partner, client_for
):
    _, paper = _fire_paper(report_plan, police_lead)
    url = reverse("board_paper_freeze", args=[report_plan.pk, paper.pk])
    before = snapshot(ReportVersion, BoardPaper)
    assert client_for(council_viewer).post(url).status_code == 403
    assert client_for(fire_partner).post(url).status_code == 403
    assert_unchanged(before)


def test_the_lead_creates_a_version_and_is_told_it_is_ready(
    report_plan, police_lead, client_for, django_capture_on_commit_callbacks
):
    client = client_for(police_lead)
    _, paper = ready_paper(
        report_plan,
        police_lead,
        GoverningBody.objects.get(name="Testshire Fire and Rescue Authority"),
        marking="OFFICIAL-SENSITIVE",
    )
    url = reverse("board_paper_freeze", args=[report_plan.pk, paper.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    version = ReportVersion.objects.get()
    assert (version.number, version.status, version.marking) == (1, "ready", "OFFICIAL-SENSITIVE")
    # (The on-commit render runs as this block exits, after the view answered; the
    # end-to-end journey sees the "ready" message itself.)
    page = client.get(response["Location"]).content.decode()
    assert "Download version 1 (PDF" in page


def test_the_lead_is_told_when_a_version_is_queued_because_the_broker_is_down(
    report_plan, police_lead, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from planner.reports.tasks import report_render

    def down(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(report_render, "apply_async", down)
    client = client_for(police_lead)
    _, paper = _fire_paper(report_plan, police_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("board_paper_freeze", args=[report_plan.pk, paper.pk]), follow=True
        )
    page = response.content.decode()
    assert "Version 1 is queued" in page
    assert ReportVersion.objects.get().status == ReportStatus.QUEUED
    # Progress: the list polls the status endpoint, and offers a plain refresh link.
    assert "data-report-status-url" in page and "reports.js" in page
    assert "Refresh the list" in page


def test_cover_details_without_their_choices_show_errors_and_record_nothing(
    report_plan, police_lead, client_for
):
    _, paper = _fire_paper(report_plan, police_lead)
    before = snapshot(BoardPaper, ReportVersion)
    response = client_for(police_lead).post(
        reverse("board_paper_details", args=[report_plan.pk, paper.pk]), {}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    for message in (
        "Enter the title of the paper",
        "Choose the protective marking",
        "Choose what the paper is for",
        "Enter the author of the paper",
    ):
        assert message in page
    assert_unchanged(before)


def test_the_status_endpoint_reports_progress(report_plan, police_lead, council_viewer, client_for):
    version = _version(report_plan, police_lead, render=False)
    client = client_for(council_viewer)
    url = _urls(report_plan, version)["report_status"]
    assert client.get(url).json()["status"] == "queued"
    report_render_version(version.pk)
    data = client.get(url).json()
    assert data["status"] == "ready" and data["label"] == "Ready"
    assert data["download_url"] == _urls(report_plan, version)["report_download"]
    assert data["page_count"] == ReportVersion.objects.get().page_count


def test_a_failed_version_shows_its_reason_and_the_lead_can_retry_it(
    report_plan, police_lead, client_for, django_capture_on_commit_callbacks
):
    version = _version(report_plan, police_lead, render=False)
    ReportVersion.objects.filter(pk=version.pk).update(
        status=ReportStatus.FAILED,
        failure_reason="Printing the report failed (OSError: disk full).",
    )
    client = client_for(police_lead)
    page = client.get(reverse("plan_detail", args=[report_plan.pk])).content.decode()
    assert "Printing the report failed (OSError: disk full)." in page
    assert "Try version 1 again" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("report_retry", args=[report_plan.pk, version.pk]))
    assert ReportVersion.objects.get().status == ReportStatus.READY


def test_the_html_preview_has_the_same_content_as_the_version(
    report_plan, police_lead, council_viewer, client_for
):
    version = _version(report_plan, police_lead)
    client = client_for(council_viewer)
    html = client.get(_urls(report_plan, version)["report_version_preview"]).content.decode()
    assert html == ReportVersion.objects.get().html
    assert '<html lang="en-GB">' in html and '<meta charset="utf-8">' in html
    assert "Governance and stage targets" in html
    live = client.get(reverse("report_live_preview", args=[report_plan.pk])).content.decode()
    assert "Preview (not a numbered version)" in live
    assert "<script" not in live and 'style="' not in live
    css = client.get(reverse("report_stylesheet"))
    assert css["Content-Type"].startswith("text/css")


def test_the_plan_page_lists_versions_and_who_asked_for_each(
    report_plan, police_lead, council_viewer, client_for
):
    _version(report_plan, police_lead)
    page = client_for(council_viewer).get(reverse("plan_detail", args=[report_plan.pk]))
    html = page.content.decode()
    assert "Governance report" in html
    assert "Pat Lead" in html and "Download version 1" in html
    assert "Prepare a board paper" not in html  # read-only: the lead prepares papers


def test_the_report_pages_query_count_does_not_grow_with_versions(
    report_plan, police_lead, client_for
):
    client = client_for(police_lead)
    url = reverse("plan_reports", args=[report_plan.pk])
    detail = reverse("plan_detail", args=[report_plan.pk])
    _version(report_plan, police_lead, render=False)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    with CaptureQueriesContext(connection) as one_detail:
        client.get(detail)
    for _ in range(5):
        _version(report_plan, police_lead, render=False)
    with CaptureQueriesContext(connection) as six:
        client.get(url)
    with CaptureQueriesContext(connection) as six_detail:
        client.get(detail)
    assert len(six) == len(one)
    assert len(six_detail) == len(one_detail)
