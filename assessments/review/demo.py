"""Demo plans that finished: one closed after its review, one withdrawn, each with lessons.

Planner's demo has no finished plan, so this app adds the two it teaches with: a closed
scheme (a joint police and fire CCTV monitoring room) with its post-implementation review and
lessons of both kinds, so its close gate is open, and a withdrawn one (a merged police and
fire back office, stopped at joint risk assessment) with the reason in the decision log and
its lessons of what went wrong. They are placed at their stages directly, as planner's demo
places its plans, with the decision-log rows the walk would have written. Idempotent: a plan
found by its reference is left alone.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from assessments.review.models import Lesson, LessonKind, PostImplementationReview, Theme
from assessments.review.selectors import characteristic_choices
from planner.models import (
    STAGE_ORDER,
    MemberRole,
    PartnerRole,
    Plan,
    PlanMember,
    PlanPartner,
    Stage,
)
from workflows.models import Decision, DecisionKind

LEAD = "lead@police.example"
FIRE = "fire@fire.example"

CLOSED = {
    "reference": "WLD-CCT-07",
    "title": "Joint police and fire CCTV monitoring room",
    "collaboration_type": "common_contact_management",
    "summary": "One room, staffed by both services and the council, watches the town-centre "
    "and fire-station cameras.",
    "objectives": "One CCTV room for the county.\nCameras watched around the clock.",
    "public_outcome": "Incidents seen and responded to sooner.",
    "expected_benefits": "One room's running costs instead of three.",
    "stage": Stage.CLOSED,
    "last": Stage.REVIEW,
}
WITHDRAWN = {
    "reference": "WLD-BKO-08",
    "title": "Merged police and fire back office",
    "collaboration_type": "combined_support_services",
    "summary": "Merge the police and fire finance, HR and payroll teams into one service.",
    "objectives": "One back office for both services.\nSave a fifth of its cost by 2029.",
    "public_outcome": "More of both budgets goes to the front line.",
    "expected_benefits": "Fewer posts and one payroll system.",
    "stage": Stage.WITHDRAWN,
    "last": Stage.RISK,
}

CLOSED_LESSONS = [
    (
        LessonKind.WORKED,
        "Staff from both services trained together before the room opened, so the first "
        "shift ran as one team.",
        "",
        [Theme.SKILLS, Theme.LEADERSHIP],
    ),
    (
        LessonKind.DID_NOT_WORK,
        "The camera maintenance contract stayed with each service, so faults took weeks to fix.",
        "One maintenance contract let by the lead partner before the room opened.",
        [Theme.BENEFITS],
    ),
]
WITHDRAWAL_REASON = (
    "The partners could not agree how exit costs would be shared if either left the merged "
    "service, and the fire authority's payroll contract could not be ended before 2030."
)
WITHDRAWAL_LESSON = (
    "The collaboration agreement was not precise enough on exit costs: each partner assumed "
    "the other would carry the redundancy and system costs of leaving.",
    "Agreeing the exit costs and their split before the business case, and checking each "
    "partner's contracts for end dates early.",
    [Theme.PURPOSE, Theme.BENEFITS, Theme.LEADERSHIP],
)


def build(ctx) -> None:
    lead = ctx.people[LEAD]
    tags = characteristic_choices()[:2]
    closed = _plan(ctx, CLOSED)
    if closed is not None:
        PostImplementationReview.objects.create(
            plan=closed,
            delivered="The room opened on time and has watched 140 cameras around the clock "
            "since; the planned link to the ambulance service's dispatch was dropped.",
            actual_cost_pence=None,
            benefits_realised="One room's running costs instead of three (realised); faster "
            "incident response (realised in the town centre, not yet measured elsewhere).",
            written_by=lead,
        )
        for kind, text, helped, themes in CLOSED_LESSONS:
            _lesson(closed, lead, kind, text, helped, themes, tags, at_withdrawal=False)
        _log(closed, lead, Stage.REVIEW, Stage.CLOSED, "The review is done; lessons shared.")
    withdrawn = _plan(ctx, WITHDRAWN)
    if withdrawn is not None:
        text, helped, themes = WITHDRAWAL_LESSON
        _lesson(withdrawn, lead, LessonKind.DID_NOT_WORK, text, helped, themes, tags, True)
        _log(withdrawn, lead, Stage.RISK, Stage.WITHDRAWN, WITHDRAWAL_REASON, summary="Withdrawn")


def _plan(ctx, spec) -> Plan | None:
    """The plan, created with its partners, people and history; None if it was there."""
    if Plan.objects.filter(reference=spec["reference"]).exists():
        return None
    lead = ctx.people[LEAD]
    with transaction.atomic():
        plan = Plan.objects.create(
            reference=spec["reference"],
            title=spec["title"],
            summary=spec["summary"],
            collaboration_type=spec["collaboration_type"],
            area="Wealdshire",
            objectives=spec["objectives"],
            public_outcome=spec["public_outcome"],
            expected_benefits=spec["expected_benefits"],
            agreement_form="s1_agreement",
            created_by=lead,
        )
        Plan.objects.filter(pk=plan.pk).update(created_at=plan.created_at - timedelta(days=730))
        PlanPartner.objects.create(
            plan=plan, organisation=ctx.orgs["police"], role=PartnerRole.LEAD
        )
        PlanPartner.objects.create(
            plan=plan, organisation=ctx.orgs["fire"], role=PartnerRole.PARTNER
        )
        for email, role in ((LEAD, MemberRole.PROJECT_LEAD), (FIRE, MemberRole.PARTNER_REP)):
            user = ctx.people[email]
            PlanMember.objects.create(
                plan=plan, user=user, organisation=user.organisation, role=role
            )
        steps = STAGE_ORDER[: STAGE_ORDER.index(spec["last"]) + 1]
        for before, after in zip(steps, steps[1:], strict=False):
            _log(
                plan,
                lead,
                before,
                after,
                f"The {Stage(before).label.lower()} gate checks passed and the partners agreed "
                "at the joint programme board to move on.",
            )
        Plan.objects.filter(pk=plan.pk).update(stage=spec["stage"], stage_changed_at=timezone.now())
        plan.refresh_from_db()
    ctx.plans[spec["reference"]] = plan
    return plan


def _log(plan, lead, before, after, rationale, summary="Moved on"):
    if after == Stage.CLOSED:
        summary = "Closed"
    Decision.objects.create(
        plan=plan,
        kind=DecisionKind.TRANSITION,
        summary=f"{summary}: {Stage(before).label} → {Stage(after).label}",
        rationale=rationale,
        from_stage=before,
        to_stage=after,
        actor=lead,
        actor_organisation=lead.organisation,
    )
    Plan.objects.filter(pk=plan.pk).update(last_decision_at=timezone.now())


def _lesson(plan, user, kind, text, helped, themes, tags, at_withdrawal):
    lesson = Lesson(
        plan=plan,
        kind=kind,
        text=text,
        would_have_helped=helped,
        at_withdrawal=at_withdrawal,
        stage=Stage.RISK if at_withdrawal else Stage.REVIEW,
        organisation=user.organisation,
        recorded_by=user,
    )
    lesson.set_themes(themes)
    lesson.save()
    lesson.characteristics.set(tags)
