"""Writes for a plan's financial period, cost lines, funding lines and no-costs statements.

Each organisation states its own money: a person changes only the lines of the organisation
they work for (`finance_editable_by`), and the period is the project lead's. Every change
writes a line of the finance history in the same transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from assessments.finance.calculations import MAX_PENCE, format_pounds, period_label, year_label
from assessments.finance.models import (
    CostAmount,
    CostLine,
    CostStatement,
    FinanceChange,
    FundingAmount,
    FundingLine,
    PlanFinance,
)
from assessments.finance.selectors import default_period, finance_editable_by
from planner.access import PlanAccess, plan_require_lead
from planner.errors import DomainError


def _full_clean(obj, exclude=None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise DomainError.from_validation(exc) from exc


def _require_own(access: PlanAccess, organisation_id: int) -> None:
    if not finance_editable_by(access, organisation_id):
        raise PermissionDenied(
            "Each organisation states its own costs and funding: you can change only "
            f"{access.organisation.name}'s lines, and only with a role that changes the plan."
        )


def _period_for_write(access: PlanAccess) -> PlanFinance:
    """The plan's period, fixed on the first line written so it no longer moves with today."""
    default = default_period(access.plan)
    period, _ = PlanFinance.objects.get_or_create(
        plan=access.plan,
        defaults={"first_year": default.first_year, "years": default.years},
    )
    return period


def _check_amounts(period: PlanFinance, amounts: dict[int, int]) -> dict[int, int]:
    """The amounts above £0, by year, each inside the period and within bounds."""
    kept = {}
    for year, pence in sorted(amounts.items()):
        field = f"amount_{year}"
        if year not in period.year_list:
            raise DomainError(
                f"{year_label(year)} is outside the plan's financial period "
                f"({period.label}); ask the project lead to change the period first",
                field=field,
            )
        if pence is None or pence == 0:
            continue
        if pence < 0:
            raise DomainError(f"The amount for {year_label(year)} must be £0 or more", field=field)
        if pence > MAX_PENCE:
            raise DomainError(
                f"The amount for {year_label(year)} must be {format_pounds(MAX_PENCE)} or less",
                field=field,
            )
        kept[year] = pence
    if not kept:
        raise DomainError("Enter an amount for at least one financial year")
    return kept


def _amounts_text(by_year: dict[int, int]) -> str:
    return "; ".join(f"{year_label(y)} {format_pounds(p)}" for y, p in sorted(by_year.items()))


def _cost_text(line: CostLine, by_year: dict[int, int]) -> str:
    return (
        f"{line.get_kind_display()}, {line.get_recurrence_display().lower()}: "
        f"{_amounts_text(by_year)}"
    )


def _funding_text(line: FundingLine, by_year: dict[int, int]) -> str:
    source = line.get_source_display()
    if line.grant_body:
        source = f"{source}, {line.grant_body}"
    return f"{source}: {_amounts_text(by_year)}"


def _history(access: PlanAccess, summary: str, detail: str = "") -> None:
    FinanceChange.objects.create(
        plan=access.plan,
        organisation=access.organisation,
        changed_by=access.user,
        summary=summary[:300],
        detail=detail,
    )


def _replace_amounts(model, line, by_year: dict[int, int]) -> None:
    model.objects.filter(line=line).delete()
    model.objects.bulk_create(model(line=line, year=y, pence=p) for y, p in by_year.items())


def finance_period_save(*, access: PlanAccess, first_year: int, years: int) -> PlanFinance:
    """Set the years the plan's money is stated over (the project lead's).

    Refused while a line has an amount in a year the new period leaves out: the amount
    would drop out of every total without anyone deciding it should.
    """
    plan_require_lead(access)
    period = PlanFinance.objects.filter(plan=access.plan).first() or PlanFinance(plan=access.plan)
    before = period.label if period.pk else ""
    period.first_year, period.years, period.updated_by = first_year, years, access.user
    _full_clean(period, exclude=["plan", "updated_by"])
    kept = set(period.year_list)
    outside = sorted(
        {
            *CostAmount.objects.filter(line__plan=access.plan).values_list("year", flat=True),
            *FundingAmount.objects.filter(line__plan=access.plan).values_list("year", flat=True),
        }
        - kept
    )
    if outside:
        raise DomainError(
            f"Lines have amounts in {', '.join(year_label(y) for y in outside)}, outside "
            f"{period.label}: change or delete those amounts first",
            field="years" if min(outside) >= first_year else "first_year",
        )
    if before == period.label:
        return period
    with transaction.atomic():
        period.save()
        _history(
            access,
            "Financial period set",
            f"{before} → {period.label}" if before else period_label(first_year, years),
        )
    return period


