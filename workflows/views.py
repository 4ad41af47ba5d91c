from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from planner.access import plan_access_for_user
from planner.errors import DomainError
from planner.views import form_error
from workflows.forms import DecisionForm, SignOffForm, TransitionForm
from workflows.gates import gate_evaluate
from workflows.selectors import decision_list_for_plan, sign_off_list_for_plan
from workflows.services import (
    TRANSITIONS,
    GateClosed,
    StaleStage,
    decision_record,
    plan_transition,
    signoff_record,
)


@require_http_methods(["GET", "POST"])
def plan_transition_view(request, plan_id, name):
    spec = TRANSITIONS.get(name)
    if spec is None:
        raise Http404("No such stage change.")
    access = plan_access_for_user(request.user, plan_id, for_change=request.method == "POST")
    plan = access.plan
    form = TransitionForm(request.POST or None, initial={"expected_stage": plan.stage})
    report = gate_evaluate(plan) if spec.needs_gate else None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                plan_transition(
                    access=access,
                    name=name,
                    expected_stage=form.cleaned_data["expected_stage"],
                    rationale=form.cleaned_data["rationale"],
                    options_considered=form.cleaned_data["options_considered"],
                )
            except StaleStage as exc:
                messages.error(request, exc.message + " Here is its current stage.")
                return redirect("plan_detail", plan_id)
            except GateClosed as exc:
                report = exc.report
                form.add_error(None, "The gate is closed: the checks below must pass first.")
                status = 409
            except DomainError as exc:
                form_error(form, exc)
                status = 403 if "Only the project lead" in exc.message else 400
            else:
                messages.success(request, f"{spec.summary}. The decision has been logged.")
                return redirect("plan_detail", plan_id)
        else:
            status = 400
    return render(
        request,
        "workflows/transition.html",
        {"access": access, "plan": plan, "spec": spec, "form": form, "report": report},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def plan_sign_off(request, plan_id):
    access = plan_access_for_user(request.user, plan_id, for_change=request.method == "POST")
    org = access.organisation
    form = SignOffForm(request.POST or None, initial={"body": org.governing_body})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                signoff_record(access=access, organisation=org, **form.cleaned_data)
            except DomainError as exc:
                form_error(form, exc)
                status = 400
            else:
                messages.success(request, f"{org.name}'s governance decision recorded.")
                return redirect("plan_detail", plan_id)
        else:
            status = 400
    return render(
        request,
        "workflows/sign_off.html",
        {
            "access": access,
            "plan": access.plan,
            "form": form,
            "sign_offs": sign_off_list_for_plan(access.plan),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def plan_decisions(request, plan_id):
    access = plan_access_for_user(request.user, plan_id, for_change=request.method == "POST")
    form = DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                decision_record(plan=access.plan, actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form_error(form, exc)
                status = 400
            else:
                messages.success(request, "Decision logged.")
                return redirect("plan_decisions", plan_id)
        else:
            status = 400
    return render(
        request,
        "workflows/decisions.html",
        {
            "access": access,
            "plan": access.plan,
            "form": form,
            "decisions": decision_list_for_plan(access.plan),
        },
        status=status,
    )
