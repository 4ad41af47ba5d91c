"""The scheme's money, worked out from plain numbers: no database, no Django.

Money is integer pence throughout; a financial year is named by the calendar year its April
falls in (2026 is "2026/27", 1 April 2026 to 31 March 2027), as UK public bodies budget.
The selectors turn rows into the small records below and the pages, panels, gate and report
all read the one `FinanceSummary` built here, so every total is worked out once, one way.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

MAX_YEARS = 10
DEFAULT_YEARS = 5
# The largest amount a line may hold for one year: £1 billion, far above any joint scheme,
# so a slip of the keyboard is refused rather than stored.
MAX_PENCE = 100_000_000_000


def financial_year_of(day: date) -> int:
    """The financial year a day falls in: 31 March 2027 is in 2026/27, 1 April in 2027/28."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def period_years(first_year: int, years: int) -> list[int]:
    return list(range(first_year, first_year + years))


def period_label(first_year: int, years: int) -> str:
    if years == 1:
        return year_label(first_year)
    return f"{year_label(first_year)} to {year_label(first_year + years - 1)}"


def format_pounds(pence: int | None) -> str:
    """£12,500, or £12,500.50 when there are pence; a negative amount as -£1,200."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(int(pence)), 100)
    text = f"£{pounds:,}" if rest == 0 else f"£{pounds:,}.{rest:02d}"
    return sign + text


@dataclass(frozen=True)
class Line:
    """A cost or funding line as the sums need it: whose it is and its amounts by year."""

    organisation_id: int
    by_year: Mapping[int, int]
    # Cost lines: "capital" or "revenue". Funding lines: their source ("partner", "grant"...).
    kind: str = ""


@dataclass(frozen=True)
class CashableBenefit:
    """A cashable benefit: pence a year from its target date, gained by its owner
    organisation."""

    organisation_id: int
    pence_a_year: int
    from_date: date


@dataclass(frozen=True)
class PartnerShare:
    organisation_id: int
    costs: int
    capital: int
    revenue: int
    funding: int
    gains: int

    @property
    def net(self) -> int:
        """Cashable benefits the organisation gains less the costs it bears."""
        return self.gains - self.costs


@dataclass(frozen=True)
class FinanceSummary:
    years: list[int]
    costs: dict[int, int]
    capital: dict[int, int]
    revenue: dict[int, int]
    funding: dict[int, int]
    # Funding less costs, each year: below 0 a shortfall, above 0 more funding than costs.
    gaps: dict[int, int]
    benefits: dict[int, int]
    net: dict[int, int]
    cumulative_net: dict[int, int]
    payback_year: int | None
    partners: list[PartnerShare] = field(default_factory=list)
    # Funding from grants and other sources that no partner contributes, by year.
    external_funding: dict[int, int] = field(default_factory=dict)

    @property
    def total_costs(self) -> int:
        return sum(self.costs.values())

    @property
    def total_capital(self) -> int:
        return sum(self.capital.values())

    @property
    def total_revenue(self) -> int:
        return sum(self.revenue.values())

    @property
    def total_funding(self) -> int:
        return sum(self.funding.values())

    @property
    def total_gap(self) -> int:
        return self.total_funding - self.total_costs

    @property
    def total_benefits(self) -> int:
        return sum(self.benefits.values())

    @property
    def total_net(self) -> int:
        return self.total_benefits - self.total_costs

    @property
    def total_external_funding(self) -> int:
        return sum(self.external_funding.values())

    @property
    def partner_costs(self) -> int:
        return sum(p.costs for p in self.partners)

    @property
    def partner_funding(self) -> int:
        return sum(p.funding for p in self.partners)

    @property
    def partner_gains(self) -> int:
        return sum(p.gains for p in self.partners)

    @property
    def partner_net(self) -> int:
        return sum(p.net for p in self.partners)

    @property
    def gap_years(self) -> list[int]:
        """The years whose funding differs from their costs."""
        return [y for y in self.years if self.gaps[y] != 0]

    @property
    def one_way(self) -> bool:
        """Some partner bears more than it gains while another gains more than it bears:
        a benefit that flows one way, a known cause of schemes failing."""
        return any(p.net < 0 for p in self.partners) and any(p.net > 0 for p in self.partners)


def sum_by_year(lines: Iterable[Line], years: Sequence[int]) -> dict[int, int]:
    """Each year's total over the lines; amounts outside the years are not counted."""
    totals = dict.fromkeys(years, 0)
    for line in lines:
        for year, pence in line.by_year.items():
            if year in totals:
                totals[year] += pence
    return totals


def gaps_by_year(costs: Mapping[int, int], funding: Mapping[int, int]) -> dict[int, int]:
    return {year: funding.get(year, 0) - costs[year] for year in costs}


