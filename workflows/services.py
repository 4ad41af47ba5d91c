"""Writes for the stage machine, sign-off and the decision log."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed

from planner.access import PlanAccess, plan_require_sign_off_recorder
from planner.context import PlanContext
from planner.errors import DomainError, NotAllowed, Stale
from planner.gates import GateReport, withdrawal_report
from planner.models import TERMINAL_STAGES, Organisation, Plan, Stage, User
from workflows.conditions import (
    CARRY,
    MEET,
    SET,
    WAIVE,
    condition_may,
    condition_offers,
    condition_owner_choices,
    condition_refusal_message,
    conditions_split,
)
from workflows.models import (
    CONDITION_NOTE_LABELS,
    ConditionStatus,
    Decision,
    DecisionKind,
    PlanWorkflow,
    SignOff,
    SignOffCondition,
    SignOffDecision,
)
from workflows.selectors import sign_off_organisations
from workflows.signals import stage_changed


class StaleStage(Stale):
    """The plan moved on while the person was looking at it."""

    def __init__(self, current_stage: str):
        super().__init__(
            "The plan changed while you were looking; it is now at the "
            f"{Stage(current_stage).label.lower()} stage."
        )
        self.current_stage = current_stage


class GateClosed(DomainError):
    """The gate's checks have not all passed; `report` says which, for the page."""

    status = 409

    def __init__(self, report: GateReport, *, lead: str = "The plan cannot move on yet: "):
        super().__init__(lead + " ".join(r.message for r in report.failed))
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
    "close": TransitionSpec("close", "Close the plan", "Closed", needs_gate=True),
}


def transition_report(ctx: PlanContext, spec: TransitionSpec) -> GateReport | None:
    """The checks a transition must pass, for its page and its refusal: the gate leaving the
    stage for a gated one, the withdrawal's own checks for withdraw, none for the rest."""
    if spec.needs_gate:
        return ctx.gate
    if spec.name == "withdraw":
        return withdrawal_report(ctx)
    return None


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
        raise NotAllowed("Only people in a partner organisation can log decisions.")
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
        raise DomainError.from_validation(exc) from exc
    with transaction.atomic():
        decision.save()
        # A queryset update, not plan.save(): it must not race the stage machine's
        # optimistic lock on the same row.
        Plan.objects.filter(pk=plan.pk).update(last_decision_at=decision.created_at)
    return decision


