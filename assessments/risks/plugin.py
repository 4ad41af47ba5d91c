"""What the joint risk register adds to plans: the checks on leaving joint risk assessment
and review, the risk, benefit and exit-strategy panels and report sections, the highlight
report's top risks and benefits, and the demo's registers."""

from assessments.risks import checks, demo, panels, reminders
from assessments.risks.selectors import benefits_portfolio_facts
from planner.gates import GateCheck
from planner.models import Stage
from planner.plugins import PlanPanel, PlanPlugin, ReportSection

PLUGIN = PlanPlugin(
    gate_checks=[
        GateCheck(
            Stage.RISK,
            "risks_from_partners",
            "Risks from every partner",
            checks.check_risks_from_partners,
        ),
        GateCheck(
            Stage.RISK,
            "serious_risks_treated",
            "High risks have an owner, a mitigation and a review date",
            checks.check_serious_risks_treated,
        ),
        GateCheck(
            Stage.RISK,
            "residual_risk_accepted",
            "Very high residual risks accepted by the lead",
            checks.check_residual_risk_accepted,
        ),
        GateCheck(
            Stage.RISK, "exit_strategy", "Exit strategy recorded", checks.check_exit_strategy
        ),
        GateCheck(
            Stage.RISK,
            "benefits_defined",
            "Benefits with an owner organisation, a measure, a baseline and a target",
            checks.check_benefits_defined,
        ),
        # The close gate (leaving review), which the close transition respects.
        GateCheck(
            Stage.REVIEW,
            "benefits_final_status",
            "Every benefit realised or not realised",
            checks.check_benefits_final_status,
        ),
    ],
    panels=[
        PlanPanel("risks", "Joint risk register", "risks/panel_risks.html", panels.risks_panel),
        PlanPanel("benefits", "Benefits", "risks/panel_benefits.html", panels.benefits_panel),
        PlanPanel(
            "exit_strategy", "Exit strategy", "risks/panel_exit.html", panels.exit_strategy_panel
        ),
    ],
    report_sections=[
        ReportSection(
            "economic",
            "Options and benefits",
            "economic",
            "reports/sections/economic.html",
            panels.economic_section,
        ),
        ReportSection(
            "exit", "Exit strategy", "commercial", "reports/sections/exit.html", panels.exit_section
        ),
        ReportSection(
            "top_risks",
            "Top risks",
            "management",
            "reports/sections/top_risks.html",
            panels.top_risks_section,
        ),
        ReportSection(
            "risks",
            "Joint risk register",
            "appendix",
            "reports/sections/risks.html",
            panels.risks_section,
        ),
        ReportSection(
            "benefits",
            "Benefit register",
            "appendix",
            "reports/sections/benefits.html",
            panels.benefits_section,
        ),
    ],
    highlight_sections=[
        ReportSection(
            "top_risks",
            "Top risks",
            "",
            "reports/highlight/top_risks.html",
            panels.top_risks_highlight,
        ),
        ReportSection(
            "benefits",
            "Benefits against targets",
            "",
            "reports/highlight/benefits.html",
            panels.benefits_highlight,
        ),
    ],
    reminder_rules=[reminders.risk_review_due],
    portfolio_facts=benefits_portfolio_facts,
    demo_build=demo.build,
)
