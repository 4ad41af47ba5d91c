"""Checks on the close gate (leaving review) and on withdrawing a plan.

Side-effect free; they read through the plan context, which reads the review and the
lessons once for the gate and the plan page's panels. Each says what is missing and links
to where to fix it.
"""

from django.urls import reverse

from assessments.finance.calculations import format_pounds
from assessments.review.models import LessonKind
from assessments.review.selectors import budget_pence_in, lessons_in, review_in
from planner.context import PlanContext
from planner.gates import CheckResult


def check_review_written(ctx: PlanContext):
    """Passed when the post-implementation review exists and says what was delivered, what it
    cost (where the partners stated costs, the budget to compare with) and which benefits were
    realised."""
    review = review_in(ctx)
    url = reverse("plan_review", args=[ctx.plan.pk])
    if review is None:
        yield CheckResult(
            "review_written",
            False,
            "The post-implementation review has not been written: what was delivered against "
            "what was planned, the cost against the budget and the benefits realised.",
            url,
            "Write the review",
        )
        return
    budget = budget_pence_in(ctx)
    missing = review.missing(budget_pence=budget)
    if missing:
        yield CheckResult(
            "review_written",
            False,
            "The post-implementation review does not yet give " + _join(missing) + ".",
            url,
            "Complete the review",
        )
        return
    cost = (
        f": {format_pounds(review.actual_cost_pence)} spent against a budget of "
        f"{format_pounds(budget)}"
        if budget
        else ""
    )
    yield CheckResult("review_written", True, f"The post-implementation review is written{cost}.")


def check_lessons_both_kinds(ctx: PlanContext):
    """Passed when the partners have recorded at least one lesson of what worked and one of
    what did not: a scheme that went well still has something to do better."""
    kinds = {lesson.kind for lesson in lessons_in(ctx)}
    missing = [k.label.lower() for k in LessonKind if k not in kinds]
    if missing:
        yield CheckResult(
            "lessons_both_kinds",
            False,
            "Record at least one lesson of " + " and one of ".join(missing) + ".",
            reverse("lesson_create", args=[ctx.plan.pk]),
            "Record a lesson",
        )
        return
    yield CheckResult(
        "lessons_both_kinds",
        True,
        f"Lessons recorded of what worked and what did not ({len(lessons_in(ctx))} in all).",
    )


def check_withdrawal_lessons(ctx: PlanContext):
    """Passed when the withdrawal's lesson is recorded (what went wrong, what would have
    helped), which the withdrawal page writes in the same transaction as the withdrawal."""
    if any(lesson.at_withdrawal for lesson in lessons_in(ctx)):
        yield CheckResult("withdrawal_lessons", True, "The withdrawal's lessons are recorded.")
        return
    yield CheckResult(
        "withdrawal_lessons",
        False,
        "Say why the plan is stopping and record at least one lesson: what went wrong and "
        "what would have helped.",
        reverse("plan_withdraw", args=[ctx.plan.pk]),
        "Withdraw the plan with its lessons",
    )


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]
