"""A partner representative's inbox puts actions apart from updates and filters by plan; an
approver's home page lists the decision waiting. At 1280 px and at 375 px, with axe-core on
each page and no sideways scrolling on a phone."""

from datetime import datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from planner.dates import uk_today
from planner.models import MemberRole, Stage
from tests.factories import PASSWORD, PlanFactory, add_partner
from tests.helpers import check_axe, screenshot, set_plan, sign_in
from workflows.notifications.models import Kind, Notification

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_TITLE = "Joint emergency services control room and shared estates programme for Testshire"


@pytest.fixture(autouse=True)
def working_hours():
    """Ten in the morning, UK time: nothing the set-up sends is held by quiet hours."""
    london = ZoneInfo("Europe/London")
    morning = datetime.combine(datetime.now(london).date(), clock(10), tzinfo=london)
    with time_machine.travel(morning, tick=True):
        yield


def fits_375(page, label):
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{label} is {width} px wide at 375 px"


def note(user, kind, plan, title, due=None, n=0):
    return Notification.objects.create(
        recipient=user,
        kind=kind,
        plan=plan,
        title=title,
        body="",
        url=reverse("plan_detail", args=[plan.pk]),
        due_on=due,
        dedupe_key=f"e2e-inbox:{user.pk}:{n}",
    )


def test_the_inbox_separates_actions_from_updates_and_filters_by_plan(
    page, live_server, plan, police_lead, fire_partner
):
    other = PlanFactory(created_by=police_lead, title=LONG_TITLE, reference="TST-JESC-2027-01")
    add_partner(other, fire_partner)
    due = uk_today() + timedelta(days=12)
    note(
        fire_partner, Kind.ASSESSMENT_DUE, plan, "TST-PLAN: your scoping assessment is due", due, 1
    )
    note(fire_partner, Kind.CONDITION_DUE, other, "TST-JESC-2027-01: condition 1 is due", due, 2)
    for i in range(3):
        note(
            fire_partner,
            Kind.SIGN_OFF_RECORDED,
            other,
            f"TST-JESC-2027-01: Testshire Police recorded “approved” ({i + 1})",
            n=10 + i,
        )
    note(fire_partner, Kind.STAGE_CHANGED, plan, "TST-PLAN moved to governance alignment", n=20)

    sign_in(page, live_server, fire_partner.email, PASSWORD)
    page.goto(live_server.url + reverse("notifications_inbox"))
    page.get_by_role("heading", name="Actions for you").wait_for()
    actions = page.get_by_role("list", name="Actions for you")
    updates = page.get_by_role("list", name="Updates")
    assert actions.get_by_role("listitem").count() == 2
    assert updates.get_by_role("listitem").count() == 4
    assert actions.get_by_text(f"Due {due:%-d %B %Y}").count() == 2
    check_axe(page, "inbox at 1280 px", impacts=None)
    screenshot(page, "inbox_1280")

    page.get_by_label("Plan").select_option(label=f"{LONG_TITLE} (TST-JESC-2027-01)")
    page.get_by_role("button", name="Show notifications").click()
    page.get_by_role("heading", name=f"Actions for you on {LONG_TITLE}").wait_for()
    assert actions.get_by_role("listitem").count() == 1
    assert updates.get_by_role("listitem").count() == 3
    check_axe(page, "inbox filtered by plan", impacts=None)

    fits_375(page, "the filtered inbox")
    # "Mark as read" sits on one line: the button is no taller than a one-line button.
    button = page.get_by_role("button", name="Mark as read").first.bounding_box()
    assert button["height"] < 50, button
    check_axe(page, "inbox at 375 px", impacts=None)
    screenshot(page, "inbox_375")

    page.get_by_role("button", name="Mark all for this plan as read").click()
    page.get_by_text("4 notifications for this plan marked as read.").wait_for()
    assert Notification.objects.filter(recipient=fire_partner, read_at=None).count() == 2
    assert page.get_by_role("option", name=f"{LONG_TITLE} (TST-JESC-2027-01)").evaluate(
        "o => o.selected"
    )


def test_the_approvers_home_page_lists_the_decision_waiting_at_375_px(
    page, live_server, plan, police_lead, fire_approver
):
    add_partner(plan, fire_approver, member_role=MemberRole.APPROVER)
    set_plan(plan, stage=Stage.GOVERNANCE, title=LONG_TITLE)
    set_plan(plan, governance_alignment_target=uk_today() + timedelta(days=20))
    sign_in(page, live_server, fire_approver.email, PASSWORD)
    page.get_by_role("heading", name="Waiting for you").wait_for()
    waiting = page.get_by_role("list", name="Waiting for you")
    link = waiting.get_by_role("link", name="Record your governing body's decision")
    assert link.get_attribute("href") == reverse("plan_sign_off", args=[plan.pk])
    check_axe(page, "approver's home page at 1280 px", impacts=None)
    screenshot(page, "home_approver_1280")
    fits_375(page, "the approver's home page")
    # The plan's title in the plans list wraps at whole lines, not one word a line.
    title = page.get_by_role("rowheader").get_by_role("link", name=LONG_TITLE)
    box = title.bounding_box()
    assert box["width"] > 250, box
    check_axe(page, "approver's home page at 375 px", impacts=None)
    screenshot(page, "home_approver_375")
