"""What the partner assessments add to plans: the four assessment checks on every assessed
stage's gate, the plan-page panel, the report's readiness section and ratings appendix, the
reminders about assessments and overdue stages, and the demo's assessment rounds."""

from assessments import demo, reminders, reports
from assessments.checks import GATE_CHECKS
from assessments.panels import assessment_panel
from assessments.selectors import assessments_waiting
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
            "readiness",
            "Readiness against the success characteristics",
            "strategic",
            "reports/sections/readiness.html",
            reports.readiness_section,
        ),
        ReportSection(
            "assessment_appendix",
            "Partner assessment ratings by round",
            "appendix",
            "reports/sections/assessment_appendix.html",
            reports.appendix_section,
        ),
    ],
    reminder_rules=[
        reminders.stage_overdue,
        reminders.assessment_due,
        reminders.assessment_submitted,
    ],
    demo_build=demo.build,
    waiting_for=assessments_waiting,
)
