"""A partner reads a reminder in the inbox, marks it read and changes e-mail settings."""

import pytest

from tests.factories import PASSWORD
from tests.helpers import check_axe, screenshot, sign_in
from workflows.notifications.models import Frequency, Kind, Notification, Preference

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_inbox_and_preferences_work_and_pass_axe(page, live_server, plan, fire_partner):
    Notification.objects.create(
        recipient=fire_partner,
        kind=Kind.SIGN_OFF_PENDING,
        plan=plan,
        title="TST-PLAN: Testshire Fire and Rescue Service's governance decision is awaited",
        body="The plan cannot move on until your governing body has decided.",
        url=f"/plans/{plan.pk}/sign-off/",
        dedupe_key="e2e:1",
    )
    sign_in(page, live_server, fire_partner.email, PASSWORD)
    page.get_by_role("link", name="Inbox 1 unread").click()
    page.get_by_role("heading", name="Inbox").wait_for()
    check_axe(page, "inbox")
    screenshot(page, "notifications-inbox")
    page.get_by_role("button", name="Mark as read").click()
    page.get_by_text("Marked as read.").wait_for()
    assert page.get_by_role("link", name="Inbox", exact=True).is_visible()
    check_axe(page, "inbox after marking read")

    page.get_by_role("link", name="Choose which updates you get by e-mail").click()
    page.get_by_role("heading", name="Notification settings").wait_for()
    check_axe(page, "notification settings")
    page.get_by_label("In one daily summary, at the start of the working day").check()
    page.get_by_label("No decision has been logged on a plan for a while").uncheck()
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Your notification settings have been saved.").wait_for()
    check_axe(page, "notification settings saved")
    screenshot(page, "notifications-preferences")
    pref = Preference.objects.get(user=fire_partner)
    assert pref.frequency == Frequency.DIGEST
    assert Kind.PLAN_STALLED in pref.muted_kinds
