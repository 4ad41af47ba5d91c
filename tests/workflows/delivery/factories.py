"""Milestones and ratings for the delivery tests, written directly (the services have
their own tests)."""

from datetime import timedelta

from django.utils import timezone

from planner.dates import uk_today
from workflows.delivery.models import ConfidenceUpdate, Milestone, MilestoneStatus


def milestone(plan, user, *, owner=None, baseline=30, forecast=None, fixed=False, **fields):
    """A milestone `baseline` days from today, its forecast `forecast` days from today (the
    baseline's by default); `fixed` as if the plan had entered delivery."""
    today = uk_today()
    baseline_on = today + timedelta(days=baseline) if baseline is not None else None
    return Milestone.objects.create(
        plan=plan,
        title=fields.pop("title", f"Milestone {Milestone.objects.count() + 1}"),
        owner=owner or user.organisation,
        baseline_on=baseline_on,
        forecast_on=today + timedelta(days=forecast) if forecast is not None else baseline_on,
        status=fields.pop("status", MilestoneStatus.NOT_STARTED),
        baselined_at=timezone.now() if fixed else None,
        created_by=user,
        **fields,
    )


def rating(plan, user, month, value, *, lead=True, organisation=None):
    return ConfidenceUpdate.objects.create(
        plan=plan,
        month=month,
        organisation=organisation or user.organisation,
        is_lead_view=lead,
        rating=value,
        rationale=f"Rated {value}.",
        recorded_by=user,
    )
