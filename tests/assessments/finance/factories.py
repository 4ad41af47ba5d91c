"""Cost and funding lines written straight to the tables, for tests that need them in place
(the services are tested through the pages)."""

from assessments.finance.models import (
    CostAmount,
    CostKind,
    CostLine,
    FundingAmount,
    FundingLine,
    FundingSource,
    PlanFinance,
    Recurrence,
)

POUND = 100


def period(plan, first_year=2026, years=5):
    found, _ = PlanFinance.objects.update_or_create(
        plan=plan, defaults={"first_year": first_year, "years": years}
    )
    return found


def cost_line(
    plan,
    user,
    amounts,
    *,
    description="Shared control room fit-out",
    kind=CostKind.CAPITAL,
    recurrence=Recurrence.ONE_OFF,
    organisation=None,
):
    """A cost borne by the user's organisation; amounts are {year: pounds}."""
    line = CostLine.objects.create(
        plan=plan,
        organisation=organisation or user.organisation,
        description=description,
        kind=kind,
        recurrence=recurrence,
        created_by=user,
    )
    CostAmount.objects.bulk_create(
        CostAmount(line=line, year=y, pence=p * POUND) for y, p in amounts.items()
    )
    return line


def funding_line(
    plan,
    user,
    amounts,
    *,
    description="Partner budget",
    source=FundingSource.PARTNER,
    grant_body="",
    organisation=None,
):
    line = FundingLine.objects.create(
        plan=plan,
        organisation=organisation or user.organisation,
        source=source,
        grant_body=grant_body,
        description=description,
        created_by=user,
    )
    FundingAmount.objects.bulk_create(
        FundingAmount(line=line, year=y, pence=p * POUND) for y, p in amounts.items()
    )
    return line
