"""Panels on the plan page: the next gate's checklist, stage changes, sign-off, decisions."""

from django.utils import timezone

from planner.context import PlanContext
from planner.gates import gate_checks_for
from planner.models import STAGE_ORDER, Stage
from planner.tasklist import COMPLETED, plan_task_list
from workflows.conditions import condition_is_overdue, conditions_in
from workflows.models import DecisionKind, SignOffDecision
from workflows.selectors import LATEST_DECISIONS, current_sign_offs_in, decision_log_head_in
from workflows.services import available_transitions

# The gated transitions: offered as the page's primary action only while their gate is open.
GATED = ("advance", "complete", "close")


def _other_stages(ctx: PlanContext) -> list[dict]:
    """The main line's other stages, for the collapsed list under the task list: an earlier
    stage with when and by whom it was passed (the stage change in the decision log), a later
    one with what its gate will ask."""
    plan = ctx.plan
    current = plan.held_from_stage if plan.stage == Stage.ON_HOLD else plan.stage
    reached = STAGE_ORDER.index(current) if current in STAGE_ORDER else -1
    moves = [d for d in decision_log_head_in(ctx) if d.kind == DecisionKind.TRANSITION]
    stages = []
    for i, stage in enumerate(STAGE_ORDER[:-1]):
        if stage == current:
            continue
        # Newest first: the first forward move out of the stage is the latest time it passed.
        passed = next(
            (
                d
                for d in moves
                if d.from_stage == stage
                and d.to_stage in STAGE_ORDER
                and STAGE_ORDER.index(d.to_stage) > i
            ),
            None,
        )
        stages.append(
            {
                "label": Stage(stage).label,
                "done": passed is not None or i < reached,
                "decision": passed,
                # What a later gate will ask, while the plan can still get there.
                "asks": [c.title for c in gate_checks_for(stage)]
                if i > reached and plan.stage != Stage.WITHDRAWN
                else [],
            }
        )
    return stages


def gate_panel(ctx: PlanContext) -> dict:
    report = ctx.gate
    transitions = available_transitions(ctx)
    tasks = plan_task_list(ctx)
    required = [t for t in tasks if not t.optional]
    is_open = report is None or report.is_open
    return {
        "report": report,
        "tasks": tasks,
        "completed": sum(1 for t in required if t.status == COMPLETED),
        "required": len(required),
        # A closed gate offers what is missing, never its transition as the primary action.
        "primary": [t for t in transitions if t.name in GATED and is_open],
        "missing": [t for t in transitions if t.name in GATED and not is_open],
        "secondary": [t for t in transitions if t.name not in GATED],
        "other_stages": _other_stages(ctx),
    }


def decisions_panel(ctx: PlanContext) -> dict:
    return {"decisions": decision_log_head_in(ctx)[:LATEST_DECISIONS]}


def sign_off_panel(ctx: PlanContext) -> dict:
    current = current_sign_offs_in(ctx)
    # Conditions are read only when a current decision has any, in one query shared with the
    # conditions gate check, so the page's count grows by one at most.
    conditional = any(
        s.decision == SignOffDecision.APPROVED_WITH_CONDITIONS for s in current.values()
    )
    partner_ids = {p.organisation_id for p in ctx.partners}
    conditions = [
        c
        for c in (conditions_in(ctx) if conditional else [])
        if c.sign_off.organisation_id in partner_ids
    ]
    today = timezone.localdate()
    return {
        "current": sorted(current.values(), key=lambda s: s.organisation_id),
        "open_conditions": [(c, condition_is_overdue(c, today)) for c in conditions if c.is_open],
        "conditions_count": len(conditions),
    }
