"""The lead sets up a plan, fixes what the gate says, governing bodies approve (the fire
authority's through its governance approver, the police one through the lead on its behalf),
the plan moves on."""

from datetime import UTC, datetime

import pytest

from planner.models import Plan, Stage
from tests.factories import PASSWORD
from tests.helpers import check_axe, fill_date, new_context, screenshot, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("workflow_gates_only"),
]


def test_lead_takes_a_plan_from_scoping_to_joint_risk_assessment(
    browser, page, live_server, police_lead, fire_partner, fire_approver
):
    base = live_server.url
    sign_in(page, live_server, police_lead.email, PASSWORD)
    page.get_by_role("button", name="Start a new plan").click()
    check_axe(page, "new plan form")

    # A form with a mistake shows the error summary and saves nothing.
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("There is a problem").wait_for()
    check_axe(page, "new plan form with errors")
    assert Plan.objects.count() == 0

    page.get_by_label("Title").fill("Eastgate joint police and fire station")
    page.get_by_label("Reference").fill("TST-EST-01")
    page.get_by_label("Summary").fill("Police move their neighbourhood team into the station.")
    page.get_by_label("Collaboration type").select_option("sharing_premises")
    page.get_by_label("Area", exact=True).fill("Testshire")
    page.get_by_label("Objectives").fill("Share one building.")
    page.get_by_label("Public outcome sought").fill("A visible blue-light presence.")
    page.get_by_role("button", name="Continue").click()
    # Check your answers: nothing is created until "Create plan".
    page.get_by_role("heading", name="Check your answers before creating the plan").wait_for()
    assert Plan.objects.count() == 0
    page.get_by_role("button", name="Create plan").click()

    # Partners page: add the fire service.
    page.get_by_role("heading", name="Partners and people").wait_for()
    # The plan was started in December 2025: the evidence below is dated in its life, and a
    # date before the plan was created is refused (planner.dates).
    Plan.objects.update(created_at=datetime(2025, 12, 1, 9, 0, tzinfo=UTC))
    check_axe(page, "partners page")
    # The partner form's organisation (the invitation form below has one too).
    page.locator("#id_partner_organisation").select_option(
        label="Testshire Fire and Rescue Service"
    )
    page.get_by_label("Partner", exact=True).check()
    page.get_by_role("button", name="Add organisation").click()
    page.get_by_text("Testshire Fire and Rescue Service added.").wait_for()
    page.get_by_label("Person").select_option(label="Fran Fire")
    page.get_by_label("Role", exact=True).first.select_option("partner_rep")
    page.get_by_role("button", name="Add person").click()
    page.get_by_text("Fran Fire added as Partner representative.").wait_for()
    page.get_by_label("Person").select_option(label="Fay Authority")
    page.get_by_label("Role", exact=True).first.select_option("approver")
    page.get_by_role("button", name="Add person").click()
    page.get_by_text("Fay Authority added as Governance approver.").wait_for()

    # The plan page shows the closed gate and why.
    page.get_by_role("link", name="Back to the plan").click()
    page.get_by_text(
        "Testshire Fire and Rescue Service has not been recorded as notified"
    ).wait_for()
    check_axe(page, "plan page, gate closed")
    screenshot(page, "plan-gate-closed")

    # The gate is closed: the page offers what is missing, not the move, and the missing
    # page lists the failed checks with no form that would only be refused.
    assert page.get_by_role("button", name="Move to the next stage").count() == 0
    page.get_by_role("button", name="See what is missing").click()
    page.get_by_role("heading", name="What is missing before the plan can leave scoping").wait_for()
    assert page.get_by_label("Rationale").count() == 0
    assert Plan.objects.get().stage == Stage.SCOPING

    # Fix it: record the s.2 notification and response.
    page.get_by_role("link", name="Record the s.2 notification").click()
    check_axe(page, "s.2 record")
    page.get_by_label("Service notified").select_option(label="Testshire Fire and Rescue Service")
    fill_date(page, "Date notified", "2026-01-05")
    page.get_by_label("Agreed to consider jointly").check()
    fill_date(page, "Date of response", "2026-01-12")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("s.2 record for Testshire Fire and Rescue Service saved.").wait_for()

    page.get_by_role("link", name="Back to the plan").click()
    page.get_by_text("Every check has passed.").wait_for()
    page.get_by_role("button", name="Move to the next stage").click()
    page.get_by_label("Rationale").fill("The fire service agreed to consider the scheme jointly.")
    page.get_by_role("button", name="Move to the next stage").click()
    page.get_by_text("The decision has been logged.").wait_for()
    assert Plan.objects.get().stage == Stage.GOVERNANCE
    screenshot(page, "plan-governance-alignment")

    # The lead records the form of agreement, and the police decision on the PCC's behalf.
    plan = Plan.objects.get()
    page.goto(f"{base}/plans/{plan.pk}/edit/")
    page.get_by_label("Form of agreement").select_option("s1_agreement")
    page.get_by_role("button", name="Save changes").click()
    page.goto(f"{base}/plans/{plan.pk}/sign-off/")
    check_axe(page, "sign-off page")
    page.get_by_label("Organisation", exact=True).select_option(label="Testshire Police")
    page.get_by_label("Governing body").fill("Testshire Police and Crime Commissioner")
    page.get_by_label("Approved", exact=True).check()
    fill_date(page, "Date of decision", "2026-02-02")
    page.get_by_label("Minute or decision-notice reference").fill("PCC-DN-2026-07")
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("on Testshire Police's behalf").first.wait_for()
    page.get_by_role("button", name="Record decision").click()
    page.get_by_text("Testshire Police's governance decision recorded.").wait_for()
    # The plan page says so, in the sign-off panel and in the decision log.
    page.get_by_text("recorded by Pat Lead on behalf of Testshire Police").first.wait_for()
    assert page.get_by_text("recorded by Pat Lead on behalf of Testshire Police").count() == 2

    # The fire partner representative cannot record the fire authority's decision...
    fire_context = new_context(browser)
    fire_page = fire_context.new_page()
    sign_in(fire_page, live_server, fire_partner.email, PASSWORD)
    fire_page.goto(f"{base}/plans/{plan.pk}/sign-off/")
    fire_page.get_by_text("governance approver records its governing body's decision").wait_for()
    assert fire_page.get_by_role("button", name="Continue").count() == 0
    # A partner is offered no stage changes.
    fire_page.goto(f"{base}/plans/{plan.pk}/")
    assert fire_page.get_by_role("button", name="Move to the next stage").count() == 0
    fire_context.close()

    # ...its governance approver does, in their own browser.
    approver_context = new_context(browser)
    approver_page = approver_context.new_page()
    sign_in(approver_page, live_server, fire_approver.email, PASSWORD)
    approver_page.goto(f"{base}/plans/{plan.pk}/")
    approver_page.get_by_role("link", name="Record Testshire Fire and Rescue Service").click()
    check_axe(approver_page, "sign-off page for the fire authority's approver")
    approver_page.get_by_label("Approved", exact=True).check()
    fill_date(approver_page, "Date of decision", "2026-02-10")
    approver_page.get_by_label("Minute or decision-notice reference").fill("FRA/2026/14")
    approver_page.get_by_role("button", name="Continue").click()
    approver_page.get_by_role("button", name="Record decision").click()
    approver_page.get_by_text("governance decision recorded").wait_for()
    approver_context.close()

    # The lead advances to joint risk assessment.
    page.goto(f"{base}/plans/{plan.pk}/")
    page.get_by_text("Every check has passed.").wait_for()
    page.get_by_role("button", name="Move to the next stage").click()
    page.get_by_label("Rationale").fill("Both governing bodies approved.")
    page.get_by_role("button", name="Move to the next stage").click()
    page.get_by_text("The decision has been logged.").wait_for()
    assert Plan.objects.get().stage == Stage.RISK
    check_axe(page, "plan page in joint risk assessment")
    page.get_by_role("link", name="See the whole decision log").click()
    page.get_by_text("Moved on: Governance alignment → Joint risk assessment").wait_for()
    check_axe(page, "decision log")
    screenshot(page, "plan-decision-log")


