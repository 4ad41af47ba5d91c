"""Costs and funding in Chromium: each partner states its own money, a year short of funding
is saved and flagged, a line is deleted through its confirmation page, and the tables fit a
phone's width by scrolling inside their own regions. axe-core on every page visited."""

import pytest

from assessments.finance.models import CostLine, FundingLine, PlanFinance
from planner.models import Stage
from tests.factories import PASSWORD
from tests.helpers import check_axe, new_context, screenshot, set_stage, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def as_person(browser, live_server, email, width=1280):
    context = new_context(browser)
    context.set_default_timeout(15000)
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, email, PASSWORD)
    page.get_by_role("heading", name="My plans").wait_for()
    return page


def fill_amounts(page, amounts):
    for label, pounds in amounts.items():
        page.get_by_label(label).fill(pounds)


def test_partners_state_costs_and_funding_and_the_gap_is_flagged(
    browser, live_server, plan, police_lead, fire_partner, ambulance_rep
):
    set_stage(plan, Stage.GOVERNANCE)
    finance = f"{live_server.url}/plans/{plan.pk}/finance/"

    # The lead sets the period: three years from 2026/27.
    lead = as_person(browser, live_server, police_lead.email)
    lead.goto(finance)
    lead.get_by_text("No costs or funding have been stated yet.").wait_for()
    check_axe(lead, "finance page, empty")
    lead.get_by_role("link", name="Change the financial period").click()
    check_axe(lead, "financial period form")
    lead.get_by_label("First financial year").select_option(label="2026/27")
    lead.get_by_label("Number of years").select_option("3")
    lead.get_by_role("button", name="Save the period").click()
    lead.get_by_text("The financial period is 2026/27 to 2028/29.").wait_for()
    assert PlanFinance.objects.get(plan=plan).years == 3

    # Fire adds a cost; a negative amount is refused first, with nothing saved.
    fire = as_person(browser, live_server, fire_partner.email)
    fire.goto(finance)
    fire.get_by_role("button", name="Add a cost").click()
    fire.get_by_label("What the cost is").fill("Mobilising system link")
    fire.get_by_label("Capital", exact=True).check()
    fire.get_by_label("One-off", exact=True).check()
    fill_amounts(fire, {"2026/27": "-5,000"})
    fire.get_by_role("button", name="Add the cost").click()
    fire.get_by_text("There is a problem").wait_for()
    check_axe(fire, "add a cost form with errors")
    assert not CostLine.objects.exists()
    fill_amounts(fire, {"2026/27": "£120,000", "2027/28": "30000.50"})
    fire.get_by_role("button", name="Add the cost").click()
    fire.get_by_text("Cost “Mobilising system link” added").wait_for()

    # Fire funds less than its costs in 2027/28: saved, and the page warns of it.
    fire.get_by_role("button", name="Add funding").click()
    check_axe(fire, "add funding form")
    fire.get_by_label("Partner contribution").check()
    fire.get_by_label("What the funding is").fill("Fire authority budget")
    fill_amounts(fire, {"2026/27": "120,000", "2027/28": "10,000"})
    fire.get_by_role("button", name="Add the funding").click()
    fire.get_by_text("In 2027/28 funding is £20,000.50 less than costs").wait_for()
    assert FundingLine.objects.count() == 1
    check_axe(fire, "finance page with a gap")
    screenshot(fire, "finance-gap")

    # Ambulance has nothing to pay and says why.
    ambulance = as_person(browser, live_server, ambulance_rep.email)
    ambulance.goto(finance)
    ambulance.get_by_role(
        "link", name="Testshire Ambulance Service NHS Trust bears no costs"
    ).click()
    check_axe(ambulance, "no costs form")
    ambulance.get_by_label("Why does your organisation bear no costs?").fill("Staff in post.")
    ambulance.get_by_role("button", name="Save").click()
    ambulance.get_by_text("bears no costs of the scheme").wait_for()

    # Fire deletes its funding through the confirmation page; the lead is offered no change
    # to fire's lines.
    fire.goto(finance)
    fire.get_by_role("link", name="Delete Fire authority budget").click()
    fire.get_by_role(
        "heading", name="Are you sure you want to delete “Fire authority budget”?"
    ).wait_for()
    check_axe(fire, "delete funding confirmation")
    fire.get_by_role("button", name="Delete the funding").click()
    fire.get_by_text("Funding “Fire authority budget” deleted.").wait_for()
    assert not FundingLine.objects.exists()
    lead.goto(finance)
    assert lead.get_by_role("link", name="Change Mobilising system link").count() == 0
    lead.get_by_text("Funding deleted: Fire authority budget").wait_for()

    # On a phone the page keeps its width; the wide tables scroll inside their regions.
    phone = as_person(browser, live_server, police_lead.email, width=375)
    phone.goto(finance)
    check_axe(phone, "finance page at 375 px")
    wide = phone.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(e => !e.closest('.app-table-scroll'))
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 40))"""
    )
    assert not wide, wide
    screenshot(phone, "finance-phone")
