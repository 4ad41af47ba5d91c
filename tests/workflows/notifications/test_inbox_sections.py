"""The inbox puts what the person must do ("Actions for you", with due dates) apart from the
news of what others did ("Updates"), filters by plan, and marks read all or one plan's."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from planner.models import MemberRole, Stage
from tests.factories import PlanFactory, add_partner
from tests.helpers import assert_unchanged, count_queries, set_plan, snapshot
from tests.workflows.notifications.helpers import WEDNESDAY, reminders, scan_at
from workflows.notifications.models import ACTION_KINDS, Kind, Notification

pytestmark = pytest.mark.django_db

_serial = iter(range(10**6))


def note(user, kind, plan=None, title=None, due_on=None, read=False):
    n = next(_serial)
    return Notification.objects.create(
        recipient=user,
        kind=kind,
        plan=plan,
        title=title or f"{kind} {n}",
        url=f"/n/{n}/",
        due_on=due_on,
        dedupe_key=f"test:{user.pk}:{n}",
        read_at=timezone.now() if read else None,
    )


def section(html: str, heading: str) -> str:
    """The page's text from one section's heading to the next h2 (or the end)."""
    start = html.index(f">{heading}")
    end = html.find("<h2", start)
    return html[start : end if end != -1 else None]


@pytest.fixture
def other_plan(police_lead, fire_partner):
    other = PlanFactory(created_by=police_lead, title="Joint control room", reference="TST-JCR")
    add_partner(other, fire_partner)
    return other


def test_every_kind_is_either_an_action_or_an_update_and_reminders_are_actions():
    updates = set(Kind.values) - ACTION_KINDS
    assert updates == {
        Kind.STAGE_CHANGED,
        Kind.SIGN_OFF_RECORDED,
        Kind.ASSESSMENT_SUBMITTED,
        Kind.REPORT_READY,
    }


def test_actions_and_updates_are_separated_and_actions_show_their_due_dates(
    client_for, fire_partner, plan
):
    due = date(2027, 3, 5)
    note(fire_partner, Kind.ASSESSMENT_DUE, plan, "Your assessment is due", due_on=due)
    note(fire_partner, Kind.SIGN_OFF_RECORDED, plan, "Police recorded approved")
    note(fire_partner, Kind.STAGE_CHANGED, plan, "The plan moved on")
    html = client_for(fire_partner).get(reverse("notifications_inbox")).content.decode()
    actions, updates = section(html, "Actions for you"), section(html, "Updates")
    assert "Your assessment is due" in actions and "Due 5 March 2027" in actions
    assert "Police recorded approved" not in actions and "The plan moved on" not in actions
    assert "Police recorded approved" in updates and "The plan moved on" in updates
    assert "Your assessment is due" not in updates
    # Plan titles, not only references.
    assert "Shared station" in actions and "Shared station" in updates


def test_each_section_says_when_it_is_empty(client_for, fire_partner, plan):
    html = client_for(fire_partner).get(reverse("notifications_inbox")).content.decode()
    assert "Nothing is waiting for you to do" in section(html, "Actions for you")
    assert "No updates yet" in section(html, "Updates")
    note(fire_partner, Kind.STAGE_CHANGED, plan)
    html = client_for(fire_partner).get(reverse("notifications_inbox")).content.decode()
    assert "Nothing is waiting for you to do" in section(html, "Actions for you")
    assert "No updates yet" not in section(html, "Updates")


def test_unread_actions_come_first_then_the_soonest_due(client_for, fire_partner, plan):
    today = timezone.localdate()
    note(fire_partner, Kind.CONDITION_DUE, plan, "Later", due_on=today + timedelta(days=20))
    note(fire_partner, Kind.CONDITION_DUE, plan, "Done already", due_on=today, read=True)
    note(fire_partner, Kind.PLAN_STALLED, plan, "Undated")
    note(fire_partner, Kind.CONDITION_DUE, plan, "Sooner", due_on=today + timedelta(days=2))
    html = client_for(fire_partner).get(reverse("notifications_inbox")).content.decode()
    order = [html.index(f">{t}</a>") for t in ("Sooner", "Later", "Undated", "Done already")]
    assert order == sorted(order)


def test_the_plan_filter_lists_the_persons_plans_by_title_and_shows_only_that_plans_items(
    client_for, fire_partner, plan, other_plan
):
    note(fire_partner, Kind.ASSESSMENT_DUE, plan, "Shared station action")
    note(fire_partner, Kind.STAGE_CHANGED, other_plan, "Control room news")
    client = client_for(fire_partner)
    html = client.get(reverse("notifications_inbox")).content.decode()
    assert '<option value="">All plans</option>' in html
    assert f'<option value="{other_plan.pk}">Joint control room (TST-JCR)</option>' in html
    html = client.get(reverse("notifications_inbox"), {"plan": other_plan.pk}).content.decode()
    assert "Control room news" in html and "Shared station action" not in html
    assert f'<option value="{other_plan.pk}" selected>' in html


def test_a_plan_the_person_has_no_role_on_is_ignored_and_no_other_organisations_data_shows(
    client_for, fire_partner, police_lead, outsider, plan, other_plan
):
    note(fire_partner, Kind.STAGE_CHANGED, plan, "Mine")
    note(police_lead, Kind.STAGE_CHANGED, plan, "The lead's own")
    outsiders = PlanFactory(created_by=outsider, title="Otherton secret", reference="OTH-1")
    note(outsider, Kind.STAGE_CHANGED, outsiders, "Otherton news")
    client = client_for(fire_partner)
    for asked in (outsiders.pk, "nonsense"):
        html = client.get(reverse("notifications_inbox"), {"plan": asked}).content.decode()
        assert "You do not have a role on the plan asked for" in html
        assert "Mine" in html
        assert "Otherton" not in html and "The lead's own" not in html


def test_a_read_only_member_may_filter_by_the_plan_they_watch(client_for, council_viewer, plan):
    assert plan.members.get(user=council_viewer).role == MemberRole.READ_ONLY
    note(council_viewer, Kind.REPORT_READY, plan, "A report is ready")
    html = (
        client_for(council_viewer)
        .get(reverse("notifications_inbox"), {"plan": plan.pk})
        .content.decode()
    )
    assert "A report is ready" in html and "You do not have a role" not in html


def test_the_filter_keeps_working_across_pages(client_for, fire_partner, plan, other_plan):
    for _ in range(30):
        note(fire_partner, Kind.STAGE_CHANGED, other_plan)
    note(fire_partner, Kind.STAGE_CHANGED, plan, "Not this plan")
    client = client_for(fire_partner)
    html = client.get(reverse("notifications_inbox"), {"plan": other_plan.pk}).content.decode()
    assert f"?plan={other_plan.pk}&amp;page=2&amp;actions_page=1" in html
    second = client.get(
        reverse("notifications_inbox"), {"plan": other_plan.pk, "page": 2}
    ).content.decode()
    assert second.count("Joint control room <span") == 5
    assert "Not this plan" not in second


def test_mark_all_as_read_marks_every_notification_when_not_filtered(
    client_for, fire_partner, police_lead, plan, other_plan
):
    note(fire_partner, Kind.ASSESSMENT_DUE, plan)
    note(fire_partner, Kind.STAGE_CHANGED, other_plan)
    theirs = note(police_lead, Kind.STAGE_CHANGED, plan)
    client = client_for(fire_partner)
    assert (
        "Mark all as read</button>" in client.get(reverse("notifications_inbox")).content.decode()
    )
    response = client.post(reverse("notifications_mark_all_read"), follow=True)
    assert "2 notifications marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=fire_partner, read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_as_read_on_a_filtered_inbox_marks_only_that_plans(
    client_for, fire_partner, plan, other_plan
):
    mine = note(fire_partner, Kind.ASSESSMENT_DUE, plan)
    note(fire_partner, Kind.STAGE_CHANGED, other_plan)
    client = client_for(fire_partner)
    html = client.get(reverse("notifications_inbox"), {"plan": other_plan.pk}).content.decode()
    assert "Mark all for this plan as read</button>" in html
    response = client.post(reverse("notifications_mark_all_read"), {"plan": other_plan.pk})
    assert response.url == f"{reverse('notifications_inbox')}?plan={other_plan.pk}"
    assert not Notification.objects.filter(plan=other_plan, read_at=None).exists()
    mine.refresh_from_db()
    assert mine.read_at is None


def test_mark_all_as_read_with_a_bad_plan_says_so_and_changes_nothing(
    client_for, fire_partner, plan
):
    note(fire_partner, Kind.ASSESSMENT_DUE, plan)
    before = snapshot(Notification)
    response = client_for(fire_partner).post(
        reverse("notifications_mark_all_read"), {"plan": "1; DROP"}, follow=True
    )
    assert "Choose a plan from the list, or All plans." in response.content.decode()
    assert_unchanged(before)


def test_mark_as_read_returns_to_the_filtered_inbox(client_for, fire_partner, plan):
    n = note(fire_partner, Kind.ASSESSMENT_DUE, plan)
    response = client_for(fire_partner).post(
        reverse("notifications_mark_read", args=[n.pk]), {"plan": plan.pk}
    )
    assert response.url == f"{reverse('notifications_inbox')}?plan={plan.pk}"
    n.refresh_from_db()
    assert n.read_at is not None


def test_the_inbox_query_count_does_not_grow_with_notifications_or_plans(
    client_for, fire_partner, police_lead, plan
):
    client = client_for(fire_partner)
    note(fire_partner, Kind.ASSESSMENT_DUE, plan)
    note(fire_partner, Kind.STAGE_CHANGED, plan)
    few = count_queries(client, reverse("notifications_inbox"))
    filtered_few = count_queries(client, f"{reverse('notifications_inbox')}?plan={plan.pk}")
    for i in range(8):
        more = PlanFactory(created_by=police_lead)
        add_partner(more, fire_partner)
        for _ in range(6):
            note(fire_partner, Kind.CONDITION_DUE, more, due_on=date(2027, 1, 1 + i))
            note(fire_partner, Kind.SIGN_OFF_RECORDED, more)
    assert count_queries(client, reverse("notifications_inbox")) == few
    assert count_queries(client, f"{reverse('notifications_inbox')}?plan={plan.pk}") == filtered_few


def test_reminders_found_by_the_scan_carry_the_date_their_action_is_due(
    plan, police_lead, fire_partner, django_capture_on_commit_callbacks
):
    # The fire representative's scoping assessment is due with the stage's target, in 5 days.
    set_plan(plan, scoping_target=date(2027, 3, 15))
    scan_at(WEDNESDAY, django_capture_on_commit_callbacks)
    [due] = reminders(Kind.ASSESSMENT_DUE, recipient=fire_partner)
    assert due.due_on == date(2027, 3, 15)
    # A plan in delivery without the month's confidence rating: due by the month's end.
    set_plan(plan, stage=Stage.DELIVERY)
    scan_at(WEDNESDAY, django_capture_on_commit_callbacks)
    [confidence] = reminders(Kind.CONFIDENCE_DUE, recipient=police_lead)
    assert confidence.due_on == date(2027, 3, 31)
    # News carries no due date.
    assert not Notification.objects.exclude(kind__in=ACTION_KINDS).exclude(due_on=None).exists()
