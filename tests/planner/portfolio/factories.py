"""Plans with something in every portfolio column, built cheaply (rows written directly)."""

from datetime import date, timedelta

from planner.models import CollaborationType, PlanPartner, Stage
from tests.assessments.finance.factories import cost_line
from tests.assessments.risks.factories import BenefitFactory
from tests.factories import PlanFactory
from tests.helpers import set_plan
from tests.workflows.delivery.factories import milestone, rating

STAGES = [Stage.SCOPING, Stage.GOVERNANCE, Stage.RISK, Stage.DELIVERY, Stage.REVIEW]
TYPES = [CollaborationType.PREMISES, CollaborationType.TRAINING, CollaborationType.DATA_SHARING]


def portfolio_plans(lead, partners, start, n):
    """n plans led by `lead`'s organisation with the `partners` organisations, numbered from
    `start`, along the stages in turn, each with a cost line, a cashable benefit and a stored
    gate summary and, in delivery, an overdue milestone and an amber rating."""
    made = []
    for i in range(start, start + n):
        stage = STAGES[i % len(STAGES)]
        plan = PlanFactory(
            created_by=lead,
            title=f"Scheme {i:03d}",
            reference=f"PF-{lead.pk}-{i:03d}",
            collaboration_type=TYPES[i % len(TYPES)],
            area="Northshire" if i % 2 else "Southshire",
        )
        for organisation in partners:
            PlanPartner.objects.get_or_create(plan=plan, organisation=organisation)
        set_plan(
            plan,
            stage=stage,
            gate_summary={"stage": stage, "is_open": False, "failed": [f"Blocker of {i}"]},
            delivery_target=date.today() + timedelta(days=400),
        )
        cost_line(plan, lead, {date.today().year: 1000 + i})
        BenefitFactory(plan=plan, created_by=lead)
        if stage == Stage.DELIVERY:
            milestone(plan, lead, baseline=-10, fixed=True)
            rating(plan, lead, date.today().replace(day=1), "amber")
        made.append(plan)
    return made
