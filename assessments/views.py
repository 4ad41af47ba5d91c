"""Assessment pages: my organisation's form, the results of a round, the trend.

Every view calls `plan_access_for_user` first. A draft is seen only by its own
organisation: everyone else gets 404 on it, and results pages never read draft answers.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from assessments.charts import heatmap_svg, radar_svg, trend_svg
from assessments.forms import AnswersForm, JustificationForm, NoteForm, ReasonForm
from assessments.models import RATING_MEANINGS
from assessments.selectors import (
    Round,
    assessment_for_org,
    current_round,
    questions_for,
    round_is_open,
    round_state,
    trend_for_plan,
)
from assessments.services import (
    assessment_reopen,
    assessment_save,
    assessment_start,
    assessment_submit,
    discussion_note_add,
    floor_justification_record,
    health_check_open,
    unanswered_questions,
)
from planner.access import plan_access_for_user, plan_require_lead
from planner.errors import DomainError
from planner.models import PartnerRole
from planner.refusals import form_refusal


def _round(slug, plan) -> Round:
    """The round named in the URL; 404 for a health check that was never opened."""
    rnd = Round.from_slug(slug)
    if rnd.number and not plan.health_checks.filter(number=rnd.number).exists():
        raise Http404("No such health check.")
    return rnd


def _results_charts(state, prefix="results"):
    names = state.names
    title = state.round.label
    return {
        "radar": radar_svg(
            state.aggregate, names, chart_id=f"{prefix}-radar", title=f"{title}: radar chart"
        ),
        "heatmap": heatmap_svg(
            state.aggregate, names, chart_id=f"{prefix}-heat", title=f"{title}: heat map"
        ),
    }


@require_http_methods(["GET"])
def assessment_mine(request, plan_id, round_slug):
    """Send the person to their own organisation's assessment for the round."""
    access = plan_access_for_user(request.user, plan_id)
    rnd = _round(round_slug, access.plan)
    return redirect("assessment_org", plan_id, rnd.slug, access.organisation.pk)


@require_http_methods(["GET", "POST"])
def assessment_org(request, plan_id, round_slug, org_id):
    """An organisation's assessment: the form for its own people while it is a draft, a
    read-only view for every partner once submitted, 404 for others while it is a draft."""
    access = plan_access_for_user(request.user, plan_id, for_change=request.method == "POST")
    plan = access.plan
    rnd = _round(round_slug, access.plan)
    own = org_id == access.organisation.pk
    assessment = assessment_for_org(plan, rnd, org_id)
    if assessment is None and not own:
        raise Http404("No assessment found.")
    if assessment is not None and not assessment.is_submitted and not own:
        raise Http404("No assessment found.")
    framework = assessment.framework if assessment else round_state(plan, rnd).framework
    questions = questions_for(framework, rnd.stage)
    answers = list(assessment.answers.all()) if assessment else []
    is_open = round_is_open(plan, rnd)
    editable = (
        own
        and access.can_change
        and access.partner_role != PartnerRole.OBSERVER
        and is_open
        and (assessment is None or not assessment.is_submitted)
    )
    form = AnswersForm(
        request.POST if request.method == "POST" else None, questions=questions, answers=answers
    )
    status = 200
    if request.method == "POST":
        if not own:
            status = 403
            form.is_valid()
            form.add_error(
                None,
                f"You can only fill in {access.organisation.name}'s assessment; nothing was saved.",
            )
        elif form.is_valid():
            action = request.POST.get("action", "save")
            try:
                target = assessment or assessment_start(access=access, rnd=rnd)
                if action == "submit":
                    assessment_submit(access=access, assessment=target, answers=form.answers())
                    messages.success(
                        request,
                        f"{access.organisation.name}'s {rnd.label.lower()} is submitted: "
                        "every partner can now see it.",
                    )
                    return redirect("assessment_results", plan_id, rnd.slug)
                assessment_save(access=access, assessment=target, answers=form.answers())
            except DomainError as exc:
                form_refusal(form, exc)
                status = 400
            else:
                messages.success(request, "Draft saved. Only your organisation can see it.")
                return redirect("assessment_org", plan_id, rnd.slug, org_id)
        else:
            status = 400
    by_id = {a.characteristic_id: a for a in answers}
    rows = [
        {
            "question": q,
            "answer": by_id.get(q.characteristic_id),
            "rating": form[f"rating-{q.characteristic.code}"],
            "evidence": form[f"evidence-{q.characteristic.code}"],
        }
        for q in questions
    ]
    org_name = assessment.organisation.name if assessment else access.organisation.name
    return render(
        request,
        "assessments/assessment_form.html",
        {
            "access": access,
            "plan": plan,
            "round": rnd,
            "assessment": assessment,
            "org_name": org_name,
            "framework": framework,
            "own": own,
            "editable": editable,
            "is_open": is_open,
            "form": form,
            "rows": rows,
            "left": unanswered_questions(questions, assessment),
            "meanings": RATING_MEANINGS.items(),
            "results_url": rnd.url("assessment_results", plan.pk),
        },
        status=status,
    )


@require_http_methods(["GET"])
def assessment_results(request, plan_id, round_slug):
    access = plan_access_for_user(request.user, plan_id)
    plan = access.plan
    rnd = _round(round_slug, access.plan)
    state = round_state(plan, rnd)
    return render(
        request,
        "assessments/results.html",
        {
            "access": access,
            "plan": plan,
            "round": rnd,
            "state": state,
            "rows": state.rows(),
            "status_rows": state.status_rows(access.organisation.pk),
            "is_open": round_is_open(plan, rnd),
            "mine_url": rnd.url("assessment_mine", plan.pk),
            **_results_charts(state),
        },
    )


