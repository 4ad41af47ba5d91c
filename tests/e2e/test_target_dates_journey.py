"""In Chromium: the lead moves a target date through the "Are you sure" page, the plan shows
the slip and an overdue tag, the history lists the change, and a wrong benefit actual is
corrected through its confirmation page; axe-core on every page visited."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from planner.models import Plan, Stage
from tests.assessments.risks.factories import ActualFactory, BenefitFactory
from tests.factories import PASSWORD
from tests.helpers import check_axe, fill_date, new_context, screenshot, sign_in
from workflows.models import Decision

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_target_moves_with_its_reason_and_a_wrong_actual_is_corrected(
    browser, live_server, plan, police_lead
):
    today = timezone.localdate()
    first = today + timedelta(days=21)
    Plan.objects.filter(pk=plan.pk).update(
        scoping_target=today - timedelta(days=2),
        governance_alignment_target=first,
        target_baselines={"governance_alignment": first.isoformat()},
    )
    page = new_context(browser).new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, police_lead.email, PASSWORD)
    page.get_by_role("heading", name="My plans").wait_for()
    page.get_by_text("Overdue").first.wait_for()
    check_axe(page, "dashboard with an overdue plan")

    page.goto(f"{live_server.url}/plans/{plan.pk}/edit/")
    later = first + timedelta(weeks=6)
    fill_date(page, "Governance alignment target date", later.isoformat())
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("heading", name="Are you sure you want to move the target date?").wait_for()
    page.get_by_text(f"Baseline {first:%-d %B %Y}, now {later:%-d %B %Y}: 6 weeks later").wait_for()
    check_axe(page, "move a target date: are you sure")
    page.get_by_role("button", name="Yes, move the date").click()
    page.get_by_text("Enter the reason for moving the target date").first.wait_for()
    check_axe(page, "move a target date: reason missing")
    page.get_by_label("Why is the date moving?").fill("The fire authority meets later.")
    page.get_by_role("button", name="Yes, move the date").click()
    page.get_by_text("Plan details saved.").wait_for()
    page.get_by_text(f"now {later:%-d %B %Y}: 6 weeks later").wait_for()
    check_axe(page, "plan page with a slipped and an overdue target")
    screenshot(page, "target-date-slip")
    assert Decision.objects.filter(plan=plan, topic="target-dates").count() == 1

    page.get_by_role("link", name="History of changes to the plan's details").click()
    page.get_by_role("heading", name="History of changes").wait_for()
    page.get_by_text("The fire authority meets later.").wait_for()
    check_axe(page, "history of changes")

    Plan.objects.filter(pk=plan.pk).update(stage=Stage.DELIVERY)
    benefit = BenefitFactory(plan=plan, created_by=police_lead, title="Overtime saved")
    ActualFactory(benefit=benefit, value=Decimal("250000"))
    page.goto(f"{live_server.url}/plans/{plan.pk}/benefits/{benefit.pk}/")
    page.get_by_text("Correct a value recorded by mistake").click()
    page.get_by_role("link", name=f"Correct the value measured on {today:%-d %B %Y}").click()
    page.get_by_role("heading", name="Are you sure you want to correct this value?").wait_for()
    check_axe(page, "correct an actual: are you sure")
    page.get_by_label("Value", exact=True).fill("25000")
    page.get_by_label("Why is the value being corrected?").fill("An extra zero was typed.")
    page.get_by_role("button", name="Yes, correct the value").click()
    page.get_by_text("Value corrected. The original stays on record.").wait_for()
    page.get_by_role("heading", name="Corrections").wait_for()
    check_axe(page, "benefit page with a correction")
    page.context.close()
