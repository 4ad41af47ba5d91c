"""Demo assessments: submitted rounds on the Wealdshire plans, building a trend, and one clear
disagreement on the scoping plan (police and fire see organisational differences very
differently) waiting for the partners to agree a resolution.

Past rounds are written directly: the services only accept answers while a plan is at the
round's stage, and the demo plans were placed at their stage directly. Idempotent: a round
that already has an organisation's assessment is left alone.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from assessments.models import (
    ASSESSED_STAGES,
    Answer,
    Assessment,
    AssessmentStatus,
    HealthCheck,
)
from assessments.selectors import framework_current, questions_for, voting_partners
from planner.models import STAGE_ORDER, Stage

# Who fills in each organisation's assessment in the demo.
ASSESSOR = {
    "police": "lead@police.example",
    "fire": "fire@fire.example",
    "ambulance": "ambulance@ambulance.example",
    "council": "approver@council.example",
}
EVIDENCE = {
    3: "Agreed in principle at the joint programme board; the detail is still being worked out.",
    4: "In the agreed project documents and working in practice, with small gaps noted.",
    5: "Agreed, in place and evidenced in the last quarterly report to the board.",
}

# The scoping plan's disagreement: police rate it 4, fire 1.
DISAGREEMENT = {
    "police": (
        4,
        "Culture and conditions of service were covered at the joint workshop in March.",
    ),
    "fire": (
        1,
        "Shift patterns and on-call contracts at a shared station have not yet been raised with "
        "the Fire Brigades Union; our crews are worried about losing the station's identity.",
    ),
}


def _rating(code: str, org_index: int, stage_index: int, health_check: int) -> int:
    """Steady, close ratings (spread at most 1) that improve as the plan matures."""
    base = 3 if stage_index < 2 else 4
    return min(5, base + (sum(map(ord, code)) + org_index + stage_index + health_check) % 2)


def _seed_round(plan, stage, number, orgs, ctx, submitted_at, overrides=None):
    framework = framework_current()
    questions = questions_for(framework, stage)
    stage_index = STAGE_ORDER.index(stage)
    for org_index, (key, org) in enumerate(orgs):
        if Assessment.objects.filter(
            plan=plan, organisation=org, stage=stage, round=number
        ).exists():
            continue
        person = ctx.people[ASSESSOR[key]]
        assessment = Assessment.objects.create(
            plan=plan,
            organisation=org,
            stage=stage,
            round=number,
            framework=framework,
            status=AssessmentStatus.SUBMITTED,
            created_by=person,
            submitted_by=person,
            submitted_at=submitted_at,
        )
        answers = []
        for q in questions:
            code = q.characteristic.code
            rating = _rating(code, org_index, stage_index, number)
            evidence = EVIDENCE[rating]
            if overrides and code in overrides and key in overrides[code]:
                rating, evidence = overrides[code][key]
            answers.append(
                Answer(
                    assessment=assessment,
                    characteristic=q.characteristic,
                    rating=rating,
                    evidence=evidence,
                )
            )
        Answer.objects.bulk_create(answers)


def build(ctx) -> None:
    if framework_current() is None:
        return
    key_by_org = {org.pk: key for key, org in ctx.orgs.items()}
    now = timezone.now()
    with transaction.atomic():
        for plan_key, plan in ctx.plans.items():
            orgs = [
                (key_by_org[p.organisation_id], p.organisation)
                for p in voting_partners(plan)
                if key_by_org.get(p.organisation_id) in ASSESSOR
            ]
            reached = plan.held_from_stage or plan.stage
            if reached not in STAGE_ORDER:
                continue
            done = [s for s in ASSESSED_STAGES if STAGE_ORDER.index(s) < STAGE_ORDER.index(reached)]
            for i, stage in enumerate(done):
                when = now - timedelta(days=30 * (len(done) - i) + 5)
                _seed_round(plan, stage, 0, orgs, ctx, when)
            if plan_key == "scoping":
                # Police and fire have submitted; the council has not. One clear disagreement.
                submitters = [(k, o) for k, o in orgs if k in DISAGREEMENT]
                _seed_round(
                    plan,
                    Stage.SCOPING,
                    0,
                    submitters,
                    ctx,
                    now - timedelta(days=2),
                    overrides={"organisational_differences": DISAGREEMENT},
                )
            if plan_key == "delivery":
                _seed_round(plan, Stage.DELIVERY, 0, orgs, ctx, now - timedelta(days=60))
                lead = ctx.people[ASSESSOR["police"]]
                HealthCheck.objects.get_or_create(plan=plan, number=1, defaults={"opened_by": lead})
                _seed_round(plan, Stage.DELIVERY, 1, orgs, ctx, now - timedelta(days=10))
