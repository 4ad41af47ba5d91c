"""Demo costs and funding for the Wealdshire plans past scoping. Idempotent: a plan that
already has a cost line, a funding line or a "no costs" statement is left alone.

The governance plan (the joint control room, the demo's board paper) has several lines per
partner over five years, a Home Office grant and a year, 2028/29 from this year's, whose
funding falls £80,000 short of its costs. The forced-entry plan shows a benefit that flows
one way: fire bears the costs, police gains the overtime saved.
"""

from django.db import transaction

from assessments.finance.calculations import financial_year_of
from assessments.finance.models import (
    CostAmount,
    CostKind,
    CostLine,
    CostStatement,
    FinanceChange,
    FundingAmount,
    FundingLine,
    FundingSource,
    PlanFinance,
    Recurrence,
)
from planner.dates import uk_today

PEOPLE = {
    "police": "lead@police.example",
    "fire": "fire@fire.example",
    "ambulance": "ambulance@ambulance.example",
    "council": "approver@council.example",
}
CAPITAL, REVENUE = CostKind.CAPITAL, CostKind.REVENUE
ONE_OFF, RECURRING = Recurrence.ONE_OFF, Recurrence.RECURRING
K = 100_000  # £1,000 in pence

# plan key -> (first year offset from this financial year, costs, funding, no-costs).
# Amounts are in £ thousands by year offset from the period's first year.
# costs: (organisation, description, capital or revenue, one-off or recurring, amounts)
# funding: (organisation, source, grant body, description, amounts)
# no costs: (organisation, reason)
FINANCE = {
    "governance": (
        0,
        [
            (
                "police",
                "Control room fit-out at police headquarters",
                CAPITAL,
                ONE_OFF,
                [850, 400],
            ),
            ("police", "Programme manager and two analysts", REVENUE, ONE_OFF, [160, 160]),
            (
                "police",
                "Shared command and control system licences",
                REVENUE,
                RECURRING,
                [0, 180, 180, 180, 180],
            ),
            ("fire", "Integration of the fire mobilising system", CAPITAL, ONE_OFF, [320]),
            ("fire", "Fire control staff relocation and training", REVENUE, ONE_OFF, [0, 95]),
            (
                "fire",
                "Fire's share of control room running costs",
                REVENUE,
                RECURRING,
                [0, 120, 120, 120, 120],
            ),
            (
                "ambulance",
                "Ambulance liaison desk: two clinical advisers",
                REVENUE,
                RECURRING,
                [0, 110, 110, 110, 110],
            ),
            (
                "council",
                "Emergency planning liaison with the control room",
                REVENUE,
                RECURRING,
                [0, 15, 15, 15, 15],
            ),
        ],
        [
            (
                "police",
                FundingSource.GRANT,
                "Home Office Police Transformation Fund",
                "Transformation fund award for the joint control room",
                [480, 200],
            ),
            (
                "police",
                FundingSource.PARTNER,
                "",
                "Police and crime commissioner's capital and revenue budget",
                [530, 540, 100, 180, 180],
            ),
            (
                "fire",
                FundingSource.RESERVES,
                "",
                "Fire authority's earmarked reserve for control systems",
                [320],
            ),
            (
                "fire",
                FundingSource.PARTNER,
                "",
                "Fire authority revenue budget",
                [0, 215, 120, 120, 120],
            ),
            (
                "ambulance",
                FundingSource.PARTNER,
                "",
                "Trust's emergency operations budget",
                [0, 110, 110, 110, 110],
            ),
            (
                "council",
                FundingSource.PARTNER,
                "",
                "Council's civil contingencies budget",
                [0, 15, 15, 15, 15],
            ),
        ],
        [],
    ),
    "risk": (
        0,
        [
            ("fire", "Entry tools and crew training", CAPITAL, ONE_OFF, [45]),
            (
                "fire",
                "Crew time on concern-for-welfare calls",
                REVENUE,
                RECURRING,
                [60, 60, 60, 60, 60],
            ),
            ("police", "Contact-centre decision tree and briefings", REVENUE, ONE_OFF, [12]),
        ],
        [
            ("fire", FundingSource.RESERVES, "", "Fire authority's equipment reserve", [45]),
            (
                "fire",
                FundingSource.PARTNER,
                "",
                "Fire authority revenue budget",
                [30, 30, 30, 30, 30],
            ),
            (
                "police",
                FundingSource.PARTNER,
                "",
                "Police contribution to fire's crew time, and the contact-centre change",
                [42, 30, 30, 30, 30],
            ),
        ],
        [
            (
                "ambulance",
                "Calls are routed through the existing ambulance control room by staff already "
                "in post; the trust bears no new costs.",
            )
        ],
    ),
    "delivery": (
        -1,
        [
            ("police", "Drones, cameras and batteries", CAPITAL, ONE_OFF, [96]),
            (
                "fire",
                "Pilot training and Civil Aviation Authority certification",
                REVENUE,
                RECURRING,
                [18, 18, 18, 18, 18],
            ),
        ],
        [
            ("police", FundingSource.PARTNER, "", "Police capital programme", [96]),
            ("fire", FundingSource.PARTNER, "", "Fire training budget", [18, 18, 18, 18, 18]),
        ],
        [
            (
                "council",
                "Volunteer search teams are briefed in the council's existing annual exercise.",
            )
        ],
    ),
    "review": (
        -1,
        [
            ("police", "Site works at the shared training ground", CAPITAL, ONE_OFF, [350]),
            ("fire", "Fire's share of the site's running costs", REVENUE, RECURRING, [40] * 5),
        ],
        [
            ("police", FundingSource.PARTNER, "", "Police estates capital programme", [350]),
            ("fire", FundingSource.PARTNER, "", "Fire training budget", [40] * 5),
        ],
        [],
    ),
}


