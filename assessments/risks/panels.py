"""Plan-page panels and governance-report sections for risks, benefits and the exit strategy.

The report has each in short form in its main body (the economic case's benefits, the exit
strategy, the top risks) and in full in an appendix (the risk and benefit registers).
"""

from assessments.risks.charts import heat_map_svg
from assessments.risks.models import BenefitStatus
from assessments.risks.selectors import (
    band_counts,
    benefit_list_for_plan,
    benefits_in,
    cashable_totals,
    exit_strategy_in,
    heat_maps,
    latest_actual,
    risks_in,
)
from planner.context import PlanContext
from planner.reports.highlight import highlight_month_in

TOP_RISKS = 10
# The board paper's main body names this many risks and benefits; the registers in the
# appendices list every one, so the main body's length does not grow with the registers.
PAPER_TOP_RISKS = 5
PAPER_TOP_BENEFITS = 3
# The monthly highlight report is one page: it names this many risks and benefits, and says
# how many more the registers hold.
HIGHLIGHT_TOP_RISKS = 5
HIGHLIGHT_BENEFITS = 8


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


def _benefit_summary(ctx: PlanContext) -> dict:
    benefits = benefits_in(ctx)
    return {"benefits": benefits, "totals": cashable_totals(benefits)}


def risks_panel(ctx: PlanContext) -> dict:
    return _risk_context(ctx, "panel-heat")


def benefits_panel(ctx: PlanContext) -> dict:
    summary = _benefit_summary(ctx)
    statuses = [b.status for b in summary["benefits"]]
    return {
        **summary,
        "at_risk": statuses.count(BenefitStatus.AT_RISK),
        "realised": statuses.count(BenefitStatus.REALISED),
        "not_realised": statuses.count(BenefitStatus.NOT_REALISED),
    }


def exit_strategy_panel(ctx: PlanContext) -> dict:
    return {"strategy": exit_strategy_in(ctx)}


def top_risks_section(ctx: PlanContext) -> dict:
    risks = risks_in(ctx, with_mitigations=True)
    live = [r for r in risks if r.is_live]
    return {
        "top_risks": live[:PAPER_TOP_RISKS],
        "live_count": len(live),
        "closed_count": len(risks) - len(live),
        "band_counts": band_counts(risks),
        # Named here too, however far down the register: a mitigation that made a risk
        # worse is what a board must see.
        "residual_above_beyond_top": [
            r for r in live[PAPER_TOP_RISKS:] if r.residual_above_inherent
        ],
    }


def risks_section(ctx: PlanContext) -> dict:
    risks = risks_in(ctx, with_mitigations=True)
    before, after = heat_maps(risks)
    return {
        "risks": risks,
        "live_count": sum(1 for r in risks if r.is_live),
        "heat_maps": [before, after],
    }


def economic_section(ctx: PlanContext) -> dict:
    benefits = benefit_list_for_plan(ctx.plan)
    cashable = sorted(
        (b for b in benefits if b.is_cashable), key=lambda b: b.target_value, reverse=True
    )
    non_cashable = [b for b in benefits if not b.is_cashable]
    return {
        "cashable_count": len(cashable),
        "non_cashable_count": len(non_cashable),
        "top_cashable": [(b, latest_actual(b)) for b in cashable[:PAPER_TOP_BENEFITS]],
        "top_non_cashable": [(b, latest_actual(b)) for b in non_cashable[:PAPER_TOP_BENEFITS]],
        "totals": cashable_totals(benefits),
    }


def benefits_section(ctx: PlanContext) -> dict:
    benefits = benefit_list_for_plan(ctx.plan)
    return {
        "benefits": benefits,
        "cashable": [(b, latest_actual(b)) for b in benefits if b.is_cashable],
        "non_cashable": [(b, latest_actual(b)) for b in benefits if not b.is_cashable],
        "totals": cashable_totals(benefits),
    }


def exit_section(ctx: PlanContext) -> dict:
    return {"strategy": exit_strategy_in(ctx)}


def top_risks_highlight(ctx: PlanContext) -> dict:
    """The five open risks that most threaten delivery now: by the score after mitigation,
    then before it (the register as it stands today)."""
    live = [r for r in risks_in(ctx) if r.is_live]
    live.sort(key=lambda r: (-r.residual_score, -r.score, r.title))
    return {
        "risks": live[:HIGHLIGHT_TOP_RISKS],
        "more": max(len(live) - HIGHLIGHT_TOP_RISKS, 0),
        "live_count": len(live),
    }


def benefits_highlight(ctx: PlanContext) -> dict:
    """Each benefit's latest value measured by the end of the report's month, against its
    target, with its status; those in trouble (at risk, not realised) first."""
    month = highlight_month_in(ctx)
    trouble = {"at_risk": 0, "not_realised": 1}
    benefits = sorted(benefits_in(ctx), key=lambda b: (trouble.get(b.status, 2), b.title))
    rows = []
    for benefit in benefits[:HIGHLIGHT_BENEFITS]:
        measured = [a for a in benefit.actuals.all() if a.recorded_on <= month.last]
        latest = measured[-1] if measured else None
        rows.append({"benefit": benefit, "latest": latest})
    return {
        "rows": rows,
        "more": max(len(benefits) - HIGHLIGHT_BENEFITS, 0),
        "count": len(benefits),
    }
