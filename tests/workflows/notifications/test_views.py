"""Inbox, mark read, preferences and the administrators' failed-e-mail page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from workflows.notifications.models import (
    Delivery,
    DeliveryStatus,
    Frequency,
    Kind,
    Notification,
    Preference,
)

pytestmark = pytest.mark.django_db


def make_notes(user, count, plan=None, start=0):
    notes = [
        Notification(
            recipient=user,
            kind=Kind.STAGE_CHANGED,
            plan=plan,
            title=f"Plan moved on {i}",
            url="/",
            dedupe_key=f"test:{user.pk}:{i}",
        )
        for i in range(start, start + count)
    ]
    return Notification.objects.bulk_create(notes)


def test_inbox_shows_only_my_notifications_and_the_unread_count_in_the_header(
    client_for, fire_partner, police_lead, plan
):
    make_notes(fire_partner, 3, plan)
    make_notes(police_lead, 2, plan, start=10)
    response = client_for(fire_partner).get(reverse("notifications_inbox"))
    assert response.status_code == 200
    assert response.content.decode().count('href="/">Plan moved on') == 3
    inbox = next(i for i in response.context["nav_items"] if i.label == "Inbox")
    assert inbox.badge == 3
    assert '3<span class="govuk-visually-hidden"> unread' in response.content.decode()


def test_mark_read_is_a_post_and_lowers_the_count(client_for, fire_partner):
    (note,) = make_notes(fire_partner, 1)
    client = client_for(fire_partner)
    url = reverse("notifications_mark_read", args=[note.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None
    response = client.get(reverse("notifications_inbox"))
    assert next(i for i in response.context["nav_items"] if i.label == "Inbox").badge == 0


def test_someone_else_cannot_mark_my_notification_read(client_for, fire_partner, outsider):
    (note,) = make_notes(fire_partner, 1)
    response = client_for(outsider).post(
        reverse("notifications_mark_read", args=[note.pk]), follow=True
    )
    assert "not in your inbox" in response.content.decode()
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read(client_for, fire_partner, police_lead):
    make_notes(fire_partner, 4)
    make_notes(police_lead, 1, start=9)
    client_for(fire_partner).post(reverse("notifications_mark_all_read"))
    assert not Notification.objects.filter(recipient=fire_partner, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=police_lead, read_at__isnull=True).exists()


def test_inbox_query_count_does_not_grow_with_notifications(client_for, fire_partner, plan):
    client = client_for(fire_partner)
    make_notes(fire_partner, 2, plan)
    client.get(reverse("notifications_inbox"))  # the session's first renewal is no page's
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notifications_inbox"))
    make_notes(fire_partner, 60, plan, start=100)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("notifications_inbox"))
    assert len(many) == len(few)


def test_inbox_needs_sign_in(client):
    response = client.get(reverse("notifications_inbox"))
    assert response.status_code == 302 and "sign-in" in response.url


def test_preferences_save_and_show_why_some_cannot_be_switched_off(client_for, fire_partner):
    client = client_for(fire_partner)
    page = client.get(reverse("notifications_preferences")).content.decode()
    assert "E-mails you always get" in page
    assert "cannot move on until every partner" in page
    response = client.post(
        reverse("notifications_preferences"),
        {"frequency": Frequency.DIGEST, "email_kinds": [Kind.STAGE_CHANGED]},
    )
    assert response.status_code == 302
    pref = Preference.objects.get(user=fire_partner)
    assert pref.frequency == Frequency.DIGEST and pref.quiet_hours is False
    assert Kind.STAGE_CHANGED not in pref.muted_kinds
    assert Kind.PLAN_STALLED in pref.muted_kinds
    assert Kind.SIGN_OFF_PENDING not in pref.muted_kinds


@pytest.mark.parametrize(
    "data",
    [{"frequency": "hourly"}, {"frequency": "immediate", "email_kinds": ["nonsense"]}, {}],
)
def test_bad_preferences_get_a_clear_message_and_change_nothing(client_for, fire_partner, data):
    response = client_for(fire_partner).post(reverse("notifications_preferences"), data)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not Preference.objects.filter(user=fire_partner).exists()


@pytest.fixture
def failed_delivery(fire_partner):
    (note,) = make_notes(fire_partner, 1)
    return Delivery.objects.create(
        notification=note,
        recipient=fire_partner,
        status=DeliveryStatus.FAILED,
        attempts=5,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        send_after=note.created_at,
    )


def test_failed_e_mails_are_visible_to_administrators_only(
    client_for, failed_delivery, fire_partner
):
    assert client_for(fire_partner).get(reverse("notifications_failed")).status_code == 403
    admin = UserFactory(email="admin@planner.test", is_staff=True, organisation=None)
    response = client_for(admin).get(reverse("notifications_failed"))
    assert response.status_code == 200
    assert "Connection unexpectedly closed" in response.content.decode()
    admin_list = client_for(admin)
    admin.is_superuser = True
    admin.save()
    changelist = admin_list.get("/admin/notifications/delivery/?status__exact=failed")
    assert changelist.status_code == 200
    assert "Connection unexpectedly closed" in changelist.content.decode()


def test_administrator_can_try_a_failed_e_mail_again(
    client_for, failed_delivery, django_capture_on_commit_callbacks, time_machine
):
    from tests.workflows.notifications.helpers import WEDNESDAY

    time_machine.move_to(WEDNESDAY, tick=False)
    admin = UserFactory(email="admin@planner.test", is_staff=True, organisation=None)
    client = client_for(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications_retry", args=[failed_delivery.pk]))
    failed_delivery.refresh_from_db()
    assert failed_delivery.status == DeliveryStatus.SENT
    response = client.post(reverse("notifications_retry", args=[failed_delivery.pk]), follow=True)
    assert "Only failed e-mails" in response.content.decode()
