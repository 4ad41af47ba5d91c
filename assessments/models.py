"""The success framework (versioned), stage questionnaires, partner assessments and notes.

A framework version is immutable once published: assessments point at the version they were
made against, so publishing a corrected version never changes an old result.
"""

from django.db import models
from django.db.models import Q

from planner.models import GATED_STAGES, Organisation, Plan, Stage, User

# The stages that have a questionnaire: each gated stage (its gate reads the results);
# health checks in delivery reuse delivery's.
ASSESSED_STAGES = list(GATED_STAGES)

# What each point of the 1-5 scale means, shown beside every question.
RATING_MEANINGS = {
    1: "Not in place: there is no sign of this yet.",
    2: "Early signs: talked about, but little is agreed or done.",
    3: "Partly in place: agreed in principle, with clear gaps.",
    4: "Largely in place: agreed and working, with minor gaps.",
    5: "Fully in place: agreed, working and backed by evidence.",
}
DONT_KNOW = "dk"


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class FrameworkVersion(models.Model):
    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(unique=True)
    status = models.CharField(
        max_length=20, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT
    )
    notes = models.TextField(
        blank=True, help_text="Where the wording comes from, e.g. reconstructed from sources."
    )
    # One source a line: "TAG | title | URL".
    sources = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self):
        return f"{self.name}, version {self.version} ({self.get_status_display().lower()})"

    @property
    def is_published(self) -> bool:
        return self.status == FrameworkStatus.PUBLISHED

    def source_list(self) -> list[dict]:
        rows = []
        for line in self.sources.splitlines():
            parts = [p.strip() for p in line.split("|")]
            if len(parts) == 3 and parts[0]:
                rows.append({"tag": parts[0], "title": parts[1], "url": parts[2]})
        return rows


class Characteristic(models.Model):
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="characteristics"
    )
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    meaning = models.TextField()
    sources = models.CharField(max_length=200, help_text="Source tags, e.g. “R15, SSA”.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="one_code_per_framework")
        ]

    def __str__(self):
        return self.name


class StageQuestion(models.Model):
    """A characteristic asked about at a stage, with the stage's own wording."""

    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="questions"
    )
    stage = models.CharField(max_length=30, choices=[(s.value, s.label) for s in ASSESSED_STAGES])
    characteristic = models.ForeignKey(
        Characteristic, on_delete=models.CASCADE, related_name="questions"
    )
    prompt = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["stage", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "stage", "characteristic"], name="one_question_per_stage"
            )
        ]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.characteristic.name}"


class HealthCheck(models.Model):
    """A numbered re-assessment during delivery, opened by the project lead."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="health_checks")
    number = models.PositiveSmallIntegerField()
    opened_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_health_check_number")
        ]

    def __str__(self):
        return f"Health check {self.number} on {self.plan_id}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class Assessment(models.Model):
    """One partner organisation's assessment of a plan at one stage (round 0) or health check.

    The unique constraint means two people of the same organisation starting at once still
    share one draft.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assessments")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=30, choices=Stage.choices)
    # 0 is the stage assessment; 1, 2, ... are delivery health checks.
    round = models.PositiveSmallIntegerField(default=0)
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "organisation", "stage", "round"],
                name="one_assessment_per_org_per_round",
            )
        ]

    def __str__(self):
        return f"{self.organisation}: {self.get_stage_display()} ({self.get_status_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    characteristic = models.ForeignKey(Characteristic, on_delete=models.PROTECT, related_name="+")
    # Null with dont_know False means not answered yet.
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    dont_know = models.BooleanField(default=False)
    evidence = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "characteristic"], name="one_answer_per_characteristic"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="rating_between_1_and_5",
            ),
            models.CheckConstraint(
                condition=~Q(rating__isnull=False, dont_know=True),
                name="rating_or_dont_know",
            ),
        ]

    def __str__(self):
        value = self.rating or ("don't know" if self.dont_know else "not answered")
        return f"{self.characteristic}: {value}"

    @property
    def is_answered(self) -> bool:
        return self.rating is not None or self.dont_know


class DiscussionNote(models.Model):
    """What the partners discussed about a characteristic they disagreed on."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="discussion_notes")
    stage = models.CharField(max_length=30, choices=Stage.choices)
    round = models.PositiveSmallIntegerField(default=0)
    characteristic = models.ForeignKey(Characteristic, on_delete=models.PROTECT, related_name="+")
    note = models.TextField()
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["plan", "stage", "round"])]

    def __str__(self):
        return f"Note on {self.characteristic} by {self.author}"


class Resolution(models.Model):
    """What the partners agreed about a characteristic they disagreed on in a round.

    A flag is resolved by its current resolution (one not reopened) once every organisation
    concerned (every partner organisation that assesses the plan: the position is a joint one,
    so each of them answers for it) has acknowledged it or re-scored the characteristic.
    `ratings` keeps each organisation's rating when the resolution was recorded, so a later
    submission can be told to be a re-score (a changed rating) rather than the same one again.
    A reopened resolution stays, with who reopened it and why, and a new one can be recorded.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="resolutions")
    stage = models.CharField(max_length=30, choices=Stage.choices)
    round = models.PositiveSmallIntegerField(default=0)
    characteristic = models.ForeignKey(Characteristic, on_delete=models.PROTECT, related_name="+")
    position = models.TextField()
    action = models.TextField(blank=True)
    action_owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    action_due = models.DateField(null=True, blank=True)
    # Organisation id (as a string, JSON's keys) -> its rating at the time, None for
    # "don't know"; an organisation that had not rated is missing.
    ratings = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    reopened_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reopened_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reopen_reason = models.TextField(blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        indexes = [models.Index(fields=["plan", "stage", "round"])]
        constraints = [
            # One current resolution per flag: two people recording at once cannot both win.
            models.UniqueConstraint(
                fields=["plan", "stage", "round", "characteristic"],
                condition=Q(reopened_at__isnull=True),
                name="one_current_resolution_per_flag",
            ),
            models.CheckConstraint(
                condition=Q(action="") | Q(action_owner__isnull=False, action_due__isnull=False),
                name="resolution_action_has_owner_and_due_date",
            ),
        ]

    def __str__(self):
        return f"Resolution of {self.characteristic} on {self.plan_id}"

    @property
    def is_current(self) -> bool:
        return self.reopened_at is None


class ResolutionAcknowledgement(models.Model):
    """One organisation concerned saying it accepts the agreed position."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    acknowledged_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["acknowledged_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "organisation"], name="one_acknowledgement_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} acknowledged {self.resolution}"
