"""Check your answers in Chromium, at 1280 px and at 375 px: before creating a plan (a
"Change" link keeps every answer, a double click creates one plan), before submitting an
assessment and before recording a governing body's decision. axe-core checks every impact
on each check page; at 375 px nothing scrolls sideways. Screenshots of each check page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import (
    Assessment,
    AssessmentStatus,
)
from assessments.selectors import questions_for
from planner.models import MemberRole, Plan, Stage
from tests.factories import PASSWORD, add_partner
from tests.helpers import check_axe, fill_date, screenshot, set_stage, sign_in
from workflows.models import SignOff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 375]


def look(page, width, label, name):
    """axe-core on every impact, no sideways scroll on a phone, and a screenshot."""
    check_axe(page, label, impacts=None)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{label} is {scroll} px wide at {width} px"
    screenshot(page, f"{name}_{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_check_your_answers_before_creating_a_plan(page, live_server, police_lead, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, police_lead.email, PASSWORD)
    page.goto(f"{live_server.url}/plans/new/")
    page.get_by_label("Title").fill("Eastgate joint police and fire station")
    page.get_by_label("Reference").fill("TST-EST-01")
    page.get_by_label("Summary").fill("Police move their neighbourhood team into the station.")
    page.get_by_label("Collaboration type").select_option("sharing_premises")
    page.get_by_label("Area", exact=True).fill("Testshire")
    page.get_by_label("Objectives").fill("Share one building.\nDispatch jointly.")
    page.get_by_label("Public outcome sought").fill("A visible blue-light presence.")
    fill_date(page, "Scoping target date", timezone.localdate() + timedelta(days=30))
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="Check your answers before creating the plan").wait_for()
    assert Plan.objects.count() == 0
    summary = page.locator(".govuk-summary-list")
    summary.get_by_text("Eastgate joint police and fire station").wait_for()
    summary.get_by_text("Sharing premises").wait_for()
    look(page, width, "check your answers before creating the plan", "check_answers_plan")

    # "Change" goes back to the field with every answer kept.
    page.get_by_role("link", name="Change title").click()
    assert page.url.endswith("?change#id_title")
    assert page.get_by_label("Title").input_value() == "Eastgate joint police and fire station"
    assert page.get_by_label("Objectives").input_value() == "Share one building.\nDispatch jointly."
    page.get_by_label("Title").fill("Eastgate joint station")
    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-summary-list").get_by_text("Eastgate joint station").wait_for()

    # A double click creates one plan.
    page.get_by_role("button", name="Create plan").dblclick()
    page.get_by_role("heading", name="Partners and people").wait_for()
    (plan,) = Plan.objects.all()
    assert plan.title == "Eastgate joint station"


@pytest.mark.parametrize("width", WIDTHS)
def test_check_your_answers_before_submitting_an_assessment(
    page, live_server, plan, fire_partner, framework, width
):
    codes = [q.characteristic.code for q in questions_for(framework, "scoping")]
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, fire_partner.email, PASSWORD)
    page.goto(f"{live_server.url}/plans/{plan.pk}/assessments/scoping/mine/")
    for code in codes:
        page.locator(f"input[name='rating-{code}'][value='4']").check()
        page.locator(f"textarea[name='evidence-{code}']").fill(f"Our evidence on {code}.")
    page.locator(f"input[name='rating-{codes[1]}'][value='dk']").check()
    page.get_by_role("button", name="Submit Testshire Fire and Rescue Service's assessment").click()

    page.get_by_role(
        "heading", name="Check your answers before submitting the assessment"
    ).wait_for()
    assert not Assessment.objects.filter(status=AssessmentStatus.SUBMITTED).exists()
    page.get_by_text(f"Our evidence on {codes[0]}.").wait_for()
    look(page, width, "check your answers before submitting", "check_answers_assessment")

    page.get_by_role("button", name="Submit assessment").click()
    page.get_by_text("is submitted: every partner can now see it").wait_for()
    assert Assessment.objects.get(organisation=fire_partner.organisation).is_submitted


@pytest.mark.parametrize("width", WIDTHS)
def test_check_your_answers_before_recording_a_decision(
    page, live_server, plan, fire_approver, width
):
    add_partner(plan, fire_approver, member_role=MemberRole.APPROVER)
    set_stage(plan, Stage.GOVERNANCE)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, fire_approver.email, PASSWORD)
    page.goto(f"{live_server.url}/plans/{plan.pk}/sign-off/")
    page.get_by_label("Approved with conditions").check()
    fill_date(page, "Date of decision", timezone.localdate())
    page.get_by_label("Minute or decision-notice reference").fill("FRA/2026/14")
    page.get_by_role("textbox", name="Conditions (optional)").fill("Agree the shared rota.")
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="Check your answers before recording the decision").wait_for()
    assert not SignOff.objects.exists()
    page.get_by_text("Agree the shared rota.").wait_for()
    look(page, width, "check your answers before recording the decision", "check_answers_sign_off")

    page.get_by_role("link", name="Change reference").click()
    assert page.get_by_label("Minute or decision-notice reference").input_value() == "FRA/2026/14"
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Record decision").click()
    page.get_by_text("governance decision recorded").wait_for()
    assert SignOff.objects.count() == 1
