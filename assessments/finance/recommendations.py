"""Recommendations the finance app drafts for a board paper, one per partner the body
governs, in the words a committee clerk would use; the author edits them before the
version is frozen."""

from assessments.finance.calculations import (
    format_pounds,
    period_label,
    recurring_from,
    sum_by_year,
    year_label,
)
from assessments.finance.models import CONTRIBUTION_SOURCES, CostKind
from assessments.finance.selectors import finance_in
from planner.context import PlanContext
from planner.reports.models import ReportPurpose

# What the body is asked to do with each money line, by the paper's purpose: a paper for
# discussion must not read as though the decision were already being taken.
ASK = {
    ReportPurpose.DECISION: "Agree",
    ReportPurpose.DISCUSSION: "Comment on",
    ReportPurpose.INFORMATION: "Note",
}


def _share_of_costs(org, own, years, period, ask) -> str:
    # The lines carry `by_year`, all the sums read of them.
    capital = sum_by_year([c for c in own.cost_lines if c.kind == CostKind.CAPITAL], years)
    revenue = sum_by_year([c for c in own.cost_lines if c.kind != CostKind.CAPITAL], years)
    parts = []
    if sum(capital.values()):
        parts.append(f"{format_pounds(sum(capital.values()))} capital")
    if sum(revenue.values()):
        recurring = recurring_from(revenue, years)
        if recurring:
            pence, first = recurring
            parts.append(f"{format_pounds(pence)} a year revenue from {year_label(first)}")
        else:
            parts.append(f"{format_pounds(sum(revenue.values()))} revenue")
    total = sum(capital.values()) + sum(revenue.values())
    return (
        f"{ask} {org.name}'s share of the scheme's costs: {' and '.join(parts)} "
        f"(total {format_pounds(total)} over {period})"
    )


def finance_recommendations(
    ctx: PlanContext, organisations, *, purpose: str = ReportPurpose.DECISION
) -> list[str]:
    """For each organisation given that is a partner: its share of the costs and its
    contribution to the funding; then, once, any year whose funding falls short."""
    data = finance_in(ctx)
    years = data.period.year_list
    period = period_label(data.period.first_year, data.period.years)
    ask = ASK[purpose]
    drafted = []
    for org in organisations:
        own = data.for_organisation(org.pk)
        if own is None:
            continue
        contribution = sum(
            sum(f.by_year.get(y, 0) for y in years)
            for f in own.funding_lines
            if f.source in CONTRIBUTION_SOURCES
        )
        if own.cost_lines:
            text = _share_of_costs(org, own, years, period, ask)
            if contribution:
                text += f", and its contribution of {format_pounds(contribution)} to the funding"
            drafted.append(text + ".")
        elif contribution:
            drafted.append(
                f"{ask} {org.name}'s contribution of {format_pounds(contribution)} to the "
                f"scheme's funding over {period}."
            )
    shortfalls = [y for y in data.summary.gap_years if data.summary.gaps[y] < 0]
    if drafted and shortfalls:
        years_text = ", ".join(
            f"{format_pounds(-data.summary.gaps[y])} in {year_label(y)}" for y in shortfalls
        )
        drafted.append(
            f"Note that the scheme's funding falls short of its costs by {years_text}, and ask "
            "the partners' finance officers to report how the shortfall will be met."
        )
    return drafted
