"""Fix the milestones' baselines when a plan enters delivery.

Every stage change writes a decision-log row inside the transaction that changes the stage
(workflows.services.plan_transition), so listening to that row's save puts this update in
the same transaction: the plan enters delivery with its baselines fixed, or neither happens.
"""

from django.db.models.signals import post_save
from django.utils import timezone

from planner.models import Stage
from workflows.delivery.models import Milestone
from workflows.models import Decision, DecisionKind


def on_decision_saved(sender, instance: Decision, created, raw=False, **kwargs):
    if not created or raw:
        return
    if instance.kind == DecisionKind.TRANSITION and instance.to_stage == Stage.DELIVERY:
        # Only milestones not fixed before: a plan sent back and advanced again keeps the
        # baselines it had, which move only through a rebaseline.
        Milestone.objects.filter(
            plan_id=instance.plan_id, baselined_at__isnull=True, baseline_on__isnull=False
        ).update(baselined_at=timezone.now())


def connect() -> None:
    post_save.connect(on_decision_saved, sender=Decision, dispatch_uid="delivery.baselines")
