"""What the finance app adds to plans: the costs-stated check on leaving governance
alignment, the plan page's finance panel, the board paper's financial case and its
appendix of lines, drafted recommendations on each body's share, and the demo's money."""

from assessments.finance import checks, demo, panels
from assessments.finance.recommendations import finance_recommendations
from assessments.finance.selectors import finance_portfolio_facts
from planner.gates import GateCheck
from planner.models import Stage
from planner.plugins import PlanPanel, PlanPlugin, ReportSection

PLUGIN = PlanPlugin(
    gate_checks=[
        GateCheck(
            Stage.GOVERNANCE,
            "costs_stated",
            "Every partner has stated its costs",
            checks.check_costs_stated,
        ),
    ],
    panels=[
        PlanPanel(
            "finance", "Costs and funding", "finance/panel_finance.html", panels.finance_panel
        ),
    ],
    report_sections=[
        ReportSection(
            "finance",
            "Costs, funding and payback",
            "financial",
            "reports/sections/finance.html",
            panels.finance_section,
        ),
        ReportSection(
            "finance_lines",
            "Cost and funding lines",
            "appendix",
            "reports/sections/finance_lines.html",
            panels.finance_lines_section,
        ),
    ],
    recommendations=finance_recommendations,
    portfolio_facts=finance_portfolio_facts,
    demo_build=demo.build,
)
