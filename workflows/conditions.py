"""Conditions of a conditional approval: who may discharge them, and the reads that show them.

The writes are in `workflows.services` (`condition_*`), which asks `condition_may` here, so
the rule about who may do what is written once, for the views, the pages and the services.
"""

import re

from django.utils import timezone

from planner.access import PlanAccess
from planner.context import PlanContext
from planner.models import MemberRole, Organisation, Plan, Stage
from workflows.models import ConditionStatus, SignOffCondition

# The actions on a condition, as the pages and the decision log name them.
SET = "set"
MEET = "meet"
WAIVE = "waive"
CARRY = "carry"

# The statuses each action starts from. A condition carried into delivery is still to be met
# there, so it can still be met (and re-dated); met and waived are final.
STARTS_FROM = {
    SET: {ConditionStatus.OPEN, ConditionStatus.CARRIED},
    MEET: {ConditionStatus.OPEN, ConditionStatus.CARRIED},
    WAIVE: {ConditionStatus.OPEN},
    CARRY: {ConditionStatus.OPEN},
}
# Conditions still to be met: open ones hold the gate; carried ones are reminded of too.
UNMET = (ConditionStatus.OPEN, ConditionStatus.CARRIED)

# A leading "1.", "2)", "-", "*" or "•" is the body's own numbering, not part of the text.
_BULLET = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s*")


def conditions_split(text: str) -> list[str]:
    """The conditions of an approval, one per non-blank line of its conditions text.

    A board secretary copies them from the minute, where they are a numbered or bulleted
    list; one line per condition is how they arrive, so it is what the form asks for.
    """
    lines = (_BULLET.sub("", line).strip() for line in (text or "").splitlines())
    return [line for line in lines if line]


def condition_may(access: PlanAccess | None, condition: SignOffCondition, action: str) -> bool:
    """Whether the person may take `action` on the condition. The one rule:

    - set its owner and due date: the project lead, or the governance approver of the
      organisation whose body set the condition (who knows what the body asked for);
    - mark it met, with evidence: the project lead, or the owner organisation's governance
      approver or partner representative (who did the work);
    - waive it, with the body's reference: the project lead, or the governance approver of
      the organisation whose body set it (a waiver is that body's decision, as its approval
      was; the lead records it from the minute, as on sign-off);
    - carry it into delivery, with a reason: the project lead alone, who answers for the
      plan's timetable.

    Read-only members and partners of any other organisation may do none of these.
    """
    if access is None or not access.can_change:
        return False
    if access.is_lead:
        return True
    org_id = access.organisation.pk
    if action == MEET:
        return condition.owner_id == org_id and access.role in (
            MemberRole.APPROVER,
            MemberRole.PARTNER_REP,
        )
    if action in (SET, WAIVE):
        return access.is_approver and condition.sign_off.organisation_id == org_id
    return False


def condition_offers(condition: SignOffCondition, action: str) -> bool:
    """Whether the condition's status lets `action` start from it (whoever asks)."""
    return condition.status in STARTS_FROM[action]


def condition_refusal_message(condition: SignOffCondition, action: str) -> str:
    """Why `condition_may` said no, in the words of the rule."""
    if action == MEET:
        owner = condition.owner.name if condition.owner_id else "the owner organisation"
        return (
            f"Only {owner}'s governance approver or partner representative, or the project "
            "lead, can mark this condition as met."
        )
    body_org = condition.sign_off.organisation.name
    if action == WAIVE:
        return (
            f"Only {body_org}'s governance approver, or the project lead from the body's "
            "minute, can record that the condition was waived."
        )
    if action == SET:
        return (
            f"Only {body_org}'s governance approver, or the project lead, can set the "
            "condition's owner and due date."
        )
    return "Only the project lead can carry a condition into delivery."


def conditions_for_plan(plan: Plan):
    """The conditions of the plan's current governance decisions (a superseded decision's
    conditions no longer count), with what the pages show beside each."""
    return (
        SignOffCondition.objects.filter(
            plan=plan,
            sign_off__gate=Stage.GOVERNANCE,
            sign_off__superseded_by__isnull=True,
        )
        .select_related("owner", "sign_off__organisation", "changed_by")
        .order_by("sign_off__organisation__name", "number")
    )


def conditions_in(ctx: PlanContext) -> list[SignOffCondition]:
    """conditions_for_plan, read once for the gate check, the panel and the report."""
    return ctx.shared("workflows.conditions", lambda: list(conditions_for_plan(ctx.plan)))


def condition_is_overdue(condition: SignOffCondition, today=None) -> bool:
    today = today or timezone.localdate()
    return condition.status in UNMET and condition.due_on is not None and condition.due_on < today


def condition_for_plan(plan: Plan, condition_id) -> SignOffCondition | None:
    return (
        SignOffCondition.objects.select_related("owner", "sign_off__organisation", "changed_by")
        .filter(plan=plan, pk=condition_id)
        .first()
    )


def condition_owner_choices(plan: Plan):
    """Who may own a condition: the plan's partner organisations (observers included: a
    council watching the plan may still be the one to deliver a condition)."""
    return Organisation.objects.filter(partnerships__plan=plan).order_by("name")
