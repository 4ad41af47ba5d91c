"""The gate leaving joint risk assessment: a milestone baselined in each year of delivery."""

from django.urls import reverse

from planner.context import PlanContext
from planner.dates import uk_today
from planner.gates import CheckResult
from workflows.delivery.selectors import (
    delivery_years,
    financial_year_label,
    financial_year_of,
    milestones_in,
)


def check_milestones(ctx: PlanContext):
    """At least one milestone with a baseline date in each financial year (April to March)
    of delivery: from the delivery start (the joint risk assessment target, not before
    today) to the delivery target date. Without a delivery target the years are unknown, so
    the check asks for it. One result per year, so each missing year names itself."""
    plan = ctx.plan
    years = delivery_years(plan, uk_today())
    if not years:
        yield CheckResult(
            "milestones",
            False,
            "Set the delivery target date, so the milestones can be checked for each "
            "financial year of delivery.",
            reverse("plan_edit", args=[plan.pk]),
            "Edit the plan",
        )
        return
    fix = reverse("plan_milestones", args=[plan.pk])
    counts: dict[int, int] = {}
    for m in milestones_in(ctx):
        if m.baseline_on:
            year = financial_year_of(m.baseline_on)
            counts[year] = counts.get(year, 0) + 1
    for year in years:
        n = counts.get(year, 0)
        label = financial_year_label(year)
        if n:
            yield CheckResult(
                f"milestones:{year}",
                True,
                f"{n} milestone{'s' if n != 1 else ''} baselined in {label}.",
            )
        else:
            yield CheckResult(
                f"milestones:{year}",
                False,
                f"Add a milestone with a baseline date in {label} (April {year} to March "
                f"{year + 1}): every financial year of delivery needs one.",
                fix,
                "Add a milestone",
            )
