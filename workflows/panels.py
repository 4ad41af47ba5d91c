"""Panels on the plan page: the next gate's checklist, stage changes, sign-off, decisions."""

from django.utils import timezone

from planner.context import PlanContext
from workflows.conditions import condition_is_overdue, conditions_in
from workflows.models import SignOffDecision
from workflows.selectors import current_sign_offs_in, decision_list_for_plan
from workflows.services import available_transitions


def gate_panel(ctx: PlanContext) -> dict:
    return {"report": ctx.gate, "transitions": available_transitions(ctx)}


def decisions_panel(ctx: PlanContext) -> dict:
    return {"decisions": list(decision_list_for_plan(ctx.plan)[:10])}


def sign_off_panel(ctx: PlanContext) -> dict:
    current = current_sign_offs_in(ctx)
    # Conditions are read only when a current decision has any, in one query shared with the
    # conditions gate check, so the page's count grows by one at most.
    conditional = any(
        s.decision == SignOffDecision.APPROVED_WITH_CONDITIONS for s in current.values()
    )
    partner_ids = {p.organisation_id for p in ctx.partners}
    conditions = [
        c
        for c in (conditions_in(ctx) if conditional else [])
        if c.sign_off.organisation_id in partner_ids
    ]
    today = timezone.localdate()
    return {
        "current": sorted(current.values(), key=lambda s: s.organisation_id),
        "open_conditions": [(c, condition_is_overdue(c, today)) for c in conditions if c.is_open],
        "conditions_count": len(conditions),
    }
