"""Assessment pages: my organisation's form, the results of a round, the trend.

Every view calls `plan_access_for_user` first; who may see or change one organisation's
assessment is decided by `assessments.access` (a draft is seen only by its own organisation:
everyone else gets 404 on it). Results pages never read draft answers.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from assessments.access import (
    AssessmentAccess,
    assessment_access_for,
    assessment_access_for_reopen,
)
from assessments.charts import heatmap_svg, radar_svg, trend_svg
from assessments.forms import (
    SUBMITTING,
    AnswersForm,
    JustificationForm,
    NoteForm,
    ReasonForm,
    ResolutionForm,
    ResolutionReopenForm,
)
from assessments.models import RATING_MEANINGS
from assessments.selectors import (
    AssessmentPage,
    Round,
    assessment_page,
    current_round,
    round_for_plan,
    round_is_open,
    round_state,
    trend_for_plan,
)
from assessments.services import (
    assessment_reopen,
    assessment_save,
    assessment_submit,
    discussion_note_add,
    floor_justification_record,
    health_check_open,
    resolution_acknowledge,
    resolution_record,
    resolution_reopen,
    resolution_require_concerned,
    unanswered_questions,
)
from planner.access import plan_access_for_user, plan_require_lead
from planner.check_answers import (
    answers_forget,
    answers_recall,
    answers_remember,
    confirmation_done,
    confirmation_repeat,
    confirmation_token,
    field_anchor,
    posted_answers,
)
from planner.errors import DomainError
from planner.refusals import form_refusal


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
    rnd = round_for_plan(access.plan, round_slug)
    return redirect("assessment_org", plan_id, rnd.slug, access.organisation.pk)


def _assessment_access(request, plan_id, round_slug, org_id, *, for_change=False):
    access = plan_access_for_user(request.user, plan_id, for_change=for_change)
    rnd = round_for_plan(access.plan, round_slug)
    return assessment_access_for(access, org_id, rnd, for_change=for_change)


def _answers_form(request, page: AssessmentPage, aa: AssessmentAccess) -> AnswersForm:
    data = request.POST if request.method == "POST" else None
    if data is None and aa.may_edit and "change" in request.GET:
        # Back from the check page: every answer as it was.
        data = answers_recall(request, _assessment_answers_key(aa))
    return AnswersForm(data, questions=page.questions, answers=page.answers)


def _assessment_page(request, aa: AssessmentAccess, page: AssessmentPage, form, status=200):
    plan, rnd = aa.plan_access.plan, aa.round
    by_id = page.answers_by_characteristic
    rows = [
        {
            "question": q,
            "answer": by_id.get(q.characteristic_id),
            "rating": form[f"rating-{q.characteristic.code}"],
            "evidence": form[f"evidence-{q.characteristic.code}"],
        }
        for q in page.questions
    ]
    return render(
        request,
        "assessments/assessment_form.html",
        {
            "access": aa.plan_access,
            "plan": plan,
            "round": rnd,
            "assessment": aa.assessment,
            "org_name": aa.organisation.name,
            "framework": page.framework,
            "own": aa.is_own,
            "editable": aa.may_edit,
            "read_only_reason": aa.read_only_reason,
            "is_open": aa.is_open,
            "form": form,
            "rows": rows,
            "left": unanswered_questions(page.questions, aa.assessment),
            "meanings": RATING_MEANINGS.items(),
            "save_url": rnd.url("assessment_org", plan.pk, aa.organisation.pk),
            # "Submit" goes to the check page first; its confirmation submits.
            "submit_url": rnd.url("assessment_check", plan.pk, aa.organisation.pk),
            "results_url": rnd.url("assessment_results", plan.pk),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def assessment_org(request, plan_id, round_slug, org_id):
    """An organisation's assessment: the form for its own people while it is a draft, a
    read-only view for every partner once submitted (`assessments.access` says who sees
    what). POST saves the draft; submitting is `assessment_submit_view`."""
    aa = _assessment_access(
        request, plan_id, round_slug, org_id, for_change=request.method == "POST"
    )
    page = assessment_page(aa.plan_access.plan, aa.round, aa.assessment)
    form = _answers_form(request, page, aa)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                assessment_save(
                    access=aa.plan_access,
                    assessment=aa.assessment,
                    rnd=aa.round,
                    answers=form.answers(),
                )
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(request, "Draft saved. Only your organisation can see it.")
                return redirect("assessment_org", plan_id, aa.round.slug, org_id)
    return _assessment_page(request, aa, page, form, status)


def _assessment_answers_key(aa: AssessmentAccess) -> str:
    return f"assessment:{aa.plan_access.plan.pk}:{aa.round.slug}:{aa.organisation.pk}"


@require_POST
def assessment_submit_view(request, plan_id, round_slug, org_id):
    """Save the last answers and submit: every partner can see the assessment from now on.
    The check page (`assessment_check`) posts here; this POST revalidates every answer and is
    the only step that submits (`planner.check_answers` says why)."""
    aa = _assessment_access(request, plan_id, round_slug, org_id, for_change=True)
    if earlier := confirmation_repeat(request):
        messages.info(request, f"{aa.organisation.name}'s assessment is already submitted.")
        return redirect(earlier)
    page = assessment_page(aa.plan_access.plan, aa.round, aa.assessment)
    form = _answers_form(request, page, aa)
    status = 400
    if form.is_valid():
        try:
            assessment_submit(
                access=aa.plan_access,
                assessment=aa.assessment,
                rnd=aa.round,
                answers=form.answers(),
            )
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            answers_forget(request, _assessment_answers_key(aa))
            confirmation_done(request, aa.round.url("assessment_results", plan_id))
            messages.success(
                request,
                f"{aa.organisation.name}'s {aa.round.label.lower()} is submitted: "
                "every partner can now see it.",
            )
            return redirect("assessment_results", plan_id, aa.round.slug)
    return _assessment_page(request, aa, page, form, status)


def _submitting_form(data, page: AssessmentPage) -> AnswersForm:
    """The form as a submission sees it: every question must have a score (the form marks
    each one left on its question; the submit service refuses the same)."""
    data = data.copy()
    data[SUBMITTING] = "yes"
    return AnswersForm(data, questions=page.questions, answers=page.answers)


@require_http_methods(["GET", "POST"])
def assessment_check(request, plan_id, round_slug, org_id):
    """Check your answers before submitting an assessment: POST validates the form (every
    question scored) and keeps its answers; GET lists them with a "Change" link each.
    Nothing is written here: saving a draft is the form's own button."""
    aa = _assessment_access(request, plan_id, round_slug, org_id, for_change=True)
    if not aa.may_edit:
        # Submitted meanwhile, or the round closed: the assessment's page says which.
        return redirect("assessment_org", plan_id, aa.round.slug, org_id)
    page = assessment_page(aa.plan_access.plan, aa.round, aa.assessment)
    key = _assessment_answers_key(aa)
    if request.method == "POST":
        form = _submitting_form(request.POST, page)
        if not form.is_valid():
            return _assessment_page(request, aa, page, form, 400)
        answers_remember(request, key, posted_answers(form, request.POST))
        return redirect("assessment_check", plan_id, aa.round.slug, org_id)
    form_url = aa.round.url("assessment_org", plan_id, org_id)
    data = answers_recall(request, key)
    if data is None:
        return redirect(form_url)
    form = _submitting_form(data, page)
    change_url = f"{form_url}?change"
    if not form.is_valid():
        return redirect(change_url)
    answers = form.answers()
    rows = []
    for q in page.questions:
        code = q.characteristic.code
        answer = answers[code]
        rows.append(
            {
                "question": q,
                "score": "Don't know" if answer.dont_know else f"{answer.rating} out of 5",
                "meaning": RATING_MEANINGS.get(answer.rating, ""),
                "comment": answer.evidence.strip(),
                "href": f"{change_url}#{field_anchor(form[f'rating-{code}'])}",
            }
        )
    return render(
        request,
        "assessments/assessment_check.html",
        {
            "access": aa.plan_access,
            "plan": aa.plan_access.plan,
            "round": aa.round,
            "org_name": aa.organisation.name,
            "rows": rows,
            # Marked as a submission, so a question left is shown on its question.
            "answers": [*posted_answers(form, data), (SUBMITTING, "yes")],
            "token": confirmation_token(),
            "change_url": change_url,
            "submit_url": aa.round.url("assessment_submit", plan_id, org_id),
        },
    )


