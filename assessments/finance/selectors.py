"""Reads for a plan's costs and funding, shaped once for the page, the panel, the gate and
the board paper.

`finance_for_plan` reads everything in four queries however many lines a plan has: the
period, the cost amounts with their lines, the funding amounts with their lines and the
no-costs statements; with the cashable benefits (for the net position and payback) five.
The lines come with their amounts (a line is saved only with at least one amount above £0,
so every line has a row to come with).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q, Sum
from django.http import Http404

from assessments.finance.calculations import (
    DEFAULT_YEARS,
    CashableBenefit,
    FinanceSummary,
    Line,
    financial_year_of,
    summarise,
)
from assessments.finance.models import (
    CONTRIBUTION_SOURCES,
    CostAmount,
    CostLine,
    CostStatement,
    FinanceChange,
    FundingAmount,
    FundingLine,
    PlanFinance,
)
from assessments.risks.models import Benefit, BenefitKind
from planner.access import PlanAccess
from planner.context import PlanContext
from planner.dates import uk_today
from planner.models import Organisation, PartnerRole, Plan, PlanPartner


def default_period(plan: Plan) -> PlanFinance:
    """The period until the lead sets one: five years from the financial year of today."""
    return PlanFinance(plan=plan, first_year=financial_year_of(uk_today()), years=DEFAULT_YEARS)


def plan_period(plan: Plan) -> PlanFinance:
    return PlanFinance.objects.filter(plan=plan).first() or default_period(plan)


def finance_editable_by(access: PlanAccess, organisation_id: int) -> bool:
    """Each organisation states its own lines: its people who may change the plan (the
    project lead included, for the lead organisation), never an observer's."""
    return (
        access.can_change
        and access.partner_role != PartnerRole.OBSERVER
        and access.organisation.pk == organisation_id
    )


def may_state_finance(access: PlanAccess) -> bool:
    return finance_editable_by(access, access.organisation.pk)


def _lines_with_amounts(amounts) -> list:
    """The lines of the amount rows, in the rows' order, each with `by_year`."""
    lines: dict[int, object] = {}
    for amount in amounts:
        line = lines.setdefault(amount.line_id, amount.line)
        if not hasattr(line, "by_year"):
            line.by_year = {}
        line.by_year[amount.year] = amount.pence
    return list(lines.values())


LINE_ORDER = ("line__organisation__name", "line__description", "line_id", "year")


def cost_lines_for_plan(plan: Plan) -> list[CostLine]:
    amounts = (
        CostAmount.objects.filter(line__plan=plan)
        .select_related("line", "line__organisation")
        .order_by(*LINE_ORDER)
    )
    return _lines_with_amounts(amounts)


def funding_lines_for_plan(plan: Plan) -> list[FundingLine]:
    amounts = (
        FundingAmount.objects.filter(line__plan=plan)
        .select_related("line", "line__organisation")
        .order_by(*LINE_ORDER)
    )
    return _lines_with_amounts(amounts)


def cashable_benefits_for_plan(plan: Plan) -> list[Benefit]:
    return list(Benefit.objects.filter(plan=plan, kind=BenefitKind.CASHABLE))


def _pence(pounds: Decimal) -> int:
    return int((pounds * 100).to_integral_value())


@dataclass
class OrganisationFinance:
    """One partner's part: its lines, its statement and its share of the totals."""

    partner: PlanPartner
    cost_lines: list = field(default_factory=list)
    funding_lines: list = field(default_factory=list)
    statement: CostStatement | None = None
    share: object = None

    @property
    def organisation(self) -> Organisation:
        return self.partner.organisation

    @property
    def is_observer(self) -> bool:
        return self.partner.role == PartnerRole.OBSERVER

    @property
    def has_stated_costs(self) -> bool:
        return bool(self.cost_lines) or self.statement is not None


@dataclass
class PlanFinanceData:
    period: PlanFinance
    # Whether the cashable benefits were read: without them (the plan page's panel and the
    # gate) the summary's benefits, net and payback are not known and are not shown.
    with_benefits: bool
    cost_lines: list
    funding_lines: list
    statements: dict
    benefits: list
    organisations: list[OrganisationFinance]
    summary: FinanceSummary

    @property
    def has_lines(self) -> bool:
        return bool(self.cost_lines or self.funding_lines)

    def for_organisation(self, organisation_id: int) -> OrganisationFinance | None:
        return next((o for o in self.organisations if o.organisation.pk == organisation_id), None)

    @property
    def unstated(self) -> list[OrganisationFinance]:
        """Partners (not observers) that have stated neither costs nor "no costs"."""
        return [o for o in self.organisations if not o.is_observer and not o.has_stated_costs]


