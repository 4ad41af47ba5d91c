"""Thin views: access helper → form → service → back to the milestones or confidence page.

A person the rule refuses (`milestone_may_change`, `confidence_may_record`) gets 403 before
any form is read, so nothing is written.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from planner.access import plan_access_for_user, plan_require_lead
from planner.dates import uk_today
from planner.errors import DomainError
from planner.models import TARGETED_STAGES, Organisation, Stage
from planner.refusals import form_refusal
from workflows.delivery.charts import confidence_trend_svg, timeline_svg
from workflows.delivery.forms import ConfidenceForm, MilestoneForm, RebaselineForm
from workflows.delivery.selectors import (
    confidence_for_plan,
    confidence_months,
    milestone_get,
    milestone_summary,
    milestones_for_plan,
    month_of,
    two_reds_in_a_row,
)
from workflows.delivery.services import (
    confidence_may_record,
    confidence_record,
    milestone_create,
    milestone_may_change,
    milestone_rebaseline,
    milestone_update,
)

OWN_MILESTONES_ONLY = (
    "Each organisation keeps its own milestones up to date; the project lead keeps them all."
)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _owners(access):
    """The organisations the person may give a milestone to: every partner for the lead,
    their own organisation for anyone else."""
    if access.is_lead:
        return Organisation.objects.filter(pk__in=[p.organisation_id for p in access.partners])
    return Organisation.objects.filter(pk=access.organisation.pk)


def _run(request, form, change, done, redirect_to):
    """POST: a valid form runs the service; a refusal is shown on the form with its status,
    having changed nothing. GET: the form, 200."""
    if request.method != "POST":
        return None, 200
    if not form.is_valid():
        return None, 400
    try:
        result = change(**form.cleaned_data)
    except DomainError as exc:
        return None, form_refusal(form, exc)
    messages.success(request, done(result))
    return redirect(*redirect_to), 302


@require_GET
def plan_milestones(request, plan_id):
    access = plan_access_for_user(request.user, plan_id)
    summary = milestone_summary(milestones_for_plan(access.plan))
    return render(
        request,
        "delivery/milestones.html",
        {
            "access": access,
            "plan": access.plan,
            "summary": summary,
            "rows": [(row, milestone_may_change(access, row.milestone)) for row in summary.rows],
            "may_add": milestone_may_change(access),
        },
    )


@require_http_methods(["GET", "POST"])
def milestone_create_view(request, plan_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    if not milestone_may_change(access):
        raise PermissionDenied(OWN_MILESTONES_ONLY)
    form = MilestoneForm(
        _posted(request), owners=_owners(access), initial={"owner": access.organisation.pk}
    )
    response, status = _run(
        request,
        form,
        lambda **data: milestone_create(access=access, **data),
        lambda m: f"Milestone “{m.title}” added.",
        ("plan_milestones", access.plan.pk),
    )
    return response or render(
        request,
        "delivery/milestone_form.html",
        {
            "access": access,
            "plan": access.plan,
            "form": form,
            "in_delivery": access.plan.stage == Stage.DELIVERY,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def milestone_edit(request, plan_id, milestone_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    milestone = milestone_get(access, milestone_id)
    if not milestone_may_change(access, milestone):
        raise PermissionDenied(OWN_MILESTONES_ONLY)
    form = MilestoneForm(
        _posted(request),
        owners=_owners(access),
        with_baseline=not milestone.is_baselined,
        initial={
            "title": milestone.title,
            "owner": milestone.owner_id,
            "baseline_on": milestone.baseline_on,
            "forecast_on": milestone.forecast_on,
            "actual_on": milestone.actual_on,
            "status": milestone.status,
        },
    )
    response, status = _run(
        request,
        form,
        lambda **data: milestone_update(access=access, milestone=milestone, **data),
        lambda m: f"Milestone “{m.title}” saved.",
        ("plan_milestones", access.plan.pk),
    )
    return response or render(
        request,
        "delivery/milestone_form.html",
        {"access": access, "plan": access.plan, "form": form, "milestone": milestone},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def milestone_rebaseline_view(request, plan_id, milestone_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    plan_require_lead(access)
    milestone = milestone_get(access, milestone_id)
    form = RebaselineForm(_posted(request), initial={"baseline_on": milestone.baseline_on})
    response, status = _run(
        request,
        form,
        lambda **data: milestone_rebaseline(access=access, milestone=milestone, **data),
        lambda m: (
            f"Milestone “{m.title}” rebaselined to {m.baseline_on:%-d %B %Y}. The "
            "decision has been logged."
        ),
        ("plan_milestones", access.plan.pk),
    )
    return response or render(
        request,
        "delivery/milestone_rebaseline.html",
        {"access": access, "plan": access.plan, "form": form, "milestone": milestone},
        status=status,
    )


@require_GET
def plan_timeline(request, plan_id):
    access = plan_access_for_user(request.user, plan_id)
    plan = access.plan
    today = uk_today()
    summary = milestone_summary(milestones_for_plan(plan), today)
    targets = [
        (f"{Stage(stage).label} target", plan.target_for(stage))
        for stage in TARGETED_STAGES
        if plan.target_for(stage)
    ]
    return render(
        request,
        "delivery/timeline.html",
        {
            "access": access,
            "plan": plan,
            "summary": summary,
            "targets": targets,
            "chart": timeline_svg(
                [r.milestone for r in summary.rows], targets, today=today, chart_id="timeline"
            ),
        },
    )


def _confidence_page(request, access, *, form=None, status=200):
    updates = confidence_for_plan(access.plan)
    months = confidence_months(updates)
    this_month = month_of(uk_today())
    return render(
        request,
        "delivery/confidence.html",
        {
            "access": access,
            "plan": access.plan,
            "months": months,
            "this_month": this_month,
            "chart": confidence_trend_svg(
                [m.lead for m in months if m.lead], chart_id="confidence-trend"
            ),
            "two_reds": two_reds_in_a_row(updates),
            "may_record": confidence_may_record(access) and access.plan.stage == Stage.DELIVERY,
            "form": form,
        },
        status=status,
    )


@require_GET
def plan_confidence(request, plan_id):
    return _confidence_page(request, plan_access_for_user(request.user, plan_id))


@require_http_methods(["GET", "POST"])
def confidence_record_view(request, plan_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    form = ConfidenceForm(_posted(request))
    response, status = _run(
        request,
        form,
        lambda **data: confidence_record(access=access, **data),
        lambda u: f"Delivery confidence for {u.month:%B %Y} recorded: {u.get_rating_display()}.",
        ("plan_confidence", access.plan.pk),
    )
    return response or render(
        request,
        "delivery/confidence_form.html",
        {
            "access": access,
            "plan": access.plan,
            "form": form,
            "this_month": month_of(uk_today()),
            "in_delivery": access.plan.stage == Stage.DELIVERY,
        },
        status=status,
    )
