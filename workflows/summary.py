"""Keep each plan's gate summary fresh so the dashboard reads blockers in one query.

Any saved or deleted row that points at a plan (a partner, an s.2 response, a sign-off, an
assessment, a risk...) may change what the gate says, so after the transaction commits we
re-evaluate that plan's gate and store the outcome with a queryset update (no signals, no
clash with the stage machine's optimistic lock).

One transaction that saves several rows of a plan (a stage change saves the plan and its
decision-log row) refreshes the summary once: the first of its refreshes to run has seen
every change the transaction made, so the others skip.
"""

import threading

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from planner.context import PlanContext
from planner.models import ACTIVE_STAGES, Plan


def plan_gate_summary_refresh(plan_id: int) -> dict:
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        return {}
    summary: dict = {"stage": plan.stage}
    if plan.stage in ACTIVE_STAGES:
        # Every active stage is left through a gate (review through the close gate).
        report = PlanContext.for_plan(plan).gate
        summary.update(is_open=report.is_open, failed=[r.message for r in report.failed])
    Plan.objects.filter(pk=plan_id).update(gate_summary=summary)
    return summary


class _Refreshes(threading.local):
    """Per thread (each thread has its own connection): a counter of scheduled refreshes and,
    by plan, the counter's value when the plan's summary was last refreshed."""

    def __init__(self):
        self.scheduled = 0
        self.refreshed: dict[int, int] = {}


_refreshes = _Refreshes()


class _Refresh:
    """An on-commit refresh of one plan's summary. It runs after its change has committed,
    so a refresh of the same plan that started after this one was scheduled has seen the
    change already, and this one has nothing left to do."""

    def __init__(self, plan_id: int):
        self.plan_id = plan_id
        _refreshes.scheduled += 1
        self.number = _refreshes.scheduled

    def __call__(self):
        if _refreshes.refreshed.get(self.plan_id, 0) >= self.number:
            return
        _refreshes.refreshed[self.plan_id] = _refreshes.scheduled
        plan_gate_summary_refresh(self.plan_id)


def _schedule(plan_id):
    if plan_id is not None:
        transaction.on_commit(_Refresh(plan_id))


def _on_change(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    if isinstance(instance, Plan):
        _schedule(instance.pk)
    else:
        _schedule(getattr(instance, "plan_id", None))


def connect_summary_signals():
    """Listen to every model with a `plan` foreign key, whichever app owns it."""
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
