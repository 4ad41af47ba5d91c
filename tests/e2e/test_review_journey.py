"""Review, lessons and the close gate in Chromium: Close is not offered while the gate is shut,
a partner records what worked, the lead's empty review is refused and then written, a lesson
of what did not work opens the gate and the lead closes the plan; another plan is withdrawn
with its reason and lesson. axe-core on every page visited."""

import pytest

from assessments.review.models import Lesson, PostImplementationReview
from planner.models import Plan, Stage
from tests.factories import PASSWORD
from tests.helpers import check_axe, new_context, screenshot, set_stage, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def as_person(browser, live_server, email):
    context = new_context(browser)
    context.set_default_timeout(15000)
    page = context.new_page()
    sign_in(page, live_server, email, PASSWORD)
    page.get_by_role("heading", name="My plans").wait_for()
    return page


def record_lesson(page, kind, text, theme):
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("The lesson").fill(text)
    page.locator("input[name=characteristics]").first.check()
    page.get_by_label(theme, exact=True).check()
    page.get_by_role("button", name="Save the lesson").click()
    page.get_by_text("The lesson has been recorded.").wait_for()


def test_the_review_and_lessons_open_the_close_gate_and_the_lead_closes_the_plan(
    browser, live_server, framework, plan, police_lead, fire_partner
):
    set_stage(plan, Stage.REVIEW)
    plan_url = f"{live_server.url}/plans/{plan.pk}/"

    lead = as_person(browser, live_server, police_lead.email)
    lead.goto(plan_url)
    lead.get_by_text("The plan can be closed once every check above has passed").wait_for()
    assert lead.get_by_role("button", name="Close the plan").count() == 0
    lead.get_by_role("button", name="See what is missing").wait_for()
    check_axe(lead, "plan page in review, close gate shut")
    screenshot(lead, "review-close-shut")

    # Fire records what worked, from the plan page's lessons panel.
    fire = as_person(browser, live_server, fire_partner.email)
    fire.goto(plan_url)
    fire.get_by_role("link", name="record a lesson", exact=True).click()
    check_axe(fire, "record a lesson")
    record_lesson(
        fire,
        "What worked",
        "Training together first made the first shift work.",
        "Skills and capabilities",
    )
    check_axe(fire, "the plan's lessons")

    # The lead's empty review is refused with its messages; then written.
    lead.goto(plan_url)
    lead.get_by_role("link", name="Write the review").first.click()
    lead.get_by_role("button", name="Save the review").click()
    lead.get_by_text("There is a problem").wait_for()
    lead.get_by_text("Enter what was delivered against what was planned").first.wait_for()
    check_axe(lead, "review form with errors")
    assert not PostImplementationReview.objects.exists()
    lead.get_by_label("What was delivered against what was planned").fill(
        "The shared station opened in March, as planned."
    )
    lead.get_by_label("Benefits realised").fill("Running costs shared from April.")
    lead.get_by_role("button", name="Save the review").click()
    lead.get_by_text("The post-implementation review has been saved.").wait_for()
    check_axe(lead, "review page")

    # A lesson of what did not work opens the gate.
    lead.goto(f"{plan_url}lessons/new/")
    record_lesson(
        lead, "What did not work", "The rota was agreed too late.", "Leadership and governance"
    )
    lead.goto(plan_url)
    lead.get_by_role("button", name="Close the plan").click()
    check_axe(lead, "close the plan")
    lead.get_by_label("Rationale").fill("The review is done and the lessons shared.")
    lead.get_by_role("button", name="Close the plan").click()
    lead.get_by_text("Closed. The decision has been logged.").wait_for()
    assert Plan.objects.get(pk=plan.pk).stage == Stage.CLOSED
    check_axe(lead, "plan page, closed")

    lead.goto(f"{live_server.url}/lessons/?theme=leadership")
    lead.get_by_text("The rota was agreed too late.").wait_for()
    assert lead.get_by_text("Training together first").count() == 0
    check_axe(lead, "lessons browse, filtered")
    screenshot(lead, "lessons-browse")


def test_the_lead_withdraws_a_plan_with_its_reason_and_lesson(
    browser, live_server, framework, plan, police_lead
):
    lead = as_person(browser, live_server, police_lead.email)
    lead.goto(f"{live_server.url}/plans/{plan.pk}/")
    lead.get_by_role("button", name="Withdraw the plan").click()
    lead.get_by_role("heading", name="Before the plan is withdrawn").wait_for()
    check_axe(lead, "withdraw: the checks")
    lead.get_by_role("link", name="Withdraw the plan with its lessons").click()
    lead.get_by_role("button", name="Withdraw the plan").click()
    lead.get_by_text("There is a problem").wait_for()
    check_axe(lead, "withdrawal form with errors")
    assert Plan.objects.get(pk=plan.pk).stage == Stage.SCOPING
    lead.get_by_label("Why the plan is being withdrawn").fill(
        "The partners could not agree how exit costs would be shared."
    )
    lead.get_by_label("What went wrong").fill("The agreement was not precise on exit costs.")
    lead.get_by_label("What would have helped").fill("Agreeing exit costs first.")
    lead.locator("input[name=characteristics]").first.check()
    lead.get_by_label("Purpose", exact=True).check()
    lead.get_by_role("button", name="Withdraw the plan").click()
    lead.get_by_text("The plan has been withdrawn with its lessons.").wait_for()
    assert Plan.objects.get(pk=plan.pk).stage == Stage.WITHDRAWN
    assert Lesson.objects.get(plan=plan).at_withdrawal
    check_axe(lead, "plan page, withdrawn")
