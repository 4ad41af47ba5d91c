"""The plan page's "Governance report" panel: versions and their progress."""

from planner.context import PlanContext
from planner.reports.highlight import highlight_applies
from planner.reports.selectors import report_versions_for_plan


def reports_panel(ctx: PlanContext) -> dict:
    versions = ctx.shared("reports.versions", lambda: list(report_versions_for_plan(ctx.plan)))
    return {
        "versions": versions,
        "in_progress": any(v.is_in_progress for v in versions),
        # From delivery on, the month's highlight report (no query: the plan's stage says).
        "highlight": highlight_applies(ctx.plan),
    }
