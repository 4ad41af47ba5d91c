"""The real objects the access matrix builds URL arguments from, shared by the tests that
walk it (tests/hardening/test_access_matrix.py, tests/planner/test_form_errors.py)."""

from functools import cached_property

from planner.access import plan_access_for_user
from planner.models import Invitation, MemberRole, PlanMember, PlanPartner
from planner.services import invitation_create


class World:
    """The real objects URL arguments are built from, made on first use."""

    def __init__(self, plan, personas, orgs):
        self.plan = plan
        self.personas = personas
        self.orgs = orgs
        self.lead = personas["police_lead"]

    def access(self, user=None):
        return plan_access_for_user(user or self.lead, self.plan.pk, for_change=True)

    @cached_property
    def invitation_token(self):
        _, token = invitation_create(
            access=self.access(),
            full_name="Ina Invitee",
            email="invitee@fire.test",
            organisation=self.orgs["fire"],
            role=MemberRole.PARTNER_REP,
        )
        return token

    @cached_property
    def invitation_id(self):
        self.invitation_token  # noqa: B018 (made on first use)
        return Invitation.objects.get(plan=self.plan, email="invitee@fire.test").pk

    @cached_property
    def fire_partnership_id(self):
        return PlanPartner.objects.get(plan=self.plan, organisation=self.orgs["fire"]).pk

    @cached_property
    def fire_member_id(self):
        return PlanMember.objects.get(plan=self.plan, user=self.personas["fire_partner"]).pk

    @cached_property
    def sign_off_id(self):
        """The lead organisation's governing-body decision, for the supersede page."""
        from workflows.models import SignOff

        police = self.orgs["police"]
        return SignOff.objects.create(
            plan=self.plan,
            organisation=police,
            body=police.governing_body,
            decision="deferred",
            decided_on="2026-02-01",
            reference="PCC-DN-1",
            recorded_by=self.lead,
            on_behalf=True,
        ).pk

    @cached_property
    def round_kwargs(self):
        return {"plan_id": self.plan.pk, "round_slug": "scoping"}

    @cached_property
    def submitted_fire_assessment_kwargs(self):
        """Fire's scoping assessment, submitted, so the lead has something to reopen."""
        from tests.assessments.factories import submit

        submit(self.plan, self.personas["fire_partner"])
        return {**self.round_kwargs, "org_id": self.orgs["fire"].pk}

    @cached_property
    def characteristic_code(self):
        from assessments.selectors import framework_current, questions_for

        return questions_for(framework_current(), "scoping")[0].characteristic.code

    @cached_property
    def risk_kwargs(self):
        from tests.assessments.risks.factories import RiskFactory

        risk = RiskFactory(plan=self.plan, created_by=self.lead)
        return {"plan_id": self.plan.pk, "risk_id": risk.pk}

    @cached_property
    def benefit_kwargs(self):
        from tests.assessments.risks.factories import BenefitFactory

        benefit = BenefitFactory(plan=self.plan, created_by=self.lead)
        return {"plan_id": self.plan.pk, "benefit_id": benefit.pk}

    @cached_property
    def case_key(self):
        from tests.planner.cases.factories import CaseFactory

        return CaseFactory().key

    @cached_property
    def report_kwargs(self):
        """A rendered version, so preview and download have something to serve."""
        from django.core.files.base import ContentFile
        from django.utils import timezone

        from planner.reports.models import ReportStatus, ReportVersion

        now = timezone.now()
        version = ReportVersion(
            plan=self.plan,
            number=1,
            status=ReportStatus.READY,
            requested_by=self.lead,
            requested_at=now,
            data_as_at=now,
            html="<h1>Report</h1>",
            rendered_at=now,
        )
        version.file.save("report-v1.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
        version.docx_file.save("report-v1.docx", ContentFile(b"PK test"), save=False)
        version.save()
        return {"plan_id": self.plan.pk, "version_id": version.pk}

    @cached_property
    def body_kwargs(self):
        """The fire and rescue authority, which governs a partner of the plan."""
        from planner.models import GoverningBody

        body = GoverningBody.objects.get(organisations=self.orgs["fire"])
        return {"plan_id": self.plan.pk, "body_id": body.pk}

    @cached_property
    def paper_kwargs(self):
        """The lead's draft paper to the fire and rescue authority."""
        from planner.reports.papers import board_paper_start

        paper = board_paper_start(access=self.access(), body_id=self.body_kwargs["body_id"])
        return {"plan_id": self.plan.pk, "paper_id": paper.pk}

    @cached_property
    def notification_id(self):
        from workflows.notifications.models import Kind, Notification

        return Notification.objects.create(
            recipient=self.lead,
            kind=Kind.STAGE_CHANGED,
            plan=self.plan,
            title="Plan moved on",
            url="/",
            dedupe_key="hardening:1",
        ).pk

    @cached_property
    def delivery_id(self):
        from django.utils import timezone

        from workflows.notifications.models import Delivery, DeliveryStatus, Notification

        note = Notification.objects.get(pk=self.notification_id)
        return Delivery.objects.create(
            notification=note,
            recipient=self.lead,
            status=DeliveryStatus.FAILED,
            send_after=timezone.now(),
        ).pk
