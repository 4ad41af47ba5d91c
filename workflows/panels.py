"""Panels on the plan page: the next gate's checklist, stage changes, sign-off, decisions."""

from planner.hooks import PlanPanel, register_plan_panel
from planner.models import Stage
from workflows.gates import gate_evaluate
from workflows.selectors import current_sign_offs, decision_list_for_plan
from workflows.services import available_transitions


def _gate_context(access):
    plan = access.plan
    gated = plan.stage in (Stage.SCOPING, Stage.GOVERNANCE, Stage.RISK, Stage.DELIVERY)
    return {
        "report": gate_evaluate(plan) if gated else None,
        "transitions": available_transitions(access),
    }


def _decisions_context(access):
    return {"decisions": list(decision_list_for_plan(access.plan)[:10])}


def _sign_off_context(access):
    return {
        "current": sorted(current_sign_offs(access.plan).values(), key=lambda s: s.organisation_id)
    }


register_plan_panel(PlanPanel("gate", "Next gate", "workflows/panel_gate.html", 10, _gate_context))
register_plan_panel(
    PlanPanel(
        "sign_off", "Governance sign-off", "workflows/panel_sign_off.html", 30, _sign_off_context
    )
)
register_plan_panel(
    PlanPanel("decisions", "Decision log", "workflows/panel_decisions.html", 90, _decisions_context)
)
