"""Reads for the review and the lessons, each one query, shared through the plan context by
the close gate's checks and the plan page's panels."""

from django.http import Http404

from assessments.finance.selectors import finance_in
from assessments.models import Characteristic
from assessments.review.models import Lesson, LessonKind, PostImplementationReview, Theme
from assessments.risks.selectors import benefit_list_for_plan, latest_actual
from assessments.selectors import framework_current
from planner.access import PlanAccess
from planner.context import PlanContext
from planner.models import Plan, Stage, User
from planner.selectors import plan_ids_for_user

# Where lessons are recorded: from delivery, when there is something to learn from, until the
# plan is closed; a withdrawal records its own on the withdrawal page.
LESSON_STAGES = (Stage.DELIVERY, Stage.REVIEW)
# Where the plan page shows them: those stages and the finished plan.
LESSON_PANEL_STAGES = (*LESSON_STAGES, Stage.CLOSED, Stage.WITHDRAWN)


def review_for_plan(plan: Plan) -> PostImplementationReview | None:
    return PostImplementationReview.objects.filter(plan=plan).select_related("written_by").first()


def review_in(ctx: PlanContext) -> PostImplementationReview | None:
    """The review, read once per context for the close gate and the panel."""
    return ctx.shared("review.review", lambda: review_for_plan(ctx.plan))


def lessons_for_plan(plan: Plan) -> list[Lesson]:
    """The plan's lessons with who recorded them (one query; the tags are not read)."""
    return list(Lesson.objects.filter(plan=plan).select_related("recorded_by", "organisation"))


def lessons_with_tags(plan: Plan) -> list[Lesson]:
    """The plan's lessons with their characteristics, for its lessons page (two queries)."""
    return list(
        Lesson.objects.filter(plan=plan)
        .select_related("recorded_by", "organisation")
        .prefetch_related("characteristics")
    )


def lessons_in(ctx: PlanContext) -> list[Lesson]:
    """The plan's lessons, read once per context for the close gate, the withdrawal's check
    and the panels."""
    return ctx.shared("review.lessons", lambda: lessons_for_plan(ctx.plan))


def budget_pence_in(ctx: PlanContext) -> int:
    """The scheme's budget: the total of the partners' cost lines, shared with the finance
    panel's read (which needs no benefits)."""
    return finance_in(ctx, with_benefits=False).summary.total_costs


def benefits_for_review(plan: Plan) -> list[dict]:
    """Each benefit with its latest actual against its target and its status, for the review
    to draw its summary from (two queries)."""
    return [{"benefit": b, "latest": latest_actual(b)} for b in benefit_list_for_plan(plan)]


def benefits_summary_text(rows: list[dict]) -> str:
    """A first draft of the review's "benefits realised", one line a benefit, for the lead to
    edit: its status (with the reason, where one was given) and the latest value measured."""
    lines = []
    for row in rows:
        benefit, latest = row["benefit"], row["latest"]
        line = f"{benefit.title}: {benefit.get_status_display().lower()}"
        if benefit.status_reason:
            line += f" ({benefit.status_reason})"
        if latest is not None:
            line += f"; latest measured {latest.value:g} against a target of "
            line += f"{benefit.target_value:g} {benefit.unit_label}"
        lines.append(line + ".")
    return "\n".join(lines)


def lesson_may_record(access: PlanAccess) -> bool:
    """Anyone who may change the plan records lessons, in delivery and review."""
    return access.can_change and access.plan.stage in LESSON_STAGES


def lesson_may_edit(access: PlanAccess, lesson: Lesson) -> bool:
    """A person edits only their own lessons, while lessons are still being recorded."""
    return lesson_may_record(access) and lesson.recorded_by_id == access.user.pk


def lesson_get(access: PlanAccess, lesson_id) -> Lesson:
    lesson = (
        Lesson.objects.filter(plan=access.plan, pk=lesson_id)
        .select_related("recorded_by", "organisation")
        .prefetch_related("characteristics")
        .first()
    )
    if lesson is None:
        raise Http404("No lesson found.")
    return lesson


def characteristic_choices() -> list[Characteristic]:
    """The current framework's characteristics, the ones a new lesson is tagged with."""
    framework = framework_current()
    if framework is None:
        return []
    return list(Characteristic.objects.filter(framework=framework).order_by("order", "pk"))


def lessons_browse(
    user: User, *, characteristic: str = "", theme: str = "", kind: str = ""
) -> tuple[list[Lesson], int]:
    """Lessons from every plan the person's organisation is a partner on, newest first,
    filtered by a characteristic's code, a theme and a kind; and how many plans that is.

    Three queries whatever the number of lessons: the plan ids, the lessons with their plans
    and recorders, and their characteristics.
    """
    plan_ids = plan_ids_for_user(user)
    lessons = Lesson.objects.filter(plan_id__in=plan_ids)
    if characteristic:
        lessons = lessons.filter(characteristics__code=characteristic).distinct()
    if theme in Theme.values:
        lessons = lessons.filter(**{f"theme_{theme}": True})
    if kind in LessonKind.values:
        lessons = lessons.filter(kind=kind)
    return (
        list(
            lessons.select_related("plan", "organisation", "recorded_by").prefetch_related(
                "characteristics"
            )
        ),
        len(set(plan_ids)),
    )
