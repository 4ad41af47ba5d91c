"""What the case library adds to other pages: a plan panel, a header link, a report section."""

from django.urls import reverse

from planner.cases.selectors import plan_pinned_cases
from planner.context import PlanContext
from planner.models import TERMINAL_STAGES
from planner.plugins import NavItem


def cases_panel(ctx: PlanContext) -> dict:
    return {
        "pinned": ctx.shared("cases.pinned", lambda: plan_pinned_cases(ctx.plan)),
        "can_propose": ctx.access.is_lead and ctx.plan.stage in TERMINAL_STAGES,
    }


def cases_section(ctx: PlanContext) -> dict:
    return {"pinned": plan_pinned_cases(ctx.plan)}


def case_library_nav(request):
    if not request.user.is_authenticated:
        return None
    return NavItem(label="Case library", url=reverse("case_list"))
