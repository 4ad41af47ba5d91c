"""Thin views: access helper → form → service → redirect."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planner.access import plan_access_for_user, plan_require_lead
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
from planner.errors import DomainError, Stale
from planner.forms import (
    InvitationAcceptForm,
    InvitationForm,
    MemberAddForm,
    MemberRoleChangeForm,
    PartnerAddForm,
    PlanForm,
    ReasonForm,
    S2NoticeForm,
    TargetMoveForm,
)
from planner.models import STAGE_ORDER, MemberRole, Organisation, Stage
from planner.plugins import plan_panels
from planner.refusals import form_refusal
from planner.selectors import (
    dashboard_page,
    organisations_not_on_plan,
    partner_removal_preview,
    people_in_partner_orgs_without_role,
    plan_changes,
    plan_member,
    plan_members,
    plan_partners,
    plan_pending_invitation,
    plan_pending_invitations,
    plan_project_lead_count,
    plan_s2_notices,
    waiting_for_user,
)
from planner.services import (
    PLAN_FIELDS,
    invitation_accept,
    invitation_create,
    invitation_for_token,
    invitation_refusal,
    invitation_withdraw,
    member_add,
    member_remove,
    member_role_change,
    partner_add,
    partner_remove,
    plan_create,
    plan_target_moves,
    plan_update,
    s2_notice_record,
)


@require_GET
def account(request):
    return render(request, "registration/account.html")


@require_GET
def dashboard(request):
    page, groups = dashboard_page(request.user, request.GET.get("page"))
    waiting = waiting_for_user(request.user)
    return render(
        request, "planner/dashboard.html", {"page": page, "groups": groups, "waiting": waiting}
    )


# The session key of the new plan's answers between the form and its check page.
PLAN_CREATE_ANSWERS = "plan_create"


@require_http_methods(["GET", "POST"])
def plan_create_view(request):
    """Start a plan. The form goes to the check page first (`plan_create_check`), whose
    "Create plan" posts the answers back here: this POST revalidates them all and is the only
    step that writes (`planner.check_answers` says why the answers travel as they do)."""
    if request.method == "POST" and (earlier := confirmation_repeat(request)):
        messages.info(request, "That plan is already created.")
        return redirect(earlier)
    data = request.POST if request.method == "POST" else None
    if data is None and "change" in request.GET:
        # Back from the check page: every answer as it was.
        data = answers_recall(request, PLAN_CREATE_ANSWERS)
    form = PlanForm(data)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                plan = plan_create(user=request.user, data=form.cleaned_data)
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                answers_forget(request, PLAN_CREATE_ANSWERS)
                confirmation_done(request, reverse("plan_partners", args=[plan.pk]))
                messages.success(request, f"Plan {plan.reference} created. Now add its partners.")
                return redirect("plan_partners", plan.pk)
    return _plan_create_form(request, form, status)


def _plan_create_form(request, form, status):
    return render(
        request, "planner/plan_form.html", {"form": form, "creating": True}, status=status
    )


@require_http_methods(["GET", "POST"])
def plan_create_check(request):
    """Check your answers before creating a plan: POST validates the form and keeps its
    answers; GET shows them with a "Change" link each. Nothing is written here."""
    if request.method == "POST":
        form = PlanForm(request.POST)
        if not form.is_valid():
            return _plan_create_form(request, form, 400)
        answers_remember(request, PLAN_CREATE_ANSWERS, posted_answers(form, request.POST))
        return redirect("plan_create_check")
    data = answers_recall(request, PLAN_CREATE_ANSWERS)
    if data is None:
        return redirect("plan_create")
    form = PlanForm(data)
    change_url = f"{reverse('plan_create')}?change"
    if not form.is_valid():
        # The answers went stale (a target date now past): back to the form, errors shown.
        return redirect(change_url)
    return render(
        request,
        "planner/plan_check.html",
        {
            "form": form,
            "answers": posted_answers(form, data),
            "token": confirmation_token(),
            "change_url": change_url,
            "rows": summary_rows(form, PLAN_FIELDS, change_url),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_edit(request, plan_id):
    """Edit the plan's details. An edit that moves a target date already set goes through a
    confirmation page first (old and new dates, the slip from the baseline, a reason)."""
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    plan_require_lead(access)
    form = PlanForm(request.POST or None, instance=access.plan)
    status = 200
    if request.method == "POST":
        status = 400
        confirming = "confirm" in request.POST
        confirm_form = TargetMoveForm(request.POST if confirming else None)
        moves = []
        if form.is_valid():
            try:
                moves = plan_target_moves(access=access, data=form.cleaned_data)
                if moves and not (confirming and confirm_form.is_valid()):
                    status = 400 if confirming else 200
                    return _target_move_page(
                        request, access, form, confirm_form, moves, status=status
                    )
                reason = confirm_form.cleaned_data["reason"] if moves else ""
                plan_update(access=access, data=form.cleaned_data, reason=reason)
            except DomainError as exc:
                if confirming and exc.field == "reason":
                    status = form_refusal(confirm_form, exc)
                    return _target_move_page(
                        request, access, form, confirm_form, moves, status=status
                    )
                status = form_refusal(form, exc)
            else:
                messages.success(request, "Plan details saved.")
                return redirect("plan_detail", plan_id)
    return render(
        request, "planner/plan_form.html", {"form": form, "plan": access.plan}, status=status
    )


def _target_move_page(request, access, form, confirm_form, moves, *, status):
    """The "Are you sure" page: the dates that move, the edit's values carried as hidden
    fields so that confirming saves exactly what was checked."""
    return render(
        request,
        "planner/plan_target_confirm.html",
        {"plan": access.plan, "form": form, "confirm_form": confirm_form, "moves": moves},
        status=status,
    )


@require_GET
def plan_history(request, plan_id):
    """Every change to the plan's details, newest first: who, when, the field, before, after."""
    access = plan_access_for_user(request.user, plan_id)
    return render(
        request,
        "planner/plan_history.html",
        {"access": access, "plan": access.plan, "changes": plan_changes(access.plan)},
    )


