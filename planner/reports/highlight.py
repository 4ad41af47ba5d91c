"""The monthly highlight report: one page for the partnership board while a scheme delivers.

Its parts come from the apps that hold the data (`PlanPlugin.highlight_sections`, in the
order of `HIGHLIGHT_OUTLINE`): delivery confidence and milestones, the top risks, benefits
against their targets, and the decisions the board is asked to take. The page and the PDF are
the same HTML fragments, so what the board reads is what the lead saw.

The PDF is printed in the request, not by the versioned Celery path of the board paper: it is
one page of bounded length (each part shows a fixed number of rows and cuts long text), not a
frozen, numbered record, so there is nothing to version, and printing it takes well under a
second (tests/planner/reports/test_highlight.py measures it).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from planner.context import PlanContext
from planner.dates import uk_today
from planner.models import Plan, Stage
from planner.plugins import ReportSection, highlight_sections
from planner.reports.rendering import ReportBuildError, with_soft_breaks

# Where a plan has a highlight report: from delivery on, and while a delivering plan is held.
HIGHLIGHT_STAGES = (Stage.DELIVERY, Stage.REVIEW, Stage.CLOSED)
MONTH_KEY = "reports.highlight_month"


@dataclass(frozen=True, order=True)
class HighlightMonth:
    """A calendar month, as the report's period (UK dates)."""

    first: date

    @classmethod
    def of(cls, day: date) -> "HighlightMonth":
        return cls(day.replace(day=1))

    @classmethod
    def parse(cls, value: str) -> "HighlightMonth | None":
        try:
            year, month = (int(part) for part in value.split("-"))
            return cls(date(year, month, 1))
        except (TypeError, ValueError):
            return None

    @property
    def last(self) -> date:
        following = (self.first + timedelta(days=32)).replace(day=1)
        return following - timedelta(days=1)

    @property
    def previous(self) -> "HighlightMonth":
        return HighlightMonth.of(self.first - timedelta(days=1))

    @property
    def param(self) -> str:
        return f"{self.first:%Y-%m}"

    @property
    def label(self) -> str:
        return f"{self.first:%B %Y}"

    def __str__(self):
        return self.label


def highlight_applies(plan: Plan) -> bool:
    stage = plan.held_from_stage if plan.stage == Stage.ON_HOLD else plan.stage
    return stage in HIGHLIGHT_STAGES


def delivery_started_on(plan: Plan) -> date:
    """The first day the report covers: when a plan in delivery entered it; for a plan past
    delivery (whose entry into delivery is the decision log's, which planner does not read)
    the day it was created, so every month of its delivery can still be chosen."""
    if plan.stage == Stage.DELIVERY:
        return timezone.localdate(plan.stage_changed_at)
    return timezone.localdate(plan.created_at)


def highlight_months(plan: Plan) -> list[HighlightMonth]:
    """The months the report can be read for, newest first: since delivery, to this one."""
    if not highlight_applies(plan):
        return []
    first, month = HighlightMonth.of(delivery_started_on(plan)), HighlightMonth.of(uk_today())
    months = []
    while month >= first:
        months.append(month)
        month = month.previous
    return months


def highlight_month_in(ctx: PlanContext) -> HighlightMonth:
    """The month the report is built for (this month unless the report says otherwise), for
    the sections that read figures as at a date."""
    return ctx.shared(MONTH_KEY, lambda: HighlightMonth.of(uk_today()))


@dataclass
class HighlightPart:
    section: ReportSection
    html: str

    @property
    def anchor(self) -> str:
        return f"highlight-{self.section.key}"


def _render(section: ReportSection, ctx: PlanContext, month: HighlightMonth) -> HighlightPart:
    try:
        data = section.context(ctx) or {}
        html = render_to_string(
            section.template,
            {
                **data,
                "ctx": data,
                "plan": ctx.plan,
                "month": month,
                "section": section,
                # The part's <h2 id>: the page's <section> is labelled by it.
                "heading_id": f"highlight-{section.key}-heading",
            },
        )
    except Exception as exc:
        raise ReportBuildError(
            f"The “{section.title}” part could not be built ({type(exc).__name__}: {exc})."
        ) from exc
    return HighlightPart(section, html)


def highlight_parts(ctx: PlanContext, month: HighlightMonth) -> list[HighlightPart]:
    """Every contributed part, in the outline's order, for `month`: the month is put in the
    context first, so every part reads the same one."""
    chosen = ctx.shared(MONTH_KEY, lambda: month)
    if chosen != month:
        raise ValueError("This context was built for another month's highlight report.")
    return [_render(section, ctx, month) for section in highlight_sections()]


def highlight_document_html(ctx: PlanContext, month: HighlightMonth) -> str:
    """The report as a standalone HTML document for the printer, with the print stylesheet."""
    html = render_to_string(
        "reports/highlight/document.html",
        {
            "plan": ctx.plan,
            "month": month,
            "parts": highlight_parts(ctx, month),
            "partners": ctx.partners,
            "printed_at": timezone.localtime(),
            "stylesheet_url": reverse("report_stylesheet"),
        },
    )
    return with_soft_breaks(html)
