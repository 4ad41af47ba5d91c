"""The report sections whose data lives in `planner`: cover, executive summary, purpose and
objectives, the s.2 record, and the paper's document history.

Sections for stage history, sign-off and the decision log read `workflows` data and are
registered from `workflows/report_sections.py`, keeping `planner` free of that import.
"""

from planner.models import STAGE_ORDER, PartnerRole, Plan, PlanPartner, Stage
from planner.reports.hooks import ReportSection, register_report_section
from planner.reports.models import ReportVersion


def plan_partners_for_report(plan: Plan) -> list[PlanPartner]:
    """Partners, lead organisation first, with their organisations, in one query."""
    return list(
        PlanPartner.objects.filter(plan=plan)
        .select_related("organisation")
        .order_by("role", "organisation__name")
    )


def stage_steps(plan: Plan) -> list[dict]:
    """The main line of stages with where the plan stands, for the chart and its table."""
    current = plan.held_from_stage if plan.stage == Stage.ON_HOLD else plan.stage
    index = STAGE_ORDER.index(current) if current in STAGE_ORDER else len(STAGE_ORDER)
    steps = []
    for i, stage in enumerate(STAGE_ORDER):
        state = "done" if i < index else ("current" if i == index else "to come")
        steps.append(
            {
                "label": stage.label,
                "state": state,
                "target": plan.target_for(stage),
                "x": 4 + i * 112,
                "text_x": 4 + i * 112 + 52,
            }
        )
    return steps


def _cover(plan: Plan) -> dict:
    return {"partners": plan_partners_for_report(plan)}


def _executive_summary(plan: Plan) -> dict:
    partners = plan_partners_for_report(plan)
    return {
        "partners": partners,
        "deciding": [p for p in partners if p.role != PartnerRole.OBSERVER],
        "observers": [p for p in partners if p.role == PartnerRole.OBSERVER],
        "steps": stage_steps(plan),
    }


def _purpose(plan: Plan) -> dict:
    return {}


def _s2_record(plan: Plan) -> dict:
    notices = list(plan.s2_notices.select_related("organisation", "recorded_by"))
    return {
        "notices": notices,
        "agreed": sum(1 for n in notices if n.response == "agreed"),
        "declined": sum(1 for n in notices if n.response == "declined"),
        "awaiting": sum(1 for n in notices if n.response == "awaiting"),
    }


def _document_control(plan: Plan) -> dict:
    return {
        "earlier": list(
            ReportVersion.objects.filter(plan=plan)
            .select_related("requested_by")
            .defer("html")
            .order_by("number")
        )
    }


register_report_section(
    ReportSection("cover", "Cover", 10, "", "reports/sections/cover.html", _cover)
)
register_report_section(
    ReportSection(
        "executive_summary",
        "Executive summary and decisions asked",
        20,
        "",
        "reports/sections/executive_summary.html",
        _executive_summary,
    )
)
register_report_section(
    ReportSection(
        "purpose",
        "Purpose, objectives and public outcome",
        30,
        "strategic",
        "reports/sections/purpose.html",
        _purpose,
    )
)
register_report_section(
    ReportSection(
        "s2_record",
        "The duty to collaborate: s.2 record",
        40,
        "strategic",
        "reports/sections/s2_record.html",
        _s2_record,
    )
)
register_report_section(
    ReportSection(
        "document_control",
        "Document control",
        210,
        "appendix",
        "reports/sections/document_control.html",
        _document_control,
    )
)
