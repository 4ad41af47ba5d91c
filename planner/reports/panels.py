"""The plan page's "Governance report" panel: versions, progress and the request form."""

from planner.hooks import PlanPanel, register_plan_panel
from planner.reports.forms import ReportRequestForm
from planner.reports.selectors import report_versions_for_plan


def _reports_context(access):
    versions = list(report_versions_for_plan(access.plan))
    return {
        "versions": versions,
        "in_progress": any(v.is_in_progress for v in versions),
        "form": ReportRequestForm() if access.is_lead else None,
    }


register_plan_panel(
    PlanPanel("reports", "Governance report", "reports/panel.html", 80, _reports_context)
)
