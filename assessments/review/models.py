"""The post-implementation review of a plan and the lessons every plan teaches.

A plan in review gets one post-implementation review, written by the project lead: what was
delivered against what was planned, what it cost against its budget (the partners' cost
lines, where there are any) and which benefits were realised. Lessons are recorded by the
partners from delivery onwards, and when a plan is withdrawn, so a scheme that stopped
teaches the next one as much as one that finished.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from assessments.finance.calculations import MAX_PENCE
from assessments.models import Characteristic
from planner.models import Organisation, Plan, Stage, User


class PostImplementationReview(models.Model):
    """What the scheme delivered, what it cost and what it achieved, once delivery is done."""

    plan = models.OneToOneField(
        Plan, on_delete=models.CASCADE, related_name="post_implementation_review"
    )
    delivered = models.TextField("What was delivered against what was planned")
    # Pounds typed, integer pence kept, as the finance app's lines; blank when the plan has
    # no costs to compare with.
    actual_cost_pence = models.BigIntegerField(
        "actual cost",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_PENCE)],
    )
    cost_explanation = models.TextField("Why the cost differs from the budget", blank=True)
    benefits_realised = models.TextField("Benefits realised")
    written_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "post-implementation review"

    def __str__(self):
        return f"Post-implementation review of {self.plan_id}"

    def missing(self, *, budget_pence: int) -> list[str]:
        """What the review still lacks, in words, given the plan's budget (its cost lines)."""
        gaps = []
        if not self.delivered.strip():
            gaps.append("what was delivered against what was planned")
        if budget_pence and self.actual_cost_pence is None:
            gaps.append("the actual cost")
        if not self.benefits_realised.strip():
            gaps.append("the benefits realised")
        return gaps


class LessonKind(models.TextChoices):
    WORKED = "worked", "What worked"
    DID_NOT_WORK = "did_not_work", "What did not work"


class Theme(models.TextChoices):
    """The four themes of HMICFRS's inspection of police collaboration."""

    PURPOSE = "purpose", "Purpose"
    BENEFITS = "benefits", "Benefits and cost analysis"
    LEADERSHIP = "leadership", "Leadership and governance"
    SKILLS = "skills", "Skills and capabilities"


class Lesson(models.Model):
    """One lesson a plan teaches: what worked, or what did not (and what would have helped).

    Each lesson is tagged with the success characteristics it bears on (the assessment
    framework's) and with one or more of the four themes HMICFRS used to inspect police
    collaboration (purpose; benefits and cost analysis; leadership and governance; skills and
    capabilities: HMICFRS, *The Hard Yards: Police-to-police collaboration*, 2019/20), whose
    finding was that forces "didn't use the lessons learned on one collaboration to improve
    others". The themes are four fixed columns rather than a table of tags, so filtering by
    one is a plain WHERE and a list of lessons is one query.

    A lesson recorded when the plan is withdrawn (`at_withdrawal`) says what went wrong and
    what would have helped; it is written in the same transaction as the withdrawal.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="lessons")
    kind = models.CharField(max_length=20, choices=LessonKind.choices)
    text = models.TextField("The lesson")
    would_have_helped = models.TextField("What would have helped", blank=True)
    at_withdrawal = models.BooleanField(default=False)
    stage = models.CharField(
        "stage when recorded", max_length=30, choices=Stage.choices, editable=False
    )
    characteristics = models.ManyToManyField(Characteristic, related_name="+")
    theme_purpose = models.BooleanField(Theme.PURPOSE.label, default=False)
    theme_benefits = models.BooleanField(Theme.BENEFITS.label, default=False)
    theme_leadership = models.BooleanField(Theme.LEADERSHIP.label, default=False)
    theme_skills = models.BooleanField(Theme.SKILLS.label, default=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["plan", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def themes(self) -> list[str]:
        return [t.value for t in Theme if getattr(self, f"theme_{t.value}")]

    @property
    def theme_labels(self) -> list[str]:
        return [Theme(t).label for t in self.themes]

    def set_themes(self, themes) -> None:
        for theme in Theme:
            setattr(self, f"theme_{theme.value}", theme.value in themes)

    def clean(self):
        if not self.themes:
            raise ValidationError({"themes": "Choose at least one theme"})
        if self.at_withdrawal and not self.would_have_helped.strip():
            raise ValidationError({"would_have_helped": "Enter what would have helped"})