def cost_line_create(
    *, access: PlanAccess, description: str, kind: str, recurrence: str, amounts: dict[int, int]
) -> CostLine:
    """Add a cost the person's organisation bears; a "no costs" statement it made gives way."""
    _require_own(access, access.organisation.pk)
    line = CostLine(
        plan=access.plan,
        organisation=access.organisation,
        description=(description or "").strip(),
        kind=kind,
        recurrence=recurrence,
        created_by=access.user,
    )
    _full_clean(line, exclude=["plan", "organisation", "created_by"])
    with transaction.atomic():
        by_year = _check_amounts(_period_for_write(access), amounts)
        line.save()
        _replace_amounts(CostAmount, line, by_year)
        withdrawn, _ = CostStatement.objects.filter(
            plan=access.plan, organisation=access.organisation
        ).delete()
        _history(access, f"Cost added: {line.description}", _cost_text(line, by_year))
        if withdrawn:
            _history(
                access,
                f"“No costs” statement of {access.organisation.name} withdrawn",
                "It has a cost line now.",
            )
    line.by_year = by_year
    return line


def cost_line_update(
    *,
    access: PlanAccess,
    line: CostLine,
    description: str,
    kind: str,
    recurrence: str,
    amounts: dict[int, int],
) -> bool:
    """Change one of the organisation's cost lines; True if anything changed."""
    _require_own(access, line.organisation_id)
    before = (line.description, _cost_text(line, line.by_year))
    line.description, line.kind, line.recurrence = (description or "").strip(), kind, recurrence
    _full_clean(line, exclude=["plan", "organisation", "created_by"])
    with transaction.atomic():
        by_year = _check_amounts(_period_for_write(access), amounts)
        after = (line.description, _cost_text(line, by_year))
        if after == before:
            return False
        line.save()
        _replace_amounts(CostAmount, line, by_year)
        _history(
            access,
            f"Cost changed: {line.description}",
            f"{before[0]}: {before[1]}\n→ {after[0]}: {after[1]}",
        )
    line.by_year = by_year
    return True


def cost_line_delete(*, access: PlanAccess, line: CostLine) -> None:
    _require_own(access, line.organisation_id)
    with transaction.atomic():
        _history(access, f"Cost deleted: {line.description}", _cost_text(line, line.by_year))
        line.delete()


def funding_line_create(
    *,
    access: PlanAccess,
    source: str,
    description: str,
    amounts: dict[int, int],
    grant_body: str = "",
) -> FundingLine:
    """Add funding the person's organisation contributes, or holds for the scheme (a grant)."""
    _require_own(access, access.organisation.pk)
    line = FundingLine(
        plan=access.plan,
        organisation=access.organisation,
        source=source,
        grant_body=(grant_body or "").strip(),
        description=(description or "").strip(),
        created_by=access.user,
    )
    _full_clean(line, exclude=["plan", "organisation", "created_by"])
    with transaction.atomic():
        by_year = _check_amounts(_period_for_write(access), amounts)
        line.save()
        _replace_amounts(FundingAmount, line, by_year)
        _history(access, f"Funding added: {line.description}", _funding_text(line, by_year))
    line.by_year = by_year
    return line


def funding_line_update(
    *,
    access: PlanAccess,
    line: FundingLine,
    source: str,
    description: str,
    amounts: dict[int, int],
    grant_body: str = "",
) -> bool:
    _require_own(access, line.organisation_id)
    before = (line.description, _funding_text(line, line.by_year))
    line.source, line.grant_body = source, (grant_body or "").strip()
    line.description = (description or "").strip()
    _full_clean(line, exclude=["plan", "organisation", "created_by"])
    with transaction.atomic():
        by_year = _check_amounts(_period_for_write(access), amounts)
        after = (line.description, _funding_text(line, by_year))
        if after == before:
            return False
        line.save()
        _replace_amounts(FundingAmount, line, by_year)
        _history(
            access,
            f"Funding changed: {line.description}",
            f"{before[0]}: {before[1]}\n→ {after[0]}: {after[1]}",
        )
    line.by_year = by_year
    return True


def funding_line_delete(*, access: PlanAccess, line: FundingLine) -> None:
    _require_own(access, line.organisation_id)
    with transaction.atomic():
        _history(access, f"Funding deleted: {line.description}", _funding_text(line, line.by_year))
        line.delete()


def cost_statement_save(*, access: PlanAccess, reason: str) -> CostStatement:
    """The person's organisation states that it bears no costs of the scheme, and why.

    Refused while it has cost lines: it cannot both bear costs and have none.
    """
    org = access.organisation
    _require_own(access, org.pk)
    if CostLine.objects.filter(plan=access.plan, organisation=org).exists():
        raise DomainError(
            f"{org.name} has cost lines on this plan: delete them before stating it bears no costs",
            field="reason",
        )
    statement = CostStatement.objects.filter(plan=access.plan, organisation=org).first()
    statement = statement or CostStatement(plan=access.plan, organisation=org)
    statement.reason, statement.stated_by = reason, access.user
    _full_clean(statement, exclude=["plan", "organisation", "stated_by"])
    with transaction.atomic():
        statement.save()
        _history(access, f"{org.name} stated it bears no costs", statement.reason)
    return statement
