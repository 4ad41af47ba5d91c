"""Reads for plans and organisations, shaped for the pages that show them."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Subquery,
    Value,
    When,
)

from planner.access import PlanAccess
from planner.models import (
    ACTIVE_STAGES,
    GoverningBody,
    Invitation,
    MemberRole,
    Organisation,
    PartnerRemoval,
    Plan,
    PlanChange,
    PlanMember,
    PlanPartner,
    S2Notice,
    Stage,
    User,
)
from planner.plugins import WaitingItem, dashboard_notes, waiting_for

# The order plans are shown in: along the stages, then hold, then finished plans.
DASHBOARD_STAGE_ORDER = [*ACTIVE_STAGES, Stage.ON_HOLD, Stage.CLOSED, Stage.WITHDRAWN]
DASHBOARD_PAGE_SIZE = 30
# The columns the dashboard shows of a plan (the target dates give "next due"). The long texts
# are never shown there, so they are not fetched.
DASHBOARD_PLAN_FIELDS = [
    "title",
    "reference",
    "stage",
    "held_from_stage",
    "gate_summary",
    *(f.name for f in Plan._meta.concrete_fields if f.name.endswith("_target")),
]


def plan_ids_for_user(user: User) -> list[int]:
    """The ids of the plans the person's organisation is a partner on (the partnership index)."""
    if user.organisation_id is None:
        return []
    return list(
        PlanPartner.objects.filter(organisation_id=user.organisation_id)
        .order_by()
        .values_list("plan_id", flat=True)
    )


def plan_list_for_user(user: User, plan_ids: list[int] | None = None):
    """Plans the person's organisation is a partner on, in stage order, as the dashboard shows
    them (DASHBOARD_PLAN_FIELDS only).

    The organisation's plan ids are read first (one query on the partnership index), so the
    plans are looked up by primary key; joining plans to partnerships made PostgreSQL scan
    every plan in the service to find one organisation's. Pass the ids when already read.
    """
    if plan_ids is None:
        plan_ids = plan_ids_for_user(user)
    stage_rank = Case(
        *[When(stage=stage, then=Value(i)) for i, stage in enumerate(DASHBOARD_STAGE_ORDER)],
        output_field=IntegerField(),
    )
    return (
        Plan.objects.filter(pk__in=plan_ids)
        .only(*DASHBOARD_PLAN_FIELDS)
        .annotate(stage_rank=stage_rank)
        .order_by("stage_rank", "title", "pk")
    )


def dashboard_page(user: User, page_number) -> tuple[Page, list[tuple[str, list[Plan]]]]:
    """One page of the person's plans, grouped by stage in the order a plan moves through them.

    Paged so a force on hundreds of plans gets a readable page in three queries whatever the
    number: the organisation's plan ids (which are also the count, so no COUNT query), the
    page's plans, and the names of their partner organisations, which each plan carries as
    `partner_names` (names only: the page shows nothing else of a partner). The apps' notes
    on the rows (`dashboard_notes`, e.g. milestones slipped) add a fixed few for the page.
    """
    plan_ids = plan_ids_for_user(user)
    page = Paginator(plan_ids, DASHBOARD_PAGE_SIZE).get_page(page_number)
    plans = []
    if plan_ids:
        window = slice(page.start_index() - 1, page.end_index())
        plans = list(plan_list_for_user(user, plan_ids)[window])
    names: dict[int, list[str]] = {plan.pk: [] for plan in plans}
    if names:
        for plan_id, name in (
            PlanPartner.objects.filter(plan_id__in=names)
            .order_by("role", "organisation__name")
            .values_list("plan_id", "organisation__name")
        ):
            names[plan_id].append(name)
    notes = dashboard_notes(plans)
    groups: dict[str, list[Plan]] = {}
    for plan in plans:
        plan.partner_names = names[plan.pk]
        plan.dashboard_notes = notes[plan.pk]
        groups.setdefault(plan.stage, []).append(plan)
    page.object_list = plans
    return page, [(Stage(s).label, groups[s]) for s in DASHBOARD_STAGE_ORDER if s in groups]


@dataclass(frozen=True)
class WaitingRow:
    """One line of the home page's "Waiting for you": the item and the plan it is on."""

    item: WaitingItem
    plan: Plan


def waiting_plans_for_user(user: User) -> list[Plan]:
    """The active plans the person has a role on, as `planner.plugins.waiting_for` gets them.

    Each plan carries, as annotations of this one query, the person's role on it
    (`person_role`), the organisation they act for (`person_organisation_id`) and that
    organisation's part in the plan (`person_partner_role`: lead, partner or observer), so
    every app tells what waits for the person without reading the memberships again.
    """
    if user.organisation_id is None:
        return []
    member = PlanMember.objects.filter(plan=OuterRef("pk"), user=user)
    return list(
        Plan.objects.filter(
            pk__in=PlanMember.objects.filter(user=user).values("plan_id"),
            stage__in=ACTIVE_STAGES,
        )
        .only(*DASHBOARD_PLAN_FIELDS)
        .annotate(
            person_role=Subquery(member.values("role")[:1]),
            person_organisation_id=Subquery(member.values("organisation_id")[:1]),
        )
        .annotate(
            person_partner_role=Subquery(
                PlanPartner.objects.filter(
                    plan=OuterRef("pk"), organisation=OuterRef("person_organisation_id")
                ).values("role")[:1]
            )
        )
        .order_by("title", "pk")
    )


