"""The one access helper for the plan aggregate.

Every plan-scoped view calls `plan_access_for_user` first, so authorisation is uniform:
people whose organisation is not a partner get 404 (the plan's existence is not disclosed),
read-only members get 403 on anything that changes state.

Role refusals here raise Django's PermissionDenied, not planner.errors.NotAllowed, on purpose:
these helpers are the entrance check, run before any form is read, and their refusal must
reach the 403 page whatever the view does next. Many views (and services called inside
`except DomainError` blocks) would otherwise catch a NotAllowed and show it as a form error.
The person sees the same 403 page either way (Django's handler403 renders templates/403.html,
as planner.refusals does for NotAllowed). A service's own rule about who may do something
(e.g. only your own organisation's s.2 response) raises NotAllowed, shown on its form.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404

from planner.models import MemberRole, Organisation, Plan, PlanMember, PlanPartner, User

CHANGING_ROLES = {MemberRole.PROJECT_LEAD, MemberRole.PARTNER_REP, MemberRole.APPROVER}


@dataclass(frozen=True)
class PlanAccess:
    plan: Plan
    user: User
    organisation: Organisation
    # The person's named role on the plan; None for someone whose organisation is a partner
    # but who has not been given a role (they may look, not change).
    role: str | None
    partner_role: str
    # Every partner organisation of the plan, in the usual order, read with the access.
    partners: tuple[PlanPartner, ...] = field(default=(), repr=False, compare=False)

    @property
    def is_lead(self) -> bool:
        return self.role == MemberRole.PROJECT_LEAD

    @property
    def may_change_stage(self) -> bool:
        """Only the project lead moves the plan between stages (the stage machine asks this)."""
        return self.is_lead

    @property
    def can_change(self) -> bool:
        return self.role in CHANGING_ROLES

    @property
    def is_approver(self) -> bool:
        """The person is their organisation's governance approver on this plan."""
        return self.role == MemberRole.APPROVER

    @property
    def records_sign_offs(self) -> bool:
        """Whether the person may record some governing body's decision."""
        return self.is_approver or self.is_lead

    def records_sign_off_for(self, organisation_id: int) -> bool:
        """Whether the person may record this organisation's governing-body decision: its
        own governance approver, or the project lead on its behalf."""
        return self.is_lead or (self.is_approver and organisation_id == self.organisation.pk)

    @property
    def role_label(self) -> str:
        return MemberRole(self.role).label if self.role else "Viewer"


def plan_access_for_user(user, plan_id, *, for_change: bool = False) -> PlanAccess:
    """Return the user's access to a plan, or raise Http404 / PermissionDenied.

    `for_change=True` is for views that change anything: read-only members get 403.
    """
    if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
        raise Http404("No plan found.")
    try:
        plan_id = int(plan_id)
    except (TypeError, ValueError):
        raise Http404("No plan found.") from None
    # One query: every partnership of the plan, if the person's organisation is one of
    # them, each with the person's role (a person has at most one role on a plan). The
    # plan page lists the partners anyway, so reading them all here saves it a query.
    role = PlanMember.objects.filter(plan_id=OuterRef("plan_id"), user=user).order_by()
    partnerships = list(
        PlanPartner.objects.select_related("plan", "plan__created_by", "organisation")
        .filter(plan_id=plan_id, plan__partners__organisation_id=user.organisation_id)
        .annotate(member_role=Subquery(role.values("role")[:1]))
    )
    partnership = next((p for p in partnerships if p.organisation_id == user.organisation_id), None)
    if partnership is None:
        raise Http404("No plan found.")
    for other in partnerships:
        other.plan = partnership.plan  # one plan object, not one per row
    # The partnership's organisation is the person's own: keep it on the user, so the page
    # header naming it does not read it again.
    user.organisation = partnership.organisation
    access = PlanAccess(
        plan=partnership.plan,
        user=user,
        organisation=partnership.organisation,
        role=partnership.member_role,
        partner_role=partnership.role,
        partners=tuple(partnerships),
    )
    if for_change and not access.can_change:
        raise PermissionDenied("Your role on this plan is read-only.")
    return access


def plan_require_lead(access: PlanAccess) -> None:
    if not access.is_lead:
        raise PermissionDenied("Only the project lead can do this.")


def plan_require_sign_off_recorder(access: PlanAccess, organisation: Organisation | None = None):
    """Separation of duties for governing-body decisions.

    An organisation's decision is recorded by its own governance approver. The project lead
    may record it on the organisation's behalf (the service then requires the minute or
    decision-notice reference and labels the record as made on its behalf). Partner
    representatives and everyone else are refused, so nobody can put words in a body's
    mouth. Without `organisation`, checks only that the person may record for someone.
    """
    if organisation is None and access.records_sign_offs:
        return
    if organisation is not None and access.records_sign_off_for(organisation.pk):
        return
    whose = organisation.name if organisation is not None else "each organisation"
    raise PermissionDenied(
        f"Only {whose}'s governance approver records its governing body's decision; the "
        "project lead may record it on the organisation's behalf."
    )