def _stage_progress(plan):
    current = plan.held_from_stage if plan.stage == Stage.ON_HOLD else plan.stage
    index = STAGE_ORDER.index(current) if current in STAGE_ORDER else -1
    return [
        {
            "label": stage.label,
            "state": "done" if i < index else ("current" if i == index else "todo"),
        }
        for i, stage in enumerate(STAGE_ORDER)
    ]


@require_GET
def plan_detail(request, plan_id):
    ctx = PlanContext.for_user(request.user, plan_id)
    # Each panel reads through the same context: one read of the partners, one gate.
    panels = {
        place: [(panel, panel.context(ctx)) for panel in placed]
        for place, placed in plan_panels().items()
    }
    return render(
        request,
        "planner/plan_detail.html",
        {
            "access": ctx.access,
            "plan": ctx.plan,
            "progress": _stage_progress(ctx.plan),
            "partners": ctx.partners,
            "members": ctx.members,
            "s2_notices": ctx.s2_notices,
            "panels": panels,
        },
    )


def _partners_page(
    request, access, *, status=200, partner_form=None, member_form=None, invite_form=None
):
    """The partners page; a refused POST passes its own form back, bound, with its errors."""
    plan = access.plan
    if partner_form is None:
        partner_form = PartnerAddForm(organisations=organisations_not_on_plan(plan))
    if member_form is None:
        member_form = MemberAddForm(people=people_in_partner_orgs_without_role(access))
    if invite_form is None:
        invite_form = InvitationForm(organisations=_partner_organisations(plan))
    return render(
        request,
        "planner/plan_partners.html",
        {
            "access": access,
            "plan": plan,
            "partners": plan_partners(plan),
            "members": plan_members(plan),
            "invitations": plan_pending_invitations(plan),
            "partner_form": partner_form,
            "member_form": member_form,
            "invite_form": invite_form,
        },
        status=status,
    )


def _partner_organisations(plan):
    return Organisation.objects.filter(partnerships__plan=plan)


def _lead_access(request, plan_id):
    """The access of a POST on the partners page: only the project lead manages partners."""
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    plan_require_lead(access)
    return access


