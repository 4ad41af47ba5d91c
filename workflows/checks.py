"""Gate checks whose evidence belongs to planner and workflows.

Each check reads, never writes, and explains a failure in a sentence a partner understands,
with a link to the page where it can be fixed.
"""

from django.urls import reverse
from django.utils import timezone

from planner.context import PlanContext
from planner.gates import CheckResult
from planner.models import (
    MemberRole,
    OrganisationKind,
    PartnerRole,
    S2Response,
    Stage,
)
from workflows.conditions import condition_is_overdue, conditions_in
from workflows.models import APPROVING_DECISIONS, SignOffDecision
from workflows.selectors import current_sign_offs_in


def _voting_partners(ctx: PlanContext):
    """Partner organisations that carry the plan (observers watch but do not approve)."""
    return [p for p in ctx.partners if p.role != PartnerRole.OBSERVER]


def check_partners(ctx: PlanContext):
    plan = ctx.plan
    partners = _voting_partners(ctx)
    kinds = {p.organisation.kind for p in partners}
    passed = len(partners) >= 2 and len(kinds) >= 2
    if passed:
        message = f"{len(partners)} partner organisations from {len(kinds)} services."
    elif len(partners) < 2:
        message = "Add at least one more partner organisation: a joint scheme needs two or more."
    else:
        message = (
            "All partners are "
            f"{OrganisationKind(kinds.pop()).label.lower()}s: add a partner from another service."
        )
    yield CheckResult(
        "partners", passed, message, reverse("plan_partners", args=[plan.pk]), "Manage partners"
    )


def check_project_lead(ctx: PlanContext):
    plan = ctx.plan
    has_lead = any(m.role == MemberRole.PROJECT_LEAD for m in ctx.members)
    yield CheckResult(
        "project_lead",
        has_lead,
        "A project lead is named." if has_lead else "Name a project lead for the plan.",
        reverse("plan_partners", args=[plan.pk]),
        "Manage people",
    )


def check_s2_record(ctx: PlanContext):
    plan = ctx.plan
    notices = {n.organisation_id: n for n in ctx.s2_notices}
    fix = reverse("plan_s2", args=[plan.pk])
    lead_org_ids = {p.organisation_id for p in ctx.partners if p.role == PartnerRole.LEAD}
    others = [p for p in _voting_partners(ctx) if p.organisation_id not in lead_org_ids]
    if not others:
        # Nobody to notify yet: the gate is closed by the partners check anyway, and the task
        # list says why this one cannot start rather than leaving it out.
        yield CheckResult(
            "s2_record",
            False,
            "Record the s.2 notification of each partner once the partners are added.",
            blocked_reason="Add the partner organisations first.",
        )
    for partner in others:
        name = partner.organisation.name
        notice = notices.get(partner.organisation_id)
        if notice is None:
            yield CheckResult(
                f"s2_record:{partner.organisation_id}",
                False,
                f"{name} has not been recorded as notified of the proposal under s.2.",
                fix,
                "Record the s.2 notification",
            )
        elif notice.response == S2Response.AWAITING:
            yield CheckResult(
                f"s2_record:{partner.organisation_id}",
                False,
                f"{name} has not yet responded to the s.2 notification.",
                fix,
                "Record the response",
                started=True,
            )
        elif notice.response == S2Response.DECLINED:
            yield CheckResult(
                f"s2_record:{partner.organisation_id}",
                False,
                f"{name} declined to consider the proposal jointly.",
                fix,
                "Review the s.2 record",
            )
        else:
            yield CheckResult(
                f"s2_record:{partner.organisation_id}",
                True,
                f"{name} agreed to consider the proposal jointly.",
            )


def check_sign_offs(ctx: PlanContext):
    plan = ctx.plan
    # The current decision counts; a superseded one never does, whatever its date.
    current = current_sign_offs_in(ctx, Stage.GOVERNANCE)
    fix = reverse("plan_sign_off", args=[plan.pk])
    # Each body approves the partnership as it stands: while it lacks a partner from another
    # service (one was taken off, say), asking for approvals cannot start.
    partners = _voting_partners(ctx)
    settled = len(partners) >= 2 and len({p.organisation.kind for p in partners}) >= 2
    blocked = (
        "" if settled else "The partners must be settled first: add a partner from another service."
    )
    for partner in partners:
        org = partner.organisation
        sign_off = current.get(org.pk)
        code = f"sign_off:{org.pk}"
        if sign_off is None:
            yield CheckResult(
                code,
                False,
                f"{org.name} has not recorded its governing body's approval "
                f"({org.governing_body}).",
                fix,
                "Record a governance decision",
                blocked_reason=blocked,
            )
        elif sign_off.decision in APPROVING_DECISIONS:
            yield CheckResult(
                code,
                True,
                f"{org.name}: {sign_off.get_decision_display().lower()} by {sign_off.body} "
                f"on {sign_off.decided_on:%-d %B %Y}.",
            )
        elif sign_off.decision == SignOffDecision.REJECTED:
            yield CheckResult(
                code,
                False,
                f"{org.name}'s {sign_off.body} rejected the plan on "
                f"{sign_off.decided_on:%-d %B %Y} (ref. {sign_off.reference}).",
                fix,
                "Record a new decision",
            )
        else:
            yield CheckResult(
                code,
                False,
                f"{org.name}'s {sign_off.body} deferred its decision on "
                f"{sign_off.decided_on:%-d %B %Y}.",
                fix,
                "Record the decision",
                started=True,
            )


def check_agreement_form(ctx: PlanContext):
    plan = ctx.plan
    yield CheckResult(
        "agreement_form",
        bool(plan.agreement_form),
        f"Form of agreement: {plan.get_agreement_form_display()}."
        if plan.agreement_form
        else "Record the form of agreement (s.1 collaboration agreement, memorandum of "
        "understanding or other).",
        reverse("plan_edit", args=[plan.pk]),
        "Edit the plan",
    )


def check_conditions(ctx: PlanContext):
    """Every condition of a conditional approval is discharged before the plan leaves joint
    risk assessment: met with evidence, waived by its body with a reference, or carried into
    delivery with a reason. One result per condition, so each open one says what it is."""
    fix = reverse("plan_conditions", args=[ctx.plan.pk])
    today = timezone.localdate()
    # A removed partner's approval no longer counts for the gate, nor do its conditions.
    partner_ids = {p.organisation_id for p in ctx.partners}
    for condition in conditions_in(ctx):
        if condition.sign_off.organisation_id not in partner_ids:
            continue
        code = f"condition:{condition.pk}"
        name = f"{condition.label} (“{_short(condition.text)}”)"
        if not condition.is_open:
            yield CheckResult(
                code,
                True,
                f"{name}: {condition.get_status_display().lower()}.",
            )
        elif not condition.is_tracked:
            yield CheckResult(
                code,
                False,
                f"{name} is open and has no due date: set its owner and due date, then "
                "record it as met, waived or carried into delivery.",
                fix,
                "Set the owner and due date",
            )
        else:
            overdue = " and overdue" if condition_is_overdue(condition, today) else ""
            yield CheckResult(
                code,
                False,
                f"{name} is open{overdue}: owned by {condition.owner.name}, due "
                f"{condition.due_on:%-d %B %Y}.",
                fix,
                "Discharge the condition",
            )


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
