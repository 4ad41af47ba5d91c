"""Rules over assessments, risks and reports: due when due, not before, not twice."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail

from assessments.selectors import Round
from planner.models import Stage
from planner.reports.models import ReportStatus, ReportVersion
from tests.assessments.factories import submit
from tests.assessments.risks.factories import RiskFactory
from tests.helpers import set_plan
from tests.workflows.notifications.helpers import WEDNESDAY, reminders, scan_at, uk
from workflows.notifications.models import Kind
from workflows.notifications.services import notification_send_event

pytestmark = pytest.mark.django_db


class TestAssessmentDue:
    @pytest.fixture
    def due_plan(self, plan):
        # Scoping target Wednesday 17 March 2027: due from Wednesday 10th (7 days before).
        return set_plan(plan, scoping_target=date(2027, 3, 17), last_decision_at=WEDNESDAY)

    def test_not_before_n_days_ahead(self, due_plan, django_capture_on_commit_callbacks):
        scan_at(uk(2027, 3, 9, 12, 0), django_capture_on_commit_callbacks)
        assert not reminders(Kind.ASSESSMENT_DUE).exists()

    def test_reps_of_partners_that_have_not_submitted_are_reminded_once(
        self,
        due_plan,
        police_lead,
        fire_partner,
        ambulance_rep,
        council_viewer,
        django_capture_on_commit_callbacks,
    ):
        with time_machine.travel(uk(2027, 3, 9, 12, 0), tick=False):
            submit(due_plan, fire_partner)
        scan_at(uk(2027, 3, 10, 9, 0), django_capture_on_commit_callbacks)
        scan_at(uk(2027, 3, 12, 9, 0), django_capture_on_commit_callbacks)
        got = reminders(Kind.ASSESSMENT_DUE)
        # The lead organisation's assessment is the project lead's to do; read-only
        # members and a partner that has submitted are not chased.
        assert sorted(got.values_list("recipient__email", flat=True)) == sorted(
            [police_lead.email, ambulance_rep.email]
        )
        note = got.get(recipient=ambulance_rep)
        assert note.url == Round(Stage.SCOPING).url("assessment_mine", due_plan.pk)
        assert "due in 7 days" in note.title

    def test_overdue_stage_does_not_chase_a_partner_that_has_submitted(
        self, plan, fire_partner, ambulance_rep, django_capture_on_commit_callbacks
    ):
        set_plan(plan, scoping_target=date(2027, 3, 9), last_decision_at=WEDNESDAY)
        with time_machine.travel(uk(2027, 3, 9, 12, 0), tick=False):
            submit(plan, fire_partner)
        scan_at(uk(2027, 3, 10, 9, 0), django_capture_on_commit_callbacks)
        assert list(reminders(Kind.STAGE_OVERDUE).values_list("recipient", flat=True)) == [
            ambulance_rep.pk
        ]


def test_assessment_submitted_reaches_the_other_members_within_one_scan_and_once(
    plan, fire_partner, police_lead, django_capture_on_commit_callbacks
):
    set_plan(plan, last_decision_at=WEDNESDAY)
    with time_machine.travel(WEDNESDAY, tick=False):
        assessment = submit(plan, fire_partner)
    scan_at(WEDNESDAY + timedelta(minutes=5), django_capture_on_commit_callbacks)
    scan_at(WEDNESDAY + timedelta(minutes=10), django_capture_on_commit_callbacks)
    got = reminders(Kind.ASSESSMENT_SUBMITTED)
    assert got.count() == 3  # lead, ambulance, council viewer; not the submitter
    assert not got.filter(recipient=fire_partner).exists()
    # The assessments app may also call the service with the documented key: no duplicate.
    with time_machine.travel(WEDNESDAY + timedelta(minutes=11), tick=False):
        sent = notification_send_event(
            kind=Kind.ASSESSMENT_SUBMITTED,
            plan=plan,
            recipients=[police_lead],
            title="t",
            body="",
            url="/",
            dedupe_key=f"assessment_submitted:{assessment.pk}:{assessment.submitted_at.isoformat()}",
        )
    assert sent == 0


def test_report_ready_reaches_the_members_once(
    plan, police_lead, django_capture_on_commit_callbacks
):
    set_plan(plan, last_decision_at=WEDNESDAY)
    ReportVersion.objects.create(
        plan=plan,
        number=1,
        status=ReportStatus.READY,
        requested_by=police_lead,
        requested_at=WEDNESDAY - timedelta(minutes=3),
        data_as_at=WEDNESDAY - timedelta(minutes=3),
        rendered_at=WEDNESDAY - timedelta(minutes=1),
    )
    scan_at(WEDNESDAY, django_capture_on_commit_callbacks)
    scan_at(WEDNESDAY + timedelta(minutes=5), django_capture_on_commit_callbacks)
    got = reminders(Kind.REPORT_READY)
    assert got.count() == 4
    assert got.filter(recipient=police_lead, url=f"/plans/{plan.pk}/reports/").exists()


class TestRiskReview:
    @pytest.fixture
    def risk(self, plan, fire_partner):
        set_plan(plan, last_decision_at=WEDNESDAY)
        return RiskFactory(plan=plan, created_by=fire_partner, review_date=date(2027, 3, 10))

    def test_owner_reminded_on_the_review_date_not_before_and_not_twice(
        self, risk, fire_partner, django_capture_on_commit_callbacks
    ):
        scan_at(uk(2027, 3, 9, 17, 0), django_capture_on_commit_callbacks)
        assert not reminders(Kind.RISK_REVIEW_DUE).exists()
        scan_at(uk(2027, 3, 10, 9, 0), django_capture_on_commit_callbacks)
        scan_at(uk(2027, 3, 11, 9, 0), django_capture_on_commit_callbacks)
        note = reminders(Kind.RISK_REVIEW_DUE).get()
        assert note.recipient == fire_partner
        assert note.url == f"/plans/{risk.plan_id}/risks/{risk.pk}/"
        assert [m.to[0] for m in mail.outbox].count(fire_partner.email) == 1

    def test_repeats_weekly_until_a_new_review_date_is_set(
        self, risk, django_capture_on_commit_callbacks
    ):
        scan_at(uk(2027, 3, 10, 9, 0), django_capture_on_commit_callbacks)
        scan_at(uk(2027, 3, 17, 9, 0), django_capture_on_commit_callbacks)
        assert reminders(Kind.RISK_REVIEW_DUE).count() == 2
        type(risk).objects.filter(pk=risk.pk).update(review_date=date(2027, 6, 1))
        scan_at(uk(2027, 3, 24, 9, 0), django_capture_on_commit_callbacks)
        assert reminders(Kind.RISK_REVIEW_DUE).count() == 2

    def test_closed_risks_are_not_reviewed(self, risk, django_capture_on_commit_callbacks):
        type(risk).objects.filter(pk=risk.pk).update(status="closed")
        scan_at(uk(2027, 3, 10, 9, 0), django_capture_on_commit_callbacks)
        assert not reminders(Kind.RISK_REVIEW_DUE).exists()
