"""Demo governing-body decisions, recorded as they are in use: each by its organisation's
governance approver, each with its decision-log row.

Runs after planner's demo has placed the plans at their stages. Only plans the demo has just
created get decisions, so running the demo again adds nothing.
"""

from datetime import date, timedelta

from planner.demo import PLANS
from planner.models import Stage
from workflows.models import Decision, DecisionKind, SignOff, SignOffDecision
from workflows.services import signoff_log_rationale, signoff_log_summary

# Each organisation's governance approver in the demo.
APPROVERS = {
    "police": "pcc@police.example",
    "fire": "approver@fire.example",
    "ambulance": "approver@ambulance.example",
    "council": "approver@council.example",
}


def build(ctx) -> None:
    for spec in PLANS:
        if spec["key"] not in ctx.created_plans:
            continue
        stage = spec.get("held_from", spec["stage"])
        if stage == Stage.SCOPING:
            continue
        orgs = ["police", *spec["partners"]]
        if stage == Stage.GOVERNANCE:
            orgs = orgs[:-1]  # the last partner's body has not decided yet
        for org_key in orgs:
            _approve(
                ctx.plans[spec["key"]], org_key, ctx.orgs[org_key], ctx.people[APPROVERS[org_key]]
            )


def _approve(plan, org_key, org, approver) -> None:
    sign_off = SignOff.objects.create(
        plan=plan,
        organisation=org,
        gate=Stage.GOVERNANCE,
        body=org.governing_body,
        decision=SignOffDecision.APPROVED,
        decided_on=date.today() - timedelta(days=20),
        reference=f"{org_key.upper()}-DN-{plan.pk:03d}",
        recorded_by=approver,
    )
    Decision.objects.create(
        plan=plan,
        kind=DecisionKind.DECISION,
        summary=signoff_log_summary(sign_off),
        rationale=signoff_log_rationale(sign_off),
        topic=f"sign-off:{sign_off.pk}",
        actor=approver,
        actor_organisation=org,
    )
