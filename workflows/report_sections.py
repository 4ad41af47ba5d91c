"""Sections of the governance report that read the stage machine, sign-off and decision log:
the options considered, governance and stage targets (management case), the decision log
and sign-off history (an appendix) and the sign-off block; and the highlight report's
decisions needed.

Listed in `workflows/plugin.py`, so that `planner.reports` renders them without importing
`workflows`.
"""

from datetime import timedelta

from django.utils import timezone

from planner.context import PlanContext
from planner.gates import gate_evaluate
from planner.models import MemberRole, PartnerRole, PlanMember, Stage
from planner.reports.highlight import highlight_month_in
from planner.reports.sections import report_partners, stage_steps
from workflows.conditions import UNMET, condition_is_overdue, conditions_in
from workflows.models import Decision, DecisionKind, SignOffDecision
from workflows.selectors import (
    current_sign_offs_in,
    decision_list_for_plan,
    sign_off_list_for_plan,
)


def _governance_rows(ctx: PlanContext) -> list[dict]:
    return ctx.shared("workflows.governance_rows", lambda: _read_governance_rows(ctx))


def _read_governance_rows(ctx: PlanContext) -> list[dict]:
    current = current_sign_offs_in(ctx)
    people: dict[int, list[PlanMember]] = {}
    for member in PlanMember.objects.filter(plan=ctx.plan).select_related("user"):
        people.setdefault(member.organisation_id, []).append(member)
    return [
        {
            "partner": partner,
            "organisation": partner.organisation,
            "sign_off": current.get(partner.organisation_id),
            "people": people.get(partner.organisation_id, []),
            "observer": partner.role == PartnerRole.OBSERVER,
        }
        for partner in report_partners(ctx)
    ]


# The options section shows the latest decisions that weighed options; the rest are in the
# decision log appendix, so the main body stays the same length however long the log grows.
OPTIONS_SHOWN = 3


def _decisions(ctx: PlanContext) -> list[Decision]:
    # The options section and the decision log appendix show the same log: read it once.
    return ctx.shared(
        "workflows.report_decisions",
        lambda: list(decision_list_for_plan(ctx.plan).order_by("created_at", "pk")),
    )


def options_section(ctx: PlanContext) -> dict:
    """The options the partners weighed and the one they chose, latest first."""
    weighed = [d for d in _decisions(ctx) if d.options_considered.strip()]
    weighed.reverse()
    return {
        "weighed": weighed[:OPTIONS_SHOWN],
        "earlier": len(weighed) - min(len(weighed), OPTIONS_SHOWN),
    }


def management_section(ctx: PlanContext) -> dict:
    """Governance in short form: each partner's body, who signs for it and where its
    decision stands; the conditions of the current approvals; the stage target dates."""
    rows = _governance_rows(ctx)
    deciding = [r for r in rows if not r["observer"]]
    # The conditions of the current approvals, read only where one has any.
    conditional = any(
        r["sign_off"] and r["sign_off"].decision == SignOffDecision.APPROVED_WITH_CONDITIONS
        for r in deciding
    )
    today = timezone.localdate()
    conditions = (
        [(c, condition_is_overdue(c, today)) for c in conditions_in(ctx)] if conditional else []
    )
    return {
        "conditions": conditions,
        "open_conditions": sum(1 for c, _ in conditions if c.is_open),
        "rows": [
            {**r, "signers": [m for m in r["people"] if m.role == MemberRole.APPROVER]}
            for r in rows
        ],
        "approved": sum(1 for r in deciding if r["sign_off"] and r["sign_off"].is_approval),
        "deciding_count": len(deciding),
        "steps": stage_steps(ctx.plan),
    }


def decision_log_section(ctx: PlanContext) -> dict:
    decisions = _decisions(ctx)
    return {
        "transitions": [d for d in decisions if d.kind == DecisionKind.TRANSITION],
        "decisions": decisions,
        "sign_offs": list(sign_off_list_for_plan(ctx.plan).order_by("decided_on", "recorded_at")),
    }


def decision_section(ctx: PlanContext) -> dict:
    """The deciding partners with their current decisions; the template shows those of the
    paper's body, and prints the decisions only where the paper may (see decision.html)."""
    return {"rows": [r for r in _governance_rows(ctx) if not r["observer"]]}


# The highlight report is one page: it lists this many of the gate's unmet checks and of the
# conditions falling due, and says how many more there are.
HIGHLIGHT_DECISIONS = 3
# Conditions falling due by the end of the month after the report's are the board's to chase.
HIGHLIGHT_CONDITION_HORIZON = timedelta(days=31)


def decisions_needed_highlight(ctx: PlanContext) -> dict:
    """What the board must decide or unblock: the checks of the gate ahead that do not pass
    yet (at review, the close gate's), and the conditions of approval still unmet that are
    overdue or fall due by the end of next month, soonest first."""
    plan = ctx.plan
    gate = ctx.gate
    if gate is None and plan.stage == Stage.REVIEW:
        gate = gate_evaluate(ctx, Stage.REVIEW)
    unmet = gate.failed if gate else []
    month = highlight_month_in(ctx)
    horizon = month.last + HIGHLIGHT_CONDITION_HORIZON
    today = timezone.localdate()
    due = sorted(
        (
            c
            for c in conditions_in(ctx)
            if c.status in UNMET and c.due_on is not None and c.due_on <= horizon
        ),
        key=lambda c: (c.due_on, c.pk),
    )
    return {
        "gate_stage": gate.stage if gate else "",
        "unmet": unmet[:HIGHLIGHT_DECISIONS],
        "unmet_more": max(len(unmet) - HIGHLIGHT_DECISIONS, 0),
        "conditions": [(c, condition_is_overdue(c, today)) for c in due[:HIGHLIGHT_DECISIONS]],
        "conditions_more": max(len(due) - HIGHLIGHT_DECISIONS, 0),
    }
