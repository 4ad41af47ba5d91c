"""Event notifications: a stage change, a sign-off, and the public service other apps call."""

from datetime import date

import pytest
from django.core import mail

from planner.access import plan_access_for_user
from planner.context import PlanContext
from planner.errors import DomainError
from planner.models import Stage
from tests.helpers import set_plan
from tests.workflows.notifications.helpers import WEDNESDAY
from workflows.models import SignOff, SignOffDecision
from workflows.notifications.models import Kind, Notification
from workflows.notifications.services import notification_send_event
from workflows.services import plan_transition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def working_hours(time_machine):
    time_machine.move_to(WEDNESDAY, tick=False)


def test_stage_change_notifies_every_other_member(
    plan,
    police_lead,
    fire_partner,
    ambulance_rep,
    council_viewer,
    django_capture_on_commit_callbacks,
):
    access = plan_access_for_user(police_lead, plan.pk, for_change=True)
    with django_capture_on_commit_callbacks(execute=True):
        plan_transition(
            ctx=PlanContext.for_access(access),
            name="hold",
            expected_stage=Stage.SCOPING,
            rationale="Pause",
        )
    got = Notification.objects.filter(kind=Kind.STAGE_CHANGED)
    assert sorted(got.values_list("recipient__email", flat=True)) == sorted(
        [fire_partner.email, ambulance_rep.email, council_viewer.email]
    )
    assert all(n.url == f"/plans/{plan.pk}/" for n in got)
    assert "on hold" in got[0].title
    assert len(mail.outbox) == 3


def test_sign_off_notifies_the_other_members_once(
    plan, police_lead, fire_partner, django_capture_on_commit_callbacks
):
    set_plan(plan, stage=Stage.GOVERNANCE)
    with django_capture_on_commit_callbacks(execute=True):
        sign_off = SignOff.objects.create(
            plan=plan,
            organisation=fire_partner.organisation,
            body="Fire authority",
            decision=SignOffDecision.APPROVED,
            decided_on=date(2027, 3, 9),
            reference="FA/12",
            recorded_by=fire_partner,
        )
        sign_off.save()  # a later save is not a new sign-off
    got = Notification.objects.filter(kind=Kind.SIGN_OFF_RECORDED)
    assert got.count() == 3
    assert not got.filter(recipient=fire_partner).exists()
    assert got.filter(recipient=police_lead, url=f"/plans/{plan.pk}/sign-off/").exists()


def test_public_service_is_idempotent_on_its_key(
    plan, fire_partner, police_lead, django_capture_on_commit_callbacks
):
    def send():
        return notification_send_event(
            kind=Kind.REPORT_READY,
            plan=plan,
            recipients=[fire_partner, police_lead, fire_partner],
            title="The governance report is ready",
            body="Version 2 of the report can be downloaded.",
            url=f"/plans/{plan.pk}/",
            dedupe_key="report_ready:7",
        )

    with django_capture_on_commit_callbacks(execute=True):
        assert send() == 2
        assert send() == 0
    assert Notification.objects.filter(kind=Kind.REPORT_READY).count() == 2
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("kind", "url", "message"),
    [("nonsense", "/plans/1/", "Unknown"), (Kind.REPORT_READY, "https://evil.example/", "path")],
)
def test_public_service_refuses_bad_input_and_records_nothing(
    plan, fire_partner, kind, url, message
):
    with pytest.raises(DomainError, match=message):
        notification_send_event(
            kind=kind,
            plan=plan,
            recipients=[fire_partner],
            title="t",
            body="",
            url=url,
            dedupe_key="x",
        )
    assert not Notification.objects.exists()
