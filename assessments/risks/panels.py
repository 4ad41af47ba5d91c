"""Plan-page panels and governance-report sections for risks, benefits and the exit strategy."""

from assessments.risks.charts import benefit_chart_svg, heat_map_svg
from assessments.risks.selectors import (
    band_counts,
    benefit_list_for_plan,
    cashable_totals,
    exit_strategy_in,
    heat_maps,
    latest_actual,
    risks_in,
)
from planner.context import PlanContext

TOP_RISKS = 10


def _risk_context(ctx: PlanContext, prefix: str, *, with_mitigations: bool = False) -> dict:
    risks = risks_in(ctx, with_mitigations=with_mitigations)
    before, after = heat_maps(risks)
    live = [r for r in risks if r.is_live]
    return {
        "risks": risks,
        "top_risks": live[:TOP_RISKS],
        # The top list flags its own; the report names any other live risk flagged too.
        "residual_above_beyond_top": [r for r in live[TOP_RISKS:] if r.residual_above_inherent],
        "live_count": len(live),
        "closed_count": len(risks) - len(live),
        "band_counts": band_counts(risks),
        "band_summary": ", ".join(
            f"{row['before']} {row['band'].label.lower()}"
            for row in band_counts(risks)
            if row["before"]
        ),
        "heat_maps": [
            (before, heat_map_svg(before, id_prefix=f"{prefix}-before")),
            (after, heat_map_svg(after, id_prefix=f"{prefix}-after")),
        ],
    }


def _benefit_context(ctx: PlanContext, prefix: str) -> dict:
    benefits = benefit_list_for_plan(ctx.plan)
    return {
        "benefits": [
            (b, latest_actual(b), benefit_chart_svg(b, id_prefix=f"{prefix}-{b.pk}"))
            for b in benefits
        ],
        "cashable": [(b, latest_actual(b)) for b in benefits if b.is_cashable],
        "non_cashable": [(b, latest_actual(b)) for b in benefits if not b.is_cashable],
        "totals": cashable_totals(benefits),
    }


def _benefit_summary(ctx: PlanContext) -> dict:
    benefits = benefit_list_for_plan(ctx.plan)
    return {"benefits": benefits, "totals": cashable_totals(benefits)}


def risks_panel(ctx: PlanContext) -> dict:
    return _risk_context(ctx, "panel-heat")


def benefits_panel(ctx: PlanContext) -> dict:
    return _benefit_summary(ctx)


def exit_strategy_panel(ctx: PlanContext) -> dict:
    return {"strategy": exit_strategy_in(ctx)}


def risks_section(ctx: PlanContext) -> dict:
    return _risk_context(ctx, "report-heat", with_mitigations=True)


def benefits_section(ctx: PlanContext) -> dict:
    return _benefit_context(ctx, "report-benefit")


def exit_section(ctx: PlanContext) -> dict:
    return {"strategy": exit_strategy_in(ctx)}