@require_GET
def plan_partners_view(request, plan_id):
    return _partners_page(request, plan_access_for_user(request.user, plan_id))


def _partners_post(request, access, *, form, form_name, change, done):
    """One action of the partners page: a valid form runs `change(**cleaned_data)` (the
    service) and returns to the page with `done(result)`'s message; invalid input or a
    refusal shows the page again with this form's errors and the refusal's status."""
    status = 400
    if form.is_valid():
        try:
            result = change(**form.cleaned_data)
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            level, message = done(result)
            level(request, message)
            return redirect("plan_partners", access.plan.pk)
    return _partners_page(request, access, status=status, **{form_name: form})


@require_POST
def plan_partner_add(request, plan_id):
    access = _lead_access(request, plan_id)
    return _partners_post(
        request,
        access,
        form=PartnerAddForm(request.POST, organisations=organisations_not_on_plan(access.plan)),
        form_name="partner_form",
        change=lambda **data: partner_add(access=access, **data),
        done=lambda partner: (messages.success, f"{partner.organisation.name} added."),
    )


@require_POST
def plan_member_add(request, plan_id):
    access = _lead_access(request, plan_id)
    return _partners_post(
        request,
        access,
        form=MemberAddForm(request.POST, people=people_in_partner_orgs_without_role(access)),
        form_name="member_form",
        change=lambda **data: member_add(access=access, **data),
        done=lambda member: (
            messages.success,
            f"{member.user} added as {member.get_role_display()}.",
        ),
    )


@require_POST
def plan_invitation_create(request, plan_id):
    access = _lead_access(request, plan_id)
    return _partners_post(
        request,
        access,
        form=InvitationForm(request.POST, organisations=_partner_organisations(access.plan)),
        form_name="invite_form",
        change=lambda **data: invitation_create(access=access, **data)[0],
        done=_invitation_outcome,
    )


def _invitation_outcome(invitation):
    if invitation.email_failed_at:
        return (
            messages.error,
            f"The invitation to {invitation.email} could not be sent. Check the e-mail "
            "address, then invite them again.",
        )
    return messages.success, f"Invitation sent to {invitation.email}."


def _confirmed(request, access, *, form, change, done, template, context):
    """The "Are you sure" pattern, for every confirmation page of the partners page.

    GET shows what will change; a POST with a valid form runs `change(**cleaned_data)` (a
    service, which writes the change and its decision-log row together) and goes back to the
    partners page with `done(result)` as the message; a refusal shows the page again with
    its message and its status, having changed nothing.
    """
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = change(**form.cleaned_data)
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(request, done(result))
                return redirect("plan_partners", access.plan.pk)
    return render(
        request,
        f"planner/{template}",
        {"access": access, "plan": access.plan, "form": form, **context},
        status=status,
    )


def _posted(request):
    # Not `request.POST or None`: an empty POST must bind the form, so it is refused with its
    # errors rather than shown as a fresh form.
    return request.POST if request.method == "POST" else None


def _found_or_gone(found, request, gone: str):
    """A GET for a row that is not on the plan is no page (404); a POST for one means it went
    while the person was on the confirmation page (409, saying so)."""
    if found is None:
        if request.method == "POST":
            raise Stale(gone)
        raise Http404(gone)
    return found


