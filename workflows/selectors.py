"""Reads for the stage machine, sign-off and decision log."""

from planner.models import Plan
from planner.selectors import plan_read_once
from workflows.models import Decision, SignOff


def latest_sign_offs(plan: Plan) -> dict[int, SignOff]:
    """The latest governing-body decision of each organisation, by organisation id."""
    return dict(plan_read_once(plan, "latest_sign_offs", lambda: _latest_sign_offs(plan)))


def _latest_sign_offs(plan: Plan) -> dict[int, SignOff]:
    latest: dict[int, SignOff] = {}
    for sign_off in (
        SignOff.objects.filter(plan=plan)
        .select_related("organisation")
        .order_by("recorded_at", "pk")
    ):
        latest[sign_off.organisation_id] = sign_off
    return latest


def decision_list_for_plan(plan: Plan):
    return Decision.objects.filter(plan=plan).select_related(
        "actor", "actor_organisation", "corrects"
    )


def sign_off_list_for_plan(plan: Plan):
    return SignOff.objects.filter(plan=plan).select_related("organisation", "recorded_by")
