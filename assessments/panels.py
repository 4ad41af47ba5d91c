"""The plan page's assessment panel: the current round's status, with links."""

from django.urls import reverse

from assessments.selectors import round_in, round_state_in
from planner.context import PlanContext
from planner.models import PartnerRole, Stage


def assessment_panel(ctx: PlanContext) -> dict:
    plan, access = ctx.plan, ctx.access
    trend_url = reverse("assessment_trend", args=[plan.pk])
    rnd = round_in(ctx)
    if rnd is None:
        return {"round": None, "trend_url": trend_url}
    # The same read as the gate's assessment checks: the context reads the round once.
    state = round_state_in(ctx)
    return {
        "round": rnd,
        "rows": state.status_rows(access.organisation.pk),
        "state": state,
        "aggregate": state.aggregate,
        "can_assess": access.can_change and access.partner_role != PartnerRole.OBSERVER,
        "own": state.assessments.get(access.organisation.pk),
        "mine_url": rnd.url("assessment_mine", plan.pk),
        "results_url": rnd.url("assessment_results", plan.pk),
        "trend_url": trend_url,
        "can_open_health_check": access.is_lead and plan.stage == Stage.DELIVERY,
    }
