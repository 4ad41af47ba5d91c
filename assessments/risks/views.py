"""Thin views: access helper → form → service → redirect."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.risks.charts import benefit_chart_svg, heat_map_svg
from assessments.risks.forms import (
    AcceptanceForm,
    ActualCorrectionForm,
    ActualForm,
    BenefitForm,
    BenefitStatusForm,
    ExitStrategyForm,
    MitigationForm,
    RiskForm,
)
from assessments.risks.selectors import (
    band_counts,
    benefit_actual_get,
    benefit_corrections,
    benefit_editable_by,
    benefit_get,
    benefit_list_for_plan,
    benefit_status_history,
    benefit_status_settable_by,
    cashable_totals,
    exit_strategy_for_plan,
    heat_maps,
    plan_people,
    prompts_for_plan,
    risk_editable_by,
    risk_get,
    risk_history,
    risk_list_for_plan,
)
from assessments.risks.services import (
    ACTUALS_STAGES,
    STATUS_STAGES,
    benefit_actual_correct,
    benefit_actual_record,
    benefit_create,
    benefit_status_set,
    benefit_update,
    exit_strategy_save,
    mitigation_add,
    prompt_adopt,
    prompt_dismiss,
    risk_acceptance_record,
    risk_create,
    risk_update,
)
from planner.access import plan_access_for_user, plan_require_lead
from planner.errors import DomainError
from planner.models import Organisation
from planner.refusals import form_refusal


def _plan_organisations(plan):
    return Organisation.objects.filter(partnerships__plan=plan).order_by("name")


@require_GET
def risk_register(request, plan_id):
    access = plan_access_for_user(request.user, plan_id)
    risks = risk_list_for_plan(access.plan)
    before, after = heat_maps(risks)
    return render(
        request,
        "risks/register.html",
        {
            "access": access,
            "plan": access.plan,
            "risks": risks,
            "heat_maps": [
                (before, heat_map_svg(before, id_prefix="heat-before")),
                (after, heat_map_svg(after, id_prefix="heat-after")),
            ],
            "band_counts": band_counts(risks),
            "prompts": prompts_for_plan(access.plan) if access.can_change else [],
        },
    )


@require_http_methods(["GET", "POST"])
def risk_create_view(request, plan_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    plan = access.plan
    form = RiskForm(
        request.POST or None,
        organisations=_plan_organisations(plan),
        people=plan_people(plan),
        initial={"organisation": access.organisation.pk, "owner": access.user.pk},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                risk = risk_create(access=access, data=form.cleaned_data)
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(request, f"Risk “{risk.title}” added to the joint register.")
                return redirect("risk_detail", plan.pk, risk.pk)
    return render(
        request,
        "risks/risk_form.html",
        {"access": access, "plan": plan, "form": form, "creating": True},
        status=status,
    )


def _risk_page(request, access, risk, *, mitigation_form=None, acceptance_form=None, status=200):
    plan = access.plan
    return render(
        request,
        "risks/risk_detail.html",
        {
            "access": access,
            "plan": plan,
            "risk": risk,
            "can_edit": risk_editable_by(access, risk),
            "history": risk_history(risk),
            "mitigation_form": mitigation_form or MitigationForm(people=plan_people(plan)),
            "acceptance_form": acceptance_form or AcceptanceForm(),
        },
        status=status,
    )


@require_GET
def risk_detail(request, plan_id, risk_id):
    access = plan_access_for_user(request.user, plan_id)
    return _risk_page(request, access, risk_get(access, risk_id))


def _risk_for_edit(request, plan_id, risk_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    risk = risk_get(access, risk_id)
    if not risk_editable_by(access, risk):
        raise PermissionDenied("Only the risk's named owner or the project lead can change it.")
    return access, risk


@require_http_methods(["GET", "POST"])
def risk_edit(request, plan_id, risk_id):
    access, risk = _risk_for_edit(request, plan_id, risk_id)
    plan = access.plan
    form = RiskForm(
        request.POST or None,
        instance=risk,
        organisations=_plan_organisations(plan),
        people=plan_people(plan),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                changes = risk_update(access=access, risk=risk, data=form.cleaned_data)
            except DomainError as exc:
                status = form_refusal(form, exc)
                risk.refresh_from_db()
            else:
                messages.success(
                    request,
                    f"{len(changes)} change{'s' if len(changes) != 1 else ''} saved."
                    if changes
                    else "Nothing had changed.",
                )
                return redirect("risk_detail", plan.pk, risk.pk)
    return render(
        request,
        "risks/risk_form.html",
        {"access": access, "plan": plan, "form": form, "risk": risk},
        status=status,
    )


@require_POST
def risk_mitigation_add(request, plan_id, risk_id):
    access, risk = _risk_for_edit(request, plan_id, risk_id)
    form = MitigationForm(request.POST, people=plan_people(access.plan))
    status = 400
    if form.is_valid():
        try:
            mitigation_add(access=access, risk=risk, **form.cleaned_data)
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(request, "Mitigation action added.")
            return redirect("risk_detail", plan_id, risk.pk)
    return _risk_page(request, access, risk, mitigation_form=form, status=status)


@require_POST
def risk_acceptance(request, plan_id, risk_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    plan_require_lead(access)
    risk = risk_get(access, risk_id)
    form = AcceptanceForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            risk_acceptance_record(access=access, risk=risk, **form.cleaned_data)
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(request, "Acceptance decision logged in the decision log.")
            return redirect("risk_detail", plan_id, risk.pk)
    return _risk_page(request, access, risk, acceptance_form=form, status=status)


@require_POST
def risk_prompt_adopt(request, plan_id, key):
    """Add a suggested starting risk to the register for the person's organisation."""
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    try:
        risk = prompt_adopt(access=access, key=key)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("risk_register", plan_id)
    messages.success(
        request,
        f"“{risk.title}” added to the register for {access.organisation.name}. "
        "Check its scores and add mitigation actions.",
    )
    return redirect("risk_detail", plan_id, risk.pk)


