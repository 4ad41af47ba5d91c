"""One ready governance report on the governance demo plan. Safe to run again.

It has only `finish`, run after every app's `build`, because the paper is a snapshot of the
plan: it must see the assessments, risks, benefits and cases the other apps' demos add.
"""

from planner.access import plan_access_for_user
from planner.models import MemberRole, PlanMember
from planner.reports.models import Marking, ReportPurpose, ReportStatus, ReportVersion
from planner.reports.services import report_render_version, report_request


def finish(ctx) -> None:
    """Steps:
    1. Skip if the governance plan is missing or already has a ready version.
    2. Request a version as the plan's project lead (marked OFFICIAL, for decision).
    3. Print it here rather than wait for a worker; if the request's own hand-over already
       printed it (tasks in-process) or a worker got there first, the claim makes this a
       no-op, so there is still one version and one file.
    """
    plan = ctx.plans.get("governance")
    if plan is None or ReportVersion.objects.filter(plan=plan, status=ReportStatus.READY).exists():
        return
    lead = (
        PlanMember.objects.filter(plan=plan, role=MemberRole.PROJECT_LEAD)
        .select_related("user")
        .first()
    )
    if lead is None:
        return
    version = report_request(
        access=plan_access_for_user(lead.user, plan.pk),
        marking=Marking.OFFICIAL,
        purpose=ReportPurpose.DECISION,
    )
    status = report_render_version(version.pk)
    if status != ReportStatus.READY:
        version.refresh_from_db()
        raise RuntimeError(
            f"The demo governance report did not print: {version.failure_reason or status}"
        )