def waiting_for_user(user: User) -> list[WaitingRow]:
    """What waits for the person on every plan they have a role on (not only the page's),
    soonest due first: one query for the plans, then a fixed few per app that contributes
    (`PlanPlugin.waiting_for`), whatever the number of plans."""
    plans = waiting_plans_for_user(user)
    by_id = {plan.pk: plan for plan in plans}
    return [
        WaitingRow(item, by_id[item.plan_id])
        for item in waiting_for(user, plans)
        if item.plan_id in by_id
    ]


def plan_partners(plan: Plan) -> list[PlanPartner]:
    """The plan's partner organisations. Pages that show a plan read them once through
    `PlanContext.partners`; this is the plain read for everything else."""
    return list(PlanPartner.objects.filter(plan=plan).select_related("organisation"))


def plan_changes(plan: Plan, *, newest_first: bool = True) -> list[PlanChange]:
    """The history of the plan's details with who made each change, in one query."""
    order = ("-changed_at", "-pk") if newest_first else ("changed_at", "pk")
    return list(
        PlanChange.objects.filter(plan=plan)
        .select_related("changed_by", "changed_by__organisation")
        .order_by(*order)
    )


def plan_members(plan: Plan) -> list[PlanMember]:
    return list(PlanMember.objects.filter(plan=plan).select_related("user", "organisation"))


def plan_pending_invitations(plan: Plan) -> list[Invitation]:
    return list(
        Invitation.objects.filter(plan=plan, accepted_at=None, withdrawn_at=None).select_related(
            "organisation"
        )
    )


def plan_s2_notices(plan: Plan) -> list[S2Notice]:
    """The plan's s.2 records, a removed partner's included: each carries `removed_on` (when
    its organisation was taken off the plan, None while it is a partner), so pages show it as
    history rather than as a partner's answer."""
    return list(
        plan.s2_notices.select_related("organisation").annotate(removed_on=removed_on_annotation())
    )


def organisations_not_on_plan(plan: Plan):
    return Organisation.objects.exclude(partnerships__plan=plan).order_by("name")


def people_in_partner_orgs_without_role(access: PlanAccess):
    return (
        User.objects.filter(organisation__partnerships__plan=access.plan, is_active=True)
        .exclude(plan_roles__plan=access.plan)
        .select_related("organisation")
        .order_by("full_name")
    )


# The partners page's confirmation pages: what a change will end, read before it is made.


def removed_on_annotation(organisation_ref: str = "organisation_id", plan_ref: str = "plan_id"):
    """When the row's organisation was last taken off the row's plan, or None while it is a
    partner (never removed, or added back since). For records a removed partner leaves in the
    plan's history (its s.2 record, its sign-offs): annotated in the same query that reads them."""
    partner = PlanPartner.objects.filter(
        plan_id=OuterRef(plan_ref), organisation_id=OuterRef(organisation_ref)
    )
    removal = (
        PartnerRemoval.objects.filter(
            plan_id=OuterRef(plan_ref), organisation_id=OuterRef(organisation_ref)
        )
        .order_by("-removed_at")
        .values("removed_at")[:1]
    )
    return Case(When(Exists(partner), then=None), default=Subquery(removal))


@dataclass(frozen=True)
class PartnerRemovalPreview:
    partner: PlanPartner
    members: list[PlanMember]
    invitations: list[Invitation]
    has_s2_notice: bool


def partner_removal_preview(plan: Plan, partner_id: int) -> PartnerRemovalPreview | None:
    partner = (
        PlanPartner.objects.select_related("organisation").filter(plan=plan, pk=partner_id).first()
    )
    if partner is None:
        return None
    org = partner.organisation
    return PartnerRemovalPreview(
        partner=partner,
        members=list(PlanMember.objects.filter(plan=plan, organisation=org).select_related("user")),
        invitations=list(
            Invitation.objects.filter(
                plan=plan, organisation=org, accepted_at=None, withdrawn_at=None
            ).order_by("pk")
        ),
        has_s2_notice=S2Notice.objects.filter(plan=plan, organisation=org).exists(),
    )


def plan_member(plan: Plan, member_id: int) -> PlanMember | None:
    return (
        PlanMember.objects.select_related("user", "organisation")
        .filter(plan=plan, pk=member_id)
        .first()
    )


def plan_project_lead_count(plan: Plan) -> int:
    return PlanMember.objects.filter(plan=plan, role=MemberRole.PROJECT_LEAD).count()


def plan_pending_invitation(plan: Plan, invitation_id: int) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation")
        .filter(plan=plan, pk=invitation_id, accepted_at=None, withdrawn_at=None)
        .first()
    )


def governing_bodies_for_plan(plan: Plan) -> list[GoverningBody]:
    """The bodies governing at least one of the plan's current partner organisations, by name,
    each with `plan_organisations`: those of its organisations that are partners on the plan
    (a joint board may govern others too). Two queries, however many bodies and partners."""
    on_plan = Organisation.objects.filter(partnerships__plan=plan).order_by("name")
    return list(
        GoverningBody.objects.filter(organisations__partnerships__plan=plan)
        .distinct()
        .order_by("name")
        .prefetch_related(Prefetch("organisations", queryset=on_plan, to_attr="plan_organisations"))
    )
