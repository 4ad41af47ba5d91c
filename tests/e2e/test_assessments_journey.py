"""Two partners assess a plan, their disagreement is flagged, a note alone keeps the gate
closed, the lead records the agreed resolution, fire acknowledges it and the scoping gate
opens."""

from datetime import date

import pytest

from assessments.selectors import questions_for
from planner.models import Plan, S2Notice, S2Response, Stage
from tests.factories import PASSWORD, PlanFactory, add_partner
from tests.helpers import check_axe, fill_date, keep_gate_checks, new_context, screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def assessment_gates_only(monkeypatch):
    """Keep the checks of planner/workflows and assessments; other apps test their own."""
    keep_gate_checks(monkeypatch, "assessments.checks", "workflows.checks")


def _fill(page, codes, default, **overrides):
    for code in codes:
        value = overrides.get(code, default)
        page.locator(f"input[name='rating-{code}'][value='{value}']").check()
        page.locator(f"textarea[name='evidence-{code}']").fill(f"Our evidence on {code}.")


def test_two_partners_disagree_agree_a_resolution_and_the_gate_opens(
    browser, page, live_server, framework, assessment_gates_only, police_lead, fire_partner
):
    plan = PlanFactory(created_by=police_lead, title="Shared station", reference="E2E-ASSESS")
    add_partner(plan, fire_partner)
    S2Notice.objects.create(
        plan=plan,
        organisation=fire_partner.organisation,
        notified_on=date(2026, 1, 5),
        response=S2Response.AGREED,
        responded_on=date(2026, 1, 20),
        recorded_by=police_lead,
    )
    codes = [q.characteristic.code for q in questions_for(framework, "scoping")]
    base = live_server.url

    # The fire partner fills in their organisation's assessment in their own browser.
    fire_context = new_context(browser)
    fire = fire_context.new_page()
    sign_in(fire, live_server, fire_partner.email, PASSWORD)
    fire.goto(f"{base}/plans/{plan.pk}/")
    fire.get_by_role("link", name="Fill in your organisation's assessment").click()
    fire.get_by_text("6 of 6 questions left to answer").wait_for()
    check_axe(fire, "assessment form")
    # Submitting half-done is refused with a clear message.
    _fill(fire, codes[:2], 4)
    fire.get_by_role("button", name="Submit Testshire Fire and Rescue Service's assessment").click()
    fire.locator(".govuk-error-summary a", has_text="Select a score for").first.wait_for()
    assert fire.locator(".govuk-error-summary a", has_text="Select a score for").count() == 4
    check_axe(fire, "assessment form with errors")
    _fill(fire, codes, 4, shared_vision=1)
    fire.get_by_role("button", name="Save draft").click()
    fire.get_by_text("Draft saved. Only your organisation can see it.").wait_for()
    fire.get_by_role("button", name="Submit Testshire Fire and Rescue Service's assessment").click()
    # Check your answers: a "Change" link goes back to the question with every answer kept.
    fire.get_by_role(
        "heading", name="Check your answers before submitting the assessment"
    ).wait_for()
    check_axe(fire, "check your answers before submitting the assessment")
    fire.get_by_role("link", name="Change the score and evidence for Shared vision").click()
    assert fire.locator("input[name='rating-shared_vision'][value='1']").is_checked()
    fire.get_by_role("button", name="Submit Testshire Fire and Rescue Service's assessment").click()
    fire.get_by_role("button", name="Submit assessment").click()
    fire.get_by_text("is submitted: every partner can now see it").wait_for()
    fire_context.close()

    # The lead submits police's assessment.
    sign_in(page, live_server, police_lead.email, PASSWORD)
    page.goto(f"{base}/plans/{plan.pk}/")
    page.get_by_text("Testshire Police has not submitted its scoping assessment.").wait_for()
    page.get_by_role("link", name="Fill in your organisation's assessment").click()
    _fill(page, codes, 4)
    page.get_by_role("button", name="Submit Testshire Police's assessment").click()
    page.get_by_role("button", name="Submit assessment").click()

    # The results flag the disagreement on shared vision.
    page.get_by_role("heading", name="Scoping assessment results").wait_for()
    page.get_by_role("heading", name="1. Shared vision").wait_for()
    page.get_by_text("Not yet discussed").wait_for()
    assert page.locator("svg[role='img']").count() == 2
    check_axe(page, "assessment results with a disagreement")
    screenshot(page, "assessment-results-disagreement")
    page.goto(f"{base}/plans/{plan.pk}/")
    page.get_by_text("The partners disagree on Shared vision").wait_for()
    # The task list's task leads to the first disagreement's discussion.
    page.get_by_role("link", name="Disagreements resolved").click()

    # The discussion page shows each partner's score and evidence. A note alone resolves
    # nothing: the gate stays closed until the partners agree a resolution.
    page.get_by_role("heading", name="Discussion of Shared vision").wait_for()
    page.get_by_text("Our evidence on shared_vision.").first.wait_for()
    page.get_by_label("What did the partners discuss and agree?").fill(
        "Fire wants the public outcome in the vision statement; police are not yet sure."
    )
    page.get_by_role("button", name="Record the discussion").click()
    page.get_by_text("Discussion of Shared vision recorded.").wait_for()
    check_axe(page, "discussion page with a note")
    page.goto(f"{base}/plans/{plan.pk}/")
    page.get_by_text("notes are recorded, but no agreed resolution yet").wait_for()
    page.get_by_role("link", name="Disagreements resolved").click()
    page.get_by_label("What have the partners agreed?").fill(
        "The vision will name the public outcome fire asked for."
    )
    page.locator("textarea[name='action']").fill("Redraft the vision statement together.")
    page.get_by_label("Owner of the action").select_option(label="Testshire Police")
    fill_date(page, "Action due date", date.today().replace(year=date.today().year + 1).isoformat())
    page.get_by_role("button", name="Record the resolution").click()
    page.get_by_text("Resolution of Shared vision recorded.").wait_for()
    check_axe(page, "discussion page with a resolution waiting")
    page.goto(f"{base}/plans/{plan.pk}/")
    page.get_by_text(
        "Testshire Fire and Rescue Service has not yet acknowledged it or re-scored."
    ).wait_for()

    # Fire acknowledges the resolution for its organisation; the flag is resolved.
    fire_context = new_context(browser)
    fire = fire_context.new_page()
    sign_in(fire, live_server, fire_partner.email, PASSWORD)
    fire.goto(f"{base}/plans/{plan.pk}/assessments/scoping/discuss/shared_vision/")
    fire.get_by_role(
        "button", name="Acknowledge the resolution for Testshire Fire and Rescue Service"
    ).click()
    fire.get_by_text("has acknowledged the resolution of Shared vision.").wait_for()
    check_axe(fire, "discussion page with the resolution acknowledged")
    fire_context.close()
    page.goto(f"{base}/plans/{plan.pk}/")
    page.get_by_text("Every check has passed.").wait_for()
    page.get_by_text("The partners disagreed on Shared vision").wait_for()  # and resolved it
    check_axe(page, "plan page with the gate open")
    screenshot(page, "assessment-gate-open")
    page.get_by_role("button", name="Move to the next stage").click()
    page.get_by_label("Rationale").fill("Both partners assessed the plan; disagreement resolved.")
    page.get_by_role("button", name="Move to the next stage").click()
    page.get_by_text("The decision has been logged.").wait_for()
    assert Plan.objects.get(pk=plan.pk).stage == Stage.GOVERNANCE

    # The trend page shows the round, with its chart and table.
    page.goto(f"{base}/plans/{plan.pk}/assessments/")
    page.get_by_role("heading", name="Assessments across stages").wait_for()
    check_axe(page, "assessment trend")
