"""Thin views: access helper → form → service → back to the finance page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from assessments.finance.forms import (
    ConfirmForm,
    CostLineForm,
    CostStatementForm,
    FundingLineForm,
    PeriodForm,
)
from assessments.finance.selectors import (
    cost_line_get,
    cost_statement_for,
    finance_editable_by,
    finance_history,
    finance_in,
    funding_line_get,
    may_state_finance,
    plan_period,
)
from assessments.finance.services import (
    cost_line_create,
    cost_line_delete,
    cost_line_update,
    cost_statement_save,
    finance_period_save,
    funding_line_create,
    funding_line_delete,
    funding_line_update,
)
from planner.access import plan_access_for_user, plan_require_lead
from planner.context import PlanContext
from planner.errors import DomainError
from planner.refusals import form_refusal

OWN_LINES_ONLY = "Each organisation states its own costs and funding: this line is {org}'s."


def _posted(request):
    # An empty POST must bind the form, so it is refused with its errors.
    return request.POST if request.method == "POST" else None


def _stating_access(request, plan_id):
    """The person's access to state their organisation's money, or 403."""
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    if not may_state_finance(access):
        raise PermissionDenied(
            "Observers follow the scheme's money but do not state costs or funding."
        )
    return access


def _own_line(access, line):
    if not finance_editable_by(access, line.organisation_id):
        raise PermissionDenied(OWN_LINES_ONLY.format(org=line.organisation.name))
    return line


@require_GET
def finance_page(request, plan_id):
    ctx = PlanContext.for_access(plan_access_for_user(request.user, plan_id))
    data = finance_in(ctx)
    own = data.for_organisation(ctx.access.organisation.pk)
    return render(
        request,
        "finance/finance.html",
        {
            "access": ctx.access,
            "plan": ctx.plan,
            "data": data,
            "summary": data.summary,
            "own": own,
            "may_state": may_state_finance(ctx.access),
            "history": finance_history(ctx.plan),
        },
    )


def _form_page(request, access, template, *, form, status, **context):
    return render(
        request,
        f"finance/{template}",
        {"access": access, "plan": access.plan, "form": form, **context},
        status=status,
    )


def _save(request, access, form, change, done):
    """POST: a valid form runs the service and goes back to the finance page; a refusal is
    shown on the form with its status, having changed nothing. GET: the form, 200."""
    if request.method != "POST":
        return None, 200
    if not form.is_valid():
        return None, 400
    try:
        # The amount forms gather their year fields into one `amounts`; others pass as is.
        data = form.service_data() if hasattr(form, "service_data") else form.cleaned_data
        result = change(**data)
    except DomainError as exc:
        return None, form_refusal(form, exc)
    messages.success(request, done(result))
    return redirect("plan_finance", access.plan.pk), 302


@require_http_methods(["GET", "POST"])
def finance_period(request, plan_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    plan_require_lead(access)
    period = plan_period(access.plan)
    form = PeriodForm(_posted(request), period=period)
    response, status = _save(
        request,
        access,
        form,
        lambda **data: finance_period_save(access=access, **data),
        lambda saved: f"The financial period is {saved.label}.",
    )
    return response or _form_page(
        request, access, "period_form.html", form=form, status=status, period=period
    )


@require_http_methods(["GET", "POST"])
def cost_line_create_view(request, plan_id):
    access = _stating_access(request, plan_id)
    form = CostLineForm(_posted(request), period=plan_period(access.plan))
    statement = cost_statement_for(access.plan, access.organisation)
    response, status = _save(
        request,
        access,
        form,
        lambda **data: cost_line_create(access=access, **data),
        lambda line: (
            f"Cost “{line.description}” added for {access.organisation.name}."
            + (" Its “no costs” statement is withdrawn." if statement else "")
        ),
    )
    return response or _form_page(
        request, access, "cost_line_form.html", form=form, status=status, statement=statement
    )


@require_http_methods(["GET", "POST"])
def cost_line_edit(request, plan_id, line_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    line = _own_line(access, cost_line_get(access, line_id))
    form = CostLineForm(
        _posted(request),
        period=plan_period(access.plan),
        by_year=line.by_year,
        initial={"description": line.description, "kind": line.kind, "recurrence": line.recurrence},
    )
    response, status = _save(
        request,
        access,
        form,
        lambda **data: cost_line_update(access=access, line=line, **data),
        lambda changed: "Cost saved." if changed else "Nothing had changed.",
    )
    return response or _form_page(
        request, access, "cost_line_form.html", form=form, status=status, line=line
    )


@require_http_methods(["GET", "POST"])
def cost_line_delete_view(request, plan_id, line_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    line = _own_line(access, cost_line_get(access, line_id))
    form = ConfirmForm(_posted(request))
    response, status = _save(
        request,
        access,
        form,
        lambda **_: cost_line_delete(access=access, line=line),
        lambda _: f"Cost “{line.description}” deleted.",
    )
    return response or _form_page(
        request,
        access,
        "line_delete.html",
        form=form,
        status=status,
        line=line,
        what="cost",
        period=plan_period(access.plan),
    )


@require_http_methods(["GET", "POST"])
def funding_line_create_view(request, plan_id):
    access = _stating_access(request, plan_id)
    form = FundingLineForm(_posted(request), period=plan_period(access.plan))
    response, status = _save(
        request,
        access,
        form,
        lambda **data: funding_line_create(access=access, **data),
        lambda line: f"Funding “{line.description}” added for {access.organisation.name}.",
    )
    return response or _form_page(
        request, access, "funding_line_form.html", form=form, status=status
    )


@require_http_methods(["GET", "POST"])
def funding_line_edit(request, plan_id, line_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    line = _own_line(access, funding_line_get(access, line_id))
    form = FundingLineForm(
        _posted(request),
        period=plan_period(access.plan),
        by_year=line.by_year,
        initial={
            "source": line.source,
            "grant_body": line.grant_body,
            "description": line.description,
        },
    )
    response, status = _save(
        request,
        access,
        form,
        lambda **data: funding_line_update(access=access, line=line, **data),
        lambda changed: "Funding saved." if changed else "Nothing had changed.",
    )
    return response or _form_page(
        request, access, "funding_line_form.html", form=form, status=status, line=line
    )


@require_http_methods(["GET", "POST"])
def funding_line_delete_view(request, plan_id, line_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    line = _own_line(access, funding_line_get(access, line_id))
    form = ConfirmForm(_posted(request))
    response, status = _save(
        request,
        access,
        form,
        lambda **_: funding_line_delete(access=access, line=line),
        lambda _: f"Funding “{line.description}” deleted.",
    )
    return response or _form_page(
        request,
        access,
        "line_delete.html",
        form=form,
        status=status,
        line=line,
        what="funding",
        period=plan_period(access.plan),
    )


@require_http_methods(["GET", "POST"])
def cost_statement(request, plan_id):
    """The person's organisation states it bears no costs of the scheme, with a reason."""
    access = _stating_access(request, plan_id)
    statement = cost_statement_for(access.plan, access.organisation)
    form = CostStatementForm(
        _posted(request), initial={"reason": statement.reason if statement else ""}
    )
    response, status = _save(
        request,
        access,
        form,
        lambda **data: cost_statement_save(access=access, **data),
        lambda _: f"Recorded that {access.organisation.name} bears no costs of the scheme.",
    )
    return response or _form_page(
        request, access, "cost_statement.html", form=form, status=status, statement=statement
    )
