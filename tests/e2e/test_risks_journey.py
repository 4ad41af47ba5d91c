"""Partners build the joint risk register in Chromium and the gate to delivery opens."""

import re
from datetime import date, timedelta

import pytest

from planner.models import Plan, Stage
from tests.factories import PASSWORD
from tests.helpers import check_axe, fill_date, keep_gate_checks, new_context, screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SOON = (date.today() + timedelta(days=60)).isoformat()


@pytest.fixture
def risk_and_workflow_gates(monkeypatch):
    """Other apps (e.g. partner assessments) add checks to the same gate and test them in
    their own journeys; here only the stage machine's and the risk register's count."""
    keep_gate_checks(monkeypatch, "assessments.risks.checks", "workflows.checks")


@pytest.fixture
def risk_plan(plan):
    Plan.objects.filter(pk=plan.pk).update(stage=Stage.RISK)
    plan.refresh_from_db()
    return plan


def as_person(browser, live_server, email):
    page = new_context(browser).new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, email, PASSWORD)
    page.get_by_role("heading", name="My plans").wait_for()
    return page


def add_risk(page, url, title, likelihood, impact, *, organisation=None, owner=None):
    page.goto(f"{url}new/")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Cause").fill(f"Cause of {title.lower()}.")
    page.get_by_label("Effect").fill(f"Effect of {title.lower()}.")
    page.get_by_label("Category").select_option("operational")
    if organisation:
        page.get_by_label("Owning organisation").select_option(label=organisation)
    if owner:
        page.get_by_label("Named owner").select_option(label=owner)
    page.get_by_label("Likelihood", exact=True).select_option(str(likelihood))
    page.get_by_label("Impact", exact=True).select_option(str(impact))
    fill_date(page, "Review date", SOON)
    page.get_by_role("button", name="Add the risk").click()
    page.get_by_role("heading", name=title).wait_for()


def add_mitigation(page, action):
    page.get_by_label("Action", exact=True).fill(action)
    page.get_by_label("Action owner").select_option(index=1)
    fill_date(page, "Due date", SOON)
    page.get_by_role("button", name="Add the action").click()
    page.get_by_text("Mitigation action added.").wait_for()


def gate_lines(page):
    return page.locator("#panel-gate ~ ul li").all_text_contents()