def plan_transition(
    *,
    ctx: PlanContext,
    name: str,
    expected_stage: str,
    rationale: str,
    options_considered: str = "",
) -> Decision:
    """Run one transition of the stage machine and log it, all or nothing.

    Steps:
    1. Re-read the plan; if its stage is not the one the person saw, refuse (StaleStage).
    2. Bind the request's context to it: the machine's permission asks the context's
       access (only the project lead), its gate condition reads `ctx.gate`, evaluated once
       for the whole request however often the machine and the page ask.
    3. Refuse what the stage does not offer, then what the person may not do (NotAllowed),
       then a closed gate (GateClosed, with its failed checks; for a withdrawal, the
       withdrawal's own checks, planner.gates.WITHDRAWAL).
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
    user = ctx.access.user
    try:
        with transaction.atomic():
            plan = PlanWorkflow.objects.get(pk=ctx.plan.pk)
            if plan.stage != expected_stage or ctx.plan.stage != plan.stage:
                raise StaleStage(plan.stage)
            plan.context = ctx
            method = getattr(plan, name)
            if not can_proceed(method, check_conditions=False):
                raise DomainError(f"“{spec.label}” is not possible from this stage.")
            if not _transition_for(plan, name).has_perm(plan, user):
                raise NotAllowed("Only the project lead can change the plan's stage.")
            if not can_proceed(method):
                if name == "withdraw":
                    raise GateClosed(
                        withdrawal_report(ctx), lead="The plan cannot be withdrawn yet: "
                    )
                raise GateClosed(ctx.gate)
            from_stage = plan.stage
            method()
            plan.stage_changed_at = timezone.now()
            plan.save()
            decision = decision_record(
                plan=plan,
                actor=user,
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
        current = Plan.objects.filter(pk=ctx.plan.pk).values_list("stage", flat=True).first()
        raise StaleStage(current) from None
    except TransitionNotAllowed:
        raise DomainError(f"“{spec.label}” is not possible from this stage.") from None
    return decision


def _transition_for(plan: PlanWorkflow, name: str):
    """The machine's transition called `name` from the plan's stage (django-fsm's own)."""
    return next(
        t
        for t in plan.get_all_stage_transitions()
        if t.name == name and t.source in (plan.stage, "*", "+")
    )


def available_transitions(ctx: PlanContext) -> list[TransitionSpec]:
    """The stage changes the person could start from the plan's current stage.

    Gated transitions are offered even while the gate is closed, so the page can show why;
    so this asks the machine which transitions leave the stage and whether the person may
    run them, never whether their conditions hold.
    """
    if ctx.access is None:
        return []
    plan = PlanWorkflow(stage=ctx.plan.stage, held_from_stage=ctx.plan.held_from_stage)
    plan.context = ctx
    offered = {
        t.name
        for t in plan.get_all_stage_transitions()
        if t.source in (plan.stage, "*", "+") and t.has_perm(plan, ctx.access.user)
    }
    return [spec for name, spec in TRANSITIONS.items() if name in offered]


def signoff_record(
    *,
    access: PlanAccess,
    organisation: Organisation,
    body: str,
    decision: str,
    decided_on: date,
    reference: str,
    conditions: str = "",
) -> SignOff:
    """Record a governing body's first decision on the plan at the governance gate.

    A body that has decided already is not overwritten: its new decision supersedes the
    current one with a reason (`signoff_supersede`).
    """
    return _signoff_write(
        access=access,
        organisation=organisation,
        fields={
            "body": body,
            "decision": decision,
            "decided_on": decided_on,
            "reference": reference,
            "conditions": conditions,
        },
        supersedes=None,
        reason="",
    )


def signoff_supersede(
    *,
    access: PlanAccess,
    sign_off: SignOff,
    reason: str,
    body: str,
    decision: str,
    decided_on: date,
    reference: str,
    conditions: str = "",
) -> SignOff:
    """Record a later decision of the same body that replaces `sign_off`, with the reason.

    Both stay in the sign-off history and the decision log; the gate reads the new one.
    """
    if not reason or not reason.strip():
        raise DomainError(
            "Enter the reason this decision supersedes the earlier one.", field="reason"
        )
    return _signoff_write(
        access=access,
        organisation=sign_off.organisation,
        fields={
            "body": body,
            "decision": decision,
            "decided_on": decided_on,
            "reference": reference,
            "conditions": conditions,
        },
        supersedes=sign_off,
        reason=reason.strip(),
    )


def _signoff_write(
    *,
    access: PlanAccess,
    organisation: Organisation,
    fields: dict,
    supersedes: SignOff | None,
    reason: str,
) -> SignOff:
    """Write one governing-body decision and its decision-log row, all or nothing.

    Steps:
    1. Separation of duties: the organisation's governance approver, or the project lead on
       its behalf; anyone else is refused (PermissionDenied, a 403) before anything is read.
    2. The plan must be in governance alignment and the organisation one that decides
       (not an observer); the body, the date and the reference are required, so an
       on-behalf record always points at the body's own minute or decision notice, and the
       date is a real day of the plan's life (SignOff.clean).
    3. Inside one transaction, compare with the organisation's current decision: a first
       decision needs none, a supersession must name the current one. The database's
       constraints settle a race between two people (one wins, the other gets Stale).
    4. Write the decision-log row in the same transaction.
    """
    plan_require_sign_off_recorder(access, organisation)
    plan = access.plan
    if plan.stage != Stage.GOVERNANCE:
        raise DomainError("Governance decisions are recorded during governance alignment.")
    if not sign_off_organisations(plan).filter(pk=organisation.pk).exists():
        raise DomainError(
            f"{organisation.name} does not decide on this plan: only partner organisations' "
            "governing bodies do, not observers'."
        )
    # Whoever records it, a decision names its body, its meeting date and its reference.
    if not (fields["body"] or "").strip():
        raise DomainError("Enter the name of the governing body.", field="body")
    if not fields["decided_on"]:
        raise DomainError("Enter the date of the decision.", field="decided_on")
    reference = (fields["reference"] or "").strip()
    if not reference:
        raise DomainError("Enter the minute or decision-notice reference.", field="reference")
    sign_off = SignOff(
        plan=plan,
        organisation=organisation,
        gate=Stage.GOVERNANCE,
        body=fields["body"].strip(),
        decision=fields["decision"],
        decided_on=fields["decided_on"],
        reference=reference,
        conditions=(fields["conditions"] or "").strip(),
        supersedes=supersedes,
        supersession_reason=reason,
        recorded_by=access.user,
        on_behalf=not access.is_approver,
    )
    try:
        # The chain (one current decision) is checked below, against the locked current row.
        sign_off.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise DomainError.from_validation(exc) from exc
    try:
        with transaction.atomic():
            current = (
                SignOff.objects.current()
                # Only the sign-off row: the superseded_by join is the nullable side.
                .select_for_update(of=("self",))
                .filter(plan=plan, organisation=organisation, gate=Stage.GOVERNANCE)
                .first()
            )
            if supersedes is None and current is not None:
                raise Stale(
                    f"{organisation.name}'s governing body already has a decision recorded: "
                    f"{current.get_decision_display().lower()} on "
                    f"{current.decided_on:%-d %B %Y} (ref. {current.reference}). If it has "
                    "decided again, supersede it with a reason."
                )
            if supersedes is not None and (current is None or current.pk != supersedes.pk):
                raise Stale(
                    "That decision has already been superseded. Supersede the current "
                    f"decision of {organisation.name}'s governing body instead."
                )
            sign_off.save()
            signoff_conditions_create(sign_off)
            decision_record(
                plan=plan,
                actor=access.user,
                summary=signoff_log_summary(sign_off),
                rationale=signoff_log_rationale(sign_off),
                topic=f"sign-off:{sign_off.pk}",
            )
    except IntegrityError:
        raise Stale(
            f"Someone recorded {organisation.name}'s decision at the same moment. Here are "
            "the decisions as they are now."
        ) from None
    return sign_off


def signoff_log_summary(sign_off: SignOff) -> str:
    """One line for the decision log, which names an on-behalf record as such."""
    parts = [
        f"Governance decision of {sign_off.organisation.name}: "
        f"{sign_off.get_decision_display().lower()}",
        f" by {sign_off.body}",
        f" (ref. {sign_off.reference})",
    ]
    if sign_off.supersedes_id:
        earlier = sign_off.supersedes
        parts.append(
            f"; supersedes the decision of {earlier.decided_on:%-d %B %Y} "
            f"(ref. {earlier.reference})"
        )
    if sign_off.on_behalf:
        parts.append(f"; {sign_off.recorder_label}")
    summary = "".join(parts)
    if len(summary) > 300:
        # The body's name is the part a reader can do without; the label must survive.
        summary = "".join(parts[:1] + parts[2:])
    return summary


def signoff_log_rationale(sign_off: SignOff) -> str:
    lines = [sign_off.supersession_reason] if sign_off.supersession_reason else []
    lines.append(
        f"{sign_off.body} decided on {sign_off.decided_on:%-d %B %Y}, minute or "
        f"decision-notice reference {sign_off.reference}."
    )
    if sign_off.conditions:
        lines.append(f"Conditions: {sign_off.conditions}")
    if sign_off.on_behalf:
        lines.append(
            f"Recorded by the project lead on behalf of {sign_off.organisation.name}, from "
            "that reference."
        )
    return "\n".join(lines)


# Conditions of a conditional approval (workflows.conditions holds the rule and the reads).


def signoff_conditions_create(sign_off: SignOff) -> list[SignOffCondition]:
    """One tracked item per line of a conditional approval's conditions text.

    The owner starts as the organisation whose body set the condition, the one that most
    often discharges it; the due date is left for its approver or the project lead to set on
    the conditions page, because the minute rarely gives one and a guessed date would count.
    """
    if sign_off.decision != SignOffDecision.APPROVED_WITH_CONDITIONS:
        return []
    return SignOffCondition.objects.bulk_create(
        SignOffCondition(
            plan_id=sign_off.plan_id,
            sign_off=sign_off,
            number=number,
            text=text,
            owner_id=sign_off.organisation_id,
        )
        for number, text in enumerate(conditions_split(sign_off.conditions), start=1)
    )


def _condition_require(access: PlanAccess, condition: SignOffCondition, action: str) -> None:
    if not condition_may(access, condition, action):
        raise NotAllowed(condition_refusal_message(condition, action))
    if access.plan.stage in TERMINAL_STAGES:
        raise DomainError("The plan is closed or withdrawn: its conditions can no longer change.")


def _condition_locked_for(condition: SignOffCondition, action: str) -> SignOffCondition:
    """The condition's row, locked; refused as Stale if someone changed its status meanwhile
    to one the action does not start from (`condition_offers`)."""
    locked = SignOffCondition.objects.select_for_update().get(pk=condition.pk)
    if not condition_offers(locked, action):
        who = f" by {locked.changed_by.full_name}" if locked.changed_by_id else ""
        when = f" on {timezone.localtime(locked.changed_at):%-d %B %Y}" if locked.changed_at else ""
        raise Stale(
            f"{condition.label} has already been {locked.get_status_display().lower()}{who}{when}."
        )
    return locked


def condition_set(
    *,
    access: PlanAccess,
    condition: SignOffCondition,
    owner: Organisation,
    due_on: date,
) -> SignOffCondition:
    """Give a condition still to be met its owner organisation and due date, which make it
    tracked."""
    _condition_require(access, condition, SET)
    if not condition_owner_choices(access.plan).filter(pk=owner.pk).exists():
        raise DomainError(
            f"{owner.name} is not a partner of this plan: choose one of its organisations.",
            field="owner",
        )
    if due_on is None:
        raise DomainError("Enter the date the condition is due.", field="due_on")
    if due_on < timezone.localdate():
        raise DomainError(
            "The due date must be today or in the future. If the date the body set has "
            "passed, enter the date the partners now expect to meet it.",
            field="due_on",
        )
    with transaction.atomic():
        locked = _condition_locked_for(condition, SET)
        before = (locked.owner.name if locked.owner_id else "no owner", locked.due_on)
        locked.owner = owner
        locked.due_on = due_on
        locked.changed_by = access.user
        locked.changed_at = timezone.now()
        locked.save(update_fields=["owner", "due_on", "changed_by", "changed_at"])
        was_due = f"{before[1]:%-d %B %Y}" if before[1] else "no due date"
        decision_record(
            plan=access.plan,
            actor=access.user,
            summary=f"{condition.label}: owned by {owner.name}, due {due_on:%-d %B %Y}",
            rationale=f"{condition.text}\nBefore: {before[0]}, {was_due}.",
            topic=f"condition:{condition.pk}",
        )
    return locked


# What each closing action does: the status it sets, what the refusal says when its note (the
# form's `note` field) is missing, and the decision log's verb.
_CLOSINGS = {
    MEET: (ConditionStatus.MET, "Enter the evidence that the condition is met.", "met"),
    WAIVE: (
        ConditionStatus.WAIVED,
        "Enter the minute or decision-notice reference of the body's decision to waive it.",
        "waived by the governing body",
    ),
    CARRY: (
        ConditionStatus.CARRIED,
        "Enter the reason the condition is carried into delivery.",
        "carried into delivery",
    ),
}


def condition_close(
    *, access: PlanAccess, condition: SignOffCondition, action: str, note: str
) -> SignOffCondition:
    """Discharge an open condition, for good, with what the action needs, and log it.

    Steps:
    1. Who may (`condition_may`): anyone else is refused (NotAllowed) before anything is
       written; a closed or withdrawn plan's conditions no longer change.
    2. The note is required: the evidence (met), the body's reference (waived) or the reason
       (carried into delivery, which only makes sense before delivery starts).
    3. Inside one transaction, lock the row: if someone closed it meanwhile, Stale. Set the
       status, the note, who and when, and write the decision-log row (topic
       "condition:<id>") in the same transaction.
    """
    if action not in _CLOSINGS:
        raise DomainError("That is not something a condition can be.")
    status, missing, verb = _CLOSINGS[action]
    _condition_require(access, condition, action)
    note = (note or "").strip()
    if not note:
        raise DomainError(missing, field="note")
    if action == CARRY and access.plan.stage not in (Stage.GOVERNANCE, Stage.RISK):
        raise DomainError(
            "A condition is carried into delivery before delivery starts, during governance "
            "alignment or joint risk assessment."
        )
    with transaction.atomic():
        locked = _condition_locked_for(condition, action)
        locked.status = status
        locked.note = note
        locked.changed_by = access.user
        locked.changed_at = timezone.now()
        locked.save(update_fields=["status", "note", "changed_by", "changed_at"])
        decision_record(
            plan=access.plan,
            actor=access.user,
            summary=f"{condition.label} {verb}",
            rationale=f"{condition.text}\n{CONDITION_NOTE_LABELS[status]}: {note}",
            topic=f"condition:{condition.pk}",
        )
    return locked
