"""Quiet hours, daily digests and opting out: e-mail follows preferences, the inbox does not."""

from datetime import date

import pytest
from django.core import mail

from planner.models import Stage
from tests.helpers import set_plan
from tests.workflows.notifications.helpers import WEDNESDAY, deliveries, reminders, scan_at, uk
from workflows.notifications.models import (
    MANDATORY_KINDS,
    DeliveryStatus,
    Frequency,
    Kind,
    Preference,
)
from workflows.notifications.services import preference_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue_plan(plan):
    # Overdue from Saturday 13 March 2027 onwards (target Friday 12th).
    return set_plan(plan, scoping_target=date(2027, 3, 12), last_decision_at=WEDNESDAY)


def test_saturday_reminder_is_held_until_monday_morning(
    overdue_plan, fire_partner, django_capture_on_commit_callbacks
):
    scan_at(uk(2027, 3, 13, 10, 0), django_capture_on_commit_callbacks)
    assert reminders(Kind.STAGE_OVERDUE, recipient=fire_partner).exists()  # in-app at once
    assert mail.outbox == []
    held = deliveries(recipient=fire_partner).get()
    assert held.send_after == uk(2027, 3, 15, 8, 0)
    scan_at(uk(2027, 3, 15, 7, 59), django_capture_on_commit_callbacks)
    assert mail.outbox == []
    scan_at(uk(2027, 3, 15, 8, 1), django_capture_on_commit_callbacks)
    scan_at(uk(2027, 3, 15, 9, 0), django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mail.outbox].count(fire_partner.email) == 1


def test_without_quiet_hours_the_e_mail_goes_at_once(
    overdue_plan, fire_partner, django_capture_on_commit_callbacks
):
    Preference.objects.create(user=fire_partner, quiet_hours=False)
    scan_at(uk(2027, 3, 13, 22, 0), django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mail.outbox] == [fire_partner.email]


def test_digest_gathers_a_days_notifications_into_one_e_mail_next_working_morning(
    plan, overdue_plan, fire_partner, police_lead, django_capture_on_commit_callbacks
):
    Preference.objects.create(user=fire_partner, frequency=Frequency.DIGEST)
    # Two rules fire for the fire representative on Monday 15th: governance is overdue and
    # the fire authority's sign-off is awaited.
    set_plan(
        plan,
        stage=Stage.GOVERNANCE,
        stage_changed_at=uk(2027, 3, 1, 9, 0),
        governance_alignment_target=date(2027, 3, 12),
    )
    scan_at(uk(2027, 3, 15, 10, 0), django_capture_on_commit_callbacks)
    assert reminders(recipient=fire_partner).count() == 2
    assert not [m for m in mail.outbox if m.to == [fire_partner.email]]
    scan_at(uk(2027, 3, 16, 8, 5), django_capture_on_commit_callbacks)
    scan_at(uk(2027, 3, 16, 8, 10), django_capture_on_commit_callbacks)
    to_fire = [m for m in mail.outbox if m.to == [fire_partner.email]]
    assert len(to_fire) == 1
    assert "2 updates" in to_fire[0].subject
    assert f"/plans/{plan.pk}/sign-off/" in to_fire[0].body
    assert deliveries(recipient=fire_partner, status=DeliveryStatus.SENT).count() == 2


def test_opted_out_kind_appears_in_the_inbox_but_is_not_e_mailed(
    overdue_plan, fire_partner, django_capture_on_commit_callbacks
):
    preference_update(
        user=fire_partner, frequency=Frequency.IMMEDIATE, quiet_hours=True, email_kinds=[]
    )
    scan_at(uk(2027, 3, 15, 10, 0), django_capture_on_commit_callbacks)
    assert reminders(Kind.STAGE_OVERDUE, recipient=fire_partner).exists()
    assert deliveries(recipient=fire_partner).get().status == DeliveryStatus.SKIPPED
    assert fire_partner.email not in [m.to[0] for m in mail.outbox]


def test_mandatory_kinds_cannot_be_switched_off(
    plan, fire_partner, django_capture_on_commit_callbacks
):
    pref = preference_update(
        user=fire_partner, frequency=Frequency.IMMEDIATE, quiet_hours=True, email_kinds=[]
    )
    assert Kind.SIGN_OFF_PENDING in MANDATORY_KINDS
    assert Kind.SIGN_OFF_PENDING not in pref.muted_kinds
    # Even a row muted behind the form's back still sends.
    Preference.objects.filter(pk=pref.pk).update(muted_kinds=list(Kind.values))
    set_plan(
        plan,
        stage=Stage.GOVERNANCE,
        stage_changed_at=uk(2027, 3, 1, 9, 0),
        last_decision_at=WEDNESDAY,
    )
    scan_at(uk(2027, 3, 10, 10, 0), django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mail.outbox].count(fire_partner.email) == 1


def test_inactive_people_get_no_reminders(
    overdue_plan, fire_partner, django_capture_on_commit_callbacks
):
    fire_partner.is_active = False
    fire_partner.save()
    scan_at(uk(2027, 3, 15, 10, 0), django_capture_on_commit_callbacks)
    assert not reminders(recipient=fire_partner).exists()
