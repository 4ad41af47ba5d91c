"""One plan from delivery to the case library, in Chromium, through the pages people use.

The lead adds a milestone and fire's representative slips it; the lead rates the month red;
the plan is put in review (the delivery gate's assessments are the assessments journey's);
the lead records the benefit's final status, writes the
post-implementation review and a lesson of each kind; the close gate opens, the lead closes
the plan and proposes it to the case library, the lessons carried into the proposal.
axe-core on every page visited (the test fails if one was not).
"""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urldefrag

import pytest

from assessments.review.models import Lesson, PostImplementationReview
from assessments.risks.models import Benefit, BenefitKind, BenefitStatus
from planner.cases.models import Case, CaseOutcome
from planner.dates import uk_today
from planner.models import Plan, Stage
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
from workflows.delivery.models import ConfidenceUpdate, Milestone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIRE = "Testshire Fire and Rescue Service"


class People:
    """Browsers for each person, and every page they visit checked with axe-core."""

    def __init__(self, browser, live_server):
        self.browser, self.live_server = browser, live_server
        self.visited: set[str] = set()
        self.checked: set[str] = set()

    def person(self, email):
        context = new_context(self.browser)
        context.set_default_timeout(15000)
        page = context.new_page()
        page.on(
            "framenavigated",
            lambda frame: frame == page.main_frame and self.visited.add(urldefrag(frame.url).url),
        )
        page.goto(f"{self.live_server.url}/accounts/sign-in/")
        self.axe(page, "sign-in page")
        sign_in(page, self.live_server, email, PASSWORD)
        page.get_by_role("heading", name="My plans").wait_for()
        self.axe(page, f"dashboard of {email}")
        return page

    def axe(self, page, label):
        page.wait_for_load_state()
        check_axe(page, label)
        self.checked.add(urldefrag(page.url).url)


def record_lesson(people, page, kind, text, theme):
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("The lesson").fill(text)
    page.locator("input[name=characteristics]").first.check()
    page.get_by_label(theme, exact=True).check()
    page.get_by_role("button", name="Save the lesson").click()
    page.get_by_text("The lesson has been recorded.").wait_for()
    people.axe(page, "the plan's lessons")


