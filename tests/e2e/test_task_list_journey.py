"""The plan page's task list in Chromium, at 1280 and 375 px: the statuses of the gate's
tasks, a closed gate's "See what is missing" (no primary move), the other stages with their
outcomes, the stages as a plain progress list; axe-core (every impact) on each page and
screenshots of both widths."""

import pytest

from planner.models import Stage
from tests.factories import PASSWORD
from tests.helpers import (
    approve_all,
    check_axe,
    new_context,
    record_s2,
    screenshot,
    set_stage,
    sign_in,
)
from workflows.models import DecisionKind
from workflows.services import decision_record

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def governance_plan(plan, police_lead):
    """At governance alignment, scoping passed (and logged), two of four bodies approved."""
    record_s2(plan, police_lead)
    decision_record(
        plan=plan,
        actor=police_lead,
        summary="Moved on: Scoping → Governance alignment",
        rationale="Every partner agreed to consider the scheme jointly.",
        kind=DecisionKind.TRANSITION,
        from_stage=Stage.SCOPING,
        to_stage=Stage.GOVERNANCE,
    )
    set_stage(plan, Stage.GOVERNANCE)
    approve_all(
        plan,
        police_lead,
        skip={"Testshire County Council", "Testshire Ambulance Service NHS Trust"},
    )
    return plan


def task_status(page, title):
    row = page.locator(".govuk-task-list__item", has_text=title)
    return row.locator(".govuk-task-list__status").inner_text().strip()


def test_the_task_list_at_desktop_and_phone_widths(
    browser, live_server, governance_plan, police_lead
):
    context = new_context(browser)
    context.set_default_timeout(15000)
    page = context.new_page()
    sign_in(page, live_server, police_lead.email, PASSWORD)
    page.get_by_role("heading", name="My plans").wait_for()
    plan_url = f"{live_server.url}/plans/{governance_plan.pk}/"
    page.goto(plan_url)

    page.get_by_role("heading", name="Gate: leaving governance alignment").wait_for()
    assert task_status(page, "Every partner's governing body approved") == "In progress"
    assert task_status(page, "Every partner has stated its costs") == "Not started"
    assert task_status(page, "Link comparable schemes from the case library") == "Not started"
    assert page.locator(".govuk-task-list__item", has_text="Optional.").count() >= 1
    # A closed gate: no primary move, a secondary "See what is missing".
    assert page.get_by_role("button", name="Move to the next stage").count() == 0
    missing = page.get_by_role("button", name="See what is missing")
    assert "govuk-button--secondary" in missing.get_attribute("class")
    # The stages are a list of text, with no control among them.
    progress = page.locator("ol.app-progress-list")
    assert progress.locator("a, button").count() == 0
    assert progress.locator("[aria-current=step]").inner_text().startswith("Governance alignment")
    # The other stages, opened: scoping passed, with who passed it.
    page.get_by_text("The other stages").click()
    page.get_by_text("Passed on ").first.wait_for()
    assert police_lead.full_name in page.locator(".app-other-stages").inner_text()
    check_axe(page, "plan page with its task list", impacts=None)
    screenshot(page, "task_list_1280")

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(plan_url)
    page.get_by_role("heading", name="Gate: leaving governance alignment").wait_for()
    task_list = page.locator(".govuk-task-list")
    assert task_list.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_axe(page, "plan page with its task list at 375 px", impacts=None)
    screenshot(page, "task_list_375")

    # What is missing: the checks, and no form that would only be refused.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="See what is missing").click()
    page.get_by_role("heading", name="What is missing before the plan can leave").wait_for()
    assert page.get_by_label("Rationale").count() == 0
    page.get_by_text("Testshire County Council has not recorded").wait_for()
    check_axe(page, "what is missing", impacts=None)
    context.close()
