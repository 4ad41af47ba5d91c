"""Money as people read it, and a line's amounts in the period's year order."""

from django import template

from assessments.finance.calculations import format_pounds, year_label

register = template.Library()


@register.filter
def pounds(pence):
    """Integer pence as £12,500, or £12,500.50 when there are pence."""
    return format_pounds(pence)


@register.filter
def financial_year(year):
    """2026 as 2026/27."""
    return year_label(int(year))


@register.filter
def for_years(by_year, years):
    """The amounts of a {year: pence} mapping in the order of `years`, 0 where none."""
    return [by_year.get(year, 0) for year in years]


@register.filter
def get_year(by_year, year):
    """The amount of one year of a {year: pence} mapping, 0 where none."""
    return by_year.get(year, 0)


@register.filter
def negate(pence):
    return -pence


@register.filter
def total(amounts):
    return sum(amounts)
