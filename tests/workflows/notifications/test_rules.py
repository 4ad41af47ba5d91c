"""Each reminder rule fires when due, not before, and not twice."""

from datetime import date, timedelta

import pytest
from django.core import mail

from planner.models import Stage
from tests.helpers import set_plan
from tests.workflows.notifications.helpers import WEDNESDAY, reminders, scan_at, uk
from workflows.models import SignOff, SignOffDecision
from workflows.notifications.models import Kind
from workflows.notifications.rules import reminder_rules

pytestmark = pytest.mark.django_db


def test_every_rule_is_registered_by_name():
    assert {r.name for r in reminder_rules()} >= {
        "stage_overdue",
        "sign_off_pending",
        "plan_stalled",
    }


class TestStageOverdue:
    @pytest.fixture
    def overdue_plan(self, plan):
        # Target Tuesday 9 March 2027; recent decision so the stalled rule stays quiet.
        return set_plan(plan, scoping_target=date(2027, 3, 9), last_decision_at=WEDNESDAY)

    def test_not_before_the_day_after_the_target(
        self, overdue_plan, django_capture_on_commit_callbacks
    ):
        scan_at(uk(2027, 3, 9, 17, 0), django_capture_on_commit_callbacks)
        assert not reminders(Kind.STAGE_OVERDUE).exists()

    def test_partner_reps_reminded_once_on_the_first_day_overdue(
        self,
        overdue_plan,
        fire_partner,
        ambulance_rep,
        police_lead,
        django_capture_on_commit_callbacks,
    ):
        scan_at(uk(2027, 3, 10, 9, 0), django_capture_on_commit_callbacks)
        scan_at(uk(2027, 3, 10, 15, 0), django_capture_on_commit_callbacks)
        got = reminders(Kind.STAGE_OVERDUE)
        assert sorted(got.values_list("recipient__email", flat=True)) == [
            ambulance_rep.email,
            fire_partner.email,
        ]
        assert sorted(m.to[0] for m in mail.outbox) == [ambulance_rep.email, fire_partner.email]
        assert not reminders(Kind.OVERDUE_ESCALATION).exists()

    def test_repeats_after_the_interval_and_not_in_between(
        self, overdue_plan, django_capture_on_commit_callbacks
    ):
        scan_at(uk(2027, 3, 10, 9, 0), django_capture_on_commit_callbacks)
        scan_at(uk(2027, 3, 16, 9, 0), django_capture_on_commit_callbacks)
        assert reminders(Kind.STAGE_OVERDUE).count() == 2
        scan_at(uk(2027, 3, 17, 9, 0), django_capture_on_commit_callbacks)
        assert reminders(Kind.STAGE_OVERDUE).count() == 4

    def test_escalates_to_the_lead_after_m_days(
        self, overdue_plan, police_lead, django_capture_on_commit_callbacks
    ):
        scan_at(uk(2027, 3, 22, 9, 0), django_capture_on_commit_callbacks)
        assert not reminders(Kind.OVERDUE_ESCALATION).exists()
        scan_at(uk(2027, 3, 23, 9, 0), django_capture_on_commit_callbacks)
        scan_at(uk(2027, 3, 23, 11, 0), django_capture_on_commit_callbacks)
        escalation = reminders(Kind.OVERDUE_ESCALATION).get()
        assert escalation.recipient == police_lead
        assert "14 days past" in escalation.title

    def test_moving_the_stage_on_stops_the_reminder(
        self, overdue_plan, django_capture_on_commit_callbacks
    ):
        set_plan(overdue_plan, stage=Stage.GOVERNANCE)
        scan_at(uk(2027, 3, 10, 9, 0), django_capture_on_commit_callbacks)
        assert not reminders(Kind.STAGE_OVERDUE).exists()

    def test_e_mail_links_straight_to_the_plan(
        self, overdue_plan, settings, django_capture_on_commit_callbacks
    ):
        settings.SITE_URL = "https://planner.example"
        scan_at(uk(2027, 3, 10, 9, 0), django_capture_on_commit_callbacks)
        message = mail.outbox[0]
        link = f"https://planner.example/plans/{overdue_plan.pk}/"
        assert link in message.body
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html" and f'href="{link}"' in html


