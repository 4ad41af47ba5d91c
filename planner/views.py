"""Thin views: access helper → form → service → redirect."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from planner.access import plan_access_for_user, plan_require_lead
from planner.errors import DomainError, Stale
from planner.forms import (
    InvitationAcceptForm,
    InvitationForm,
    MemberAddForm,
    PartnerAddForm,
    PlanForm,
    S2NoticeForm,
)
from planner.hooks import plan_panels
from planner.models import STAGE_ORDER, Organisation, Stage
from planner.selectors import (
    dashboard_page,
    organisations_not_on_plan,
    people_in_partner_orgs_without_role,
    plan_members,
    plan_partners,
    plan_pending_invitations,
    plan_s2_notices,
)
from planner.services import (
    invitation_accept,
    invitation_create,
    invitation_for_token,
    invitation_refusal,
    invitation_withdraw,
    member_add,
    partner_add,
    partner_remove,
    plan_create,
    plan_update,
    s2_notice_record,
)


def form_error(form, exc: DomainError):
    """Show a service's refusal on the form, against the field it concerns where known."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


@require_GET
def account(request):
    return render(request, "registration/account.html")


@require_GET
def dashboard(request):
    page, groups = dashboard_page(request.user, request.GET.get("page"))
    return render(request, "planner/dashboard.html", {"page": page, "groups": groups})


@require_http_methods(["GET", "POST"])
def plan_create_view(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_create(user=request.user, data=form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"Plan {plan.reference} created. Now add its partners.")
            return redirect("plan_partners", plan.pk)
    return render(request, "planner/plan_form.html", {"form": form, "creating": True})


@require_http_methods(["GET", "POST"])
def plan_edit(request, plan_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    plan_require_lead(access)
    form = PlanForm(request.POST or None, instance=access.plan)
    if request.method == "POST" and form.is_valid():
        try:
            plan_update(access=access, data=form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, "Plan details saved.")
            return redirect("plan_detail", plan_id)
    return render(request, "planner/plan_form.html", {"form": form, "plan": access.plan})


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
    access = plan_access_for_user(request.user, plan_id)
    panels = [(panel, panel.context(access)) for panel in plan_panels()]
    return render(
        request,
        "planner/plan_detail.html",
        {
            "access": access,
            "plan": access.plan,
            "progress": _stage_progress(access.plan),
            "partners": plan_partners(access.plan),
            "members": plan_members(access.plan),
            "s2_notices": plan_s2_notices(access.plan),
            "panels": panels,
        },
    )


@require_http_methods(["GET", "POST"])
def plan_partners_view(request, plan_id):
    access = plan_access_for_user(request.user, plan_id)
    plan = access.plan
    partner_form = PartnerAddForm(organisations=organisations_not_on_plan(plan))
    member_form = MemberAddForm(people=people_in_partner_orgs_without_role(access))
    invite_form = InvitationForm(organisations=Organisation.objects.filter(partnerships__plan=plan))
    if request.method == "POST":
        access = plan_access_for_user(request.user, plan_id, for_change=True)
        plan_require_lead(access)
        action = request.POST.get("action")
        try:
            if action == "add_partner":
                partner_form = PartnerAddForm(
                    request.POST, organisations=organisations_not_on_plan(plan)
                )
                if partner_form.is_valid():
                    partner = partner_add(access=access, **partner_form.cleaned_data)
                    messages.success(request, f"{partner.organisation.name} added.")
                    return redirect("plan_partners", plan_id)
            elif action == "add_member":
                member_form = MemberAddForm(
                    request.POST, people=people_in_partner_orgs_without_role(access)
                )
                if member_form.is_valid():
                    member = member_add(access=access, **member_form.cleaned_data)
                    messages.success(
                        request, f"{member.user} added as {member.get_role_display()}."
                    )
                    return redirect("plan_partners", plan_id)
            elif action == "invite":
                invite_form = InvitationForm(
                    request.POST,
                    organisations=Organisation.objects.filter(partnerships__plan=plan),
                )
                if invite_form.is_valid():
                    invitation, _ = invitation_create(access=access, **invite_form.cleaned_data)
                    if invitation.email_failed_at:
                        messages.error(
                            request,
                            f"The invitation to {invitation.email} could not be sent. Check "
                            "the e-mail address, then invite them again.",
                        )
                    else:
                        messages.success(request, f"Invitation sent to {invitation.email}.")
                    return redirect("plan_partners", plan_id)
            elif action == "remove_partner":
                partner_remove(access=access, partner_id=_int(request.POST.get("partner_id")))
                messages.success(request, "Organisation removed from the plan.")
                return redirect("plan_partners", plan_id)
            elif action == "withdraw_invitation":
                invitation_withdraw(
                    access=access, invitation_id=_int(request.POST.get("invitation_id"))
                )
                messages.success(request, "Invitation withdrawn.")
                return redirect("plan_partners", plan_id)
            else:
                messages.error(request, "Choose what to do on this page.")
        except DomainError as exc:
            target = {"add_partner": partner_form, "add_member": member_form}.get(
                action, invite_form if action == "invite" else None
            )
            if target is not None:
                form_error(target, exc)
            else:
                messages.error(request, exc.message)
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
        status=400 if request.method == "POST" else 200,
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
    if request.method == "POST":
        access = plan_access_for_user(request.user, plan_id, for_change=True)
        if form.is_valid():
            data = dict(form.cleaned_data)
            organisation = data.pop("organisation")
            try:
                s2_notice_record(access=access, organisation=organisation, data=data)
            except DomainError as exc:
                form_error(form, exc)
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
        status=400 if request.method == "POST" else 200,
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
            # Someone used or withdrew the link while this person was on the page.
            refusal = exc
            status = 409
        except DomainError as exc:
            error = exc.message
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
