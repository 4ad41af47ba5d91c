"""Event notifications from other apps' signals.

A failure here must never undo or break the action that caused it (the stage change has
already committed), so errors are logged loudly rather than raised into the request.
"""

import logging

from django.db.models.signals import post_save
from django.urls import reverse

from planner.models import Plan, PlanMember, Stage, User
from workflows.models import Decision, SignOff
from workflows.notifications.models import Kind
from workflows.notifications.services import notification_send_event
from workflows.signals import stage_changed

logger = logging.getLogger(__name__)


def _members_except(plan_id: int, user_id: int | None):
    return User.objects.filter(
        pk__in=PlanMember.objects.filter(plan_id=plan_id).values("user_id"), is_active=True
    ).exclude(pk=user_id)


def on_stage_changed(sender, plan_id, decision_id, **kwargs):
    try:
        decision = Decision.objects.select_related("plan", "actor").get(pk=decision_id)
        plan = decision.plan
        notification_send_event(
            kind=Kind.STAGE_CHANGED,
            plan=plan,
            recipients=_members_except(plan_id, decision.actor_id),
            title=f"{plan.reference} moved to {Stage(plan.stage).label.lower()}",
            body=f"{decision.actor.full_name} recorded: {decision.summary}. "
            f"Rationale: {decision.rationale}",
            url=reverse("plan_detail", args=[plan_id]),
            dedupe_key=f"{Kind.STAGE_CHANGED}:{decision_id}",
        )
    except Exception:
        logger.exception("Could not notify partners of the stage change of plan %s", plan_id)


def on_sign_off_saved(sender, instance: SignOff, created, raw=False, **kwargs):
    if not created or raw:
        return
    try:
        plan = Plan.objects.only("id", "reference", "title").get(pk=instance.plan_id)
        notification_send_event(
            kind=Kind.SIGN_OFF_RECORDED,
            plan=plan,
            recipients=_members_except(plan.pk, instance.recorded_by_id),
            title=f"{plan.reference}: {instance.organisation.name} recorded "
            f"“{instance.get_decision_display().lower()}”",
            body=f"{instance.body} decided on {instance.decided_on:%-d %B %Y} "
            f"(reference {instance.reference}), {instance.recorder_label}.",
            url=reverse("plan_sign_off", args=[plan.pk]),
            dedupe_key=f"{Kind.SIGN_OFF_RECORDED}:{instance.pk}",
        )
    except Exception:
        logger.exception("Could not notify partners of sign-off %s", instance.pk)


def connect() -> None:
    stage_changed.connect(on_stage_changed, dispatch_uid="notifications.stage_changed")
    post_save.connect(on_sign_off_saved, sender=SignOff, dispatch_uid="notifications.sign_off")
