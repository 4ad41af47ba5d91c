"""The plan page's finance panel and the board paper's finance sections.

All of them read `finance_in(ctx)`, so each reads the money once in its context however many
lines there are: the plan page's panel shares the gate's read without the benefits (four
queries); the paper's sections share one with them (five).
"""

from assessments.finance.selectors import finance_in
from planner.context import PlanContext


def finance_panel(ctx: PlanContext) -> dict:
    data = finance_in(ctx, with_benefits=False)
    asked = [o for o in data.organisations if not o.is_observer]
    return {
        "data": data,
        "summary": data.summary,
        "asked": len(asked),
        "stated": sum(1 for o in asked if o.has_stated_costs),
    }


def finance_section(ctx: PlanContext) -> dict:
    """The financial case in short form: totals by year, who pays and who gains, payback."""
    data = finance_in(ctx)
    return {"data": data, "summary": data.summary}


def finance_lines_section(ctx: PlanContext) -> dict:
    """The appendix: every cost and funding line by year."""
    data = finance_in(ctx)
    return {"data": data, "summary": data.summary}
