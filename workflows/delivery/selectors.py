"""Reads for milestones and delivery confidence, each a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse

from planner.access import PlanAccess
from planner.context import PlanContext
from planner.dates import uk_today
from planner.models import MemberRole, Plan, Stage
from planner.plugins import WaitingItem
from workflows.delivery.models import ConfidenceUpdate, Milestone, MilestoneStatus, Rating

# Stages where milestones are shown on the plan page and checked by the gate.
MILESTONE_STAGES = (Stage.RISK, Stage.DELIVERY, Stage.REVIEW, Stage.CLOSED)


def financial_year_of(day: date) -> int:
    """The April-starting financial year a day falls in, named by its first calendar year."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def delivery_start(plan: Plan, today: date) -> date:
    """When delivery starts: the joint risk assessment target (when that gate is due to be
    passed), but never before today, since the plan cannot enter delivery in the past."""
    target = plan.joint_risk_assessment_target
    return max(target, today) if target else today


def delivery_years(plan: Plan, today: date) -> list[int]:
    """The financial years of delivery, from its start to the delivery target date (the date
    the plan should leave delivery). The plan's own stage targets define them: the finance
    app's period sits in a higher layer and is about money, not the timetable. Empty without
    a delivery target."""
    if plan.delivery_target is None:
        return []
    first = financial_year_of(delivery_start(plan, today))
    last = financial_year_of(plan.delivery_target)
    return list(range(min(first, last), max(first, last) + 1))


def milestones_for_plan(plan: Plan) -> list[Milestone]:
    return list(Milestone.objects.filter(plan=plan).select_related("owner"))


def milestones_in(ctx: PlanContext) -> list[Milestone]:
    """The plan's milestones, read once per context (the gate check and the panel share it)."""
    return ctx.shared("delivery.milestones", lambda: milestones_for_plan(ctx.plan))


def milestone_get(access: PlanAccess, milestone_id) -> Milestone:
    milestone = (
        Milestone.objects.select_related("owner").filter(plan=access.plan, pk=milestone_id).first()
    )
    if milestone is None:
        raise Http404("No such milestone on this plan.")
    return milestone


@dataclass(frozen=True)
class MilestoneRow:
    milestone: Milestone
    slippage: int | None
    overdue: bool


@dataclass(frozen=True)
class MilestoneSummary:
    rows: list[MilestoneRow]
    today: date

    @property
    def slipped(self) -> list[MilestoneRow]:
        return [r for r in self.rows if (r.slippage or 0) > 0]

    @property
    def overdue(self) -> list[MilestoneRow]:
        return [r for r in self.rows if r.overdue]

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if r.milestone.status == MilestoneStatus.DONE)

    def due_in_month(self, month: date) -> list[MilestoneRow]:
        """Not done, due (forecast, else baseline) in the month of `month`."""
        return [
            r
            for r in self.rows
            if r.milestone.status != MilestoneStatus.DONE
            and (due := r.milestone.forecast_on or r.milestone.baseline_on)
            and (due.year, due.month) == (month.year, month.month)
        ]


def milestone_summary(milestones: list[Milestone], today: date | None = None) -> MilestoneSummary:
    today = today or uk_today()
    return MilestoneSummary(
        rows=[MilestoneRow(m, m.slippage_days, m.is_overdue(today)) for m in milestones],
        today=today,
    )


def month_of(day: date) -> date:
    return day.replace(day=1)


def months_back(month: date, n: int) -> date:
    """The first day of the month `n` months before `month`."""
    year, index = divmod(month.year * 12 + month.month - 1 - n, 12)
    return date(year, index + 1, 1)


def confidence_for_plan(plan: Plan) -> list[ConfidenceUpdate]:
    """Every rating, newest month first, the lead's before the partners' views."""
    return list(
        ConfidenceUpdate.objects.filter(plan=plan).select_related("organisation", "recorded_by")
    )


def confidence_in(ctx: PlanContext) -> list[ConfidenceUpdate]:
    return ctx.shared("delivery.confidence", lambda: confidence_for_plan(ctx.plan))


@dataclass(frozen=True)
class ConfidenceMonth:
    month: date
    lead: ConfidenceUpdate | None
    partners: list[ConfidenceUpdate]


def confidence_months(updates: list[ConfidenceUpdate]) -> list[ConfidenceMonth]:
    """The ratings grouped by month, newest first."""
    months: dict[date, ConfidenceMonth] = {}
    for u in updates:
        entry = months.setdefault(u.month, ConfidenceMonth(u.month, None, []))
        if u.is_lead_view:
            months[u.month] = ConfidenceMonth(u.month, u, entry.partners)
        else:
            entry.partners.append(u)
    return sorted(months.values(), key=lambda m: m.month, reverse=True)


