"""Reads for the stage machine, sign-off and decision log."""

from django.db.models import Q
from django.urls import reverse

from planner.context import PlanContext
from planner.models import MemberRole, Organisation, PartnerRole, Plan, Stage
from planner.plugins import WaitingItem
from planner.selectors import removed_on_annotation
from workflows.models import Decision, DecisionKind, SignOff, SignOffDecision


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


# How many of the latest decisions the plan page's decision-log panel shows.
LATEST_DECISIONS = 10


def decision_log_head_in(ctx: PlanContext) -> list[Decision]:
    """The decisions a plan page shows, newest first, in one query per context: every stage
    change (when and by whom each stage was passed), every decision that justifies something
    of another app's (topical), and the latest few of the rest. The first two are a handful
    a plan; the rest grow, so only the latest are read."""

    def read():
        latest = decision_list_for_plan(ctx.plan).values("pk")[:LATEST_DECISIONS]
        return list(
            decision_list_for_plan(ctx.plan).filter(
                Q(kind=DecisionKind.TRANSITION) | ~Q(topic="") | Q(pk__in=latest)
            )
        )

    return ctx.shared("workflows.decision_log_head", read)


def topical_decisions_in(ctx: PlanContext) -> list[Decision]:
    """The plan's decisions that justify something of another app's (a low score's floor
    justification, a risk's acceptance...), oldest first: part of the context's one read of
    the decision log's head, so the plan page reads the log once."""
    return sorted(
        (d for d in decision_log_head_in(ctx) if d.topic), key=lambda d: (d.created_at, d.pk)
    )


def waiting_in_workflows(user, plans) -> list[WaitingItem]:
    """What waits for the person on these plans in the stage machine and sign-off
    (`PlanPlugin.waiting_for`; planner.selectors.waiting_plans_for_user annotates the plans
    with the person's role and organisation).

    1. An approver whose organisation decides on a plan at governance alignment (a lead or
       partner, not an observer) and has no current decision recorded, or only a deferral:
       a decision waits. One query for the current decisions of every such plan, none if
       the person approves on no plan there.
    2. A project lead: the gate leaving the stage when the stored gate summary says it is
       blocked (no gate is evaluated here), and the stage's target date once it has passed.
    """
    items: list[WaitingItem] = []
    deciding = [
        p
        for p in plans
        if p.stage == Stage.GOVERNANCE
        and p.person_role == MemberRole.APPROVER
        and p.person_partner_role in (PartnerRole.LEAD, PartnerRole.PARTNER)
    ]
    if deciding:
        decided = {
            (plan_id, org_id): decision
            for plan_id, org_id, decision in SignOff.objects.current()
            .filter(plan_id__in=[p.pk for p in deciding], gate=Stage.GOVERNANCE)
            .filter(organisation_id__in={p.person_organisation_id for p in deciding})
            .values_list("plan_id", "organisation_id", "decision")
        }
        for plan in deciding:
            decision = decided.get((plan.pk, plan.person_organisation_id))
            if decision is None:
                text = "Record your governing body's decision"
            elif decision == SignOffDecision.DEFERRED:
                text = "Your governing body deferred its decision: record it once it decides"
            else:
                continue
            items.append(
                WaitingItem(
                    plan.pk,
                    "decision",
                    text,
                    reverse("plan_sign_off", args=[plan.pk]),
                    plan.governance_alignment_target,
                )
            )
    for plan in plans:
        if plan.person_role != MemberRole.PROJECT_LEAD:
            continue
        stage = Stage(plan.stage).label.lower()
        summary = plan.gate_summary or {}
        failed = summary.get("failed") or []
        if summary.get("stage") == plan.stage and failed:
            more = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
            items.append(
                WaitingItem(
                    plan.pk,
                    "gate",
                    f"The gate leaving {stage} is blocked: {failed[0]}{more}",
                    reverse("plan_detail", args=[plan.pk]),
                    plan.next_target,
                )
            )
        if plan.next_target_overdue:
            items.append(
                WaitingItem(
                    plan.pk,
                    "overdue",
                    f"The {stage} stage was due to finish on {plan.next_target:%-d %B %Y}",
                    reverse("plan_detail", args=[plan.pk]),
                    plan.next_target,
                )
            )
    return items
