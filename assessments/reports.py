"""The governance report's assessment sections: readiness (strategic case, short form) and
the ratings appendix.

Listed in assessments/plugin.py. The report renders each template with the context both
spread out and as `ctx`; the templates read `ctx.<name>`, like plan panels do.

Both read the plan's trend (every round with submitted assessments, in a fixed number of
queries) once: the main body shows one round in one chart with its table, the appendix
every round's ratings in one compact table each and one trend chart for all of them.
"""

from assessments.charts import readiness_bars_svg, trend_svg
from assessments.models import FrameworkVersion
from assessments.selectors import round_state, trend_for_plan
from planner.context import PlanContext


def _points_in(ctx: PlanContext):
    # The readiness section and the appendix show the same rounds: read them once.
    return ctx.shared("assessments.report_points", lambda: trend_for_plan(ctx.plan, ctx.partners))


def _threshold(points) -> int:
    return points[0].aggregate.thresholds.readiness if points else 60


def _shown_point(points):
    """The round the main body shows: the latest with every voting partner's assessment
    (the partners' view), or failing that the latest round of all."""
    judged = [p for p in points if p.aggregate.has_quorum]
    return (judged or points or [None])[-1]


def _rows(point) -> list[dict]:
    """Per characteristic, in framework order: its name and result."""
    return [
        {"number": n, "name": point.names.get(c.code, c.code), "result": c}
        for n, c in enumerate(point.aggregate.characteristics, start=1)
    ]


def readiness_section(ctx: PlanContext) -> dict:
    points = _points_in(ctx)
    point = _shown_point(points)
    if point is None:
        return {"point": None}
    # Where each disagreement stands (open, discussed, resolved) needs the round's notes and
    # resolutions: one round is read in full, whatever the number of rounds.
    state = round_state(ctx.plan, point.round, partners=ctx.partners)
    return {
        "point": point,
        "rows": _rows(point),
        "flag_counts": state.flag_counts,
        "weakest": [point.names.get(code, code) for code in point.aggregate.weakest],
        "threshold": _threshold(points),
        "rounds": len(points),
        # A bar per characteristic rather than the results page's radar: it reads at the
        # paper's size however many organisations rated, and prints faster.
        "chart": readiness_bars_svg(
            point.aggregate,
            floor=point.aggregate.thresholds.floor,
            chart_id="report-readiness",
            title=f"{point.round.label}: mean rating and range by characteristic",
        ),
    }


def appendix_section(ctx: PlanContext) -> dict:
    points = _points_in(ctx)
    threshold = _threshold(points)
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
        if len(judged) > 1
        else ""
    )
    frameworks = list(FrameworkVersion.objects.filter(pk__in={p.framework.pk for p in points}))
    return {
        "rounds": [{"point": p, "rows": _rows(p)} for p in points],
        "trend": trend,
        "threshold": threshold,
        "frameworks": frameworks,
    }
