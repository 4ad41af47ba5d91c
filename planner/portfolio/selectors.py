"""Reads for the portfolio: an organisation's plans, or a governing body's, one row a plan.

A page is a fixed number of queries however many plans there are: the portfolio's plan ids,
the partner organisations (the partner filter's choices), the count and the page's plans,
their partners' names, and each app's `portfolio_facts` for the page's plans at once. The
next gate's blockers come from the summary `workflows` stores on each plan's row, so no gate
is evaluated here.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.dateformat import format as format_date

from planner.models import (
    ACTIVE_STAGES,
    CollaborationType,
    GoverningBody,
    Organisation,
    Plan,
    PlanPartner,
    Stage,
    User,
)
from planner.plugins import portfolio_facts
from planner.selectors import DASHBOARD_PLAN_FIELDS, DASHBOARD_STAGE_ORDER

PORTFOLIO_PAGE_SIZE = 50
PORTFOLIO_PLAN_FIELDS = [*DASHBOARD_PLAN_FIELDS, "collaboration_type", "area"]


def portfolio_plan_ids(user: User, body: GoverningBody | None = None) -> list[int]:
    """The plans in the person's portfolio: those their organisation is a partner on, and for
    a body's portfolio, of those, the plans of an organisation the body governs (the rule is
    written in planner.portfolio.access). One query."""
    if user.organisation_id is None:
        return []
    own = PlanPartner.objects.filter(organisation_id=user.organisation_id).order_by()
    if body is None:
        return list(own.values_list("plan_id", flat=True))
    return list(
        PlanPartner.objects.filter(
            plan_id__in=own.values("plan_id"), organisation__governing_bodies=body
        )
        .order_by("plan_id")
        .values_list("plan_id", flat=True)
        .distinct()
    )


def bodies_governing(user: User) -> list[GoverningBody]:
    """The bodies governing the person's organisation, by name: the body portfolios they may
    open (planner.portfolio.access)."""
    if user.organisation_id is None:
        return []
    return list(GoverningBody.objects.filter(organisations=user.organisation_id).order_by("name"))


def portfolio_partners(plan_ids: list[int]) -> list[Organisation]:
    """The organisations partnering any of the plans, by name: the partner filter's choices."""
    if not plan_ids:
        return []
    return list(
        Organisation.objects.filter(partnerships__plan_id__in=plan_ids)
        .distinct()
        .order_by("name")
        .only("name")
    )


def portfolio_plans(plan_ids: list[int], filters: dict) -> QuerySet:
    """The portfolio's plans under the filters (stage, collaboration_type, partner, q), in the
    dashboard's order: along the stages, then by title."""
    stage_rank = Case(
        *[When(stage=stage, then=Value(i)) for i, stage in enumerate(DASHBOARD_STAGE_ORDER)],
        output_field=IntegerField(),
    )
    plans = Plan.objects.filter(pk__in=plan_ids)
    if stage := filters.get("stage"):
        plans = plans.filter(stage=stage)
    if kind := filters.get("collaboration_type"):
        plans = plans.filter(collaboration_type=kind)
    if partner := filters.get("partner"):
        plans = plans.filter(
            pk__in=PlanPartner.objects.filter(organisation_id=partner).values("plan_id")
        )
    if search := filters.get("q"):
        plans = plans.filter(
            Q(title__icontains=search) | Q(reference__icontains=search) | Q(area__icontains=search)
        )
    return (
        plans.only(*PORTFOLIO_PLAN_FIELDS)
        .annotate(stage_rank=stage_rank)
        .order_by("stage_rank", "title", "pk")
    )


def portfolio_page(plans: QuerySet, page_number) -> tuple[Page, list[dict]]:
    """One page of the plans (a count and the page's rows), with their rows."""
    page = Paginator(plans, PORTFOLIO_PAGE_SIZE).get_page(page_number)
    return page, portfolio_rows(list(page.object_list))


def portfolio_rows(plans: list[Plan]) -> list[dict]:
    """Each plan's row, keyed as PORTFOLIO_COLUMNS reads it: the plan's own values, then every
    app's facts. Two queries and each app's few, however many plans."""
    names: dict[int, list[str]] = {plan.pk: [] for plan in plans}
    if names:
        for plan_id, name in (
            PlanPartner.objects.filter(plan_id__in=names)
            .order_by("role", "organisation__name")
            .values_list("plan_id", "organisation__name")
        ):
            names[plan_id].append(name)
    facts = portfolio_facts(plans)
    rows = []
    for plan in plans:
        found = facts[plan.pk]
        rows.append(
            {
                **found,
                "plan": plan,
                "reference": plan.reference,
                "title": plan.title,
                "stage": stage_text(plan),
                "collaboration_type": CollaborationType(plan.collaboration_type).label,
                "partners": names[plan.pk],
                "blockers": blockers(plan),
                "overdue": overdue(plan, found.get("milestones_overdue") or 0),
            }
        )
    return rows


def stage_text(plan: Plan) -> str:
    if plan.stage == Stage.ON_HOLD and plan.held_from_stage:
        return f"On hold (from {Stage(plan.held_from_stage).label.lower()})"
    return Stage(plan.stage).label


def blockers(plan: Plan) -> list[str]:
    """What the next gate still needs, from the stored gate summary (planner.models.Plan):
    empty where the summary has not been worked out for the plan's current stage."""
    if plan.stage == Stage.ON_HOLD:
        return ["None while on hold"]
    if plan.stage not in ACTIVE_STAGES:
        return [f"None: the plan is {Stage(plan.stage).label.lower()}"]
    summary = plan.gate_summary or {}
    if summary.get("stage") != plan.stage:
        return []
    return list(summary.get("failed") or []) or ["None: the gate is open"]


def overdue(plan: Plan, milestones_overdue: int) -> list[str]:
    found = []
    if plan.stage in ACTIVE_STAGES and plan.next_target_overdue:
        found.append(
            f"{Stage(plan.stage).label} target ({format_date(plan.next_target, 'j M Y')}) passed"
        )
    if milestones_overdue:
        found.append(
            f"{milestones_overdue} milestone{'s' if milestones_overdue != 1 else ''} overdue"
        )
    return found