@require_POST
def risk_prompt_dismiss(request, plan_id, key):
    """Stop suggesting a starting risk on this plan."""
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    try:
        prompt_dismiss(access=access, key=key)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Suggested risk dismissed for this plan.")
    return redirect("risk_register", plan_id)


@require_GET
def benefit_register(request, plan_id):
    access = plan_access_for_user(request.user, plan_id)
    benefits = benefit_list_for_plan(access.plan)
    return render(
        request,
        "risks/benefits.html",
        {
            "access": access,
            "plan": access.plan,
            "benefits": [(b, benefit_chart_svg(b, id_prefix=f"benefit-{b.pk}")) for b in benefits],
            "totals": cashable_totals(benefits),
        },
    )


@require_http_methods(["GET", "POST"])
def benefit_create_view(request, plan_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    plan = access.plan
    form = BenefitForm(
        request.POST or None,
        people=plan_people(plan),
        organisations=_plan_organisations(plan),
        initial={"owner": access.user.pk, "owner_organisation": access.organisation.pk},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                benefit = benefit_create(access=access, data=form.cleaned_data)
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(request, f"Benefit “{benefit.title}” added.")
                return redirect("benefit_detail", plan.pk, benefit.pk)
    return render(
        request,
        "risks/benefit_form.html",
        {"access": access, "plan": plan, "form": form, "creating": True},
        status=status,
    )


def _benefit_page(request, access, benefit, *, actual_form=None, status_form=None, status=200):
    settable = benefit_status_settable_by(access, benefit)
    return render(
        request,
        "risks/benefit_detail.html",
        {
            "access": access,
            "plan": access.plan,
            "benefit": benefit,
            "chart": benefit_chart_svg(benefit, id_prefix=f"benefit-{benefit.pk}"),
            "can_edit": benefit_editable_by(access, benefit),
            "actuals_open": access.plan.stage in ACTUALS_STAGES,
            "actual_form": actual_form or ActualForm(),
            "corrections": benefit_corrections(benefit),
            "status_history": benefit_status_history(benefit),
            "can_set_status": settable and access.plan.stage in STATUS_STAGES,
            "status_form": status_form
            or BenefitStatusForm(
                initial={"status": benefit.status, "reason": benefit.status_reason}
            ),
        },
        status=status,
    )


@require_GET
def benefit_detail(request, plan_id, benefit_id):
    access = plan_access_for_user(request.user, plan_id)
    return _benefit_page(request, access, benefit_get(access, benefit_id))


def _benefit_for_edit(request, plan_id, benefit_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    benefit = benefit_get(access, benefit_id)
    if not benefit_editable_by(access, benefit):
        raise PermissionDenied("Only the benefit's owner or the project lead can change it.")
    return access, benefit


@require_http_methods(["GET", "POST"])
def benefit_edit(request, plan_id, benefit_id):
    access, benefit = _benefit_for_edit(request, plan_id, benefit_id)
    form = BenefitForm(
        request.POST or None,
        instance=benefit,
        people=plan_people(access.plan),
        organisations=_plan_organisations(access.plan),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                benefit_update(access=access, benefit=benefit, data=form.cleaned_data)
            except DomainError as exc:
                status = form_refusal(form, exc)
                benefit.refresh_from_db()
            else:
                messages.success(request, "Benefit saved.")
                return redirect("benefit_detail", plan_id, benefit.pk)
    return render(
        request,
        "risks/benefit_form.html",
        {"access": access, "plan": access.plan, "form": form, "benefit": benefit},
        status=status,
    )


@require_POST
def benefit_actual_add(request, plan_id, benefit_id):
    access, benefit = _benefit_for_edit(request, plan_id, benefit_id)
    form = ActualForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            benefit_actual_record(access=access, benefit=benefit, **form.cleaned_data)
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(request, "Actual value recorded.")
            return redirect("benefit_detail", plan_id, benefit.pk)
    return _benefit_page(request, access, benefit, actual_form=form, status=status)


@require_POST
def benefit_status_view(request, plan_id, benefit_id):
    """Set where a benefit stands; the lead or the benefit's owner organisation may."""
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    benefit = benefit_get(access, benefit_id)
    if not benefit_status_settable_by(access, benefit):
        raise PermissionDenied(
            "Only the project lead or the benefit's owner organisation can set its status."
        )
    form = BenefitStatusForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            benefit_status_set(access=access, benefit=benefit, **form.cleaned_data)
        except DomainError as exc:
            status = form_refusal(form, exc)
            benefit.refresh_from_db()
        else:
            messages.success(request, f"Status set to {benefit.get_status_display().lower()}.")
            return redirect("benefit_detail", plan_id, benefit.pk)
    return _benefit_page(request, access, benefit, status_form=form, status=status)


@require_http_methods(["GET", "POST"])
def benefit_actual_correct_view(request, plan_id, benefit_id, actual_id):
    """Correct a measured value: the page shows the value as recorded and asks for the right
    one and the reason (GOV.UK "Are you sure" pattern); the original stays on record."""
    access, benefit = _benefit_for_edit(request, plan_id, benefit_id)
    actual = benefit_actual_get(benefit, actual_id)
    initial = {"recorded_on": actual.recorded_on, "value": actual.value, "note": actual.note}
    form = ActualCorrectionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                benefit_actual_correct(access=access, actual=actual, **form.cleaned_data)
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(request, "Value corrected. The original stays on record.")
                return redirect("benefit_detail", plan_id, benefit.pk)
    return render(
        request,
        "risks/actual_correct.html",
        {"access": access, "plan": access.plan, "benefit": benefit, "actual": actual, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def exit_strategy(request, plan_id):
    access = plan_access_for_user(request.user, plan_id, for_change=request.method == "POST")
    strategy = exit_strategy_for_plan(access.plan)
    form = None
    status = 200
    if access.is_lead:
        form = ExitStrategyForm(request.POST or None, instance=strategy)
    if request.method == "POST":
        plan_require_lead(access)
        status = 400
        if form.is_valid():
            try:
                exit_strategy_save(access=access, data=form.cleaned_data)
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(request, "Exit strategy saved.")
                return redirect("exit_strategy", plan_id)
    return render(
        request,
        "risks/exit_strategy.html",
        {"access": access, "plan": access.plan, "strategy": strategy, "form": form},
        status=status,
    )