@require_http_methods(["GET"])
def assessment_results(request, plan_id, round_slug):
    access = plan_access_for_user(request.user, plan_id)
    plan = access.plan
    rnd = round_for_plan(access.plan, round_slug)
    # The access read every partner already; the round needs them.
    state = round_state(plan, rnd, partners=list(access.partners))
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
    # The access read the partners already (empty for one that did not: read them then).
    points = trend_for_plan(plan, list(access.partners) or None)
    threshold = points[0].aggregate.thresholds.readiness if points else 60
    # Only rounds with every voting partner's assessment have a readiness to plot.
    judged = [(p.round.label, p.aggregate.readiness) for p in points if p.aggregate.has_quorum]
    chart = (
        trend_svg(
            judged,
            threshold,
            chart_id="trend",
            title="Readiness across stages and health checks",
        )
        if judged
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
    aa = assessment_access_for_reopen(access, org_id, round_for_plan(access.plan, round_slug))
    assessment, rnd = aa.assessment, aa.round
    form = ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                assessment_reopen(
                    access=access, assessment=assessment, reason=form.cleaned_data["reason"]
                )
            except DomainError as exc:
                status = form_refusal(form, exc)
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


def _discussion_page(request, access, rnd, state, row, *, status=200, **forms_):
    """The discussion of one characteristic: each partner's submitted score and evidence,
    the notes, and for a flagged one its resolution, who has answered it and the forms
    the person's organisation may use (`resolution_require_concerned` holds the rule)."""
    plan = access.plan
    code = row["characteristic"].code
    flag = row["flag"]
    is_open = round_is_open(plan, rnd)
    own = access.organisation.pk
    acts = bool(flag) and is_open and access.can_change and flag.is_concerned(own)
    resolution = flag.resolution if flag else None
    answered = resolution is not None and (
        flag.has_acknowledged(own) or any(o.pk == own for o in flag.rescored)
    )
    return render(
        request,
        "assessments/discuss.html",
        {
            "access": access,
            "plan": plan,
            "round": rnd,
            "row": row,
            "flag": flag,
            "evidence": state.evidence_rows(code),
            "note_form": forms_.get("note_form") or NoteForm(),
            "resolution_form": forms_.get("resolution_form")
            or ResolutionForm(partners=access.partners),
            "reopen_form": forms_.get("reopen_form") or ResolutionReopenForm(),
            "forms": [f for f in forms_.values() if f is not None],
            "can_note": access.can_change,
            "can_record": acts and resolution is None,
            "can_acknowledge": acts and resolution is not None and not answered,
            "can_reopen": acts and resolution is not None,
            "is_open": is_open,
            "record_url": rnd.url("assessment_resolution_record", plan.pk, code),
            "acknowledge_url": rnd.url("assessment_resolution_acknowledge", plan.pk, code),
            "reopen_url": rnd.url("assessment_resolution_reopen", plan.pk, code),
            "results_url": rnd.url("assessment_results", plan.pk),
        },
        status=status,
    )


def _discussion(request, plan_id, round_slug, code, *, for_change):
    access = plan_access_for_user(request.user, plan_id, for_change=for_change)
    rnd = round_for_plan(access.plan, round_slug)
    state = round_state(access.plan, rnd, partners=list(access.partners))
    return access, rnd, state, _characteristic_or_404(state, code)


@require_http_methods(["GET", "POST"])
def assessment_discuss(request, plan_id, round_slug, code):
    """The discussion page; POST adds a discussion note (which alone resolves nothing)."""
    access, rnd, state, row = _discussion(
        request, plan_id, round_slug, code, for_change=request.method == "POST"
    )
    form = NoteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
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
                status = form_refusal(form, exc)
            else:
                messages.success(request, f"Discussion of {row['characteristic'].name} recorded.")
                return redirect("assessment_discuss", plan_id, rnd.slug, code)
    return _discussion_page(request, access, rnd, state, row, status=status, note_form=form)


@require_POST
def assessment_resolution_record(request, plan_id, round_slug, code):
    """Record the partners' agreed position on a flagged characteristic."""
    access, rnd, state, row = _discussion(request, plan_id, round_slug, code, for_change=True)
    resolution_require_concerned(access)
    form = ResolutionForm(request.POST, partners=access.partners)
    status = 400
    if form.is_valid():
        try:
            resolution_record(access=access, rnd=rnd, code=code, data=form.resolution())
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(
                request,
                f"Resolution of {row['characteristic'].name} recorded. Each of the other "
                "organisations concerned must now acknowledge it or re-score.",
            )
            return redirect("assessment_discuss", plan_id, rnd.slug, code)
    return _discussion_page(request, access, rnd, state, row, status=status, resolution_form=form)


@require_POST
def assessment_resolution_acknowledge(request, plan_id, round_slug, code):
    """The person's organisation accepts the resolution in force."""
    access, rnd, state, row = _discussion(request, plan_id, round_slug, code, for_change=True)
    resolution_require_concerned(access)
    resolution_acknowledge(access=access, rnd=rnd, code=code)
    messages.success(
        request,
        f"{access.organisation.name} has acknowledged the resolution of "
        f"{row['characteristic'].name}.",
    )
    return redirect("assessment_discuss", plan_id, rnd.slug, code)


@require_POST
def assessment_resolution_reopen(request, plan_id, round_slug, code):
    """An organisation concerned reopens the resolution in force, with a reason."""
    access, rnd, state, row = _discussion(request, plan_id, round_slug, code, for_change=True)
    resolution_require_concerned(access)
    form = ResolutionReopenForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            resolution_reopen(access=access, rnd=rnd, code=code, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(
                request,
                f"The resolution of {row['characteristic'].name} is reopened; the reason is in "
                "the decision log.",
            )
            return redirect("assessment_discuss", plan_id, rnd.slug, code)
    return _discussion_page(request, access, rnd, state, row, status=status, reopen_form=form)


@require_http_methods(["GET", "POST"])
def assessment_justify(request, plan_id, round_slug, code):
    access = plan_access_for_user(request.user, plan_id, for_change=request.method == "POST")
    plan_require_lead(access)
    rnd = round_for_plan(access.plan, round_slug)
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
                status = form_refusal(form, exc)
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
