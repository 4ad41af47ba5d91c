"""Writes for the post-implementation review, the lessons and a withdrawal that teaches.

The withdrawal is workflows' `withdraw` transition, conditional on the withdrawal's checks
(planner.gates.WITHDRAWAL), one of which this app registers: the plan has a lesson recorded
at its withdrawal. Workflows cannot import this app, so the withdrawal page is offered here:
`plan_withdraw_with_lessons` writes the lesson and runs workflows' `plan_transition` in one
transaction, whose condition then sees the lesson. Workflows' own withdrawal page, reached
without a lesson, is refused by that check, which links here; a refused or stale withdrawal
rolls the lesson back with it, so nothing changes.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.review.models import Lesson, LessonKind, PostImplementationReview
from assessments.review.selectors import lesson_may_edit, lesson_may_record
from planner.access import PlanAccess, plan_require_lead
from planner.context import PlanContext
from planner.errors import DomainError, NotAllowed
from planner.models import Stage
from workflows.models import Decision
from workflows.services import decision_record, plan_transition


def _full_clean(obj, exclude=None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise DomainError.from_validation(exc) from exc


def review_save(
    *,
    access: PlanAccess,
    delivered: str,
    actual_cost_pence: int | None,
    cost_explanation: str,
    benefits_realised: str,
) -> PostImplementationReview:
    """Write or rewrite the plan's post-implementation review (the project lead, in review),
    with a decision-log row saying so."""
    plan_require_lead(access)
    if access.plan.stage != Stage.REVIEW:
        raise DomainError("The post-implementation review is written in the review stage.")
    with transaction.atomic():
        review = (
            PostImplementationReview.objects.select_for_update().filter(plan=access.plan).first()
        )
        first = review is None
        review = review or PostImplementationReview(plan=access.plan)
        review.delivered = delivered.strip()
        review.actual_cost_pence = actual_cost_pence
        review.cost_explanation = cost_explanation.strip()
        review.benefits_realised = benefits_realised.strip()
        review.written_by = access.user
        _full_clean(review)
        review.save()
        decision_record(
            plan=access.plan,
            actor=access.user,
            summary="Post-implementation review " + ("written" if first else "revised"),
            rationale=review.delivered,
            topic=f"review:{access.plan.pk}",
        )
    return review


def _lesson_fill(lesson: Lesson, *, kind, text, would_have_helped, characteristics, themes):
    lesson.kind = kind
    lesson.text = text.strip()
    lesson.would_have_helped = (would_have_helped or "").strip()
    lesson.set_themes(themes)
    if not characteristics:
        raise DomainError("Choose at least one success characteristic", field="characteristics")
    _full_clean(lesson)
    lesson.save()
    lesson.characteristics.set(characteristics)
    return lesson


def lesson_create(
    *,
    access: PlanAccess,
    kind: str,
    text: str,
    would_have_helped: str = "",
    characteristics: list,
    themes: list[str],
) -> Lesson:
    """Record a lesson of the plan, for the person's organisation (in delivery or review)."""
    if not lesson_may_record(access):
        raise NotAllowed(
            "Lessons are recorded in delivery and review, by people who may change the plan."
        )
    lesson = Lesson(
        plan=access.plan,
        stage=access.plan.stage,
        organisation=access.organisation,
        recorded_by=access.user,
    )
    with transaction.atomic():
        return _lesson_fill(
            lesson,
            kind=kind,
            text=text,
            would_have_helped=would_have_helped,
            characteristics=characteristics,
            themes=themes,
        )


def lesson_update(
    *,
    access: PlanAccess,
    lesson: Lesson,
    kind: str,
    text: str,
    would_have_helped: str = "",
    characteristics: list,
    themes: list[str],
) -> Lesson:
    """Change one of the person's own lessons."""
    if not lesson_may_edit(access, lesson):
        raise NotAllowed("You can change only the lessons you recorded, in delivery and review.")
    with transaction.atomic():
        return _lesson_fill(
            lesson,
            kind=kind,
            text=text,
            would_have_helped=would_have_helped,
            characteristics=characteristics,
            themes=themes,
        )


def plan_withdraw_with_lessons(
    *,
    ctx: PlanContext,
    expected_stage: str,
    reason: str,
    text: str,
    would_have_helped: str,
    characteristics: list,
    themes: list[str],
    kind: str = "",
) -> Decision:
    """Withdraw the plan with its reason and its lesson, all or nothing.

    Steps:
    1. Only the project lead withdraws (refused before anything is written); the reason and
       what would have helped are required.
    2. In one transaction: write the lesson (what went wrong, what would have helped, its
       tags), then run workflows' withdraw transition in a fresh context, whose withdrawal
       check now sees the lesson; the reason is the decision log's rationale.
    3. A refusal (a stale stage, say) rolls the lesson back with the transaction.
    """
    access = ctx.access
    if not access.may_change_stage:
        raise NotAllowed("Only the project lead can change the plan's stage.")
    if not (reason or "").strip():
        raise DomainError("Enter why the plan is being withdrawn", field="reason")
    if not (would_have_helped or "").strip():
        raise DomainError("Enter what would have helped", field="would_have_helped")
    with transaction.atomic():
        lesson = Lesson(
            plan=access.plan,
            stage=access.plan.stage,
            at_withdrawal=True,
            organisation=access.organisation,
            recorded_by=access.user,
        )
        _lesson_fill(
            lesson,
            kind=kind or LessonKind.DID_NOT_WORK,
            text=text,
            would_have_helped=would_have_helped,
            characteristics=characteristics,
            themes=themes,
        )
        return plan_transition(
            ctx=PlanContext.for_access(access),
            name="withdraw",
            expected_stage=expected_stage,
            rationale=reason,
        )
