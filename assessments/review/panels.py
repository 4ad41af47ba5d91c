"""The plan page's review and lessons panels.

Each returns early, reading nothing, at a stage where it has nothing to show. The review
panel reads the review (one query; the budget comes from the finance panel's read, shared in
the context); the lessons panel reads the lessons (one query, shared with the close gate's
check in review), so each adds one query to the plan page at most.
"""

from assessments.review.models import LessonKind
from assessments.review.selectors import (
    LESSON_PANEL_STAGES,
    budget_pence_in,
    lesson_may_record,
    lessons_in,
    review_in,
)
from planner.context import PlanContext
from planner.models import Stage

PANEL_LESSONS = 3


def review_panel(ctx: PlanContext) -> dict:
    if ctx.plan.stage not in (Stage.REVIEW, Stage.CLOSED):
        return {"show": False}
    review = review_in(ctx)
    budget = budget_pence_in(ctx)
    return {
        "show": True,
        "review": review,
        "budget": budget,
        "missing": review.missing(budget_pence=budget) if review else [],
        "may_write": ctx.access is not None
        and ctx.access.is_lead
        and ctx.plan.stage == Stage.REVIEW,
    }


def lessons_panel(ctx: PlanContext) -> dict:
    if ctx.plan.stage not in LESSON_PANEL_STAGES:
        return {"show": False}
    lessons = lessons_in(ctx)
    return {
        "show": True,
        "latest": lessons[:PANEL_LESSONS],
        "count": len(lessons),
        "worked": sum(1 for lesson in lessons if lesson.kind == LessonKind.WORKED),
        "did_not_work": sum(1 for lesson in lessons if lesson.kind == LessonKind.DID_NOT_WORK),
        "may_record": ctx.access is not None and lesson_may_record(ctx.access),
    }
