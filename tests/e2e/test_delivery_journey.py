"""Milestones and delivery confidence in Chromium: the lead adds a milestone for fire, fire's
representative slips it (a later forecast), the lead's rebaseline without a reason is refused
with nothing changed, a red rating after last month's red brings the prompt to consider
sending the plan back, and the timeline and the trend fit a phone by scrolling inside their
own regions. axe-core on every page visited."""

from datetime import timedelta

import pytest

from planner.dates import uk_today
from planner.models import Stage
from tests.factories import PASSWORD
from tests.helpers import (
    check_axe,
    fill_date,
    new_context,
    screenshot,
    set_plan,
    set_stage,
    sign_in,
)
from tests.workflows.delivery.factories import rating
from workflows.delivery.models import ConfidenceUpdate, Milestone, Rating
from workflows.delivery.selectors import months_back
from workflows.models import Decision

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIRE = "Testshire Fire and Rescue Service"


def as_person(browser, live_server, email, width=1280):
    context = new_context(browser)
    context.set_default_timeout(15000)
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, email, PASSWORD)
    page.get_by_role("heading", name="My plans").wait_for()
    return page


def test_milestones_slip_a_red_rating_prompts_and_the_charts_fit_a_phone(
    browser, live_server, plan, police_lead, fire_partner
):
    today = uk_today()
    set_plan(plan, delivery_target=today + timedelta(days=300))
    set_stage(plan, Stage.DELIVERY)
    rating(plan, police_lead, months_back(today.replace(day=1), 1), Rating.RED)
    base = f"{live_server.url}/plans/{plan.pk}"

    # The lead adds a milestone for fire; in delivery its baseline is fixed at once.
    lead = as_person(browser, live_server, police_lead.email)
    lead.goto(f"{base}/milestones/")
    check_axe(lead, "milestones page, empty")
    lead.get_by_role("button", name="Add a milestone").click()
    check_axe(lead, "add a milestone form")
    lead.get_by_label("Milestone", exact=True).fill("Shared tasking live")
    lead.get_by_label("Owner organisation").select_option(label=FIRE)
    fill_date(lead, "Baseline date", (today + timedelta(days=20)).isoformat())
    lead.get_by_role("button", name="Save").click()
    lead.get_by_text("Milestone “Shared tasking live” added.").wait_for()
    milestone = Milestone.objects.get(plan=plan)
    assert milestone.is_baselined

    # Fire's representative keeps its own milestone: the forecast slips by 15 days.
    fire = as_person(browser, live_server, fire_partner.email)
    fire.goto(f"{base}/milestones/")
    fire.get_by_role("link", name="Update Shared tasking live").click()
    check_axe(fire, "update a milestone form")
    fill_date(fire, "Forecast date", (today + timedelta(days=35)).isoformat())
    fire.get_by_label("In progress").check()
    fire.get_by_role("button", name="Save").click()
    fire.get_by_text("15 days late").wait_for()
    check_axe(fire, "milestones page, slipped")

    # A rebaseline without a reason is refused, and nothing changes.
    lead.goto(f"{base}/milestones/")
    lead.get_by_role("link", name="Rebaseline Shared tasking live").click()
    check_axe(lead, "rebaseline form")
    fill_date(lead, "New baseline date", (today + timedelta(days=35)).isoformat())
    lead.get_by_role("button", name="Rebaseline").click()
    lead.get_by_text("There is a problem").wait_for()
    check_axe(lead, "rebaseline form with errors")
    milestone.refresh_from_db()
    assert milestone.baseline_on == today + timedelta(days=20)
    assert not Decision.objects.filter(topic=f"milestone:{milestone.pk}").exists()

    # The lead rates this month red, after last month's red: the plan page prompts.
    lead.goto(f"{base}/")
    lead.get_by_role("link", name="Record this month's confidence").click()
    check_axe(lead, "confidence form")
    lead.get_by_label("Red: delivery in doubt").check()
    lead.get_by_label("Why this rating?").fill("Joint tasking is two weeks late.")
    lead.get_by_label("Top issues").fill("Control-room upgrade late\nRota thin")
    lead.get_by_role("button", name="Record the rating").click()
    lead.get_by_text("recorded: Red: delivery in doubt").wait_for()
    check_axe(lead, "confidence history")
    assert ConfidenceUpdate.objects.filter(plan=plan, is_lead_view=True).count() == 2
    lead.goto(f"{base}/")
    lead.get_by_role("link", name="Consider sending the plan back").first.click()
    lead.get_by_role("heading", name="Send back one stage").wait_for()
    check_axe(lead, "send back form")
    screenshot(lead, "delivery-send-back")

    # On a phone the pages keep their width; the charts and tables scroll in their regions.
    phone = as_person(browser, live_server, police_lead.email, width=375)
    for path, label in (("timeline/", "timeline"), ("confidence/", "confidence history")):
        phone.goto(f"{base}/{path}")
        check_axe(phone, f"{label} at 375 px")
        wide = phone.evaluate(
            """() => [...document.querySelectorAll('main *')]
                .filter(e => !e.closest('.app-table-scroll'))
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 40))"""
        )
        assert not wide, (label, wide)
        screenshot(phone, f"delivery-{path.strip('/')}-phone")
