"""Report files are named from ids, never from what people typed, and a path that cannot be
used fails the version cleanly instead of leaving it "being prepared" for ever."""

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.db import DataError, connection, transaction
from django.urls import reverse

from planner.access import plan_access_for_user
from planner.models import Plan
from planner.reports import services
from planner.reports.models import ReportStatus, ReportVersion
from planner.reports.services import report_render_version, report_request
from tests.helpers import pdf_files

pytestmark = pytest.mark.usefixtures("own_sections")


@pytest.fixture(autouse=True)
def quick_pdf(monkeypatch):
    # What is printed does not matter here, only where it goes.
    def write(html, variant, target):
        target.write_bytes(b"%PDF-1.7 test")
        return 1

    monkeypatch.setattr(services, "pdf_write", write)


def rendered(plan, user):
    version = report_request(
        access=plan_access_for_user(user, plan.pk), marking="OFFICIAL", purpose="decision"
    )
    report_render_version(version.pk)
    version.refresh_from_db()
    return version


@pytest.mark.parametrize(
    "reference", ["../../X", "../" * 5 + "tmp/X", "/etc/X", "A\\..\\..\\X", "X\r\nY", "X\x00Y"]
)
def test_a_stored_reference_with_path_characters_never_reaches_the_file_name(
    report_plan, police_lead, media_root, reference, client_for
):
    if connection.vendor == "postgresql" and "\x00" in reference:
        # PostgreSQL refuses the attack itself: no stored reference can hold a NUL.
        with pytest.raises((DataError, ValueError)), transaction.atomic():
            Plan.objects.filter(pk=report_plan.pk).update(reference=reference)
        return
    # Stored before references were checked (the data migration rewrites these).
    Plan.objects.filter(pk=report_plan.pk).update(reference=reference)
    report_plan.refresh_from_db()

    version = rendered(report_plan, police_lead)

    assert version.status == ReportStatus.READY
    assert version.file.name == f"reports/plan-{report_plan.pk}/report-v1.pdf"
    assert version.docx_file.name == f"reports/plan-{report_plan.pk}/report-v1.docx"
    assert pdf_files(media_root.parent) == [
        media_root / version.docx_file.name,
        media_root / version.file.name,
    ]
    for name in ("report_download", "report_download_docx"):
        response = client_for(police_lead).get(reverse(name, args=[report_plan.pk, version.pk]))
        assert response.status_code == 200
        disposition = response["Content-Disposition"]
        assert "/" not in disposition and "\\" not in disposition and ".." not in disposition
        assert "\r" not in disposition and "\n" not in disposition


def test_a_path_the_storage_refuses_fails_the_version_with_the_reason(
    report_plan, police_lead, monkeypatch
):
    def refuse(name):
        raise SuspiciousFileOperation(f"Detected path traversal attempt in {name!r}")

    monkeypatch.setattr(services.default_storage, "path", refuse)

    version = rendered(report_plan, police_lead)

    assert version.status == ReportStatus.FAILED
    assert "SuspiciousFileOperation" in version.failure_reason
    assert not version.file
    assert ReportVersion.objects.filter(status=ReportStatus.RENDERING).count() == 0
    assert pdf_files() == []