def finance_for_plan(
    plan: Plan, partners: list[PlanPartner], *, with_benefits: bool = True
) -> PlanFinanceData:
    """The plan's money for its partners (four queries, five with the cashable benefits),
    with every total worked out."""
    period = plan_period(plan)
    cost_lines = cost_lines_for_plan(plan)
    funding_lines = funding_lines_for_plan(plan)
    statements = {
        s.organisation_id: s
        for s in CostStatement.objects.filter(plan=plan).select_related("stated_by")
    }
    benefits = cashable_benefits_for_plan(plan) if with_benefits else []
    years = period.year_list
    # A benefit counts from its target date, for its owner organisation: the partner
    # answerable for realising it (by default the one its owner works for).
    cashable = [
        CashableBenefit(
            organisation_id=b.owner_organisation_id,
            pence_a_year=_pence(b.target_value),
            from_date=b.target_date,
        )
        for b in benefits
        if b.owner_organisation_id is not None
    ]
    summary = summarise(
        years=years,
        organisation_ids=[p.organisation_id for p in partners if p.role != PartnerRole.OBSERVER],
        costs=[Line(c.organisation_id, c.by_year, c.kind) for c in cost_lines],
        funding=[Line(f.organisation_id, f.by_year, f.source) for f in funding_lines],
        benefits=cashable,
        contribution_kinds=CONTRIBUTION_SOURCES,
    )
    shares = {s.organisation_id: s for s in summary.partners}
    organisations = [
        OrganisationFinance(
            partner=p,
            cost_lines=[c for c in cost_lines if c.organisation_id == p.organisation_id],
            funding_lines=[f for f in funding_lines if f.organisation_id == p.organisation_id],
            statement=statements.get(p.organisation_id),
            share=shares.get(p.organisation_id),
        )
        for p in partners
    ]
    return PlanFinanceData(
        period=period,
        with_benefits=with_benefits,
        cost_lines=cost_lines,
        funding_lines=funding_lines,
        statements=statements,
        benefits=benefits,
        organisations=organisations,
        summary=summary,
    )


def finance_in(ctx: PlanContext, *, with_benefits: bool = True) -> PlanFinanceData:
    """The plan's money, read once per context for the gate, the panel and the report.

    The gate and the plan page's panel need no benefits (who has stated costs, the totals),
    so they share a read without them, one query fewer on every plan page."""
    return ctx.shared(
        ("finance.plan", with_benefits),
        lambda: finance_for_plan(ctx.plan, ctx.partners, with_benefits=with_benefits),
    )


def finance_history(plan: Plan, *, limit: int = 20) -> list[FinanceChange]:
    return list(
        FinanceChange.objects.filter(plan=plan).select_related("changed_by", "organisation")[:limit]
    )


def _line_get(model, access: PlanAccess, line_id):
    try:
        line = (
            model.objects.filter(plan=access.plan)
            .select_related("organisation")
            .prefetch_related("amounts")
            .get(pk=int(line_id))
        )
    except (model.DoesNotExist, TypeError, ValueError):
        raise Http404("No such line.") from None
    line.by_year = {a.year: a.pence for a in line.amounts.all()}
    return line


def cost_line_get(access: PlanAccess, line_id) -> CostLine:
    """A cost line of the plan (any member may see it), with its amounts, or 404."""
    return _line_get(CostLine, access, line_id)


def funding_line_get(access: PlanAccess, line_id) -> FundingLine:
    return _line_get(FundingLine, access, line_id)


def cost_statement_for(plan: Plan, organisation: Organisation) -> CostStatement | None:
    return CostStatement.objects.filter(plan=plan, organisation=organisation).first()


def finance_portfolio_facts(plans) -> dict[int, dict]:
    """The portfolio's cost column (planner.portfolio.columns): each plan's costs over its
    financial period, in pence, as its finance summary totals them (amounts outside the period
    are not counted; a plan with no period set has the default one). One query for every plan."""
    ids = [p.pk for p in plans]
    if not ids:
        return {}
    default_first = financial_year_of(uk_today())
    in_period = Q(
        line__plan__finance__isnull=True,
        year__gte=default_first,
        year__lt=default_first + DEFAULT_YEARS,
    ) | Q(
        year__gte=F("line__plan__finance__first_year"),
        year__lt=F("line__plan__finance__first_year") + F("line__plan__finance__years"),
    )
    totals = (
        CostAmount.objects.filter(in_period, line__plan_id__in=ids)
        .values("line__plan_id")
        .annotate(total=Sum("pence"))
        .order_by()
        .values_list("line__plan_id", "total")
    )
    return {plan_id: {"costs_pence": total} for plan_id, total in totals}
