"""What the case library adds to plans: a panel, a report section and a header link."""

from django.urls import reverse

from planner.cases import demo
from planner.cases.panels import case_library_nav, cases_panel, cases_section
from planner.cases.selectors import plan_pinned_cases
from planner.models import TERMINAL_STAGES
from planner.plugins import OptionalTask, PlanPanel, PlanPlugin, ReportSection


def cases_tasks(ctx):
    """Link comparable schemes while the plan is live: no gate asks, the board paper uses
    them. The pinned cases are the panel's read, shared in the context."""
    if ctx.plan.stage in TERMINAL_STAGES:
        return []
    pinned = ctx.shared("cases.pinned", lambda: plan_pinned_cases(ctx.plan))
    return [
        OptionalTask(
            "Link comparable schemes from the case library",
            reverse("plan_cases", args=[ctx.plan.pk]),
            "completed" if pinned else "not_started",
            f"{len(pinned)} linked." if pinned else "Schemes like this one, and their lessons.",
        )
    ]


PLUGIN = PlanPlugin(
    panels=[
        PlanPanel("cases", "Comparable schemes and lessons", "cases/panel_cases.html", cases_panel)
    ],
    report_sections=[
        ReportSection(
            "cases",
            "Comparable schemes and their lessons",
            "appendix",
            "reports/sections/cases.html",
            cases_section,
        )
    ],
    nav_items=[case_library_nav],
    optional_tasks=cases_tasks,
    demo_build=demo.build,
    demo_finish=demo.finish,
)
