from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from planner.access import plan_access_for_user, plan_require_sign_off_recorder
from planner.check_answers import (
    answers_forget,
    answers_recall,
    answers_remember,
    confirmation_done,
    confirmation_repeat,
    confirmation_token,
    posted_answers,
    summary_rows,
)
from planner.context import PlanContext
from planner.dates import validate_happened
from planner.errors import DomainError, NotAllowed, Stale
from planner.models import Plan, Stage
from planner.refusals import form_refusal
from workflows.conditions import (
    CARRY,
    MEET,
    SET,
    WAIVE,
    condition_for_plan,
    condition_is_overdue,
    condition_may,
    condition_offers,
    condition_owner_choices,
    condition_refusal_message,
    conditions_for_plan,
)
from workflows.forms import (
    ConditionCloseForm,
    ConditionSetForm,
    DecisionForm,
    SignOffForm,
    SignOffSupersedeForm,
    TransitionForm,
)
from workflows.models import SignOff
from workflows.selectors import (
    decision_list_for_plan,
    sign_off_list_for_plan,
    sign_off_organisations,
)
from workflows.services import (
    TRANSITIONS,
    GateClosed,
    StaleStage,
    condition_close,
    condition_set,
    decision_record,
    plan_transition,
    signoff_record,
    signoff_supersede,
    transition_report,
)


@require_http_methods(["GET", "POST"])
def plan_transition_view(request, plan_id, name):
    spec = TRANSITIONS.get(name)
    if spec is None:
        raise Http404("No such stage change.")
    ctx = PlanContext.for_user(request.user, plan_id, for_change=request.method == "POST")
    form = TransitionForm(request.POST or None, initial={"expected_stage": ctx.plan.stage})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                plan_transition(
                    ctx=ctx,
                    name=name,
                    expected_stage=form.cleaned_data["expected_stage"],
                    rationale=form.cleaned_data["rationale"],
                    options_considered=form.cleaned_data["options_considered"],
                )
            except StaleStage as exc:
                messages.error(request, exc.message + " Here is its current stage.")
                return redirect("plan_detail", plan_id)
            except GateClosed as exc:
                form.add_error(
                    None,
                    "The plan cannot be withdrawn yet: the checks below must pass first."
                    if name == "withdraw"
                    else "The gate is closed: the checks below must pass first.",
                )
                status = exc.status
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(request, _transition_done(ctx, name))
                return redirect("plan_detail", plan_id)
        else:
            status = 400
    # The checks the service evaluated (or, on a first look, evaluates now): once.
    report = transition_report(ctx, spec)
    return render(
        request,
        "workflows/transition.html",
        {
            "access": ctx.access,
            "plan": ctx.plan,
            "spec": spec,
            "form": form,
            "report": report,
            # A gated change whose gate is closed: the page says what is missing and offers
            # no form, rather than taking a rationale only to refuse it.
            "shut": spec.needs_gate and report is not None and not report.is_open,
        },
        status=status,
    )


def _transition_done(ctx: PlanContext, name: str) -> str:
    """What the success banner says happened: where the plan is now, that the decision is
    logged, and whether anyone was told (every other member of the plan is notified)."""
    stage = Plan.objects.values_list("stage", flat=True).get(pk=ctx.plan.pk)
    where = Stage(stage).label.lower()
    happened = {
        "advance": f"Plan moved to {where}.",
        "complete": f"Delivery completed: the plan moved to {where}.",
        "send_back": f"Plan sent back to {where}.",
        "hold": "Plan put on hold.",
        "resume": f"Plan resumed at {where}.",
        "withdraw": "Plan withdrawn.",
        "close": "Plan closed.",
    }[name]
    told = any(m.user_id != ctx.access.user.pk for m in ctx.members)
    return f"{happened} The decision has been logged." + (
        " The partners have been told." if told else ""
    )


def _sign_off_answers_key(plan):
    return f"sign_off:{plan.pk}"


def _sign_off_form(access, data):
    # The lead records on an organisation's behalf and says whose; an approver, their own.
    on_behalf = access.is_lead
    return SignOffForm(
        data,
        organisations=sign_off_organisations(access.plan) if on_behalf else None,
        initial={} if on_behalf else {"body": access.organisation.governing_body},
    )


