"""The plan page's assessment panel: the current round's status, with links."""

from assessments.selectors import current_round, round_state
from planner.hooks import PlanPanel, register_plan_panel
from planner.models import PartnerRole, Stage


def _assessment_context(access):
    plan = access.plan
    rnd = current_round(plan)
    if rnd is None:
        return {"round": None, "trend_url": _trend_url(plan)}
    # The gate panel, drawn first, has usually just read this round for its checks.
    state = getattr(plan, "_assessment_round_state", None)
    if state is None or state.round != rnd:
        state = round_state(plan, rnd)
    own = state.assessments.get(access.organisation.pk)
    rows = state.status_rows(access.organisation.pk)
    return {
        "round": rnd,
        "rows": rows,
        "state": state,
        "aggregate": state.aggregate,
        "can_assess": access.can_change and access.partner_role != PartnerRole.OBSERVER,
        "own": own,
        "mine_url": rnd.url("assessment_mine", plan.pk),
        "results_url": rnd.url("assessment_results", plan.pk),
        "trend_url": _trend_url(plan),
        "can_open_health_check": access.is_lead and plan.stage == Stage.DELIVERY,
    }


def _trend_url(plan):
    from django.urls import reverse

    return reverse("assessment_trend", args=[plan.pk])


register_plan_panel(
    PlanPanel(
        "assessments",
        "Partner assessment",
        "assessments/panel_assessment.html",
        40,
        _assessment_context,
    )
)
