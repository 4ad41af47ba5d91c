"""Snapshots, numbering, failure and retry, idempotent rendering, the broker being down."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from planner.access import plan_access_for_user
from planner.errors import DomainError
from planner.models import Plan
from planner.plugins import ReportSection
from planner.reports import rendering
from planner.reports.models import ReportStatus, ReportVersion
from planner.reports.services import (
    report_render_version,
    report_request,
    report_retry,
    report_sweep_queued,
)
from planner.reports.tasks import report_render
from planner.reports.tasks import report_sweep_queued as sweep_task
from tests.helpers import pdf_files, version_files

pytestmark = pytest.mark.usefixtures("own_sections")


def _queued(plan, user):
    """Ask for a version without running its enqueue (on_commit never fires here)."""
    return report_request(
        access=plan_access_for_user(user, plan.pk), marking="OFFICIAL", purpose="discussion"
    )


def test_versions_are_numbered_per_plan_and_keep_who_asked(report_plan, police_lead):
    first = _queued(report_plan, police_lead)
    second = _queued(report_plan, police_lead)
    assert (first.number, second.number) == (1, 2)
    assert second.requested_by == police_lead
    assert first.status == second.status == ReportStatus.QUEUED


def test_the_paper_shows_the_data_as_at_the_request_not_at_the_render(report_plan, police_lead):
    version = _queued(report_plan, police_lead)
    Plan.objects.filter(pk=report_plan.pk).update(title="Renamed afterwards")
    assert report_render_version(version.pk) == ReportStatus.READY
    version.refresh_from_db()
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(version.file.path).pages)
    assert "Shared station" in text
    assert "Renamed afterwards" not in text


def test_a_ready_version_never_changes(report_plan, police_lead):
    version = _queued(report_plan, police_lead)
    report_render_version(version.pk)
    version = ReportVersion.objects.get(pk=version.pk)
    sha = version.sha256
    version.marking = "OFFICIAL-SENSITIVE"
    with pytest.raises(ValidationError):
        version.save()
    # Running the render again leaves it (and its file) as it was.
    assert report_render_version(version.pk) == ReportStatus.READY
    assert ReportVersion.objects.get(pk=version.pk).sha256 == sha


def test_only_the_project_lead_requests_a_version(report_plan, fire_partner, council_viewer):
    for person in (fire_partner, council_viewer):
        with pytest.raises(Exception) as caught:
            _queued(report_plan, person)
        assert "project lead" in str(caught.value)
    assert not ReportVersion.objects.exists()


def test_bad_marking_is_refused_and_nothing_is_recorded(report_plan, police_lead):
    with pytest.raises(DomainError):
        report_request(
            access=plan_access_for_user(police_lead, report_plan.pk),
            marking="SECRET",
            purpose="decision",
        )
    assert not ReportVersion.objects.exists()


# Acceptance 2: a failed render leaves the version failed with the reason, no partial file,
# and a retry works.


def test_a_broken_print_template_fails_the_version_with_the_reason_and_no_file(
    report_plan, police_lead, settings, tmp_path, django_capture_on_commit_callbacks
):
    broken = tmp_path / "templates" / "reports"
    broken.mkdir(parents=True)
    (broken / "broken.css").write_text("@page { size: A4 } {% if %}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]
    settings.REPORT_STYLESHEET_TEMPLATE = "reports/broken.css"
    version = _queued(report_plan, police_lead)

    assert report_render.apply(args=[version.pk]).get() == ReportStatus.FAILED
    version.refresh_from_db()
    assert version.status == ReportStatus.FAILED
    assert "TemplateSyntaxError" in version.failure_reason
    assert not version.file and not version.sha256
    assert pdf_files() == []  # no partial file, no temporary file

    # Fixed: the retry renders the same version, from the same snapshot.
    settings.REPORT_STYLESHEET_TEMPLATE = "reports/print.css"
    with django_capture_on_commit_callbacks(execute=True):
        report_retry(
            access=plan_access_for_user(police_lead, report_plan.pk), version_id=version.pk
        )
    version.refresh_from_db()
    assert version.status == ReportStatus.READY
    assert version.failure_reason == ""
    assert [p.name for p in pdf_files()] == ["report-v1.docx", "report-v1.pdf"]
    assert ReportVersion.objects.count() == 1


def test_a_failure_while_writing_leaves_no_partial_file(report_plan, police_lead, monkeypatch):
    from planner.reports import services

    def half_written(html, variant, target):
        target.write_bytes(b"%PDF-1.7 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(services, "pdf_write", half_written)
    version = _queued(report_plan, police_lead)
    assert report_render_version(version.pk) == ReportStatus.FAILED
    version.refresh_from_db()
    assert "disk full" in version.failure_reason
    assert pdf_files() == []


def test_a_broken_section_fails_the_version_at_request_and_the_retry_rebuilds_it(
    report_plan, police_lead, django_capture_on_commit_callbacks, monkeypatch
):
    sections = rendering.report_sections()
    broken = ReportSection(
        "broken", "A broken section", "management", "reports/sections/missing.html", lambda c: {}
    )
    monkeypatch.setattr(rendering, "report_sections", lambda: [*sections, broken])
    version = _queued(report_plan, police_lead)
    assert version.status == ReportStatus.FAILED
    assert "A broken section" in version.failure_reason
    assert "TemplateDoesNotExist" in version.failure_reason
    assert version.html == ""

    monkeypatch.setattr(rendering, "report_sections", lambda: sections)
    with django_capture_on_commit_callbacks(execute=True):
        report_retry(
            access=plan_access_for_user(police_lead, report_plan.pk), version_id=version.pk
        )
    version.refresh_from_db()
    assert version.status == ReportStatus.READY
    assert len(pdf_files()) == 2  # the PDF and its Word copy


def test_only_a_failed_version_can_be_retried(report_plan, police_lead):
    version = _queued(report_plan, police_lead)
    with pytest.raises(DomainError):
        report_retry(
            access=plan_access_for_user(police_lead, report_plan.pk), version_id=version.pk
        )


# Acceptance 3: a retried or duplicated task produces one version and one file.


def test_a_duplicated_render_task_makes_one_version_and_one_file(report_plan, police_lead):
    version = _queued(report_plan, police_lead)
    results = [report_render.apply(args=[version.pk]).get() for _ in range(3)]
    assert results == [ReportStatus.READY] * 3
    assert ReportVersion.objects.count() == 1
    assert len(pdf_files()) == 2  # the PDF and its Word copy
    assert ReportVersion.objects.get().attempts == 1


def test_a_delivery_while_another_worker_renders_does_nothing(report_plan, police_lead):
    version = _queued(report_plan, police_lead)
    ReportVersion.objects.filter(pk=version.pk).update(
        status=ReportStatus.RENDERING, render_started_at=timezone.now()
    )
    assert report_render_version(version.pk) == ReportStatus.RENDERING
    assert pdf_files() == []


def test_a_dead_workers_claim_is_taken_over_once_stale(report_plan, police_lead):
    version = _queued(report_plan, police_lead)
    ReportVersion.objects.filter(pk=version.pk).update(
        status=ReportStatus.RENDERING,
        render_started_at=timezone.now() - timedelta(hours=1),
        attempts=1,
    )
    assert report_render_version(version.pk) == ReportStatus.READY
    assert len(pdf_files()) == 2  # the PDF and its Word copy


def test_a_render_removes_what_a_killed_attempt_left_behind(report_plan, police_lead):
    """A worker killed mid-render never cleans up; the attempt that takes over does."""
    from django.core.files.storage import default_storage

    from planner.reports.models import report_upload_to

    version = _queued(report_plan, police_lead)
    final = Path(default_storage.path(report_upload_to(version, version.download_name)))
    final.parent.mkdir(parents=True)
    (final.parent / f".rendering-{final.stem}-k1ll3d.pdf").write_bytes(b"%PDF-1.7 partial")
    assert report_render_version(version.pk) == ReportStatus.READY
    assert pdf_files() == [final.with_suffix(".docx"), final]


def test_a_render_overtaken_by_another_worker_keeps_only_one_file(
    report_plan, police_lead, monkeypatch
):
    """The first worker stalls past the stale limit; a second takes over and finishes.
    When the first wakes up it drops its work: one file, the second worker's."""
    from planner.reports import services

    version = _queued(report_plan, police_lead)
    real = services.pdf_write

    def stalled_then_overtaken(html, variant, target):
        pages = real(html, variant, target)
        ReportVersion.objects.filter(pk=version.pk).update(
            render_started_at=timezone.now() - timedelta(hours=1)
        )
        monkeypatch.setattr(services, "pdf_write", real)
        assert report_render_version(version.pk) == ReportStatus.READY
        return pages

    monkeypatch.setattr(services, "pdf_write", stalled_then_overtaken)
    assert report_render_version(version.pk) == ReportStatus.READY
    files = pdf_files()
    assert len(files) == 2  # the PDF and its Word copy
    assert not any(f.name.startswith(".rendering-") for f in files)
    assert ReportVersion.objects.get().attempts == 2


