"""Reads for plans and organisations, shaped for the pages that show them."""

from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Prefetch, Value, When, prefetch_related_objects

from planner.access import PlanAccess
from planner.models import (
    ACTIVE_STAGES,
    Invitation,
    Organisation,
    Plan,
    PlanMember,
    PlanPartner,
    S2Notice,
    Stage,
    User,
)

# The order plans are shown in: along the stages, then hold, then finished plans.
DASHBOARD_STAGE_ORDER = [*ACTIVE_STAGES, Stage.ON_HOLD, Stage.CLOSED, Stage.WITHDRAWN]
DASHBOARD_PAGE_SIZE = 30


def plan_list_for_user(user: User):
    """Plans the person's organisation is a partner on, in stage order, with their partners."""
    if user.organisation_id is None:
        return Plan.objects.none()
    stage_rank = Case(
        *[When(stage=stage, then=Value(i)) for i, stage in enumerate(DASHBOARD_STAGE_ORDER)],
        output_field=IntegerField(),
    )
    return (
        Plan.objects.filter(partners__organisation_id=user.organisation_id)
        .annotate(stage_rank=stage_rank)
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=PlanPartner.objects.select_related("organisation"),
            )
        )
        .order_by("stage_rank", "title", "pk")
    )


def dashboard_page(user: User, page_number) -> tuple[Page, list[tuple[str, list[Plan]]]]:
    """One page of the person's plans, grouped by stage in the order a plan moves through them.

    Paged so a force on hundreds of plans gets a readable page in a fixed number of queries.
    """
    page = Paginator(plan_list_for_user(user), DASHBOARD_PAGE_SIZE).get_page(page_number)
    groups: dict[str, list[Plan]] = {}
    for plan in page.object_list:
        groups.setdefault(plan.stage, []).append(plan)
    return page, [(Stage(s).label, groups[s]) for s in DASHBOARD_STAGE_ORDER if s in groups]


# The plan page's gate checks and panels all read the plan's partners, people and s.2 record.
# Each is read once per plan object: prefetch_related_objects does nothing when the plan
# already holds the prefetch, and the plan object lives for one request.
# plan_forget_reads drops them, so a gate evaluation always starts from the database.
_PLAN_READS = {
    "partners": lambda: PlanPartner.objects.select_related("organisation"),
    "members": lambda: PlanMember.objects.select_related("user", "organisation"),
    "s2_notices": lambda: S2Notice.objects.select_related("organisation"),
}


def _read_once(plan: Plan, name: str) -> list:
    prefetch_related_objects([plan], Prefetch(name, queryset=_PLAN_READS[name]()))
    return list(getattr(plan, name).all())


def plan_forget_reads(plan: Plan) -> None:
    """Drop what the plan object holds of its partners, people and s.2 record."""
    cache = getattr(plan, "_prefetched_objects_cache", {})
    for name in _PLAN_READS:
        cache.pop(name, None)


def plan_partners(plan: Plan) -> list[PlanPartner]:
    return _read_once(plan, "partners")


def plan_members(plan: Plan) -> list[PlanMember]:
    return _read_once(plan, "members")


def plan_pending_invitations(plan: Plan) -> list[Invitation]:
    return list(
        Invitation.objects.filter(plan=plan, accepted_at=None, withdrawn_at=None).select_related(
            "organisation"
        )
    )


def plan_s2_notices(plan: Plan) -> list[S2Notice]:
    return _read_once(plan, "s2_notices")


def organisations_not_on_plan(plan: Plan):
    return Organisation.objects.exclude(partnerships__plan=plan).order_by("name")


def people_in_partner_orgs_without_role(access: PlanAccess):
    return (
        User.objects.filter(organisation__partnerships__plan=access.plan, is_active=True)
        .exclude(plan_roles__plan=access.plan)
        .select_related("organisation")
        .order_by("full_name")
    )
