"""Keep each plan's gate summary fresh so the dashboard reads blockers in one query.

Any saved or deleted row that points at a plan (a partner, an s.2 response, a sign-off, an
assessment, a risk...) may change what the gate says, so after the transaction commits we
re-evaluate that plan's gate once and store the outcome with a queryset update (no signals,
no clash with the stage machine's optimistic lock).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from planner.models import ACTIVE_STAGES, Plan
from workflows.gates import gate_evaluate


def plan_gate_summary_refresh(plan_id: int) -> dict:
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        return {}
    summary: dict = {"stage": plan.stage}
    if plan.stage in ACTIVE_STAGES:
        report = gate_evaluate(plan)
        summary.update(is_open=report.is_open, failed=[r.message for r in report.failed])
    Plan.objects.filter(pk=plan_id).update(gate_summary=summary)
    return summary


def _schedule(plan_id):
    if plan_id is not None:
        transaction.on_commit(lambda: plan_gate_summary_refresh(plan_id))


def _on_change(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    if isinstance(instance, Plan):
        _schedule(instance.pk)
    else:
        _schedule(getattr(instance, "plan_id", None))


def connect_summary_signals():
    """Listen to every model with a `plan` foreign key, whichever app owns it."""
    from django.apps import apps

    for model in apps.get_models():
        is_plan = issubclass(model, Plan)
        field = (
            None
            if is_plan
            else next((f for f in model._meta.fields if f.name == "plan" and f.is_relation), None)
        )
        if is_plan or (field is not None and issubclass(field.related_model, Plan)):
            post_save.connect(
                _on_change, sender=model, dispatch_uid=f"gate-summary-{model._meta.label}"
            )
            post_delete.connect(
                _on_change, sender=model, dispatch_uid=f"gate-summary-del-{model._meta.label}"
            )
