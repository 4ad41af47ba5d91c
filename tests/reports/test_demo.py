"""The demo's governance report: one ready version on the governance plan, made once."""

from pathlib import Path

import pypdf
from django.core.management import call_command

from planner.models import Plan
from planner.reports.models import ReportStatus, ReportVersion
from tests.reports.conftest import pdf_files


def demo_data():
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_has_one_ready_report_on_the_governance_plan_made_once(db):
    demo_data()
    demo_data()
    plan = Plan.objects.get(reference="WLD-CTL-02")
    version = ReportVersion.objects.get()
    assert (version.plan, version.number, version.status) == (plan, 1, ReportStatus.READY)
    assert pdf_files() == [Path(version.file.path)]
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(version.file.path).pages)
    # The snapshot was taken after the other apps' demos: their data is in the paper.
    assert "Joint police and fire control room" in text
    assert "Joint risk register" in text and "Partner assessment results" in text