def test_a_plan_goes_from_delivery_to_closed_and_into_the_case_library(
    browser, live_server, framework, plan, police_lead, fire_partner
):
    today = uk_today()
    set_plan(plan, delivery_target=today + timedelta(days=300))
    set_stage(plan, Stage.DELIVERY)
    benefit = Benefit.objects.create(
        plan=plan,
        title="Shared station running costs",
        kind=BenefitKind.CASHABLE,
        owner=police_lead,
        owner_organisation=police_lead.organisation,
        baseline_value=Decimal(0),
        baseline_date=today - timedelta(days=30),
        target_value=Decimal(40000),
        target_date=today + timedelta(days=200),
        created_by=police_lead,
    )
    base = f"{live_server.url}/plans/{plan.pk}"
    people = People(browser, live_server)
    lead = people.person(police_lead.email)
    fire = people.person(fire_partner.email)

    # 1. The lead adds a milestone for fire; fire's representative slips it by 15 days.
    lead.goto(f"{base}/milestones/")
    people.axe(lead, "milestones page, empty")
    lead.get_by_role("button", name="Add a milestone").click()
    people.axe(lead, "add a milestone form")
    lead.get_by_label("Milestone", exact=True).fill("Shared tasking live")
    lead.get_by_label("Owner organisation").select_option(label=FIRE)
    fill_date(lead, "Baseline date", (today + timedelta(days=20)).isoformat())
    lead.get_by_role("button", name="Save").click()
    lead.get_by_text("Milestone “Shared tasking live” added.").wait_for()
    people.axe(lead, "milestones page")
    fire.goto(f"{base}/milestones/")
    fire.get_by_role("link", name="Update Shared tasking live").click()
    people.axe(fire, "update a milestone form")
    fill_date(fire, "Forecast date", (today + timedelta(days=35)).isoformat())
    fire.get_by_label("In progress").check()
    fire.get_by_role("button", name="Save").click()
    fire.get_by_text("15 days late").wait_for()
    people.axe(fire, "milestones page, slipped")
    assert Milestone.objects.get(plan=plan).forecast_on == today + timedelta(days=35)

    # 2. The lead rates this month red.
    lead.goto(f"{base}/")
    people.axe(lead, "plan page in delivery")
    lead.get_by_role("link", name="Record this month's confidence").click()
    people.axe(lead, "confidence form")
    lead.get_by_label("Red: delivery in doubt").check()
    lead.get_by_label("Why this rating?").fill("Joint tasking is two weeks late.")
    lead.get_by_label("Top issues").fill("Control-room upgrade late")
    lead.get_by_role("button", name="Record the rating").click()
    lead.get_by_text("recorded: Red: delivery in doubt").wait_for()
    people.axe(lead, "confidence history")
    assert ConfidenceUpdate.objects.filter(plan=plan, is_lead_view=True).count() == 1
    screenshot(lead, "delivery-to-library-01-red")

    # 3. Delivery is done. The gate leaving delivery asks for every partner's delivery
    # assessment, which the assessments journey walks through; here the plan is put in review.
    set_stage(plan, Stage.REVIEW)

    # 4. The close gate is shut until the benefit, the review and the lessons are in.
    lead.goto(f"{base}/")
    lead.get_by_text("The plan can be closed once every check above has passed").wait_for()
    assert lead.get_by_role("button", name="Close the plan").count() == 0
    lead.get_by_role("button", name="See what is missing").wait_for()
    people.axe(lead, "plan page in review, close gate shut")
    screenshot(lead, "delivery-to-library-02-close-shut")

    lead.goto(f"{base}/benefits/{benefit.pk}/")
    people.axe(lead, "benefit page")
    lead.get_by_label("Realised", exact=True).check()
    lead.get_by_role("button", name="Set the status").click()
    lead.get_by_role("heading", name="Set the benefit's status").wait_for()
    people.axe(lead, "benefit page, realised")
    benefit.refresh_from_db()
    assert benefit.status == BenefitStatus.REALISED

    lead.goto(f"{base}/")
    lead.get_by_role("link", name="Write the review").first.click()
    people.axe(lead, "review form")
    lead.get_by_label("What was delivered against what was planned").fill(
        "Shared tasking went live six weeks later than planned; the station opened on time."
    )
    lead.get_by_label("Benefits realised").fill("Running costs shared from April.")
    lead.get_by_role("button", name="Save the review").click()
    lead.get_by_text("The post-implementation review has been saved.").wait_for()
    people.axe(lead, "review page")
    assert PostImplementationReview.objects.filter(plan=plan).exists()

    lead.goto(f"{base}/lessons/new/")
    people.axe(lead, "record a lesson")
    record_lesson(
        people,
        lead,
        "What worked",
        "Training together before the first shift.",
        "Skills and capabilities",
    )
    lead.goto(f"{base}/lessons/new/")
    record_lesson(
        people,
        lead,
        "What did not work",
        "The control-room upgrade was ordered too late.",
        "Leadership and governance",
    )
    assert Lesson.objects.filter(plan=plan).count() == 2

    # 5. The gate is open: the lead closes the plan.
    lead.goto(f"{base}/")
    people.axe(lead, "plan page in review, close gate open")
    lead.get_by_role("button", name="Close the plan").click()
    people.axe(lead, "close the plan")
    lead.get_by_label("Rationale").fill("The review is done and the lessons are shared.")
    lead.get_by_role("button", name="Close the plan").click()
    lead.get_by_text("Closed. The decision has been logged.").wait_for()
    people.axe(lead, "plan page, closed")
    assert Plan.objects.get(pk=plan.pk).stage == Stage.CLOSED
    screenshot(lead, "delivery-to-library-03-closed")

    # 6. The lead proposes the closed plan to the library; its lessons come with it.
    lead.goto(f"{base}/cases/propose/")
    lead.get_by_role("heading", name="Propose this plan as a case").wait_for()
    people.axe(lead, "proposal from a closed plan")
    lessons = lead.get_by_label("Lessons for others").input_value()
    assert "What worked: Training together before the first shift." in lessons, lessons
    assert "What did not work: The control-room upgrade was ordered too late." in lessons
    lead.get_by_role("button", name="Propose to the case library").click()
    lead.get_by_text("The plan has been proposed to the case library").wait_for()
    people.axe(lead, "plan after its proposal")
    case = Case.objects.get()
    assert case.outcome == CaseOutcome.COMPLETED
    assert "ordered too late" in case.lessons
    screenshot(lead, "delivery-to-library-04-proposed")

    assert not people.visited - people.checked, people.visited - people.checked
