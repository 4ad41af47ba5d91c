"""The portfolio pages and their CSV exports: thin views over the access helper, the filter
form and the selectors."""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from planner.dates import uk_today
from planner.models import GoverningBody
from planner.portfolio.access import portfolio_body_for_user
from planner.portfolio.columns import PORTFOLIO_COLUMNS, csv_value, page_cells
from planner.portfolio.forms import PortfolioFilterForm
from planner.portfolio.selectors import (
    bodies_governing,
    portfolio_page,
    portfolio_partners,
    portfolio_plan_ids,
    portfolio_plans,
    portfolio_rows,
)


@require_GET
def portfolio(request):
    return _portfolio(request, body=None, export=False)


@require_GET
def portfolio_csv(request):
    return _portfolio(request, body=None, export=True)


@require_GET
def portfolio_body(request, body_id):
    body = portfolio_body_for_user(request.user, body_id)
    return _portfolio(request, body=body, export=False)


@require_GET
def portfolio_body_csv(request, body_id):
    body = portfolio_body_for_user(request.user, body_id)
    return _portfolio(request, body=body, export=True)


def _portfolio(request, *, body: GoverningBody | None, export: bool):
    """The page, or under the same filters every row of it as CSV. Filters with an error are
    shown on the page (400), never exported: a download silently ignoring one would mislead."""
    plan_ids = portfolio_plan_ids(request.user, body)
    form = PortfolioFilterForm(request.GET or None, partners=portfolio_partners(plan_ids))
    plans = portfolio_plans(plan_ids, form.filters())
    if export and not form.errors:
        return _csv_response(portfolio_rows(list(plans)), body=body, user=request.user)
    page, rows = portfolio_page(plans, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portfolio/portfolio.html",
        {
            "body": body,
            "bodies": bodies_governing(request.user) if body is None else [],
            "form": form,
            "filtered": bool(form.filters()),
            "page": page,
            "columns": PORTFOLIO_COLUMNS,
            "rows": [(row, page_cells(row)) for row in rows],
            "export_query": query.urlencode(),
        },
        status=400 if form.errors else 200,
    )


def _csv_response(rows: list[dict], *, body, user) -> HttpResponse:
    whose = body.name if body is not None else user.organisation.name if user.organisation else ""
    name = f"portfolio-{slugify(whose) or 'plans'}-{uk_today():%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # A byte-order mark, so a spreadsheet opened by double-click reads the names as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([column.heading for column in PORTFOLIO_COLUMNS])
    for row in rows:
        writer.writerow([csv_value(column, row) for column in PORTFOLIO_COLUMNS])
    return response
