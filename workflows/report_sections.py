"""Sections of the governance report that read the stage machine, sign-off and decision log.

Registered here (imported from WorkflowsConfig.ready) so that `planner.reports` renders
them without importing `workflows`.
"""

from planner.models import PartnerRole, Plan, PlanMember
from planner.reports.hooks import ReportSection, register_report_section
from planner.reports.sections import plan_partners_for_report
from workflows.models import DecisionKind
from workflows.selectors import current_sign_offs, decision_list_for_plan, sign_off_list_for_plan


def _governance_rows(plan: Plan) -> list[dict]:
    current = current_sign_offs(plan)
    people: dict[int, list[PlanMember]] = {}
    for member in PlanMember.objects.filter(plan=plan).select_related("user"):
        people.setdefault(member.organisation_id, []).append(member)
    return [
        {
            "partner": partner,
            "organisation": partner.organisation,
            "sign_off": current.get(partner.organisation_id),
            "people": people.get(partner.organisation_id, []),
            "observer": partner.role == PartnerRole.OBSERVER,
        }
        for partner in plan_partners_for_report(plan)
    ]


def _partners_governance(plan: Plan) -> dict:
    rows = _governance_rows(plan)
    deciding = [r for r in rows if not r["observer"]]
    return {
        "rows": rows,
        "history": list(sign_off_list_for_plan(plan).order_by("decided_on", "recorded_at")),
        "approved": sum(1 for r in deciding if r["sign_off"] and r["sign_off"].is_approval),
        "deciding_count": len(deciding),
    }


def _decision_log(plan: Plan) -> dict:
    decisions = list(decision_list_for_plan(plan).order_by("created_at", "pk"))
    return {
        "transitions": [d for d in decisions if d.kind == DecisionKind.TRANSITION],
        "decisions": decisions,
    }


def _sign_off_block(plan: Plan) -> dict:
    return {"rows": [r for r in _governance_rows(plan) if not r["observer"]]}


register_report_section(
    ReportSection(
        "partners_governance",
        "Partners and governance",
        50,
        "management",
        "reports/sections/partners_governance.html",
        _partners_governance,
    )
)
register_report_section(
    ReportSection(
        "decision_log",
        "Stage history and decision log",
        110,
        "management",
        "reports/sections/decision_log.html",
        _decision_log,
    )
)
register_report_section(
    ReportSection(
        "sign_off_block",
        "Sign-off by each governing body",
        120,
        "",
        "reports/sections/sign_off_block.html",
        _sign_off_block,
    )
)
