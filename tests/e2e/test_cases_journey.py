"""The lead finds comparable schemes for a plan, pins one with a note, and sees it on the plan."""

import pytest

from planner.cases.demo import shipped_rows
from planner.cases.models import PlanCase
from planner.cases.services import cases_import
from tests.factories import PASSWORD
from tests.helpers import check_axe, screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HAMPSHIRE = "Hampshire: shared police and fire headquarters at Eastleigh"


@pytest.fixture
def shipped_library(db):
    result = cases_import(rows=shipped_rows())
    assert not result.errors
    return result


def test_lead_pins_a_comparable_scheme_and_finds_it_on_the_plan(
    page, live_server, police_lead, plan, shipped_library
):
    plan.title = "Shared police and fire headquarters"
    plan.summary = "Move the police headquarters team into the fire service headquarters."
    plan.save()
    sign_in(page, live_server, police_lead.email, PASSWORD)

    # The library pages, reached from the header link, pass axe-core.
    page.get_by_role("link", name="Case library").click()
    page.get_by_role("heading", name="Case library", level=1).wait_for()
    check_axe(page, "case library")
    page.get_by_label("Search the library").fill("headquarters")
    page.get_by_label("Type").select_option("sharing_premises")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=HAMPSHIRE).wait_for()
    check_axe(page, "case library search results")
    page.get_by_role("link", name=HAMPSHIRE).click()
    page.get_by_role("heading", name=HAMPSHIRE).wait_for()
    assert page.get_by_text("Other public source").is_visible()
    check_axe(page, "case page")

    # From the plan to its comparable schemes, each with its reasons.
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    page.get_by_role("link", name="See comparable schemes").click()
    page.get_by_role("heading", name="Comparable schemes", level=1).wait_for()
    card = page.locator(".govuk-summary-card").filter(has_text=HAMPSHIRE)
    reasons = card.locator(".app-match-reasons li").all_inner_texts()
    assert "same type: sharing premises" in reasons
    assert "shares police and fire" in reasons
    assert any(r.startswith("both mention") and "headquarters" in r for r in reasons)
    check_axe(page, "comparable schemes")
    screenshot(page, "cases-comparable-schemes")

    card.get_by_label(f"Lessons to apply from {HAMPSHIRE}").fill(
        "Start with one team in a fire station before moving headquarters."
    )
    card.get_by_role("button", name="Pin to the plan").click()
    page.get_by_text("pinned to the plan").wait_for()
    assert PlanCase.objects.filter(plan=plan, lessons_note__startswith="Start with").exists()

    page.get_by_role("link", name="Back to the plan").click()
    panel = page.locator(
        "section", has=page.get_by_role("heading", name="Comparable schemes and lessons")
    )
    panel.get_by_role("link", name=HAMPSHIRE).wait_for()
    assert "Start with one team in a fire station" in panel.inner_text()
    check_axe(page, "plan page with a pinned case")
    screenshot(page, "cases-pinned-on-plan")
