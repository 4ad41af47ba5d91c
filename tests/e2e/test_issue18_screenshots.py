"""Screenshots of issue 18's pages at 1280 px and at 375 px, for people to look at.

Each test opens one page as the person who uses it, at both widths, and writes
test-output/screenshots/issue18_<page>_<width>.png: the plan page's task list, the error page
of an empty new plan, the inbox with actions and updates, and the portfolio. They assert only
that the page is the one meant; what a screenshot shows is for a person to judge.
"""

from datetime import datetime
from datetime import time as clock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.factories import PASSWORD, PlanFactory, add_partner
from tests.helpers import record_s2, screenshot, sign_in
from workflows.notifications.models import Kind, Notification

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 375)
# Whether the page's stylesheets arrived and have rules (one that failed to load has none).
STYLED = """() => document.styleSheets.length > 0 && [
  ...document.querySelectorAll('link[rel=stylesheet]')].every((link) => {
  try { return link.sheet !== null && link.sheet.cssRules.length > 0; }
  catch (error) { return false; }
})"""


@pytest.fixture(autouse=True)
def working_hours():
    """Ten in the morning, UK time, today: e-mails the set-up sends are not held by quiet
    hours, and the pages look the same whenever the suite runs."""
    london = ZoneInfo("Europe/London")
    morning = datetime.combine(datetime.now(london).date(), clock(10), tzinfo=london)
    with time_machine.travel(morning, tick=True):
        yield


def at_both_widths(page, name, open_page):
    """Open the page afresh at each width (so scripts that measure the layout run at it) and
    write its full-page screenshot."""
    paths = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        open_page()
        for _ in range(3):
            if page.evaluate(STYLED):
                break
            # A developer's asset build may be rewriting static/build: a moment later, again.
            page.wait_for_timeout(3000)
            open_page()
        assert page.evaluate(STYLED), f"{name} at {width} px: the stylesheet did not load"
        paths.append(screenshot(page, f"issue18_{name}_{width}"))
    return paths


def test_the_plan_page_task_list_at_both_widths(page, live_server, plan, police_lead):
    record_s2(plan, police_lead)
    sign_in(page, live_server, police_lead.email, PASSWORD)
    url = live_server.url + reverse("plan_detail", args=[plan.pk])

    def open_page():
        page.goto(url)
        page.get_by_role("heading", name=plan.title).first.wait_for()

    for path in at_both_widths(page, "task_list", open_page):
        assert path.exists()


def test_an_empty_new_plan_error_page_at_both_widths(page, live_server, police_lead):
    sign_in(page, live_server, police_lead.email, PASSWORD)
    url = live_server.url + reverse("plan_create")

    def open_page():
        page.goto(url)
        # The form holding the plan's title, whatever its button is called this week.
        page.locator("main form:has([name=title]) button[type=submit]").click()
        page.locator(".govuk-error-summary").wait_for()

    for path in at_both_widths(page, "error", open_page):
        assert path.exists()


def test_the_inbox_with_actions_and_updates_at_both_widths(page, live_server, plan, fire_partner):
    other = PlanFactory(
        created_by=plan.created_by, title="Joint community safety hub", reference="TST-HUB"
    )
    add_partner(other, fire_partner)
    notes = [
        (plan, Kind.SIGN_OFF_PENDING, "Testshire Fire and Rescue Authority's decision is awaited"),
        (plan, Kind.ASSESSMENT_DUE, "Your scoping assessment is due"),
        (other, Kind.RISK_REVIEW_DUE, "A risk you own is due for review"),
        (plan, Kind.STAGE_CHANGED, "The plan moved to governance alignment"),
        (other, Kind.SIGN_OFF_RECORDED, "Trust board recorded approved"),
        (other, Kind.REPORT_READY, "A governance report is ready"),
    ]
    for number, (on, kind, title) in enumerate(notes):
        Notification.objects.create(
            recipient=fire_partner,
            kind=kind,
            plan=on,
            title=title,
            body="",
            url=reverse("plan_detail", args=[on.pk]),
            dedupe_key=f"issue18-shot:{number}",
        )
    sign_in(page, live_server, fire_partner.email, PASSWORD)
    url = live_server.url + reverse("notifications_inbox")

    def open_page():
        page.goto(url)
        page.get_by_role("heading", name="Inbox").first.wait_for()

    for path in at_both_widths(page, "inbox", open_page):
        assert path.exists()


def test_the_portfolio_at_both_widths(page, live_server, plan, police_lead):
    url = live_server.url + reverse("portfolio")
    for title, reference in (
        ("Eastgate joint police and fire station", "TST-EST"),
        ("Shared control room for Testshire", "TST-CTL"),
    ):
        PlanFactory(created_by=police_lead, title=title, reference=reference)
    sign_in(page, live_server, police_lead.email, PASSWORD)

    def open_page():
        page.goto(url)
        page.get_by_role("heading", level=1).first.wait_for()

    for path in at_both_widths(page, "portfolio", open_page):
        assert path.exists()
