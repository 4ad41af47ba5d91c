"""Reads for plans and organisations, shaped for the pages that show them."""

from django.db.models import Prefetch

from planner.access import PlanAccess
from planner.models import (
    ACTIVE_STAGES,
    Invitation,
    Organisation,
    Plan,
    PlanMember,
    PlanPartner,
    Stage,
    User,
)


def plan_list_for_user(user: User):
    """Plans the person's organisation is a partner on, with partners, in two queries."""
    if user.organisation_id is None:
        return Plan.objects.none()
    return (
        Plan.objects.filter(partners__organisation_id=user.organisation_id)
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=PlanPartner.objects.select_related("organisation"),
            )
        )
        .order_by("stage", "title")
    )


def dashboard_groups(user: User) -> list[tuple[str, list[Plan]]]:
    """The person's plans grouped by stage, in the order a plan moves through them."""
    groups: dict[str, list[Plan]] = {}
    for plan in plan_list_for_user(user):
        groups.setdefault(plan.stage, []).append(plan)
    order = [*ACTIVE_STAGES, Stage.ON_HOLD, Stage.CLOSED, Stage.WITHDRAWN]
    return [(Stage(s).label, groups[s]) for s in order if s in groups]


def plan_partners(plan: Plan) -> list[PlanPartner]:
    return list(PlanPartner.objects.filter(plan=plan).select_related("organisation"))


def plan_members(plan: Plan) -> list[PlanMember]:
    return list(PlanMember.objects.filter(plan=plan).select_related("user", "organisation"))


def plan_pending_invitations(plan: Plan) -> list[Invitation]:
    return list(
        Invitation.objects.filter(plan=plan, accepted_at=None, withdrawn_at=None).select_related(
            "organisation"
        )
    )


def plan_s2_notices(plan: Plan):
    return list(plan.s2_notices.select_related("organisation"))


def organisations_not_on_plan(plan: Plan):
    return Organisation.objects.exclude(partnerships__plan=plan).order_by("name")


def people_in_partner_orgs_without_role(access: PlanAccess):
    return (
        User.objects.filter(organisation__partnerships__plan=access.plan, is_active=True)
        .exclude(plan_roles__plan=access.plan)
        .select_related("organisation")
        .order_by("full_name")
    )
