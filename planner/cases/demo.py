"""Load the shipped case library and pin one case to a demo plan. Safe to run again."""

import json
from pathlib import Path

from planner.cases.models import Case, PlanCase, PlanCaseDecision
from planner.cases.services import cases_import

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
