"""What delivery adds to plans: the milestones check on leaving joint risk assessment, the
plan page's confidence and milestones panels, the board paper's milestones (in its
management case), the highlight report's confidence and milestones sections, the monthly
confidence reminder, the dashboard's count of milestones slipped and overdue, and the demo's
milestones and ratings."""

from planner.gates import GateCheck
from planner.models import Stage
from planner.plugins import PlanPanel, PlanPlugin, ReportSection
from workflows.delivery import checks, demo, panels, reminders
from workflows.delivery.selectors import (
    delivery_portfolio_facts,
    milestone_dashboard_notes,
    milestones_waiting,
)

PLUGIN = PlanPlugin(
    gate_checks=[
        GateCheck(
            Stage.RISK,
            "milestones",
            "A milestone baselined in each year of delivery",
            checks.check_milestones,
        ),
    ],
    panels=[
        PlanPanel(
            "confidence",
            "Delivery confidence",
            "delivery/panel_confidence.html",
            panels.confidence_panel,
        ),
        PlanPanel(
            "milestones", "Milestones", "delivery/panel_milestones.html", panels.milestones_panel
        ),
    ],
    report_sections=[
        ReportSection(
            "milestones",
            "Milestones",
            "management",
            "reports/sections/milestones.html",
            panels.milestones_section,
        ),
    ],
    highlight_sections=[
        ReportSection(
            "confidence",
            "Delivery confidence",
            "",
            "reports/highlight/confidence.html",
            panels.confidence_highlight,
        ),
        ReportSection(
            "milestones",
            "Milestones due and slipped",
            "",
            "reports/highlight/milestones.html",
            panels.milestones_highlight,
        ),
    ],
    reminder_rules=[reminders.confidence_due],
    dashboard_notes=milestone_dashboard_notes,
    portfolio_facts=delivery_portfolio_facts,
    waiting_for=milestones_waiting,
    demo_build=demo.build,
)