@require_http_methods(["GET"])
def assessment_trend(request, plan_id):
    access = plan_access_for_user(request.user, plan_id)
    plan = access.plan
    points = trend_for_plan(plan)
    threshold = points[0].aggregate.thresholds.readiness if points else 60
    chart = (
        trend_svg(
            [(p.round.label, p.aggregate.readiness) for p in points],
            threshold,
            chart_id="trend",
            title="Readiness across stages and health checks",
        )
        if points
        else ""
    )
    # One row per characteristic name, one column per round (blank where not asked).
    names: dict[str, str] = {}
    for p in points:
        names.update(p.names)
    table = [
        {
            "name": name,
            "means": [
                (c.mean if (c := p.aggregate.for_code(code)) is not None else None) for p in points
            ],
        }
        for code, name in names.items()
    ]
    current = current_round(plan)
    return render(
        request,
        "assessments/trend.html",
        {
            "access": access,
            "plan": plan,
            "points": [
                {
                    "point": p,
                    "url": p.round.url("assessment_results", plan.pk),
                    "flags": len(p.aggregate.flags),
                }
                for p in points
            ],
            "chart": chart,
            "table": table,
            "threshold": threshold,
            "current": current,
            "current_url": current.url("assessment_results", plan.pk) if current else "",
        },
    )


@require_POST
def health_check_start(request, plan_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    plan_require_lead(access)
    try:
        check = health_check_open(access=access)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("plan_detail", plan_id)
    messages.success(request, f"Health check {check.number} is open for every partner.")
    return redirect("assessment_results", plan_id, Round("delivery", check.number).slug)


@require_http_methods(["GET", "POST"])
def assessment_reopen_view(request, plan_id, round_slug, org_id):
    access = plan_access_for_user(request.user, plan_id, for_change=request.method == "POST")
    plan_require_lead(access)
    rnd = _round(round_slug, access.plan)
    assessment = assessment_for_org(access.plan, rnd, org_id)
    if assessment is None or not assessment.is_submitted:
        raise Http404("No submitted assessment found.")
    form = ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                assessment_reopen(
                    access=access, assessment=assessment, reason=form.cleaned_data["reason"]
                )
            except DomainError as exc:
                form_refusal(form, exc)
                status = 400
            else:
                messages.success(
                    request,
                    f"{assessment.organisation.name}'s assessment is reopened; the reason is in "
                    "the decision log.",
                )
                return redirect("assessment_results", plan_id, rnd.slug)
        else:
            status = 400
    return render(
        request,
        "assessments/reason.html",
        {
            "access": access,
            "plan": access.plan,
            "round": rnd,
            "form": form,
            "heading": f"Reopen {assessment.organisation.name}'s {rnd.label.lower()}",
            "intro": "The organisation's representatives will be able to change their answers "
            "and must submit again. Other partners will no longer see it until then.",
            "button": "Reopen the assessment",
            "results_url": rnd.url("assessment_results", access.plan.pk),
        },
        status=status,
    )


def _characteristic_or_404(state, code):
    row = next((r for r in state.rows() if r["characteristic"].code == code), None)
    if row is None:
        raise Http404("No such characteristic in this assessment.")
    return row


@require_http_methods(["GET", "POST"])
def assessment_discuss(request, plan_id, round_slug, code):
    access = plan_access_for_user(request.user, plan_id, for_change=request.method == "POST")
    rnd = _round(round_slug, access.plan)
    state = round_state(access.plan, rnd)
    row = _characteristic_or_404(state, code)
    form = NoteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                discussion_note_add(
                    access=access,
                    rnd=rnd,
                    framework=state.framework,
                    code=code,
                    note=form.cleaned_data["note"],
                )
            except DomainError as exc:
                form_refusal(form, exc)
                status = 400
            else:
                messages.success(request, f"Discussion of {row['characteristic'].name} recorded.")
                return redirect("assessment_results", plan_id, rnd.slug)
        else:
            status = 400
    return render(
        request,
        "assessments/discuss.html",
        {
            "access": access,
            "plan": access.plan,
            "round": rnd,
            "row": row,
            "form": form,
            "results_url": rnd.url("assessment_results", access.plan.pk),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def assessment_justify(request, plan_id, round_slug, code):
    access = plan_access_for_user(request.user, plan_id, for_change=request.method == "POST")
    plan_require_lead(access)
    rnd = _round(round_slug, access.plan)
    state = round_state(access.plan, rnd)
    row = _characteristic_or_404(state, code)
    form = JustificationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                floor_justification_record(
                    access=access,
                    rnd=rnd,
                    framework=state.framework,
                    code=code,
                    rationale=form.cleaned_data["rationale"],
                )
            except DomainError as exc:
                form_refusal(form, exc)
                status = 400
            else:
                messages.success(request, "Justification logged in the decision log.")
                return redirect("assessment_results", plan_id, rnd.slug)
        else:
            status = 400
    name = row["characteristic"].name
    return render(
        request,
        "assessments/reason.html",
        {
            "access": access,
            "plan": access.plan,
            "round": rnd,
            "form": form,
            "heading": f"Justify the low score for {name}",
            "intro": f"{name} averages below the floor in the {rnd.label.lower()}. Log why the "
            "plan may go on regardless; the gate check will then pass.",
            "button": "Log the justification",
            "results_url": rnd.url("assessment_results", access.plan.pk),
        },
        status=status,
    )