def test_partners_build_the_register_and_the_gate_to_delivery_opens(
    browser, live_server, risk_plan, risk_and_workflow_gates
):
    register = f"{live_server.url}/plans/{risk_plan.pk}/risks/"

    # The fire partner adds a high risk with a mitigation action.
    fire = as_person(browser, live_server, "rep@fire.test")
    fire.goto(register)
    check_axe(fire, "empty risk register")
    fire.get_by_role("button", name="Add a risk").click()
    check_axe(fire, "add a risk form")
    add_risk(fire, register, "Crews injured forcing entry", 3, 5)
    add_mitigation(fire, "Joint door-entry risk card")
    check_axe(fire, "risk page")

    # The ambulance partner adds a low risk.
    ambulance = as_person(browser, live_server, "rep@ambulance.test")
    add_risk(ambulance, register, "Patients wait longer at night", 2, 2)

    # The lead adopts a barrier prompt, then treats it.
    lead = as_person(browser, live_server, "lead@police.test")
    lead.goto(register)
    lead.get_by_role("button", name="Adopt “Funding streams and cycles”").click()
    lead.get_by_role(
        "heading", name="Partners' funding streams and budget cycles do not line up"
    ).wait_for()
    lead.get_by_role("button", name="Change the risk").click()
    lead.get_by_label("Likelihood after mitigation").select_option("2")
    lead.get_by_label("Impact after mitigation").select_option("3")
    fill_date(lead, "Review date", SOON)
    lead.get_by_role("button", name="Save changes").click()
    lead.get_by_text("3 changes saved.").wait_for()
    add_mitigation(lead, "Three-year cost-sharing clause in the agreement")
    history = lead.locator("#risk-history").inner_text()
    assert "Pat Lead, Testshire Police" in history
    assert "Likelihood after mitigation" in history and "Mitigation action added" in history

    # The council's member is read-only, so the lead records the council's risk for it.
    add_risk(
        lead,
        register,
        "Council volunteers not briefed",
        1,
        2,
        organisation="Testshire County Council",
        owner="Cal Council, Testshire County Council",
    )

    # The heat map shows the counts, before and after mitigation.
    lead.goto(register)
    before = lead.locator('[data-heat-map="before"] svg')
    assert before.locator('text[data-cell="3-5"]').text_content() == "1"
    assert before.locator('text[data-cell="4-4"]').text_content() == "1"
    assert before.locator('text[data-cell="2-2"]').text_content() == "1"
    assert before.locator('text[data-cell="1-2"]').text_content() == "1"
    after = lead.locator('table[data-heat-table="after"]')
    assert after.locator('td[data-cell="2-3"]').text_content() == "1"
    assert after.locator('td[data-cell="4-4"]').text_content() == "0"
    screenshot(lead, "risks-register")
    check_axe(lead, "risk register with heat maps")

    # The gate is closed only by the missing exit strategy: the plan page offers what is
    # missing, which lists every check.
    lead.goto(f"{live_server.url}/plans/{risk_plan.pk}/")
    lead.get_by_role("button", name="See what is missing").click()
    lines = gate_lines(lead)
    assert any("Record an exit strategy" in line for line in lines)
    assert any("Every high or very high risk (2) has an owner" in line for line in lines)
    for org in ("Testshire Police", "Testshire Fire and Rescue Service"):
        assert any(line.strip().startswith(f"Passed: {org} owns") for line in lines), lines
    check_axe(lead, "what is missing before delivery")

    lead.get_by_role("link", name="Record the exit strategy").first.click()
    lead.get_by_label("Triggers for ending the collaboration").fill("A partner withdraws.")
    lead.get_by_label("Shared assets").fill("Divided by contribution.")
    lead.get_by_label("Staff").fill("Secondees return home.")
    lead.get_by_label("Data", exact=True).fill("Each partner keeps its records.")
    lead.get_by_label("Notice period in months").fill("0")
    lead.get_by_role("button", name="Save the exit strategy").click()
    lead.get_by_text("The notice period must be at least 1 month.").first.wait_for()
    check_axe(lead, "exit strategy with an error")
    lead.get_by_label("Notice period in months").fill("12")
    lead.get_by_role("button", name="Save the exit strategy").click()
    lead.get_by_text("Exit strategy saved.").wait_for()

    # The gate to delivery also needs a benefit to judge delivery by: the lead adds one.
    lead.goto(f"{live_server.url}/plans/{risk_plan.pk}/benefits/")
    lead.get_by_role("button", name="Add a benefit").click()
    lead.get_by_label("Title").fill("Overtime saved")
    lead.get_by_label("Cashable (£ a year)").check()
    lead.get_by_label("Baseline value").fill("0")
    fill_date(lead, "Baseline date", date.today().isoformat())
    lead.get_by_label("Target value").fill("-5")
    fill_date(lead, "Target date", SOON)
    lead.get_by_role("button", name="Add the benefit").click()
    lead.get_by_text("cannot be negative").first.wait_for()
    check_axe(lead, "benefit form with an error")
    lead.get_by_label("Target value").fill("80000")
    lead.get_by_role("button", name="Add the benefit").click()
    lead.get_by_role("heading", name="Overtime saved").wait_for()

    # Every check passes: the gate opens and the lead moves the plan into delivery.
    lead.goto(f"{live_server.url}/plans/{risk_plan.pk}/")
    assert not [line for line in gate_lines(lead) if "Not yet:" in line]
    lead.get_by_text("Every check has passed.").wait_for()
    lead.get_by_role("button", name="Move to the next stage").click()
    lead.get_by_role("heading", name="Move to the next stage").wait_for()
    lead.get_by_label("Rationale").fill("Joint risk assessment complete; exit agreed.")
    lead.get_by_role("button", name="Move to the next stage").click()
    lead.wait_for_url(re.compile(rf"/plans/{risk_plan.pk}/$"))
    assert Plan.objects.get(pk=risk_plan.pk).stage == Stage.DELIVERY
    screenshot(lead, "risks-plan-in-delivery")

    # In delivery the lead measures the benefit against its target, with the evidence.
    lead.get_by_role("link", name="Open the benefits register").click()
    lead.get_by_role("link", name="Overtime saved").click()
    lead.get_by_role("heading", name="Overtime saved").wait_for()
    fill_date(lead, "Date measured", date.today().isoformat())
    lead.get_by_label("Value", exact=True).fill("20000")
    lead.get_by_label("Evidence").fill("Overtime report, payroll extract")
    lead.get_by_role("button", name="Record the value").click()
    lead.get_by_text("Actual value recorded.", exact=True).wait_for()
    assert lead.locator("svg polyline").count() == 1
    check_axe(lead, "benefit page with chart")
    lead.get_by_role("link", name="Back to the benefits register").click()
    assert "£80,000" in lead.locator("#cashable-totals").inner_text()
    check_axe(lead, "benefits register")
