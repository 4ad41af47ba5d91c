"""Demo reminders: the governance plan has waited ten days for sign-off, so the first scan
reminds the approvers and representatives whose governing bodies have not yet decided.

Idempotent: the plan's clock is set back only when the demo has just created the plan, and
the scan records each reminder once however often it runs.
"""

from datetime import timedelta

from django.utils import timezone

from planner.models import Plan
from workflows.notifications.services import reminders_scan


def build(ctx) -> None:
    plan = ctx.plans.get("governance")
    if plan is not None and "governance" in ctx.created_plans:
        Plan.objects.filter(pk=plan.pk).update(stage_changed_at=timezone.now() - timedelta(days=10))
    counts = reminders_scan()
    print(f"  reminders: {counts}")
