"""What the governance report adds to plans: its panel and the sections planner owns."""

from django.urls import reverse

from planner.models import ACTIVE_STAGES
from planner.plugins import OptionalTask, PlanPanel, PlanPlugin, ReportSection
from planner.reports import demo, sections
from planner.reports.panels import reports_panel
from planner.reports.selectors import report_versions_for_plan


def reports_tasks(ctx):
    """A board paper for the governing bodies: no gate requires one, though each body
    decides on it. The lead prepares papers, so it is the lead's task. The versions are the
    panel's read, shared in the context."""
    if ctx.plan.stage not in ACTIVE_STAGES or not (ctx.access and ctx.access.is_lead):
        return []
    versions = ctx.shared("reports.versions", lambda: list(report_versions_for_plan(ctx.plan)))
    return [
        OptionalTask(
            "Prepare a board paper for the governing bodies",
            reverse("plan_reports", args=[ctx.plan.pk]),
            "completed" if versions else "not_started",
            f"{len(versions)} version{'s' if len(versions) != 1 else ''} so far."
            if versions
            else "",
        )
    ]


PLUGIN = PlanPlugin(
    panels=[PlanPanel("reports", "Governance report", "reports/panel.html", reports_panel)],
    report_sections=[
        ReportSection("cover", "Cover", "", "reports/sections/cover.html", sections.cover_section),
        # The paper's own words (report.paper): the data is the paper's, not the plan's.
        ReportSection(
            "recommendations",
            "Recommendations",
            "",
            "reports/sections/recommendations.html",
            sections.paper_section,
        ),
        ReportSection(
            "implications",
            "Implications",
            "",
            "reports/sections/implications.html",
            sections.paper_section,
        ),
        ReportSection(
            "executive_summary",
            "Executive summary",
            "",
            "reports/sections/executive_summary.html",
            sections.executive_summary_section,
        ),
        ReportSection(
            "background",
            "Background and the duty to collaborate",
            "",
            "reports/sections/background.html",
            sections.background_section,
        ),
        ReportSection(
            "purpose",
            "Objectives and public outcome",
            "strategic",
            "reports/sections/purpose.html",
            sections.purpose_section,
        ),
        ReportSection(
            "commercial",
            "Form of agreement and procurement",
            "commercial",
            "reports/sections/commercial.html",
            sections.commercial_section,
        ),
        ReportSection(
            "plan_history",
            "History of the plan's details",
            "appendix",
            "reports/sections/plan_history.html",
            sections.plan_history_section,
        ),
        ReportSection(
            "document_control",
            "Document control",
            "appendix",
            "reports/sections/document_control.html",
            sections.document_control_section,
        ),
    ],
    demo_finish=demo.finish,
    optional_tasks=reports_tasks,
)
