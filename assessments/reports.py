"""The governance report's assessment sections: results (management case) and appendix.

Listed in assessments/plugin.py. The report renders each template with the context both
spread out and as `ctx`; the templates read `ctx.<name>`, like plan panels do."""

from assessments.charts import heatmap_svg, radar_svg, trend_svg
from assessments.models import FrameworkVersion
from assessments.selectors import round_state, trend_for_plan
from planner.context import PlanContext


def _rounds(plan, partners):
    points = trend_for_plan(plan, partners)
    rounds = []
    for i, p in enumerate(points):
        state = round_state(plan, p.round, partners=partners)
        rounds.append(
            {
                "round": p.round,
                "state": state,
                "rows": state.rows(),
                "radar": radar_svg(
                    state.aggregate,
                    state.names,
                    chart_id=f"report-radar-{i}",
                    title=f"{p.round.label}: radar chart",
                ),
                "heatmap": heatmap_svg(
                    state.aggregate,
                    state.names,
                    chart_id=f"report-heat-{i}",
                    title=f"{p.round.label}: heat map",
                ),
            }
        )
    return points, rounds


def _rounds_in(ctx: PlanContext):
    # The results and the appendix show the same rounds: read them once.
    return ctx.shared("assessments.report_rounds", lambda: _rounds(ctx.plan, ctx.partners))


def results_context(ctx: PlanContext) -> dict:
    points, rounds = _rounds_in(ctx)
    threshold = points[0].aggregate.thresholds.readiness if points else 60
    # A round without every voting partner's assessment has no readiness to plot: the
    # table below the chart says how many have submitted instead.
    judged = [(p.round.label, p.aggregate.readiness) for p in points if p.aggregate.has_quorum]
    trend = (
        trend_svg(
            judged,
            threshold,
            chart_id="report-trend",
            title="Readiness across stages and health checks",
        )
        if judged
        else ""
    )
    return {"rounds": rounds, "points": points, "trend": trend, "threshold": threshold}


def appendix_context(ctx: PlanContext) -> dict:
    _, rounds = _rounds_in(ctx)
    framework_ids = {r["state"].framework.pk for r in rounds if r["state"].framework}
    frameworks = list(
        FrameworkVersion.objects.filter(pk__in=framework_ids).prefetch_related("characteristics")
    )
    return {"rounds": rounds, "frameworks": frameworks}
