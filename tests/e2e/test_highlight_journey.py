"""In Chromium: in delivery, fire's representative marks its benefit at risk (refused without a
reason first), the lead opens the month's highlight report from the plan page, picks a month,
and downloads its PDF; axe-core on every page visited."""

from decimal import Decimal

import pytest

from assessments.risks.models import Benefit, BenefitStatus
from planner.models import Stage
from tests.assessments.risks.factories import ActualFactory, BenefitFactory, RiskFactory
from tests.factories import PASSWORD
from tests.helpers import check_axe, new_context, screenshot, set_stage, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_benefit_at_risk_reaches_the_months_highlight_report(
    browser, live_server, plan, police_lead, fire_partner
):
    set_stage(plan, Stage.DELIVERY)
    benefit = BenefitFactory(plan=plan, created_by=fire_partner, title="Shared rota savings")
    ActualFactory(benefit=benefit, value=Decimal("30000"), evidence="Rota system extract")
    RiskFactory(plan=plan, created_by=police_lead, title="Control room fit-out late", impact=4)

    fire = new_context(browser).new_page()
    fire.set_default_timeout(15000)
    sign_in(fire, live_server, fire_partner.email, PASSWORD)
    fire.goto(f"{live_server.url}/plans/{plan.pk}/benefits/{benefit.pk}/")
    fire.get_by_role("heading", name="Shared rota savings").wait_for()
    fire.get_by_label("At risk").check()
    fire.get_by_role("button", name="Set the status").click()
    fire.get_by_text("Enter why the benefit is at risk.").first.wait_for()
    check_axe(fire, "benefit status refused without a reason")
    fire.get_by_label("Reason").fill("Rota talks with the unions have stalled.")
    fire.get_by_role("button", name="Set the status").click()
    fire.get_by_text("Status set to at risk.").wait_for()
    fire.get_by_role("heading", name="Status history").wait_for()
    check_axe(fire, "benefit with its status history")
    assert Benefit.objects.get(pk=benefit.pk).status == BenefitStatus.AT_RISK

    lead = new_context(browser).new_page()
    lead.set_default_timeout(15000)
    sign_in(lead, live_server, police_lead.email, PASSWORD)
    lead.goto(f"{live_server.url}/plans/{plan.pk}/")
    lead.get_by_role("link", name="This month's highlight report for the partnership board").click()
    lead.get_by_role("heading", name="Top risks").wait_for()
    lead.get_by_text("Control room fit-out late").wait_for()
    lead.get_by_text("At risk: Rota talks with the unions have stalled.").wait_for()
    check_axe(lead, "highlight report")
    screenshot(lead, "highlight-report")
    lead.get_by_role("button", name="Show the month").click()
    lead.get_by_role("heading", name="Decisions needed").wait_for()
    with lead.expect_download() as download:
        lead.get_by_role("link", name="Download the highlight report").click()
    assert download.value.suggested_filename.startswith("TST-PLAN-highlight-")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
