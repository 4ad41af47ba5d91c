"""What the case library adds to other pages: a plan panel, a header link, a report section."""

from django.urls import reverse

from planner.cases.selectors import plan_pinned_cases
from planner.hooks import NavItem, PlanPanel, register_nav_item, register_plan_panel
from planner.models import Stage
from planner.reports.hooks import ReportSection, register_report_section


def _panel_context(access) -> dict:
    return {
        "pinned": plan_pinned_cases(access.plan),
        "can_propose": access.is_lead and access.plan.stage == Stage.CLOSED,
    }


def _report_context(plan) -> dict:
    return {"pinned": plan_pinned_cases(plan)}


def _nav(request):
    if not request.user.is_authenticated:
        return None
    return NavItem(label="Case library", url=reverse("case_list"))


register_plan_panel(
    PlanPanel(
        key="cases",
        title="Comparable schemes and lessons",
        template="cases/panel_cases.html",
        order=60,
        context=_panel_context,
    )
)
register_nav_item(_nav)
register_report_section(
    ReportSection(
        key="cases",
        title="Comparable schemes and lessons",
        order=60,
        five_case="strategic",
        template="reports/sections/cases.html",
        context=_report_context,
    )
)
