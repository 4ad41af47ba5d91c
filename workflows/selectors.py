"""Reads for the stage machine, sign-off and decision log."""

from planner.context import PlanContext
from planner.models import Organisation, PartnerRole, Plan, Stage
from planner.selectors import removed_on_annotation
from workflows.models import Decision, SignOff


def current_sign_offs(plan: Plan, gate: str = Stage.GOVERNANCE) -> dict[int, SignOff]:
    """Each organisation's current governing-body decision at the gate, by organisation id.

    Superseded decisions are kept for the record but never count.
    """
    return {
        sign_off.organisation_id: sign_off
        for sign_off in SignOff.objects.current()
        .filter(plan=plan, gate=gate)
        .select_related("organisation", "recorded_by")
        # A removed partner's decision stays in the history, marked with the removal's date;
        # the gate checks read only the plan's partners, so it no longer counts.
        .annotate(removed_on=removed_on_annotation())
    }


def current_sign_offs_in(ctx: PlanContext, gate: str = Stage.GOVERNANCE) -> dict[int, SignOff]:
    """current_sign_offs, read once for the gate check, the panel and the report."""
    return ctx.shared(
        ("workflows.current_sign_offs", gate), lambda: current_sign_offs(ctx.plan, gate)
    )


def sign_off_organisations(plan: Plan):
    """The organisations whose governing bodies decide on the plan (observers do not)."""
    return Organisation.objects.filter(
        partnerships__plan=plan, partnerships__role__in=[PartnerRole.LEAD, PartnerRole.PARTNER]
    ).order_by("name")


def decision_list_for_plan(plan: Plan):
    return Decision.objects.filter(plan=plan).select_related(
        "actor", "actor_organisation", "corrects"
    )


def sign_off_list_for_plan(plan: Plan):
    """Every decision recorded, superseded ones included, each with what superseded it."""
    return (
        SignOff.objects.filter(plan=plan)
        .select_related("organisation", "recorded_by", "supersedes", "superseded_by")
        .annotate(removed_on=removed_on_annotation())
    )


def topical_decisions_in(ctx: PlanContext) -> list[Decision]:
    """The plan's decisions that justify something of another app's (a low score's floor
    justification, a risk's acceptance...), oldest first, read once per context."""
    return ctx.shared(
        "workflows.topical_decisions",
        lambda: list(
            Decision.objects.filter(plan=ctx.plan)
            .exclude(topic="")
            .select_related("actor")
            .order_by("created_at", "pk")
        ),
    )
