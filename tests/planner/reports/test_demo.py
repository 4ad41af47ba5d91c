"""The demo's governance report: one ready version on the governance plan, made once."""

from io import StringIO

import pypdf
import pytest
from django.core.management import call_command

from planner.models import Plan
from planner.reports import rendering, services
from planner.reports.models import ReportStatus, ReportVersion
from tests.helpers import pdf_files, version_files


def demo_data():
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_has_one_ready_report_on_the_governance_plan_made_once(db):
    demo_data()
    demo_data()
    plan = Plan.objects.get(reference="WLD-CTL-02")
    version = ReportVersion.objects.get()
    assert (version.plan, version.number, version.status) == (plan, 1, ReportStatus.READY)
    assert pdf_files() == version_files(version)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(version.file.path).pages)
    # The snapshot was taken after the other apps' demos: their data is in the paper.
    assert "Joint police and fire control room" in text
    assert "Appendix B: Joint risk register" in text
    assert "Readiness against the success characteristics" in text


def test_a_demo_whose_report_fails_leaves_nothing_and_the_next_run_recovers(db, monkeypatch):
    # As on a machine without the report font: printing fails part-way through the demo.
    def no_font(*args, **kwargs):
        raise rendering.ReportPrintError("The report font is not installed on this machine.")

    monkeypatch.setattr(services, "pdf_write", no_font)
    with pytest.raises(RuntimeError, match="did not print"):
        demo_data()
    # One transaction: nothing half-made, no version stuck "being prepared".
    assert not Plan.objects.exists()
    assert not ReportVersion.objects.exists()
    assert pdf_files() == []

    monkeypatch.undo()
    demo_data()
    assert not ReportVersion.objects.filter(
        status__in=[ReportStatus.QUEUED, ReportStatus.RENDERING]
    ).exists()
    assert ReportVersion.objects.get().status == ReportStatus.READY


def test_the_demo_prints_the_sign_in_details_last_and_no_e_mail(db):
    out = StringIO()
    call_command("demo_data", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) < 20, lines
    assert lines[0].startswith("Demo data ready.")
    assert "Wealdshire-demo-2026" in out.getvalue()
    assert not any(line.startswith(("Subject:", "Content-Type:")) for line in lines)
