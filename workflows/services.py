"""Writes for the stage machine, sign-off and the decision log."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from planner.access import PlanAccess
from planner.errors import DomainError
from planner.models import Organisation, Plan, Stage, User
from workflows.gates import GateReport, gate_evaluate
from workflows.models import Decision, DecisionKind, PlanWorkflow, SignOff
from workflows.signals import stage_changed


class StaleStage(DomainError):
    """The plan moved on while the person was looking at it."""

    def __init__(self, current_stage: str):
        super().__init__(
            "The plan changed while you were looking; it is now at the "
            f"{Stage(current_stage).label.lower()} stage."
        )
        self.current_stage = current_stage


class GateClosed(DomainError):
    def __init__(self, report: GateReport):
        super().__init__(
            "The plan cannot move on yet: " + " ".join(r.message for r in report.failed)
        )
        self.report = report


@dataclass(frozen=True)
class TransitionSpec:
    name: str
    label: str
    summary: str
    needs_gate: bool = False


TRANSITIONS = {
    "advance": TransitionSpec("advance", "Move to the next stage", "Moved on", needs_gate=True),
    "send_back": TransitionSpec("send_back", "Send back one stage", "Sent back"),
    "hold": TransitionSpec("hold", "Put on hold", "Put on hold"),
    "resume": TransitionSpec("resume", "Resume", "Resumed"),
    "withdraw": TransitionSpec("withdraw", "Withdraw the plan", "Withdrawn"),
    "complete": TransitionSpec("complete", "Complete delivery", "Delivery completed", True),
    "close": TransitionSpec("close", "Close the plan", "Closed"),
}


def decision_record(
    *,
    plan: Plan,
    actor: User,
    summary: str,
    rationale: str,
    options_considered: str = "",
    kind: str = DecisionKind.DECISION,
    from_stage: str = "",
    to_stage: str = "",
    topic: str = "",
    corrects: Decision | None = None,
) -> Decision:
    """Write one immutable decision-log row and note the time on the plan."""
    if not rationale or not rationale.strip():
        raise DomainError("Enter the rationale for the decision.", field="rationale")
    if actor.organisation_id is None:
        raise DomainError("Only people in a partner organisation can log decisions.")
    decision = Decision(
        plan=plan,
        kind=kind,
        summary=summary.strip()[:300],
        rationale=rationale.strip(),
        options_considered=options_considered.strip(),
        from_stage=from_stage,
        to_stage=to_stage,
        topic=topic,
        corrects=corrects,
        actor=actor,
        actor_organisation_id=actor.organisation_id,
    )
    try:
        decision.full_clean()
    except ValidationError as exc:
        raise DomainError("; ".join(exc.messages)) from exc
    with transaction.atomic():
        decision.save()
        # A queryset update, not plan.save(): it must not race the stage machine's
        # optimistic lock on the same row.
        Plan.objects.filter(pk=plan.pk).update(last_decision_at=decision.created_at)
    return decision


def plan_transition(
    *,
    access: PlanAccess,
    name: str,
    expected_stage: str,
    rationale: str,
    options_considered: str = "",
) -> Decision:
    """Run one transition of the stage machine and log it, all or nothing.

    Steps:
    1. Re-read the plan; if its stage is not the one the person saw, refuse (StaleStage).
    2. Check the person may run this transition (only the project lead may).
    3. For gated transitions, evaluate the gate and refuse with its failed checks.
    4. Run the transition and save inside one transaction; the concurrent-transition mixin
       makes the UPDATE conditional on the old stage, so of two simultaneous attempts
       exactly one wins and the other gets StaleStage.
    5. Write the decision-log row in the same transaction.
    """
    spec = TRANSITIONS.get(name)
    if spec is None:
        raise DomainError("That is not a stage change this plan offers.")
    if not rationale or not rationale.strip():
        raise DomainError("Enter the rationale for this decision.", field="rationale")
    try:
        with transaction.atomic():
            plan = PlanWorkflow.objects.get(pk=access.plan.pk)
            if plan.stage != expected_stage:
                raise StaleStage(plan.stage)
            method = getattr(plan, name)
            meta = method._django_fsm
            if not meta.has_transition(plan.stage):
                raise DomainError(f"“{spec.label}” is not possible from this stage.")
            if not meta.has_transition_perm(plan, plan.stage, access.user):
                raise DomainError("Only the project lead can change the plan's stage.")
            if spec.needs_gate:
                report = gate_evaluate(plan)
                if not report.is_open:
                    raise GateClosed(report)
            from_stage = plan.stage
            method()
            plan.stage_changed_at = timezone.now()
            plan.save()
            decision = decision_record(
                plan=plan,
                actor=access.user,
                summary=f"{spec.summary}: {Stage(from_stage).label} → {Stage(plan.stage).label}",
                rationale=rationale,
                options_considered=options_considered,
                kind=DecisionKind.TRANSITION,
                from_stage=from_stage,
                to_stage=plan.stage,
            )
            transaction.on_commit(
                lambda: stage_changed.send(sender=Plan, plan_id=plan.pk, decision_id=decision.pk)
            )
    except ConcurrentTransition:
        current = Plan.objects.filter(pk=access.plan.pk).values_list("stage", flat=True).first()
        raise StaleStage(current) from None
    except TransitionNotAllowed:
        raise DomainError(f"“{spec.label}” is not possible from this stage.") from None
    return decision


def available_transitions(access: PlanAccess) -> list[TransitionSpec]:
    """The stage changes the person could start from the plan's current stage.

    Gated transitions are offered even while the gate is closed, so the page can show why.
    """
    if not access.is_lead:
        return []
    return [
        spec
        for name, spec in TRANSITIONS.items()
        if getattr(PlanWorkflow, name)._django_fsm.has_transition(access.plan.stage)
    ]


def signoff_record(
    *,
    access: PlanAccess,
    organisation: Organisation,
    body: str,
    decision: str,
    decided_on,
    reference: str,
    conditions: str = "",
) -> SignOff:
    """Record a governing body's decision on behalf of the person's own organisation."""
    if organisation.pk != access.organisation.pk:
        raise DomainError("You can only record the decision of your own organisation's body.")
    if not access.is_approver and not access.can_change:
        raise DomainError("Your role on this plan cannot record governance decisions.")
    if access.plan.stage != Stage.GOVERNANCE:
        raise DomainError("Governance decisions are recorded during governance alignment.")
    sign_off = SignOff(
        plan=access.plan,
        organisation=organisation,
        body=body.strip(),
        decision=decision,
        decided_on=decided_on,
        reference=reference.strip(),
        conditions=conditions.strip(),
        recorded_by=access.user,
    )
    try:
        sign_off.full_clean()
    except ValidationError as exc:
        raise DomainError("; ".join(exc.messages)) from exc
    sign_off.save()
    return sign_off
