"""What the partner assessments add to plans: the four assessment checks on every assessed
stage's gate, the plan-page panel, the report's results and appendix, the reminders about
assessments and overdue stages, and the demo's assessment rounds."""

from assessments import demo, reminders, reports
from assessments.checks import GATE_CHECKS
from assessments.panels import assessment_panel
from planner.plugins import PlanPanel, PlanPlugin, ReportSection

PLUGIN = PlanPlugin(
    gate_checks=GATE_CHECKS,
    panels=[
        PlanPanel(
            "assessments",
            "Partner assessment",
            "assessments/panel_assessment.html",
            assessment_panel,
        )
    ],
    report_sections=[
        ReportSection(
            "assessment_results",
            "Partner assessment results",
            "management",
            "reports/sections/assessment_results.html",
            reports.results_context,
        ),
        ReportSection(
            "assessment_appendix",
            "Assessment scores and framework sources",
            "appendix",
            "reports/sections/assessment_appendix.html",
            reports.appendix_context,
        ),
    ],
    reminder_rules=[
        reminders.stage_overdue,
        reminders.assessment_due,
        reminders.assessment_submitted,
    ],
    demo_build=demo.build,
)