class TestSignOffPending:
    @pytest.fixture
    def governance_plan(self, plan, police_approver):
        return set_plan(
            plan,
            stage=Stage.GOVERNANCE,
            stage_changed_at=uk(2027, 3, 1, 12, 0),
            last_decision_at=WEDNESDAY,
        )

    def test_not_before_the_first_reminder_day(
        self, governance_plan, django_capture_on_commit_callbacks
    ):
        scan_at(uk(2027, 3, 4, 11, 0), django_capture_on_commit_callbacks)
        assert not reminders(Kind.SIGN_OFF_PENDING).exists()

    def test_approvers_and_reps_of_partners_without_approval_are_reminded_once(
        self,
        governance_plan,
        police_approver,
        fire_partner,
        ambulance_rep,
        council_viewer,
        django_capture_on_commit_callbacks,
    ):
        SignOff.objects.create(
            plan=governance_plan,
            organisation=fire_partner.organisation,
            body="Fire authority",
            decision=SignOffDecision.APPROVED,
            decided_on=date(2027, 3, 2),
            reference="FA/1",
            recorded_by=fire_partner,
        )
        scan_at(uk(2027, 3, 4, 13, 0), django_capture_on_commit_callbacks)
        scan_at(uk(2027, 3, 5, 13, 0), django_capture_on_commit_callbacks)
        got = reminders(Kind.SIGN_OFF_PENDING)
        assert sorted(got.values_list("recipient__email", flat=True)) == [
            police_approver.email,
            ambulance_rep.email,
        ]
        assert all(n.url == f"/plans/{governance_plan.pk}/sign-off/" for n in got)

    def test_a_deferral_superseding_an_approval_counts_over_it(
        self, governance_plan, fire_partner, django_capture_on_commit_callbacks
    ):
        earlier = None
        for decided_on, decision in [
            (date(2027, 3, 2), SignOffDecision.APPROVED),
            (date(2027, 3, 3), SignOffDecision.DEFERRED),
        ]:
            earlier = SignOff.objects.create(
                plan=governance_plan,
                organisation=fire_partner.organisation,
                body="Fire authority",
                decision=decision,
                decided_on=decided_on,
                reference="FA",
                recorded_by=fire_partner,
                supersedes=earlier,
                supersession_reason="The authority met again." if earlier else "",
            )
        scan_at(uk(2027, 3, 4, 13, 0), django_capture_on_commit_callbacks)
        assert reminders(Kind.SIGN_OFF_PENDING, recipient=fire_partner).exists()

    def test_repeats_weekly(self, governance_plan, django_capture_on_commit_callbacks):
        scan_at(uk(2027, 3, 4, 13, 0), django_capture_on_commit_callbacks)
        first = reminders(Kind.SIGN_OFF_PENDING).count()
        scan_at(uk(2027, 3, 11, 11, 0), django_capture_on_commit_callbacks)
        assert reminders(Kind.SIGN_OFF_PENDING).count() == first
        scan_at(uk(2027, 3, 11, 13, 0), django_capture_on_commit_callbacks)
        assert reminders(Kind.SIGN_OFF_PENDING).count() == 2 * first


class TestPlanStalled:
    def test_lead_reminded_after_k_days_without_a_decision_then_every_k_days(
        self, plan, police_lead, django_capture_on_commit_callbacks
    ):
        set_plan(plan, last_decision_at=uk(2027, 2, 1, 10, 0))
        scan_at(uk(2027, 3, 1, 9, 59), django_capture_on_commit_callbacks)
        assert not reminders(Kind.PLAN_STALLED).exists()
        scan_at(uk(2027, 3, 1, 10, 1), django_capture_on_commit_callbacks)
        scan_at(uk(2027, 3, 2, 10, 1), django_capture_on_commit_callbacks)
        stalled = reminders(Kind.PLAN_STALLED).get()
        assert stalled.recipient == police_lead
        assert stalled.url == f"/plans/{plan.pk}/decisions/"
        scan_at(uk(2027, 3, 29, 12, 0), django_capture_on_commit_callbacks)
        assert reminders(Kind.PLAN_STALLED).count() == 2

    def test_plan_with_no_decision_counts_from_its_creation(
        self, plan, django_capture_on_commit_callbacks
    ):
        set_plan(plan, last_decision_at=None, created_at=uk(2027, 2, 1, 10, 0))
        scan_at(uk(2027, 3, 1, 10, 1), django_capture_on_commit_callbacks)
        assert reminders(Kind.PLAN_STALLED).count() == 1

    def test_a_new_decision_resets_the_clock(self, plan, django_capture_on_commit_callbacks):
        set_plan(plan, last_decision_at=uk(2027, 2, 1, 10, 0))
        scan_at(uk(2027, 3, 1, 10, 1), django_capture_on_commit_callbacks)
        set_plan(plan, last_decision_at=uk(2027, 3, 2, 10, 0))
        scan_at(uk(2027, 3, 20, 10, 0), django_capture_on_commit_callbacks)
        assert reminders(Kind.PLAN_STALLED).count() == 1

    def test_closed_plans_are_never_stalled(self, plan, django_capture_on_commit_callbacks):
        set_plan(plan, stage=Stage.CLOSED, last_decision_at=uk(2026, 1, 1, 10, 0))
        scan_at(WEDNESDAY + timedelta(days=1), django_capture_on_commit_callbacks)
        assert not reminders(Kind.PLAN_STALLED).exists()