def benefits_by_year(benefits: Iterable[CashableBenefit], years: Sequence[int]) -> dict[int, int]:
    """Cashable benefits gained in each financial year.

    1. A benefit counts from its target date: nothing in years that end before it.
    2. In the year the target date falls in, the share of the year from that day to 31 March
       (a target of 1 October gains half a year), rounded to the pound: an estimate
       printed to the penny would claim a precision it does not have.
    3. In full in every later year.
    """
    totals = dict.fromkeys(years, 0)
    for benefit in benefits:
        start_year = financial_year_of(benefit.from_date)
        for year in years:
            if year < start_year:
                continue
            if year == start_year:
                first, last = date(year, 4, 1), date(year + 1, 3, 31)
                share = Decimal((last - benefit.from_date).days + 1) / ((last - first).days + 1)
                pounds = (benefit.pence_a_year * share / 100).quantize(Decimal(1), ROUND_HALF_UP)
                totals[year] += int(pounds) * 100
            else:
                totals[year] += benefit.pence_a_year
    return totals


def cumulative(by_year: Mapping[int, int], years: Sequence[int]) -> dict[int, int]:
    running, out = 0, {}
    for year in years:
        running += by_year[year]
        out[year] = running
    return out


def payback_year(
    benefits: Mapping[int, int], costs: Mapping[int, int], years: Sequence[int]
) -> int | None:
    """The first year in which cumulative cashable benefits less cumulative costs reach zero
    or more; None when that does not happen within the years, or when nothing costs money
    (there is nothing to pay back)."""
    if not any(costs[y] for y in years):
        return None
    running = 0
    for year in years:
        running += benefits[year] - costs[year]
        if running >= 0:
            return year
    return None


def partner_shares(
    organisation_ids: Sequence[int],
    costs: Sequence[Line],
    funding: Sequence[Line],
    benefits: Sequence[CashableBenefit],
    years: Sequence[int],
    *,
    contribution_kinds: Iterable[str],
) -> list[PartnerShare]:
    """Who pays and who gains, over the whole period, per partner organisation.

    Costs are those the organisation bears; funding is what it contributes itself (lines of
    the `contribution_kinds`, its own contribution or reserves); gains are the cashable
    benefits whose owner works for it. Grants are no partner's contribution.
    """
    kinds = set(contribution_kinds)
    gains = {}
    for benefit in benefits:
        own = benefits_by_year([benefit], years)
        gains[benefit.organisation_id] = gains.get(benefit.organisation_id, 0) + sum(own.values())
    shares = []
    for org_id in organisation_ids:
        own_costs = [c for c in costs if c.organisation_id == org_id]
        own_funding = [f for f in funding if f.organisation_id == org_id and f.kind in kinds]
        capital = sum(sum_by_year([c for c in own_costs if c.kind == "capital"], years).values())
        revenue = sum(sum_by_year([c for c in own_costs if c.kind != "capital"], years).values())
        shares.append(
            PartnerShare(
                organisation_id=org_id,
                costs=capital + revenue,
                capital=capital,
                revenue=revenue,
                funding=sum(sum_by_year(own_funding, years).values()),
                gains=gains.get(org_id, 0),
            )
        )
    return shares


def summarise(
    *,
    years: Sequence[int],
    organisation_ids: Sequence[int],
    costs: Sequence[Line],
    funding: Sequence[Line],
    benefits: Sequence[CashableBenefit],
    contribution_kinds: Iterable[str],
) -> FinanceSummary:
    """Every total the finance page, the plan panel, the gate and the board paper show."""
    contribution_kinds = set(contribution_kinds)
    cost_totals = sum_by_year(costs, years)
    funding_totals = sum_by_year(funding, years)
    benefit_totals = benefits_by_year(benefits, years)
    net = {y: benefit_totals[y] - cost_totals[y] for y in years}
    return FinanceSummary(
        years=list(years),
        costs=cost_totals,
        capital=sum_by_year([c for c in costs if c.kind == "capital"], years),
        revenue=sum_by_year([c for c in costs if c.kind != "capital"], years),
        funding=funding_totals,
        gaps=gaps_by_year(cost_totals, funding_totals),
        benefits=benefit_totals,
        net=net,
        cumulative_net=cumulative(net, years),
        payback_year=payback_year(benefit_totals, cost_totals, years),
        partners=partner_shares(
            organisation_ids,
            costs,
            funding,
            benefits,
            years,
            contribution_kinds=contribution_kinds,
        ),
        external_funding=sum_by_year(
            [f for f in funding if f.kind not in contribution_kinds], years
        ),
    )


def recurring_from(by_year: Mapping[int, int], years: Sequence[int]) -> tuple[int, int] | None:
    """(pence a year, first year) when the amounts are the same every year from their first
    to the period's end, as a recurring revenue cost usually is; otherwise None."""
    paid = [y for y in years if by_year.get(y)]
    if not paid:
        return None
    first = paid[0]
    tail = [by_year.get(y, 0) for y in years if y >= first]
    return (tail[0], first) if len(set(tail)) == 1 else None
