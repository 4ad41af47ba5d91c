"""Gate check on leaving governance alignment for joint risk assessment.

Side-effect free. Before the partners assess the scheme's risks together, each of them has
said what it will pay: a cost line, or "no costs" with a reason. Observers are not asked.
"""

from django.urls import reverse

from assessments.finance.selectors import finance_in
from planner.context import PlanContext
from planner.gates import CheckResult


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def check_costs_stated(ctx: PlanContext):
    """One result for the gate: passed when every partner organisation (observers aside)
    has a cost line or a "no costs" statement; otherwise it names those that have neither."""
    data = finance_in(ctx, with_benefits=False)
    asked = [o for o in data.organisations if not o.is_observer]
    missing = [o.organisation.name for o in data.unstated]
    if missing:
        verb = "has" if len(missing) == 1 else "have"
        message = (
            f"{_join(missing)} {verb} not stated {'its' if len(missing) == 1 else 'their'} "
            "costs: add a cost line, or state “no costs” with a reason."
        )
    else:
        none = sum(1 for o in asked if o.statement and not o.cost_lines)
        message = f"Every partner organisation ({len(asked)}) has stated its costs" + (
            f"; {none} state{'s' if none == 1 else ''} it bears none." if none else "."
        )
    yield CheckResult(
        "costs_stated",
        not missing,
        message,
        reverse("plan_finance", args=[ctx.plan.pk]),
        "State costs and funding",
    )
