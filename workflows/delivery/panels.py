"""The plan page's milestones and confidence panels, and the highlight report's sections.

Each returns early, reading nothing, at a stage where it does not apply; otherwise each reads
one query, shared through the context (the milestones with the joint risk assessment gate's
check), so the page grows by one query per panel whatever the number of rows.
"""

from datetime import timedelta

from django.urls import reverse

from planner.context import PlanContext
from planner.dates import uk_today
from planner.models import Stage
from planner.reports.highlight import highlight_month_in
from workflows.delivery.selectors import (
    MILESTONE_STAGES,
    confidence_in,
    confidence_months,
    milestone_summary,
    milestones_in,
    month_of,
    two_reds_in_a_row,
)
from workflows.delivery.services import confidence_may_record, milestone_may_change


def milestones_panel(ctx: PlanContext) -> dict:
    if ctx.plan.stage not in MILESTONE_STAGES:
        return {"shown": False}
    summary = milestone_summary(milestones_in(ctx))
    return {
        "shown": True,
        "summary": summary,
        "may_add": ctx.access is not None and milestone_may_change(ctx.access),
    }


def _confidence(ctx: PlanContext) -> dict:
    updates = confidence_in(ctx)
    months = confidence_months(updates)
    this_month = month_of(uk_today())
    latest = next((m.lead for m in months if m.lead), None)
    return {
        "months": months,
        "latest": latest,
        "this_month": this_month,
        "due": not any(m.month == this_month and m.lead for m in months),
        "two_reds": two_reds_in_a_row(updates),
    }


def confidence_panel(ctx: PlanContext) -> dict:
    if ctx.plan.stage != Stage.DELIVERY:
        return {"shown": False}
    data = _confidence(ctx)
    access = ctx.access
    return {
        "shown": True,
        **data,
        "months": data["months"][:3],
        "may_record": access is not None and confidence_may_record(access),
        # The prompt is the lead's: only the lead sends a plan back.
        "prompt_send_back": data["two_reds"] and access is not None and access.is_lead,
        "send_back_url": reverse("plan_transition", args=[ctx.plan.pk, "send_back"]),
    }


# ...and its confidence table the latest this many rated months (the trend page has them all).
HIGHLIGHT_CONFIDENCE_MONTHS = 3


def confidence_highlight(ctx: PlanContext) -> dict:
    """The report month's lead rating (or the latest before it), the partners' views and
    the last three rated months up to it (the report is one page)."""
    month = highlight_month_in(ctx).first
    upto = [u for u in confidence_in(ctx) if u.month <= month]
    months = [m for m in confidence_months(upto) if m.lead]
    return {
        "current": months[0].lead if months else None,
        "recent": months[:HIGHLIGHT_CONFIDENCE_MONTHS],
        "two_reds": two_reds_in_a_row(upto),
    }


# The highlight report is one page: its slipped-or-overdue table shows at most this many.
HIGHLIGHT_LATE_ROWS = 5


def milestones_highlight(ctx: PlanContext) -> dict:
    """Milestones due in the report's month, and those slipped or overdue as at the month's
    end (or today, if that is earlier), the latest first."""
    month = highlight_month_in(ctx).first
    month_end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    summary = milestone_summary(milestones_in(ctx), min(uk_today(), month_end))
    late = [r for r in summary.rows if (r.slippage or 0) > 0 or r.overdue]
    late.sort(key=lambda r: r.slippage or 0, reverse=True)
    return {
        "summary": summary,
        "due": summary.due_in_month(month),
        "late": late[:HIGHLIGHT_LATE_ROWS],
        "more_late": max(len(late) - HIGHLIGHT_LATE_ROWS, 0),
        "slipped_count": len(summary.slipped),
        "overdue_count": len(summary.overdue),
    }


# The board paper's management case lists at most this many milestones; the rest are on the
# milestones page and the timeline.
PAPER_MILESTONE_ROWS = 12


def milestones_section(ctx: PlanContext) -> dict:
    """The board paper's milestones, in date order: baseline, forecast, actual and how late,
    so the body sees the delivery plan it is asked to approve (or how it is going)."""
    summary = milestone_summary(milestones_in(ctx))
    rows = sorted(
        summary.rows,
        key=lambda r: (r.milestone.due_on is None, r.milestone.due_on, r.milestone.title),
    )
    return {
        "summary": summary,
        "rows": rows[:PAPER_MILESTONE_ROWS],
        "more": max(len(rows) - PAPER_MILESTONE_ROWS, 0),
        "slipped_count": len(summary.slipped),
        "overdue_count": len(summary.overdue),
    }
