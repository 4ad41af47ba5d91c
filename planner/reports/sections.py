"""The report sections whose data lives in `planner`: cover, executive summary, the
background and the s.2 record, objectives and public outcome, the form of agreement, the
history of the plan's details and the paper's document history.

Sections for options, governance, sign-off and the decision log read `workflows` data and
are listed in `workflows/plugin.py`, keeping `planner` free of that import.
"""

from planner.context import PlanContext
from planner.models import STAGE_ORDER, PartnerRole, Plan, PlanPartner, Stage
from planner.reports.models import ReportVersion
from planner.selectors import plan_changes, removed_on_annotation


def plan_partners_for_report(plan: Plan) -> list[PlanPartner]:
    """Partners, lead organisation first, with their organisations, in one query."""
    return list(
        PlanPartner.objects.filter(plan=plan)
        .select_related("organisation")
        .order_by("role", "organisation__name")
    )


def stage_steps(plan: Plan) -> list[dict]:
    """The main line of stages with where the plan stands and each one's target date."""
    current = plan.held_from_stage if plan.stage == Stage.ON_HOLD else plan.stage
    index = STAGE_ORDER.index(current) if current in STAGE_ORDER else len(STAGE_ORDER)
    steps = []
    for i, stage in enumerate(STAGE_ORDER):
        state = "done" if i < index else ("current" if i == index else "to come")
        steps.append({"label": stage.label, "state": state, "target": plan.target_for(stage)})
    return steps


def report_partners(ctx: PlanContext) -> list[PlanPartner]:
    return ctx.shared("reports.partners", lambda: plan_partners_for_report(ctx.plan))


def paper_section(ctx: PlanContext) -> dict:
    """Sections that print only the paper's own details (`report.paper`): nothing to read."""
    return {}


def cover_section(ctx: PlanContext) -> dict:
    return {"partners": report_partners(ctx)}


def executive_summary_section(ctx: PlanContext) -> dict:
    """What, who, why now, the ask and the readiness headline, from the plan and its gate.

    The readiness headline is the gate's own words (its assessed-readiness check where the
    stage has one), so the summary never disagrees with the plan page.
    """
    partners = report_partners(ctx)
    gate = ctx.gate
    readiness = (
        next((r for r in gate.results if r.code == "assessment_readiness"), None) if gate else None
    )
    return {
        "lead": next((p for p in partners if p.role == PartnerRole.LEAD), None),
        "others": [p for p in partners if p.role == PartnerRole.PARTNER],
        "observers": [p for p in partners if p.role == PartnerRole.OBSERVER],
        "gate": gate,
        "readiness": readiness,
    }


def purpose_section(ctx: PlanContext) -> dict:
    return {}


def background_section(ctx: PlanContext) -> dict:
    """The duty to collaborate in short form: who was notified under s.2 and their answers."""
    plan = ctx.plan
    notices = list(
        plan.s2_notices.select_related("organisation", "recorded_by").annotate(
            removed_on=removed_on_annotation()
        )
    )
    # A removed partner's record is listed as history; the counts are of the partners the
    # plan still has.
    current = [n for n in notices if n.removed_on is None]
    return {
        "notices": notices,
        "agreed": sum(1 for n in current if n.response == "agreed"),
        "declined": sum(1 for n in current if n.response == "declined"),
        "awaiting": sum(1 for n in current if n.response == "awaiting"),
    }


def commercial_section(ctx: PlanContext) -> dict:
    return {}


def document_control_section(ctx: PlanContext) -> dict:
    plan = ctx.plan
    return {
        "earlier": list(
            ReportVersion.objects.filter(plan=plan)
            .select_related("requested_by")
            .defer("html")
            .order_by("number")
        )
    }


def plan_history_section(ctx: PlanContext) -> dict:
    """Every change to the plan's details, oldest first, as the history page lists them."""
    return {"changes": plan_changes(ctx.plan, newest_first=False)}
