"""Plan-page panels and governance-report sections for risks, benefits and the exit strategy."""

from assessments.risks.charts import benefit_chart_svg, heat_map_svg
from assessments.risks.selectors import (
    band_counts,
    benefit_list_for_plan,
    cashable_totals,
    exit_strategy_for_plan,
    heat_maps,
    latest_actual,
    risk_list_for_plan,
)
from planner.hooks import PlanPanel, register_plan_panel
from planner.reports.hooks import ReportSection, register_report_section

TOP_RISKS = 10


def _risk_context(plan, prefix: str) -> dict:
    risks = risk_list_for_plan(plan)
    before, after = heat_maps(risks)
    live = [r for r in risks if r.is_live]
    return {
        "risks": risks,
        "top_risks": live[:TOP_RISKS],
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


def _benefit_context(plan, prefix: str) -> dict:
    benefits = benefit_list_for_plan(plan)
    return {
        "benefits": [
            (b, latest_actual(b), benefit_chart_svg(b, id_prefix=f"{prefix}-{b.pk}"))
            for b in benefits
        ],
        "cashable": [(b, latest_actual(b)) for b in benefits if b.is_cashable],
        "non_cashable": [(b, latest_actual(b)) for b in benefits if not b.is_cashable],
        "totals": cashable_totals(benefits),
    }


def _benefit_summary(plan) -> dict:
    benefits = benefit_list_for_plan(plan)
    return {"benefits": benefits, "totals": cashable_totals(benefits)}


register_plan_panel(
    PlanPanel(
        "risks",
        "Joint risk register",
        "risks/panel_risks.html",
        60,
        lambda access: _risk_context(access.plan, "panel-heat"),
    )
)
register_plan_panel(
    PlanPanel(
        "benefits",
        "Benefits",
        "risks/panel_benefits.html",
        65,
        lambda access: _benefit_summary(access.plan),
    )
)
register_plan_panel(
    PlanPanel(
        "exit_strategy",
        "Exit strategy",
        "risks/panel_exit.html",
        70,
        lambda access: {"strategy": exit_strategy_for_plan(access.plan)},
    )
)

register_report_section(
    ReportSection(
        "risks",
        "Joint risk register",
        80,
        "management",
        "reports/sections/risks.html",
        lambda plan: _risk_context(plan, "report-heat"),
    )
)
register_report_section(
    ReportSection(
        "benefits",
        "Benefits",
        90,
        "financial",
        "reports/sections/benefits.html",
        lambda plan: _benefit_context(plan, "report-benefit"),
    )
)
register_report_section(
    ReportSection(
        "exit",
        "Exit strategy",
        100,
        "commercial",
        "reports/sections/exit.html",
        lambda plan: {"strategy": exit_strategy_for_plan(plan)},
    )
)
