"""Demo decision log and governing-body decisions.

Runs after planner's demo has placed the plans at their stages. First each plan gets the
stage history a plan at its stage would have, as decision-log rows, so the log reads as it
would in use; then the governing bodies' decisions, each recorded by its organisation's
governance approver with its decision-log row. Only plans the demo has just created get
rows, so running the demo again adds nothing.
"""

from datetime import date, timedelta

from django.utils import timezone

from planner.demo import PLANS
from planner.models import STAGE_ORDER, Plan, Stage
from workflows.models import (
    ConditionStatus,
    Decision,
    DecisionKind,
    SignOff,
    SignOffCondition,
    SignOffDecision,
)
from workflows.services import signoff_conditions_create, signoff_log_rationale, signoff_log_summary

LEAD = "lead@police.example"
# Each organisation's governance approver in the demo.
# The joint risk assessment plan's ambulance trust approved with two conditions: one has
# been met, the other is still open, so the demo shows a condition holding the gate.
CONDITIONAL = ("risk", "ambulance")
DEMO_CONDITIONS = (
    "1. Agree the revenue split for the shared stations with the trust's finance committee.\n"
    "2. Publish the joint response-time measures before the first shared shift."
)
APPROVERS = {
    "police": "pcc@police.example",
    "fire": "approver@fire.example",
    "ambulance": "approver@ambulance.example",
    "council": "approver@council.example",
}


def build(ctx) -> None:
    created = [spec for spec in PLANS if spec["key"] in ctx.created_plans]
    # Every plan's history before any sign-off, so the log's rows come in the order they
    # always have.
    for spec in created:
        _log_history(ctx.plans[spec["key"]], spec, ctx.people[LEAD])
    for spec in created:
        stage = spec.get("held_from", spec["stage"])
        if stage == Stage.SCOPING:
            continue
        orgs = ["police", *spec["partners"]]
        if stage == Stage.GOVERNANCE:
            orgs = orgs[:-1]  # the last partner's body has not decided yet
        for org_key in orgs:
            conditions = DEMO_CONDITIONS if (spec["key"], org_key) == CONDITIONAL else ""
            _approve(
                ctx.plans[spec["key"]],
                org_key,
                ctx.orgs[org_key],
                ctx.people[APPROVERS[org_key]],
                conditions=conditions,
            )


def _log_history(plan, spec, lead) -> None:
    """The transitions that would have brought the plan to its stage, as decision-log rows."""
    target = spec.get("held_from", spec["stage"])
    steps = STAGE_ORDER[: STAGE_ORDER.index(target) + 1]
    for before, after in zip(steps, steps[1:], strict=False):
        Decision.objects.create(
            plan=plan,
            kind=DecisionKind.TRANSITION,
            summary=f"Moved on: {Stage(before).label} → {Stage(after).label}",
            rationale=f"The {Stage(before).label.lower()} gate checks passed and the partners "
            "agreed at the joint programme board to move on.",
            options_considered="Move on now; wait for the next board.",
            from_stage=before,
            to_stage=after,
            actor=lead,
            actor_organisation=lead.organisation,
        )
    if spec["stage"] == Stage.ON_HOLD:
        Decision.objects.create(
            plan=plan,
            kind=DecisionKind.TRANSITION,
            summary=f"Put on hold: {Stage(target).label} → On hold",
            rationale="The fire authority asked to wait for its estates review.",
            from_stage=target,
            to_stage=Stage.ON_HOLD,
            actor=lead,
            actor_organisation=lead.organisation,
        )
    Plan.objects.filter(pk=plan.pk).update(last_decision_at=timezone.now())
    plan.refresh_from_db()


def _approve(plan, org_key, org, approver, conditions="") -> None:
    sign_off = SignOff.objects.create(
        plan=plan,
        organisation=org,
        gate=Stage.GOVERNANCE,
        body=org.governing_body,
        decision=SignOffDecision.APPROVED_WITH_CONDITIONS
        if conditions
        else SignOffDecision.APPROVED,
        decided_on=date.today() - timedelta(days=20),
        reference=f"{org_key.upper()}-DN-{plan.pk:03d}",
        conditions=conditions,
        recorded_by=approver,
    )
    Decision.objects.create(
        plan=plan,
        kind=DecisionKind.DECISION,
        summary=signoff_log_summary(sign_off),
        rationale=signoff_log_rationale(sign_off),
        topic=f"sign-off:{sign_off.pk}",
        actor=approver,
        actor_organisation=org,
    )
    if conditions:
        _discharge_the_first(plan, sign_off, approver)


def _discharge_the_first(plan, sign_off, approver) -> None:
    """The conditional approval's items: the first met with its evidence (and its log row),
    the second open and due in a fortnight, so the gate shows what still holds the plan."""
    met, still_open = signoff_conditions_create(sign_off)
    SignOffCondition.objects.filter(pk=met.pk).update(
        status=ConditionStatus.MET,
        note="The trust board's finance committee approved the revised revenue split on "
        "the 12th (minute FC/2026/31).",
        due_on=date.today() - timedelta(days=5),
        changed_by=approver,
        changed_at=timezone.now(),
    )
    SignOffCondition.objects.filter(pk=still_open.pk).update(
        due_on=date.today() + timedelta(days=14)
    )
    Decision.objects.create(
        plan=plan,
        kind=DecisionKind.DECISION,
        summary=f"{met.label} met",
        rationale=f"{met.text}\nEvidence: the finance committee's minute FC/2026/31.",
        topic=f"condition:{met.pk}",
        actor=approver,
        actor_organisation=sign_off.organisation,
    )
