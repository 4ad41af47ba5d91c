"""Milestones and delivery confidence of a plan in delivery.

A milestone's baseline is the date the partners committed to when the plan entered delivery
(`baselined_at` says when it was fixed); after that only a recorded rebaseline, with a reason
in the decision log, moves it. The forecast is today's best estimate, so slippage is the
forecast less the baseline. A confidence rating is monthly: the project lead's for the plan,
and each partner organisation's own view of the same month beside it.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models

from planner.dates import validate_happened
from planner.models import Organisation, Plan, User


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


def milestone_slippage(baseline: date | None, forecast: date | None) -> int | None:
    """Days the forecast is later than the baseline (negative: early); None without both."""
    if baseline is None or forecast is None:
        return None
    return (forecast - baseline).days


def milestone_overdue(*, status: str, due_on: date | None, today: date) -> bool:
    """Not done and its date (the forecast, else the baseline) is before today."""
    return status != MilestoneStatus.DONE and due_on is not None and due_on < today


class Milestone(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="owner organisation"
    )
    baseline_on = models.DateField("baseline date", null=True, blank=True)
    forecast_on = models.DateField("forecast date", null=True, blank=True)
    actual_on = models.DateField("actual date", null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.NOT_STARTED
    )
    # When the baseline was fixed: on entry into delivery, or when first set during delivery.
    # From then on the baseline moves only through a rebaseline (workflows.delivery.services).
    baselined_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["baseline_on", "forecast_on", "pk"]
        indexes = [models.Index(fields=["plan", "status"])]

    def __str__(self):
        return self.title

    @property
    def is_baselined(self) -> bool:
        return self.baselined_at is not None

    @property
    def due_on(self) -> date | None:
        return self.actual_on or self.forecast_on or self.baseline_on

    @property
    def slippage_days(self) -> int | None:
        return milestone_slippage(self.baseline_on, self.forecast_on)

    @property
    def is_slipped(self) -> bool:
        return (self.slippage_days or 0) > 0

    def is_overdue(self, today: date) -> bool:
        return milestone_overdue(
            status=self.status, due_on=self.forecast_on or self.baseline_on, today=today
        )

    def clean(self):
        self.title = (self.title or "").strip()
        errors = {}
        if self.status == MilestoneStatus.DONE and not self.actual_on:
            errors["actual_on"] = "Enter the date the milestone was done"
        elif self.actual_on and self.status != MilestoneStatus.DONE:
            errors["status"] = "Choose “Done” for a milestone with an actual date"
        if self.actual_on:
            try:
                validate_happened(self.actual_on, plan=self.plan, label="Actual date")
            except ValidationError as exc:
                errors["actual_on"] = exc.messages[0]
        if errors:
            raise ValidationError(errors)


class Rating(models.TextChoices):
    GREEN = "green", "Green: on track"
    AMBER = "amber", "Amber: significant issues, manageable"
    RED = "red", "Red: delivery in doubt"


class ConfidenceUpdate(models.Model):
    """One month's delivery confidence: the lead's rating of the plan (`is_lead_view`), or a
    partner organisation's own view of the same month."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="confidence_updates")
    month = models.DateField(help_text="The first day of the month rated.")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    is_lead_view = models.BooleanField(default=False)
    rating = models.CharField(max_length=10, choices=Rating.choices)
    rationale = models.TextField()
    top_issues = models.TextField("top issues", blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month", "-is_lead_view", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "month", "organisation", "is_lead_view"],
                name="one_confidence_view_a_month",
            ),
        ]

    def __str__(self):
        return f"{self.plan_id} {self.month:%Y-%m}: {self.rating}"

    @property
    def issues(self) -> list[str]:
        return [line.strip() for line in self.top_issues.splitlines() if line.strip()]

    def clean(self):
        self.rationale = (self.rationale or "").strip()
        if self.month and self.month.day != 1:
            raise ValidationError({"month": "A rating is for a month: its first day"})
        if not self.rationale:
            raise ValidationError({"rationale": "Enter the rationale for the rating"})
