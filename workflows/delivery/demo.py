"""Demo milestones and delivery confidence.

The drone unit, in delivery, has five milestones: two done, one slipped (its forecast a month
after its baseline), one overdue (its date passed and not done) and one ahead; and the lead's
ratings of the four months before this one, green, amber, red, red, so the page shows the
trend and the prompt to consider sending the plan back. This month's is still to come, so
the lead's Inbox has the monthly reminder (the demo's reminder scan runs before this step).
Fire adds its own view of the last two rated months. The plan at joint risk assessment has
its first milestone. Only a plan with no milestones gets them, so running the demo again
adds nothing.
"""

from datetime import timedelta

from django.utils import timezone

from planner.dates import uk_today
from workflows.delivery.models import ConfidenceUpdate, Milestone, MilestoneStatus, Rating
from workflows.delivery.selectors import months_back

LEAD = "lead@police.example"
FIRE = "fire@fire.example"


def build(ctx) -> None:
    _build_risk_plan(ctx)
    plan = ctx.plans.get("delivery")
    if plan is None or Milestone.objects.filter(plan=plan).exists():
        return
    today = uk_today()
    lead, fire = ctx.people[LEAD], ctx.people[FIRE]
    police, fire_org, council = ctx.orgs["police"], ctx.orgs["fire"], ctx.orgs["council"]
    fixed = timezone.now() - timedelta(days=120)
    rows = [
        ("Drones and ground kit bought", police, -100, -100, -96, MilestoneStatus.DONE),
        ("Joint pilots licensed by the CAA", fire_org, -60, -60, -58, MilestoneStatus.DONE),
        ("Night search procedure agreed", police, -10, -10, None, MilestoneStatus.IN_PROGRESS),
        ("Shared control-room tasking live", fire_org, 20, 51, None, MilestoneStatus.IN_PROGRESS),
        ("Council CCTV link to the unit", council, 150, 150, None, MilestoneStatus.NOT_STARTED),
    ]
    Milestone.objects.bulk_create(
        Milestone(
            plan=plan,
            title=title,
            owner=owner,
            baseline_on=today + timedelta(days=base),
            forecast_on=today + timedelta(days=forecast),
            actual_on=today + timedelta(days=actual) if actual is not None else None,
            status=status,
            baselined_at=fixed,
            created_by=lead,
        )
        for title, owner, base, forecast, actual, status in rows
    )
    month = today.replace(day=1)
    ratings = [
        (4, Rating.GREEN, "Kit bought on budget; pilot training under way.", ""),
        (
            3,
            Rating.AMBER,
            "Pilot licences arrived late; tasking through the control room slips a month.",
            "Control-room tasking forecast a month late\nNight procedure still in draft",
        ),
        (
            2,
            Rating.RED,
            "Fire's control-room upgrade is delayed, so joint tasking cannot start as planned.",
            "Control-room upgrade delayed by the supplier\nNight procedure overdue",
        ),
        (
            1,
            Rating.RED,
            "No new date from the supplier; the night procedure is still not agreed.",
            "Supplier has not committed to a date\nNight procedure overdue\nPilot rota thin",
        ),
    ]
    updates = [
        ConfidenceUpdate(
            plan=plan,
            month=months_back(month, back),
            organisation=police,
            is_lead_view=True,
            rating=rating,
            rationale=rationale,
            top_issues=issues,
            recorded_by=lead,
        )
        for back, rating, rationale, issues in ratings
    ]
    updates += [
        ConfidenceUpdate(
            plan=plan,
            month=months_back(month, back),
            organisation=fire_org,
            rating=rating,
            rationale=rationale,
            recorded_by=fire,
        )
        for back, rating, rationale in (
            (2, Rating.AMBER, "Our upgrade is late but the supplier is working to a fix."),
            (1, Rating.RED, "We agree: without the supplier's date, tasking is in doubt."),
        )
    ]
    ConfidenceUpdate.objects.bulk_create(updates)


def _build_risk_plan(ctx) -> None:
    """The plan at joint risk assessment has its first milestone, not yet fixed: its gate
    shows that year met and asks for the others, as a plan preparing for delivery would."""
    plan = ctx.plans.get("risk")
    if plan is None or Milestone.objects.filter(plan=plan).exists():
        return
    start = plan.joint_risk_assessment_target or uk_today()
    Milestone.objects.create(
        plan=plan,
        title="Fire crews trained in forced entry",
        owner=ctx.orgs["fire"],
        baseline_on=start + timedelta(days=30),
        forecast_on=start + timedelta(days=30),
        created_by=ctx.people[LEAD],
    )
