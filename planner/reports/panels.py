"""The plan page's "Governance report" panel: versions, progress and the request form."""

from planner.context import PlanContext
from planner.reports.forms import ReportRequestForm
from planner.reports.selectors import report_versions_for_plan


def reports_panel(ctx: PlanContext) -> dict:
    versions = list(report_versions_for_plan(ctx.plan))
    return {
        "versions": versions,
        "in_progress": any(v.is_in_progress for v in versions),
        "form": ReportRequestForm() if ctx.access.is_lead else None,
    }
