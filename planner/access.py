"""The one access helper for the plan aggregate.

Every plan-scoped view calls `plan_access_for_user` first, so authorisation is uniform:
people whose organisation is not a partner get 404 (the plan's existence is not disclosed),
read-only members get 403 on anything that changes state.
"""

from dataclasses import dataclass

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

    @property
    def is_lead(self) -> bool:
        return self.role == MemberRole.PROJECT_LEAD

    @property
    def can_change(self) -> bool:
        return self.role in CHANGING_ROLES

    @property
    def is_approver(self) -> bool:
        return self.role in {MemberRole.APPROVER, MemberRole.PROJECT_LEAD}

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
    # One query: the organisation's partnership, with the person's role (a person has at
    # most one role on a plan).
    role = PlanMember.objects.filter(plan_id=OuterRef("plan_id"), user=user).order_by()
    partnership = (
        PlanPartner.objects.select_related("plan", "plan__created_by", "organisation")
        .filter(plan_id=plan_id, organisation_id=user.organisation_id)
        .annotate(member_role=Subquery(role.values("role")[:1]))
        .first()
    )
    if partnership is None:
        raise Http404("No plan found.")
    # The partnership's organisation is the person's own: keep it on the user, so the page
    # header naming it does not read it again.
    user.organisation = partnership.organisation
    access = PlanAccess(
        plan=partnership.plan,
        user=user,
        organisation=partnership.organisation,
        role=partnership.member_role,
        partner_role=partnership.role,
    )
    if for_change and not access.can_change:
        raise PermissionDenied("Your role on this plan is read-only.")
    return access


def plan_require_lead(access: PlanAccess) -> None:
    if not access.is_lead:
        raise PermissionDenied("Only the project lead can do this.")
