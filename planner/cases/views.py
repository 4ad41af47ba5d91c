"""Thin views: access helper → form → service → redirect."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from planner.access import plan_access_for_user, plan_require_lead
from planner.cases.forms import CaseChoiceForm, CaseProposalForm, CaseSearchForm, PinForm
from planner.cases.models import Case, CaseOutcome
from planner.cases.selectors import (
    case_get_for_user,
    case_matches_for_plan,
    case_regions,
    case_search,
    plan_dismissed_cases,
    plan_pinned_cases,
    user_sees_unpublished,
)
from planner.cases.services import (
    case_proposal_initial,
    case_propose_from_plan,
    plan_case_dismiss,
    plan_case_pin,
    plan_case_proposal_key,
    plan_case_unpin,
)
from planner.errors import DomainError
from planner.models import TERMINAL_STAGES
from planner.refusals import form_refusal

PAGE_SIZE = 25


@require_GET
def case_list(request):
    staff = user_sees_unpublished(request.user)
    form = CaseSearchForm(
        request.GET or None, regions=case_regions(request.user), show_status=staff
    )
    filters = form.cleaned_data if form.is_valid() else {}
    cases = case_search(
        request.user,
        text=filters.get("q", ""),
        collaboration_type=filters.get("collaboration_type", ""),
        service=filters.get("service", ""),
        region=filters.get("region", ""),
        year=filters.get("year"),
        outcome=filters.get("outcome", ""),
        status=filters.get("status", ""),
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "staff": staff},
    )


@require_GET
def case_detail(request, key):
    case = case_get_for_user(request.user, key)
    return render(request, "cases/case_detail.html", {"case": case})


@require_http_methods(["GET", "POST"])
def plan_cases(request, plan_id):
    access = plan_access_for_user(request.user, plan_id)
    pin_form, pin_case_id = None, None
    status = 200
    if request.method == "POST":
        access = plan_access_for_user(request.user, plan_id, for_change=True)
        plan_require_lead(access)
        action = request.POST.get("action")
        if action == "pin":
            pin_form = PinForm(request.POST)
            pin_case_id = request.POST.get("case_id")
            status = 400
            if pin_form.is_valid():
                try:
                    link = plan_case_pin(access=access, **pin_form.cleaned_data)
                except DomainError as exc:
                    status = form_refusal(pin_form, exc)
                else:
                    messages.success(request, f"“{link.case.title}” pinned to the plan.")
                    return redirect("plan_cases", plan_id)
        elif action in {"dismiss", "unpin"}:
            choice = CaseChoiceForm(request.POST)
            service = plan_case_dismiss if action == "dismiss" else plan_case_unpin
            try:
                if not choice.is_valid():
                    raise DomainError("Choose a case.")
                service(access=access, case_id=choice.cleaned_data["case_id"])
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                done = "Suggestion dismissed." if action == "dismiss" else "Pin removed."
                messages.success(request, done)
            return redirect("plan_cases", plan_id)
        else:
            messages.error(request, "Choose what to do on this page.")
            return redirect("plan_cases", plan_id)
    plan = access.plan
    return render(
        request,
        "cases/plan_cases.html",
        {
            "access": access,
            "plan": plan,
            "pinned": plan_pinned_cases(plan),
            "dismissed": plan_dismissed_cases(plan),
            "suggestions": case_matches_for_plan(plan),
            "pin_form": pin_form,
            "pin_case_id": str(pin_case_id or ""),
            "can_propose": access.is_lead and plan.stage in TERMINAL_STAGES,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def plan_case_propose(request, plan_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    plan_require_lead(access)
    plan = access.plan
    existing = Case.objects.filter(key=plan_case_proposal_key(plan)).first()
    initial = case_proposal_initial(plan)
    form = CaseProposalForm(
        request.POST or None,
        initial=initial,
        stopped=initial["outcome"] == CaseOutcome.STOPPED,
    )
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            case_propose_from_plan(access=access, data=form.cleaned_data)
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(
                request,
                "Thank you. The plan has been proposed to the case library; an administrator "
                "will check and publish it.",
            )
            return redirect("plan_cases", plan_id)
    return render(
        request,
        "cases/plan_case_propose.html",
        {
            "access": access,
            "plan": plan,
            "form": form,
            "existing": existing,
            "finished": plan.stage in TERMINAL_STAGES,
            "outcome": initial["outcome"],
            "outcome_label": CaseOutcome(initial["outcome"]).label,
            "outcome_year": initial["outcome_year"],
        },
        status=status,
    )