@require_http_methods(["GET", "POST"])
def plan_sign_off(request, plan_id):
    """The sign-off page: every decision, and the form to record one. The form goes to the
    check page first (`plan_sign_off_check`), whose "Record decision" posts the answers back
    here: this POST revalidates them all and records (`planner.check_answers` says why)."""
    access = plan_access_for_user(request.user, plan_id, for_change=request.method == "POST")
    if request.method == "POST":
        # Refused before the form is read: a partner representative writes nothing.
        plan_require_sign_off_recorder(access)
        if earlier := confirmation_repeat(request):
            messages.info(request, "That decision is already recorded.")
            return redirect(earlier)
    plan = access.plan
    data = request.POST if request.method == "POST" else None
    if data is None and "change" in request.GET and access.records_sign_offs:
        # Back from the check page: every answer as it was.
        data = answers_recall(request, _sign_off_answers_key(plan))
    form = _sign_off_form(access, data)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            organisation = data.pop("organisation", access.organisation)
            try:
                signoff_record(access=access, organisation=organisation, **data)
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                answers_forget(request, _sign_off_answers_key(plan))
                confirmation_done(request, reverse("plan_detail", args=[plan_id]))
                messages.success(request, f"{organisation.name}'s governance decision recorded.")
                return redirect("plan_detail", plan_id)
        else:
            status = 400
    return _sign_off_page(request, access, form, status)


def _sign_off_page(request, access, form, status):
    return render(
        request,
        "workflows/sign_off.html",
        {
            "access": access,
            "plan": access.plan,
            "form": form,
            "on_behalf": access.is_lead,
            "sign_offs": _sign_offs_with_actions(access),
        },
        status=status,
    )


# The sign-off's answers in the order the check page lists them.
SIGN_OFF_ANSWERS = ("organisation", "body", "decision", "decided_on", "reference", "conditions")


def _sign_off_date_happened(form, plan) -> bool:
    """Refuse, before the check page, a decision date the sign-off itself would refuse (after
    today, or before the plan), by the same rule (`planner.dates.validate_happened`)."""
    try:
        validate_happened(
            form.cleaned_data["decided_on"], plan=plan, label=str(form.fields["decided_on"].label)
        )
    except ValidationError as exc:
        form.add_error("decided_on", exc)
        return False
    return True


@require_http_methods(["GET", "POST"])
def plan_sign_off_check(request, plan_id):
    """Check your answers before recording a governing body's decision: POST validates the
    form and keeps its answers; GET shows them with a "Change" link each. Nothing is
    written here. Only those who may record a decision get this far."""
    access = plan_access_for_user(request.user, plan_id, for_change=request.method == "POST")
    plan_require_sign_off_recorder(access)
    key = _sign_off_answers_key(access.plan)
    if request.method == "POST":
        form = _sign_off_form(access, request.POST)
        if not (form.is_valid() and _sign_off_date_happened(form, access.plan)):
            return _sign_off_page(request, access, form, 400)
        answers_remember(request, key, posted_answers(form, request.POST))
        return redirect("plan_sign_off_check", plan_id)
    data = answers_recall(request, key)
    if data is None:
        return redirect("plan_sign_off", plan_id)
    form = _sign_off_form(access, data)
    change_url = f"{reverse('plan_sign_off', args=[plan_id])}?change"
    if not form.is_valid():
        # The answers went stale (the organisation left the plan): back to the form.
        return redirect(change_url)
    organisation = form.cleaned_data.get("organisation", access.organisation)
    return render(
        request,
        "workflows/sign_off_check.html",
        {
            "access": access,
            "plan": access.plan,
            "organisation": organisation,
            "on_behalf": access.is_lead,
            "answers": posted_answers(form, data),
            "token": confirmation_token(),
            "change_url": change_url,
            "rows": summary_rows(
                form,
                SIGN_OFF_ANSWERS,
                change_url,
                contexts={"decided_on": "date of decision", "reference": "reference"},
            ),
        },
    )


def _sign_offs_with_actions(access):
    """Every decision, each with whether this person may supersede it now."""
    open_for_decisions = access.plan.stage == Stage.GOVERNANCE
    rows = []
    for sign_off in sign_off_list_for_plan(access.plan):
        current = not hasattr(sign_off, "superseded_by")
        may = access.records_sign_off_for(sign_off.organisation_id)
        rows.append((sign_off, current and may and open_for_decisions))
    return rows