def _by_year(first_year, thousands) -> dict[int, int]:
    return {first_year + i: n * K for i, n in enumerate(thousands) if n}


def _build(ctx, plan, spec):
    offset, costs, funding, no_costs = spec
    first_year = financial_year_of(uk_today()) + offset
    PlanFinance.objects.get_or_create(
        plan=plan,
        defaults={"first_year": first_year, "years": 5, "updated_by": ctx.people[PEOPLE["police"]]},
    )
    for org_key, description, kind, recurrence, amounts in costs:
        person = ctx.people[PEOPLE[org_key]]
        line = CostLine.objects.create(
            plan=plan,
            organisation=ctx.orgs[org_key],
            description=description,
            kind=kind,
            recurrence=recurrence,
            created_by=person,
        )
        CostAmount.objects.bulk_create(
            CostAmount(line=line, year=y, pence=p) for y, p in _by_year(first_year, amounts).items()
        )
        FinanceChange.objects.create(
            plan=plan,
            organisation=ctx.orgs[org_key],
            changed_by=person,
            summary=f"Cost added: {description}",
        )
    for org_key, source, body, description, amounts in funding:
        person = ctx.people[PEOPLE[org_key]]
        line = FundingLine.objects.create(
            plan=plan,
            organisation=ctx.orgs[org_key],
            source=source,
            grant_body=body,
            description=description,
            created_by=person,
        )
        FundingAmount.objects.bulk_create(
            FundingAmount(line=line, year=y, pence=p)
            for y, p in _by_year(first_year, amounts).items()
        )
        FinanceChange.objects.create(
            plan=plan,
            organisation=ctx.orgs[org_key],
            changed_by=person,
            summary=f"Funding added: {description}",
        )
    for org_key, reason in no_costs:
        person = ctx.people[PEOPLE[org_key]]
        CostStatement.objects.create(
            plan=plan, organisation=ctx.orgs[org_key], reason=reason, stated_by=person
        )
        FinanceChange.objects.create(
            plan=plan,
            organisation=ctx.orgs[org_key],
            changed_by=person,
            summary=f"{ctx.orgs[org_key].name} stated it bears no costs",
            detail=reason,
        )


def build(ctx) -> None:
    for key, spec in FINANCE.items():
        plan = ctx.plans.get(key)
        if plan is None:
            continue
        stated = (
            CostLine.objects.filter(plan=plan).exists()
            or FundingLine.objects.filter(plan=plan).exists()
            or CostStatement.objects.filter(plan=plan).exists()
        )
        if stated:
            continue
        with transaction.atomic():
            _build(ctx, plan, spec)
