"""What the review app adds to plans: the close gate's checks (the review written, lessons of
both kinds) and the withdrawal's (a lesson of why it stopped), the review and lessons panels,
the lessons browse page in the header, the lessons a finished plan takes to the case library,
and the demo's closed and withdrawn plans."""

from django.urls import reverse

from assessments.review import checks, demo, panels
from assessments.review.lessons import proposal_lessons
from assessments.review.selectors import lessons_in
from planner.gates import WITHDRAWAL, GateCheck
from planner.models import Stage
from planner.plugins import NavItem, OptionalTask, PlanPanel, PlanPlugin


def lessons_nav(request):
    if not request.user.is_authenticated or request.user.organisation_id is None:
        return None
    return NavItem(label="Lessons learned", url=reverse("lessons_browse"))


def lessons_tasks(ctx):
    """In delivery, lessons recorded as they happen (the close gate asks for them in review,
    where they are a gate task). The lessons are the panel's read, shared in the context."""
    if ctx.plan.stage != Stage.DELIVERY:
        return []
    lessons = lessons_in(ctx)
    return [
        OptionalTask(
            "Record lessons as they happen",
            reverse("plan_lessons", args=[ctx.plan.pk]),
            "in_progress" if lessons else "not_started",
            f"{len(lessons)} recorded so far." if lessons else "What worked and what did not.",
        )
    ]


PLUGIN = PlanPlugin(
    gate_checks=[
        GateCheck(
            Stage.REVIEW,
            "review_written",
            "The post-implementation review written",
            checks.check_review_written,
        ),
        GateCheck(
            Stage.REVIEW,
            "lessons_both_kinds",
            "Lessons of what worked and what did not",
            checks.check_lessons_both_kinds,
        ),
        GateCheck(
            WITHDRAWAL,
            "withdrawal_lessons",
            "Why the plan stopped and what would have helped",
            checks.check_withdrawal_lessons,
        ),
    ],
    panels=[
        PlanPanel(
            "review", "Post-implementation review", "review/panel_review.html", panels.review_panel
        ),
        PlanPanel("lessons", "Lessons learned", "review/panel_lessons.html", panels.lessons_panel),
    ],
    nav_items=[lessons_nav],
    proposal_lessons=proposal_lessons,
    optional_tasks=lessons_tasks,
    demo_build=demo.build,
)
