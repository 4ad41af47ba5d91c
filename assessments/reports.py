"""The governance report's assessment sections: results (management case) and appendix.

The report renders each template with the context both spread out and as `ctx`; the
templates read `ctx.<name>`, like plan panels do."""

from assessments.charts import heatmap_svg, radar_svg, trend_svg
from assessments.models import FrameworkVersion
from assessments.selectors import round_state, trend_for_plan
from planner.reports.hooks import ReportSection, register_report_section


def _rounds(plan):
    points = trend_for_plan(plan)
    rounds = []
    for i, p in enumerate(points):
        state = round_state(plan, p.round)
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


def results_context(plan) -> dict:
    points, rounds = _rounds(plan)
    threshold = points[0].aggregate.thresholds.readiness if points else 60
    trend = (
        trend_svg(
            [(p.round.label, p.aggregate.readiness) for p in points],
            threshold,
            chart_id="report-trend",
            title="Readiness across stages and health checks",
        )
        if points
        else ""
    )
    return {"rounds": rounds, "points": points, "trend": trend, "threshold": threshold}


def appendix_context(plan) -> dict:
    _, rounds = _rounds(plan)
    framework_ids = {r["state"].framework.pk for r in rounds if r["state"].framework}
    frameworks = list(
        FrameworkVersion.objects.filter(pk__in=framework_ids).prefetch_related("characteristics")
    )
    return {"rounds": rounds, "frameworks": frameworks}


register_report_section(
    ReportSection(
        "assessment_results",
        "Partner assessment results",
        70,
        "management",
        "reports/sections/assessment_results.html",
        results_context,
    )
)
register_report_section(
    ReportSection(
        "assessment_appendix",
        "Assessment scores and framework sources",
        200,
        "appendix",
        "reports/sections/assessment_appendix.html",
        appendix_context,
    )
)
