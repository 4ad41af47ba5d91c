"""Governing-body decisions in Chromium: a decision dated tomorrow is refused on the sign-off
form and nothing is recorded; a conditional approval is discharged (the ambulance trust's
board approves with two conditions, the lead dates them, the trust's representative meets
them with evidence through the confirmation page, and the gate leaving joint risk assessment
stops naming them). axe-core runs on every page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from planner.access import plan_access_for_user
from planner.models import MemberRole, Stage
from tests.factories import PASSWORD, add_partner
from tests.helpers import check_axe, fill_date, keep_gate_checks, new_context, set_stage, sign_in
from workflows.models import SignOff, SignOffCondition
from workflows.services import signoff_record

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def conditional_plan(plan, ambulance_approver, monkeypatch):
    keep_gate_checks(monkeypatch, "workflows.checks")
    add_partner(plan, ambulance_approver, member_role=MemberRole.APPROVER)
    set_stage(plan, Stage.GOVERNANCE)
    org = ambulance_approver.organisation
    signoff_record(
        access=plan_access_for_user(ambulance_approver, plan.pk, for_change=True),
        organisation=org,
        body=org.governing_body,
        decision="approved_with_conditions",
        decided_on=timezone.localdate(),
        reference="TB/26/3",
        conditions="1. Agree the shared rota.\n2. Report response times to the board.",
    )
    set_stage(plan, Stage.RISK)
    return plan


def as_person(browser, live_server, email):
    page = new_context(browser).new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, email, PASSWORD)
    page.get_by_role("heading", name="My plans").wait_for()
    return page


def test_a_conditional_approval_is_discharged_and_the_gate_stops_naming_it(
    browser, live_server, conditional_plan
):
    plan_url = f"{live_server.url}/plans/{conditional_plan.pk}/"
    due = (timezone.localdate() + timedelta(days=21)).isoformat()

    lead = as_person(browser, live_server, "lead@police.test")
    lead.goto(plan_url)
    lead.get_by_text("Open conditions of approval").wait_for()
    assert lead.get_by_text("is open and has no due date").count() == 2
    check_axe(lead, "plan page with open conditions")
    lead.get_by_role("link", name="See and discharge the conditions").click()
    lead.get_by_role("heading", name="Conditions of approval").wait_for()
    check_axe(lead, "conditions page")
    for number in (1, 2):
        lead.get_by_role("link", name=f"Set owner and due date of condition {number}").click()
        check_axe(lead, "owner and due date")
        fill_date(lead, "Due date", due)
        lead.get_by_role("button", name="Save owner and due date").click()
        lead.get_by_text("owner and due date saved").wait_for()

    rep = as_person(browser, live_server, "rep@ambulance.test")
    rep.goto(f"{plan_url}conditions/")
    for number in (1, 2):
        rep.get_by_role("link", name=f"Mark as met condition {number}").click()
        rep.get_by_role("heading", name=f"Are you sure condition {number}").wait_for()
        check_axe(rep, "confirm a condition is met")
        rep.get_by_role("button", name="Yes, mark it as met").click()
        rep.get_by_text("Enter the evidence that the condition is met.").first.wait_for()
        check_axe(rep, "confirmation with its error")
        rep.get_by_label("Evidence that the condition is met").fill(f"Minute TB/26/{number}.")
        rep.get_by_role("button", name="Yes, mark it as met").click()
        rep.get_by_text("The decision has been logged.").wait_for()
    rep.get_by_text("Every condition has been discharged.").wait_for()
    check_axe(rep, "conditions page, all discharged")

    lead.goto(plan_url)
    lead.get_by_text("Every condition has been discharged.").wait_for()
    assert lead.get_by_text("is open and has no due date").count() == 0
    lead.goto(f"{plan_url}decisions/")
    assert lead.get_by_text("approval met").count() == 2


@pytest.fixture
def governance_plan(plan, ambulance_approver, monkeypatch):
    keep_gate_checks(monkeypatch, "workflows.checks")
    add_partner(plan, ambulance_approver, member_role=MemberRole.APPROVER)
    set_stage(plan, Stage.GOVERNANCE)
    return plan


def test_a_future_dated_decision_is_refused_and_a_conditional_approval_becomes_conditions(
    browser, live_server, governance_plan
):
    """The trust's approver records its board's decision on the sign-off form: dated
    tomorrow it is refused with its message and nothing is recorded; dated today, its two
    conditions become two conditions to discharge."""
    plan = governance_plan
    page = as_person(browser, live_server, "approver@ambulance.test")
    page.goto(f"{live_server.url}/plans/{plan.pk}/sign-off/")
    page.get_by_role("button", name="Continue").wait_for()
    check_axe(page, "sign-off form")

    def record(decided_on):
        page.get_by_label("Approved with conditions").check()
        fill_date(page, "Date of decision", decided_on.isoformat())
        page.get_by_label("Minute or decision-notice reference").fill("TB/26/9")
        page.get_by_role("textbox", name="Conditions (optional)").fill(
            "Agree the shared rota.\nReport response times."
        )
        page.get_by_role("button", name="Continue").click()

    record(timezone.localdate() + timedelta(days=1))
    page.get_by_text("Date of decision must be today or in the past").first.wait_for()
    check_axe(page, "sign-off form with its error")
    assert not SignOff.objects.filter(plan=plan).exists()
    assert not SignOffCondition.objects.filter(plan=plan).exists()

    record(timezone.localdate())
    # Check your answers, then record: the two conditions are listed as typed.
    page.get_by_role("heading", name="Check your answers before recording the decision").wait_for()
    page.get_by_text("Report response times.").wait_for()
    check_axe(page, "check your answers before recording the decision")
    page.get_by_role("button", name="Record decision").click()
    page.get_by_text("governance decision recorded").wait_for()
    assert SignOff.objects.filter(plan=plan).count() == 1
    texts = list(
        SignOffCondition.objects.filter(plan=plan).order_by("pk").values_list("text", flat=True)
    )
    assert texts == ["Agree the shared rota.", "Report response times."]
    page.goto(f"{live_server.url}/plans/{plan.pk}/conditions/")
    page.get_by_role("heading", name="Conditions of approval").wait_for()
    check_axe(page, "conditions page after a conditional approval")