@require_http_methods(["GET", "POST"])
def plan_partner_remove(request, plan_id, partner_id):
    access = _lead_access(request, plan_id)
    preview = _found_or_gone(
        partner_removal_preview(access.plan, partner_id),
        request,
        "That organisation is no longer a partner on this plan.",
    )
    return _confirmed(
        request,
        access,
        form=ReasonForm(_posted(request)),
        change=lambda **data: partner_remove(access=access, partner_id=partner_id, **data),
        done=lambda _: (
            f"{preview.partner.organisation.name} removed from the plan. The "
            "decision log records why."
        ),
        template="plan_partner_remove.html",
        context={"preview": preview, "today": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
def plan_member_role_change(request, plan_id, member_id):
    access = _lead_access(request, plan_id)
    member = _found_or_gone(
        plan_member(access.plan, member_id),
        request,
        "That person no longer has a role on this plan.",
    )
    return _confirmed(
        request,
        access,
        form=MemberRoleChangeForm(_posted(request)),
        change=lambda **data: member_role_change(access=access, member_id=member_id, **data),
        done=lambda changed: (
            f"{changed.user.full_name} is now {changed.get_role_display().lower()}."
        ),
        template="plan_member_role.html",
        context=_member_context(access, member),
    )


@require_http_methods(["GET", "POST"])
def plan_member_remove(request, plan_id, member_id):
    access = _lead_access(request, plan_id)
    member = _found_or_gone(
        plan_member(access.plan, member_id),
        request,
        "That person no longer has a role on this plan.",
    )
    return _confirmed(
        request,
        access,
        form=ReasonForm(_posted(request)),
        change=lambda **data: member_remove(access=access, member_id=member_id, **data),
        done=lambda _: f"{member.user.full_name}'s role removed.",
        template="plan_member_remove.html",
        context=_member_context(access, member),
    )


def _member_context(access, member):
    is_self = member.user_id == access.user.pk
    last_lead = member.role == MemberRole.PROJECT_LEAD and plan_project_lead_count(access.plan) <= 1
    return {"member": member, "is_self": is_self, "last_lead": last_lead}


@require_http_methods(["GET", "POST"])
def plan_invitation_withdraw(request, plan_id, invitation_id):
    access = _lead_access(request, plan_id)
    invitation = _found_or_gone(
        plan_pending_invitation(access.plan, invitation_id),
        request,
        "That invitation is no longer pending.",
    )
    return _confirmed(
        request,
        access,
        form=ReasonForm(_posted(request)),
        change=lambda **data: invitation_withdraw(
            access=access, invitation_id=invitation_id, **data
        ),
        done=lambda _: f"Invitation to {invitation.email} withdrawn.",
        template="plan_invitation_withdraw.html",
        context={"invitation": invitation},
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@require_http_methods(["GET", "POST"])
def plan_s2(request, plan_id):
    access = plan_access_for_user(request.user, plan_id)
    organisations = Organisation.objects.filter(partnerships__plan=access.plan)
    if not access.is_lead:
        organisations = organisations.filter(pk=access.organisation.pk)
    form = S2NoticeForm(request.POST or None, organisations=organisations)
    status = 200
    if request.method == "POST":
        access = plan_access_for_user(request.user, plan_id, for_change=True)
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            organisation = data.pop("organisation")
            try:
                s2_notice_record(access=access, organisation=organisation, data=data)
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                messages.success(request, f"s.2 record for {organisation.name} saved.")
                return redirect("plan_s2", plan_id)
    return render(
        request,
        "planner/plan_s2.html",
        {
            "access": access,
            "plan": access.plan,
            "notices": plan_s2_notices(access.plan),
            "form": form,
        },
        status=status,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept_view(request, token):
    invitation = invitation_for_token(token)
    refusal = invitation_refusal(invitation)
    signed_in = request.user.is_authenticated
    form = InvitationAcceptForm(request.POST or None) if not signed_in else None
    error = None
    status = 404 if invitation is None else 200
    if request.method == "POST" and invitation is not None and refusal is not None:
        # Used, withdrawn or expired before this post arrived (another tab, or another
        # person at the same moment): the post is refused as a conflict, nothing changes.
        status = 409
    elif request.method == "POST" and refusal is None and (signed_in or form.is_valid()):
        try:
            user = invitation_accept(
                token=token,
                user=request.user if signed_in else None,
                password="" if signed_in else form.cleaned_data["password1"],
            )
        except Stale as exc:
            # Someone used or withdrew the link while this person was on the page: the page
            # says so in place of the form.
            refusal, status = exc, exc.status
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            if not signed_in:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"You have joined {invitation.plan.reference}.")
            return redirect("plan_detail", invitation.plan_id)
    return render(
        request,
        "planner/invitation_accept.html",
        {
            "invitation": invitation,
            "refusal": refusal.message if refusal else "",
            "form": form,
            "error": error,
        },
        status=status,
    )
