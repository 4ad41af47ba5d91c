"""The lessons a finished plan takes to the case library when it is proposed as a case."""

from assessments.review.models import Lesson, LessonKind
from planner.models import Plan, Stage
from workflows.models import Decision

PREFIXES = {LessonKind.WORKED: "What worked", LessonKind.DID_NOT_WORK: "What did not work"}


def proposal_lessons(plan: Plan) -> list[str]:
    """One line a lesson (two queries): a withdrawn plan's reason first ("Why it stopped: …",
    the withdrawal's rationale in the decision log), then its withdrawal lessons ("Why it
    stopped: what went wrong. What would have helped: …"), then the others, oldest first."""
    lines = []
    if plan.stage == Stage.WITHDRAWN:
        withdrawal = (
            Decision.objects.filter(plan=plan, to_stage=Stage.WITHDRAWN)
            .values_list("rationale", flat=True)
            .first()
        )
        if withdrawal:
            lines.append(f"Why it stopped: {withdrawal}")
    lessons = sorted(
        Lesson.objects.filter(plan=plan).order_by("recorded_at", "pk"),
        key=lambda lesson: not lesson.at_withdrawal,
    )
    for lesson in lessons:
        prefix = "Why it stopped" if lesson.at_withdrawal else PREFIXES[lesson.kind]
        line = f"{prefix}: {lesson.text}"
        if lesson.would_have_helped:
            line += f" What would have helped: {lesson.would_have_helped}"
        lines.append(line)
    return lines