@require_http_methods(["GET", "POST"])
def plan_sign_off_supersede(request, plan_id, sign_off_id):
    access = plan_access_for_user(request.user, plan_id, for_change=request.method == "POST")
    earlier = get_object_or_404(
        SignOff.objects.select_related("organisation", "recorded_by"),
        plan=access.plan,
        pk=sign_off_id,
    )
    if request.method == "POST":
        plan_require_sign_off_recorder(access, earlier.organisation)
    form = SignOffSupersedeForm(request.POST or None, initial={"body": earlier.body})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                signoff_supersede(access=access, sign_off=earlier, **form.cleaned_data)
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(
                    request,
                    f"{earlier.organisation.name}'s new governance decision recorded; the "
                    "earlier one is kept as superseded.",
                )
                return redirect("plan_sign_off", plan_id)
        else:
            status = 400
    return render(
        request,
        "workflows/sign_off_supersede.html",
        {
            "access": access,
            "plan": access.plan,
            "form": form,
            "earlier": earlier,
            "may_supersede": access.records_sign_off_for(earlier.organisation_id),
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
                status = form_refusal(form, exc)
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


# Conditions of a conditional approval. Who may do what is condition_may's one rule; a person
# it refuses gets 403 before any form is read, so nothing is written.

CONDITION_ACTIONS = {
    "meet": ("Mark as met", "Yes, mark it as met", "met"),
    "waive": ("Record it was waived", "Yes, record it was waived", "recorded as waived"),
    "carry": (
        "Carry into delivery",
        "Yes, carry it into delivery",
        "carried into delivery",
    ),
}


@require_http_methods(["GET"])
def plan_conditions(request, plan_id):
    access = plan_access_for_user(request.user, plan_id)
    today = timezone.localdate()
    rows = [
        {
            "condition": c,
            "overdue": condition_is_overdue(c, today),
            "actions": [
                (name, CONDITION_ACTIONS[name][0])
                for name in CONDITION_ACTIONS
                if condition_offers(c, name) and condition_may(access, c, name)
            ],
            "may_set": condition_offers(c, SET) and condition_may(access, c, SET),
        }
        for c in conditions_for_plan(access.plan)
    ]
    return render(
        request,
        "workflows/conditions.html",
        {
            "access": access,
            "plan": access.plan,
            "rows": rows,
            "open_count": sum(1 for r in rows if r["condition"].is_open),
        },
    )


def _condition_or_404(access, condition_id):
    condition = condition_for_plan(access.plan, condition_id)
    if condition is None:
        raise Http404("No such condition on this plan.")
    return condition


def _condition_require(access, condition, action):
    """The entrance check, before any form is read (the service asks the same rule)."""
    if not condition_may(access, condition, action):
        raise NotAllowed(condition_refusal_message(condition, action))


@require_http_methods(["GET", "POST"])
def plan_condition_set(request, plan_id, condition_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    condition = _condition_or_404(access, condition_id)
    _condition_require(access, condition, SET)
    form = ConditionSetForm(
        request.POST or None,
        owners=condition_owner_choices(access.plan),
        initial={"owner": condition.owner_id, "due_on": condition.due_on},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                condition_set(access=access, condition=condition, **form.cleaned_data)
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(request, f"{condition.label}: owner and due date saved.")
                return redirect("plan_conditions", plan_id)
        else:
            status = 400
    return render(
        request,
        "workflows/condition_set.html",
        {
            "access": access,
            "plan": access.plan,
            "condition": condition,
            "form": form,
            "offered": condition_offers(condition, SET),
        },
        status=status,
    )


def _condition_close_view(request, plan_id, condition_id, action):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    condition = _condition_or_404(access, condition_id)
    _condition_require(access, condition, action)
    form = ConditionCloseForm(request.POST or None, action=action)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                condition_close(
                    access=access,
                    condition=condition,
                    action=action,
                    note=form.cleaned_data["note"],
                )
            except Stale as exc:
                messages.error(request, exc.message)
                return redirect("plan_conditions", plan_id)
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(
                    request,
                    f"{condition.label} {CONDITION_ACTIONS[action][2]}. The decision has been "
                    "logged.",
                )
                return redirect("plan_conditions", plan_id)
        else:
            status = 400
    label, button, _done = CONDITION_ACTIONS[action]
    return render(
        request,
        "workflows/condition_close.html",
        {
            "access": access,
            "plan": access.plan,
            "condition": condition,
            "form": form,
            "action": action,
            "action_label": label,
            "button": button,
            "overdue": condition_is_overdue(condition),
            "offered": condition_offers(condition, action),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def plan_condition_meet(request, plan_id, condition_id):
    return _condition_close_view(request, plan_id, condition_id, MEET)


@require_http_methods(["GET", "POST"])
def plan_condition_waive(request, plan_id, condition_id):
    return _condition_close_view(request, plan_id, condition_id, WAIVE)


@require_http_methods(["GET", "POST"])
def plan_condition_carry(request, plan_id, condition_id):
    return _condition_close_view(request, plan_id, condition_id, CARRY)
