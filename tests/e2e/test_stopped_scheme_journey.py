"""The lead of a withdrawn plan proposes it to the library as a stopped scheme; once published,
the lead's similar plan shows it among its comparable schemes, labelled, with why it stopped."""

import pytest

from planner.cases.models import Case, CaseOutcome
from planner.cases.services import cases_publish
from planner.models import Stage
from tests.factories import PASSWORD, PlanFactory, add_partner
from tests.helpers import check_axe, screenshot, set_stage, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WHY = "The fire authority would not agree a lease without a break clause."


def test_a_withdrawn_plan_teaches_a_similar_plan_through_the_library(
    page, live_server, police_lead, fire_partner, plan
):
    withdrawn = PlanFactory(
        created_by=police_lead,
        title="Millbrook shared police and fire station",
        summary="Move the Millbrook police team into the fire station.",
        reference="TST-MILL",
    )
    add_partner(withdrawn, fire_partner)
    set_stage(withdrawn, Stage.WITHDRAWN)
    sign_in(page, live_server, police_lead.email, PASSWORD)

    # The proposal says the scheme goes to the library as stopped, and asks why.
    page.goto(f"{live_server.url}/plans/{withdrawn.pk}/cases/propose/")
    page.get_by_role("heading", name="Propose this plan as a case").wait_for()
    assert "labelled “Stopped”" in page.locator(".govuk-warning-text").inner_text()
    check_axe(page, "proposal from a withdrawn plan")
    page.get_by_role("button", name="Propose to the case library").click()
    page.get_by_text("Say why the scheme stopped, so others can learn from it.").first.wait_for()
    assert not Case.objects.exists()
    check_axe(page, "proposal refused without why it stopped")
    page.get_by_label("Why the scheme stopped").fill(WHY)
    page.get_by_label("Lessons for others").fill("What did not work: agreeing the lease last.")
    page.get_by_role("button", name="Propose to the case library").click()
    page.get_by_text("The plan has been proposed to the case library").wait_for()
    case = Case.objects.get()
    assert (case.outcome, case.why_stopped) == (CaseOutcome.STOPPED, WHY)

    # An administrator publishes it; the lead's other plan, much like it, now shows it.
    cases_publish(cases=[case])
    page.goto(f"{live_server.url}/plans/{plan.pk}/cases/")
    card = page.locator(".govuk-summary-card").filter(has_text=case.title)
    card.get_by_text("Stopped", exact=True).wait_for()
    assert "A scheme like yours stopped" in card.inner_text()
    assert WHY in card.inner_text()
    assert "agreeing the lease last" in card.inner_text()
    check_axe(page, "comparable schemes with a stopped scheme")
    screenshot(page, "cases-stopped-comparable")

    card.get_by_role("link", name=case.title).click()
    page.get_by_role("heading", name=case.title).wait_for()
    assert (
        f"This scheme stopped in {case.outcome_year}: {WHY}"
        in page.locator(".app-case-stopped").inner_text()
    )
    check_axe(page, "a stopped scheme's page")
