"""Panels on the plan page: the next gate's checklist, stage changes, sign-off, decisions."""

from planner.context import PlanContext
from workflows.selectors import current_sign_offs_in, decision_list_for_plan
from workflows.services import available_transitions


def gate_panel(ctx: PlanContext) -> dict:
    return {"report": ctx.gate, "transitions": available_transitions(ctx)}


def decisions_panel(ctx: PlanContext) -> dict:
    return {"decisions": list(decision_list_for_plan(ctx.plan)[:10])}


def sign_off_panel(ctx: PlanContext) -> dict:
    current = current_sign_offs_in(ctx)
    return {"current": sorted(current.values(), key=lambda s: s.organisation_id)}