# The broker being down at request time.


def test_when_the_broker_is_down_the_version_stays_queued_and_the_sweep_sends_it(
    report_plan, police_lead, monkeypatch, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(report_render, "apply_async", down)
    with django_capture_on_commit_callbacks(execute=True):
        version = _queued(report_plan, police_lead)
    version.refresh_from_db()
    assert version.status == ReportStatus.QUEUED
    assert version.enqueued_at is None

    assert report_sweep_queued() == 0  # still down: still queued, nothing lost
    monkeypatch.undo()
    assert sweep_task.apply().get() == 1
    version.refresh_from_db()
    assert version.status == ReportStatus.READY


def test_the_sweep_gives_up_after_the_attempts_run_out(report_plan, police_lead):
    version = _queued(report_plan, police_lead)
    ReportVersion.objects.filter(pk=version.pk).update(
        status=ReportStatus.RENDERING,
        render_started_at=timezone.now() - timedelta(hours=1),
        attempts=3,
    )
    report_sweep_queued()
    version.refresh_from_db()
    assert version.status == ReportStatus.FAILED
    assert "stopped before it finished, 3 times" in version.failure_reason


def test_a_version_stuck_rendering_is_recovered_by_the_embedded_sweep(report_plan, police_lead):
    # The embedded default has no beat: `make run` starts run_background, which runs the
    # same periodic tasks in-process. A server stopped mid-print left this version behind.
    version = _queued(report_plan, police_lead)
    ReportVersion.objects.filter(pk=version.pk).update(
        status=ReportStatus.RENDERING,
        render_started_at=timezone.now() - timedelta(hours=1),
        attempts=1,
    )
    call_command("run_background", "--once", stdout=StringIO())
    version.refresh_from_db()
    assert version.status == ReportStatus.READY
    assert version.attempts == 2
    assert pdf_files() == version_files(version)


def test_a_version_stuck_past_its_attempts_says_so_and_can_be_tried_again(
    client, report_plan, police_lead, django_capture_on_commit_callbacks
):
    version = _queued(report_plan, police_lead)
    ReportVersion.objects.filter(pk=version.pk).update(
        status=ReportStatus.RENDERING,
        render_started_at=timezone.now() - timedelta(hours=1),
        attempts=3,
    )
    call_command("run_background", "--once", stdout=StringIO())
    version.refresh_from_db()
    assert version.status == ReportStatus.FAILED
    client.force_login(police_lead)
    page = client.get(reverse("plan_reports", args=[report_plan.pk])).content.decode()
    assert "stopped before it finished" in page
    assert f"Try version {version.number} again" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report_retry", args=[report_plan.pk, version.pk]))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == ReportStatus.READY
    assert ReportVersion.objects.filter(plan=report_plan).count() == 1


def test_the_sweep_leaves_fresh_and_finished_versions_alone(report_plan, police_lead):
    fresh = _queued(report_plan, police_lead)
    ReportVersion.objects.filter(pk=fresh.pk).update(enqueued_at=timezone.now())
    assert report_sweep_queued() == 0
    assert ReportVersion.objects.get(pk=fresh.pk).status == ReportStatus.QUEUED


def test_the_sweep_is_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reports.report_sweep_queued" in tasks


def test_the_render_task_has_time_limits_and_bounded_retries():
    assert report_render.soft_time_limit < report_render.time_limit
    assert report_render.max_retries == 3
