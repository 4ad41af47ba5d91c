"""Reads for report versions, shaped for the plan page and the status endpoint."""

from django.db.models import BooleanField, ExpressionWrapper, Q

from planner.models import Plan
from planner.reports.models import ReportVersion


def report_versions_for_plan(plan: Plan):
    """The plan's versions, newest first, without their (large) HTML snapshots: one query."""
    return (
        ReportVersion.objects.filter(plan=plan)
        .select_related("requested_by", "requested_by__organisation")
        .defer("html")
        # Whether there is a snapshot to preview, without loading it.
        .annotate(has_html=ExpressionWrapper(~Q(html=""), output_field=BooleanField()))
        .order_by("-number")
    )


def report_version_for_plan(plan: Plan, version_id, *, with_html: bool = False) -> ReportVersion:
    """One version of this plan's report, or None; ids from another plan find nothing."""
    try:
        version_id = int(version_id)
    except (TypeError, ValueError):
        return None
    versions = ReportVersion.objects.filter(plan=plan, pk=version_id).select_related(
        "plan", "requested_by"
    )
    if not with_html:
        versions = versions.defer("html")
    return versions.first()