def two_reds_in_a_row(updates: list[ConfidenceUpdate]) -> bool:
    """The lead's two latest monthly ratings are both red."""
    lead = sorted((u for u in updates if u.is_lead_view), key=lambda u: u.month, reverse=True)
    return len(lead) >= 2 and all(u.rating == Rating.RED for u in lead[:2])


def milestone_dashboard_notes(plans) -> dict[int, list[str]]:
    """ "2 milestones slipped", "1 milestone overdue" for the dashboard's plans in delivery or
    review, in one query; none when no plan on the page is at those stages."""
    ids = [p.pk for p in plans if p.stage in (Stage.DELIVERY, Stage.REVIEW)]
    if not ids:
        return {}
    notes = {}
    for plan_id, counts in milestone_counts_for_plans(ids, uk_today()).items():
        found = [
            f"{n} milestone{'s' if n != 1 else ''} {what}"
            for what, n in (("slipped", counts["slipped"]), ("overdue", counts["overdue"]))
            if n
        ]
        if found:
            notes[plan_id] = found
    return notes


def milestone_counts_for_plans(plan_ids, today: date) -> dict[int, dict[str, int]]:
    """Slipped and overdue milestones by plan, for many plans in one query."""
    counts = {pid: {"slipped": 0, "overdue": 0} for pid in plan_ids}
    rows = Milestone.objects.filter(plan_id__in=list(plan_ids)).values_list(
        "plan_id", "status", "baseline_on", "forecast_on"
    )
    for plan_id, status, baseline, forecast in rows:
        m = Milestone(status=status, baseline_on=baseline, forecast_on=forecast)
        counts[plan_id]["slipped"] += int(m.is_slipped)
        counts[plan_id]["overdue"] += int(m.is_overdue(today))
    return counts


def delivery_portfolio_facts(plans) -> dict[int, dict]:
    """The portfolio's delivery columns (planner.portfolio.columns) for many plans in two
    queries: the lead's latest monthly confidence rating, where one is recorded, and the
    milestones overdue of plans in delivery or review (as the dashboard counts them)."""
    ids = [p.pk for p in plans]
    facts: dict[int, dict] = {}
    if not ids:
        return facts
    latest = (
        ConfidenceUpdate.objects.filter(plan_id=OuterRef("plan_id"), is_lead_view=True)
        .order_by("-month")
        .values("month")[:1]
    )
    for plan_id, month, rating in (
        ConfidenceUpdate.objects.filter(plan_id__in=ids, is_lead_view=True, month=Subquery(latest))
        .order_by()
        .values_list("plan_id", "month", "rating")
    ):
        facts[plan_id] = {
            # "Amber", not "Amber: significant issues, manageable": the column is narrow.
            "confidence": Rating(rating).label.split(":")[0],
            "confidence_month": f"{month:%B %Y}",
        }
    # Asked whatever the plans' stages, so the page's count never depends on which plans it
    # shows: the stage is filtered in the query.
    overdue = (
        Milestone.objects.filter(plan_id__in=ids, plan__stage__in=(Stage.DELIVERY, Stage.REVIEW))
        .exclude(status=MilestoneStatus.DONE)
        .annotate(due=Coalesce("forecast_on", "baseline_on"))
        .filter(due__lt=uk_today())
        .values("plan_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("plan_id", "n")
    )
    for plan_id, n in overdue:
        facts.setdefault(plan_id, {})["milestones_overdue"] = n
    return facts


def milestones_waiting(user, plans) -> list[WaitingItem]:
    """A project lead's overdue milestones on these plans in delivery or review
    (`PlanPlugin.waiting_for`; planner.selectors.waiting_plans_for_user annotates the plans
    with the person's role): one item a plan, the earliest due first, in one query for every
    such plan and none when the person leads no plan there."""
    leading = [
        p.pk
        for p in plans
        if p.stage in (Stage.DELIVERY, Stage.REVIEW) and p.person_role == MemberRole.PROJECT_LEAD
    ]
    if not leading:
        return []
    today = uk_today()
    late: dict[int, list[tuple[date, str]]] = {}
    for plan_id, title, status, baseline, forecast in (
        Milestone.objects.filter(plan_id__in=leading)
        .exclude(status=MilestoneStatus.DONE)
        .values_list("plan_id", "title", "status", "baseline_on", "forecast_on")
    ):
        if Milestone(status=status, baseline_on=baseline, forecast_on=forecast).is_overdue(today):
            late.setdefault(plan_id, []).append((forecast or baseline, title))
    items = []
    for plan_id, found in late.items():
        found.sort()
        due, first = found[0]
        n = len(found)
        more = f" and {n - 1} more" if n > 1 else ""
        items.append(
            WaitingItem(
                plan_id,
                "overdue",
                f"{n} milestone{'s' if n != 1 else ''} overdue: {first}{more}",
                reverse("plan_milestones", args=[plan_id]),
                due,
            )
        )
    return items
