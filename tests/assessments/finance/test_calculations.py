"""The sums behind the finance page, the plan panel, the gate and the board paper."""

from datetime import date

from assessments.finance.calculations import (
    CashableBenefit,
    Line,
    benefits_by_year,
    financial_year_of,
    format_pounds,
    gaps_by_year,
    payback_year,
    period_label,
    recurring_from,
    sum_by_year,
    summarise,
    year_label,
)

YEARS = [2026, 2027, 2028, 2029, 2030]
K = 100_000  # £1,000


def test_a_financial_year_starts_on_1_april():
    assert financial_year_of(date(2027, 3, 31)) == 2026
    assert financial_year_of(date(2027, 4, 1)) == 2027
    assert year_label(2026) == "2026/27"
    assert year_label(2099) == "2099/00"
    assert period_label(2026, 5) == "2026/27 to 2030/31"
    assert period_label(2026, 1) == "2026/27"


def test_pounds_show_thousands_separators_and_pence_only_when_there_are_some():
    assert format_pounds(1_250_000) == "£12,500"
    assert format_pounds(1_250_050) == "£12,500.50"
    assert format_pounds(5) == "£0.05"
    assert format_pounds(0) == "£0"
    assert format_pounds(-120_000) == "-£1,200"


def test_totals_by_year_add_every_line_and_ignore_years_outside_the_period():
    lines = [
        Line(1, {2026: 120 * K, 2027: 45 * K}, "capital"),
        Line(2, {2027: 10 * K, 2035: 99 * K}, "revenue"),
    ]
    assert sum_by_year(lines, YEARS) == {2026: 120 * K, 2027: 55 * K, 2028: 0, 2029: 0, 2030: 0}


def test_the_gap_is_funding_less_costs_each_year():
    costs = {2026: 100, 2027: 50}
    funding = {2026: 100, 2027: 20}
    assert gaps_by_year(costs, funding) == {2026: 0, 2027: -30}


def test_a_benefit_counts_from_its_target_date_pro_rata_in_its_first_year():
    # 1 October 2027 to 31 March 2028 is 183 of the 366 days of 2027/28 (a leap year).
    benefit = CashableBenefit(1, 36_600, date(2027, 10, 1))
    by_year = benefits_by_year([benefit], YEARS)
    assert by_year[2026] == 0
    assert by_year[2027] == 18_300
    assert by_year[2028] == by_year[2029] == by_year[2030] == 36_600
    # From 1 April, the whole year.
    assert benefits_by_year([CashableBenefit(1, 500, date(2026, 4, 1))], YEARS)[2026] == 500


def test_payback_is_the_first_year_cumulative_benefits_cover_cumulative_costs():
    costs = {2026: 300, 2027: 100, 2028: 100, 2029: 100, 2030: 100}
    benefits = {2026: 0, 2027: 200, 2028: 300, 2029: 300, 2030: 300}
    # Cumulative net: -300, -200, 0 (paid back), 200, 400.
    assert payback_year(benefits, costs, YEARS) == 2028


def test_no_payback_within_the_period_or_without_costs():
    costs = {y: 100 for y in YEARS}
    assert payback_year(dict.fromkeys(YEARS, 50), costs, YEARS) is None
    assert payback_year(dict.fromkeys(YEARS, 50), dict.fromkeys(YEARS, 0), YEARS) is None


def test_the_summary_splits_who_pays_and_who_gains_per_partner():
    police, fire = 1, 2
    summary = summarise(
        years=YEARS,
        organisation_ids=[police, fire],
        costs=[
            Line(fire, {2026: 120 * K}, "capital"),
            Line(fire, {y: 45 * K for y in YEARS}, "revenue"),
            Line(police, {2026: 10 * K}, "revenue"),
        ],
        funding=[
            Line(fire, {2026: 50 * K}, "partner"),
            Line(police, {y: 30 * K for y in YEARS}, "reserves"),
            Line(police, {2026: 100 * K}, "grant"),
        ],
        benefits=[CashableBenefit(police, 100 * K, date(2026, 4, 1))],
        contribution_kinds={"partner", "reserves"},
    )
    assert summary.total_costs == (120 + 225 + 10) * K
    assert summary.total_capital == 120 * K
    assert summary.total_revenue == 235 * K
    assert summary.total_funding == (50 + 150 + 100) * K
    assert summary.total_external_funding == 100 * K
    assert summary.gaps[2026] == (50 + 30 + 100 - 175) * K
    assert summary.gap_years == YEARS  # 2026 has more funding, the rest less
    shares = {s.organisation_id: s for s in summary.partners}
    assert shares[fire].costs == 345 * K
    assert shares[fire].capital == 120 * K
    assert shares[fire].funding == 50 * K
    assert shares[fire].gains == 0
    assert shares[police].funding == 150 * K  # the grant is no partner's contribution
    assert shares[police].gains == 500 * K
    assert shares[police].net == 490 * K
    assert summary.one_way
    assert summary.partner_costs == summary.total_costs
    assert summary.net[2026] == (100 - 175) * K
    assert summary.cumulative_net[2030] == summary.total_net
    # Cumulative net: -75, -20, then +35 in 2028/29.
    assert summary.payback_year == 2028


def test_a_revenue_cost_is_recurring_when_it_is_the_same_every_year_to_the_end():
    assert recurring_from({2027: 45, 2028: 45, 2029: 45, 2030: 45}, YEARS) == (45, 2027)
    assert recurring_from({2026: 45, 2027: 50}, YEARS) is None
    assert recurring_from({}, YEARS) is None
