"""Keep each plan's gate summary fresh so the dashboard reads blockers in one query.

Any saved or deleted row that points at a plan (a partner, an s.2 response, a sign-off, an
assessment, a risk...) may change what the gate says, so after the transaction commits we
re-evaluate that plan's gate and store the outcome with a queryset update (no signals, no
clash with the stage machine's optimistic lock).

One transaction that saves several rows of a plan (a stage change saves the plan and its
decision-log row) refreshes the summary once: a refresh already waiting for the commit is
not queued again.
"""

from django.apps import apps
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from planner.context import PlanContext
from planner.models import ACTIVE_STAGES, Plan


def plan_gate_summary_refresh(plan_id: int) -> dict:
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        return {}
    summary: dict = {"stage": plan.stage}
    if plan.stage in ACTIVE_STAGES:
        report = PlanContext.for_plan(plan).gate
        if report is None:  # review: no gate to pass
            summary.update(is_open=True, failed=[])
        else:
            summary.update(is_open=report.is_open, failed=[r.message for r in report.failed])
    Plan.objects.filter(pk=plan_id).update(gate_summary=summary)
    return summary


class _Refresh:
    """An on-commit callback that knows its plan, so the same plan is not queued twice."""

    def __init__(self, plan_id: int):
        self.plan_id = plan_id

    def __call__(self):
        plan_gate_summary_refresh(self.plan_id)


def _schedule(plan_id):
    if plan_id is None:
        return
    # Django keeps the callbacks waiting for this transaction's commit in run_on_commit and
    # drops those of a rolled-back savepoint, so a refresh found there will run.
    waiting = getattr(connection, "run_on_commit", [])
    if connection.in_atomic_block and any(
        isinstance(entry[1], _Refresh) and entry[1].plan_id == plan_id for entry in waiting
    ):
        return
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
