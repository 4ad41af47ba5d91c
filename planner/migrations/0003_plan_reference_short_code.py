"""Rewrite stored plan references that break the short-code rule, keeping the old value.

References were once free text, so some hold line breaks, slashes or "..", which reached
e-mail headers and file paths. Each such reference becomes a valid, unique code, and the plan's
decision log gets a correction row with the old value exactly as it was stored.

The rule is copied here rather than imported, so this migration means the same thing
whatever the model's code says later.
"""

import re

from django.db import migrations

MAX_LENGTH = 20
VALID = re.compile(r"\A[A-Z0-9]+(-[A-Z0-9]+)*\Z")
# Control characters end what the person meant: "WLD-EST-01\r\nBcc: ..." was WLD-EST-01.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
NOT_CODE = re.compile(r"[^A-Z0-9]+")


def _code(text: str, length: int = MAX_LENGTH) -> str:
    return NOT_CODE.sub("-", text).strip("-")[:length].rstrip("-")


def _new_reference(old: str, pk: int, taken: set[str]) -> str:
    """1. Keep the text before the first control character, in capitals.
    2. Turn each run of other characters into one hyphen and cut it to the maximum length.
    3. If nothing is left, call it PLAN-<id>; if the code is taken, add -<id> (then -<id>-2 ...).
    """
    base = _code(CONTROL.split(old.strip().upper(), maxsplit=1)[0]) or f"PLAN-{pk}"
    candidate, n = base, 1
    while candidate in taken:
        suffix = f"-{pk}" if n == 1 else f"-{pk}-{n}"
        candidate = _code(base, MAX_LENGTH - len(suffix)) + suffix
        n += 1
    return candidate


def _summary_text(value: str) -> str:
    # The summary is one line in every list; the rationale keeps the value exactly.
    return CONTROL.sub(" ", value)


def rewrite_references(apps, schema_editor):
    Plan = apps.get_model("planner", "Plan")
    PlanPartner = apps.get_model("planner", "PlanPartner")
    User = apps.get_model("planner", "User")
    Decision = apps.get_model("workflows", "Decision")
    rows = list(Plan.objects.order_by("pk").values_list("pk", "reference", "created_by_id"))
    taken = {reference for _, reference, _ in rows}
    for pk, old, created_by_id in rows:
        if VALID.match(old) and len(old) <= MAX_LENGTH:
            continue
        taken.discard(old)
        new = _new_reference(old, pk, taken)
        taken.add(new)
        Plan.objects.filter(pk=pk).update(reference=new)
        lead_org_id = (
            PlanPartner.objects.filter(plan_id=pk, role="lead")
            .values_list("organisation_id", flat=True)
            .first()
        ) or User.objects.filter(pk=created_by_id).values_list("organisation_id", flat=True)[0]
        # Written as the plan's creator on behalf of the lead organisation, the people
        # accountable for the plan. `last_decision_at` is left alone: the service made this
        # change, not the partners, so it must not quieten the stalled-plan reminder.
        Decision.objects.create(
            plan_id=pk,
            kind="correction",
            topic="plan-reference",
            summary=f"Reference changed to {new} (it was {_summary_text(old)})"[:300],
            rationale=(
                "A plan reference may use only letters, numbers and single hyphens, up to "
                f"{MAX_LENGTH} characters, because it is used in e-mail subjects and file "
                "names. The stored reference broke that rule, so the service replaced it. "
                f"The old reference, exactly as stored, was:\n{old}"
            ),
            actor_id=created_by_id,
            actor_organisation_id=lead_org_id,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("planner", "0002_plan_reference_message"),
        ("workflows", "0001_initial"),
    ]

    operations = [migrations.RunPython(rewrite_references, migrations.RunPython.noop)]