def test_lead_removes_a_partner_through_the_confirmation_page(page, live_server, plan, orgs):
    """Issue 15: the Remove link on the partners page leads to an "Are you sure" page that
    says what will change; the removal needs a reason and is written to the decision log."""
    from workflows.models import Decision

    council = "Testshire County Council"
    sign_in(page, live_server, plan.created_by.email, PASSWORD)
    page.goto(f"{live_server.url}/plans/{plan.pk}/partners/")
    page.get_by_role("heading", name="Partners and people").wait_for()
    check_axe(page, "partners page with remove links")
    page.get_by_role("link", name=f"Remove {council}").click()

    page.get_by_role("heading", name=f"Are you sure you want to remove {council}").wait_for()
    page.get_by_text(f"{council} will no longer be a partner.").wait_for()
    page.get_by_text("Cal Council loses their role on the plan").wait_for()
    check_axe(page, "partner removal confirmation")
    # No reason: refused, nothing removed.
    page.get_by_role("button", name=f"Remove {council}").click()
    page.get_by_text("There is a problem").wait_for()
    check_axe(page, "partner removal confirmation with errors")
    assert plan.partners.filter(organisation=orgs["council"]).exists()

    page.get_by_label("Why are you making this change?").fill(
        "The council will join in the delivery phase instead."
    )
    page.get_by_role("button", name=f"Remove {council}").click()
    page.get_by_text(f"{council} removed from the plan.").wait_for()
    check_axe(page, "partners page after removal")
    assert not plan.partners.filter(organisation=orgs["council"]).exists()
    assert page.get_by_role("cell", name=council, exact=True).count() == 0

    # Its log row, with the reason, on the decision log.
    page.goto(f"{live_server.url}/plans/{plan.pk}/decisions/")
    page.get_by_text(f"Removed {council} from the plan").first.wait_for()
    page.get_by_text("The council will join in the delivery phase instead.").first.wait_for()
    check_axe(page, "decision log with the removal")
    decision = Decision.objects.get(plan=plan)
    assert "Reason: The council will join in the delivery phase instead." in decision.rationale
