"""Load the shipped case library and pin one case to a demo plan; once every app has built
its part, take the withdrawn demo plan to the library as a stopped scheme. Safe to run again."""

import json
from pathlib import Path

from planner.access import plan_access_for_user
from planner.cases.forms import CaseProposalForm
from planner.cases.models import Case, CaseOutcome, PlanCase, PlanCaseDecision
from planner.cases.services import (
    case_proposal_initial,
    case_propose_from_plan,
    cases_import,
    cases_publish,
    plan_case_proposal_key,
)
from planner.models import Plan, Stage

DATA = Path(__file__).resolve().parent / "data" / "cases.json"


def shipped_rows() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))["cases"]


def build(ctx) -> None:
    result = cases_import(rows=shipped_rows())
    if result.errors:
        raise RuntimeError(
            "The shipped case library has errors: " + "; ".join(map(str, result.errors))
        )
    plan = ctx.plans.get("scoping")
    case = Case.objects.filter(key="hampshire-shared-hq-eastleigh").first()
    if plan is None or case is None:
        return
    PlanCase.objects.get_or_create(
        plan=plan,
        case=case,
        defaults={
            "decision": PlanCaseDecision.PINNED,
            "lessons_note": "Move one team into the fire station first, as Hampshire did with "
            "three stations before its headquarters, and agree how running costs are shared.",
            "decided_by": ctx.people.get("lead@police.example"),
        },
    )


# Said only if the app that keeps the lessons gave no reason the plan stopped.
DEMO_WHY_STOPPED = (
    "The partners withdrew the plan before delivery: its lessons say what went wrong and "
    "what would have helped."
)


def finish(ctx) -> None:
    """Propose each withdrawn demo plan to the library, as its lead would, and publish it, as
    an administrator would, so the demo shows a stopped scheme among a similar plan's
    comparable schemes. Runs after every app's build, so the plan's lessons exist."""
    lead = ctx.people.get("lead@police.example")
    withdrawn = Plan.objects.filter(
        pk__in=[plan.pk for plan in ctx.plans.values()], stage=Stage.WITHDRAWN
    ).order_by("reference")
    for plan in withdrawn:
        case = Case.objects.filter(key=plan_case_proposal_key(plan)).first()
        if case is None:
            access = plan_access_for_user(lead, plan.pk, for_change=True)
            initial = case_proposal_initial(plan)
            initial["why_stopped"] = initial["why_stopped"] or DEMO_WHY_STOPPED
            form = CaseProposalForm(
                {**initial, "services": initial["services"]},
                stopped=initial["outcome"] == CaseOutcome.STOPPED,
            )
            if not form.is_valid():
                raise RuntimeError(f"The demo's proposal of {plan.reference}: {form.errors}")
            case = case_propose_from_plan(access=access, data=form.cleaned_data)
        cases_publish(cases=[case])
