"""One ready board paper on the governance demo plan. Safe to run again.

It has only `finish`, run after every app's `build`, because the paper is a snapshot of the
plan: it must see the assessments, risks, benefits, costs and cases the other apps' demos
add. The paper goes to the joint board of police and fire, so the demo shows one paper for
a body of several partners.
"""

from datetime import timedelta

from planner.access import plan_access_for_user
from planner.dates import uk_today
from planner.demo import JOINT_BOARD
from planner.models import GoverningBody, MemberRole, PlanMember
from planner.reports.models import Marking, ReportPurpose, ReportStatus, ReportVersion
from planner.reports.papers import (
    board_paper_freeze,
    board_paper_implications_save,
    board_paper_start,
    board_paper_update,
)
from planner.reports.services import report_render_version

IMPLICATIONS = {
    "financial": "The costs, funding and each partner's share are in the financial case. The "
    "shortfall in 2028/29 is to be met from the partners' reserves, as the finance officers "
    "of both bodies advise.",
    "legal": "The control room is run under a collaboration agreement under section 1 of the "
    "Policing and Crime Act 2017; the police and crime commissioner and the fire and rescue "
    "authority are parties.",
    "workforce": "Around 60 control staff move to the joint room; the recognised trade unions "
    "have been consulted and TUPE does not apply, as employers do not change.",
    "equality": "An equality impact assessment under the public sector equality duty found no "
    "adverse effect; the 999 service's language line continues.",
    "data_protection": "A joint data protection impact assessment covers the shared incident "
    "system; the data protection officers of both bodies have signed it off.",
    "environmental": "",
}


def finish(ctx) -> None:
    """Steps:
    1. Skip if the governance plan is missing or already has a ready version.
    2. As the plan's project lead, draft the paper to the joint board, set its meeting a
       month ahead and state its implications (none identified for the environment).
    3. Freeze it into a version and print it here rather than wait for a worker; if the
       request's own hand-over already printed it (tasks in-process) or a worker got there
       first, the claim makes this a no-op, so there is still one version and one file.
    """
    plan = ctx.plans.get("governance")
    if plan is None or ReportVersion.objects.filter(plan=plan, status=ReportStatus.READY).exists():
        return
    lead = (
        PlanMember.objects.filter(plan=plan, role=MemberRole.PROJECT_LEAD)
        .select_related("user")
        .first()
    )
    board = GoverningBody.objects.filter(name=JOINT_BOARD[0]).first()
    if lead is None or board is None:
        return
    access = plan_access_for_user(lead.user, plan.pk)
    paper = board_paper_start(access=access, body_id=board.pk)
    board_paper_update(
        access=access,
        paper_id=paper.pk,
        meeting_date=uk_today() + timedelta(days=28),
        agenda_item="6",
        title=plan.title,
        marking=Marking.OFFICIAL,
        purpose=ReportPurpose.DECISION,
        author=f"{lead.user.full_name}, {lead.user.job_title}".strip(", "),
        contact=lead.user.email,
    )
    board_paper_implications_save(
        access=access,
        paper_id=paper.pk,
        implications={key: {"text": text, "none": not text} for key, text in IMPLICATIONS.items()},
    )
    version = board_paper_freeze(access=access, paper_id=paper.pk)
    status = report_render_version(version.pk)
    if status != ReportStatus.READY:
        version.refresh_from_db()
        raise RuntimeError(
            f"The demo governance report did not print: {version.failure_reason or status}"
        )
