"""Fixtures for the governance report: a plan with history, and a clean media folder."""

import shutil
from datetime import date

import pytest

from planner.models import S2Notice, S2Response
from planner.reports.models import Marking, ReportPurpose
from workflows.models import SignOff, SignOffDecision
from workflows.services import decision_record


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    """Each test writes its PDFs to its own folder, so file counts are exact."""
    settings.MEDIA_ROOT = tmp_path / "media"
    yield settings.MEDIA_ROOT
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def report_plan(plan, personas, orgs):
    """The shared scoping plan, with an s.2 record, a sign-off and some decisions."""
    lead = personas["police_lead"]
    plan.agreement_form = "mou"
    plan.save(update_fields=["agreement_form"])
    S2Notice.objects.create(
        plan=plan,
        organisation=orgs["fire"],
        notified_on=date(2026, 1, 5),
        response=S2Response.AGREED,
        responded_on=date(2026, 1, 20),
        recorded_by=lead,
    )
    SignOff.objects.create(
        plan=plan,
        organisation=orgs["fire"],
        body="Testshire Fire and Rescue Authority",
        decision=SignOffDecision.APPROVED,
        decided_on=date(2026, 2, 3),
        reference="FRA-2026-014",
        recorded_by=personas["fire_partner"],
    )
    decision_record(
        plan=plan,
        actor=lead,
        summary="Use the Northgate site for the shared station",
        rationale="It is the only site within eight minutes of both response areas.",
        options_considered="Northgate; Eastfield; do nothing",
    )
    return plan


@pytest.fixture
def request_report(django_capture_on_commit_callbacks):
    """Ask for a version as the plan's lead, running the enqueue (eager render) on commit."""
    from planner.access import plan_access_for_user
    from planner.reports.services import report_request

    def ask(plan, user, marking=Marking.OFFICIAL, purpose=ReportPurpose.DECISION):
        access = plan_access_for_user(user, plan.pk)
        with django_capture_on_commit_callbacks(execute=True):
            version = report_request(access=access, marking=marking, purpose=purpose)
        version.refresh_from_db()
        return version

    return ask


OWN_SECTIONS = {
    "cover",
    "executive_summary",
    "purpose",
    "background",
    "options",
    "management",
    "decision_log",
    "recommendations",
    "implications",
    "decision",
    "document_control",
}


@pytest.fixture
def own_sections(monkeypatch):
    """Only this app's sections, for tests about versions rather than other apps' content."""
    from planner.reports import rendering

    every = rendering.report_sections
    monkeypatch.setattr(
        rendering, "report_sections", lambda: [s for s in every() if s.key in OWN_SECTIONS]
    )
