"""The case library: schemes that already exist, and the cases a plan has pinned or dismissed.

A case keeps a few derived columns (`services_key`, `match_terms`, `place_terms`,
`term_norm`) written on every save, so matching can score thousands of cases inside the
database without loading them into Python (see `planner.cases.matching`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse

from planner.cases.matching import case_derived_fields, case_term_weights
from planner.dates import uk_today
from planner.models import SERVICE_WORDS, CollaborationType, OrganisationKind, Plan

SERVICES = [kind.value for kind in OrganisationKind]


class Provenance(models.TextChoices):
    AZ_2014 = "az_2014", "Listed in the 2014 A–Z of collaboration schemes"
    OTHER_PUBLIC_SOURCE = "other_public_source", "Other public source"
    CONTRIBUTED_FROM_PLAN = "contributed_from_plan", "Contributed from a closed or withdrawn plan"


class CaseOutcome(models.TextChoices):
    """What became of a scheme, in a library reader's words.

    The stored values are those of the researched supplement of schemes
    (shared/reference/schemes-supplement.json: "ongoing", "completed", "stopped"), so it
    loads as it is; blank is "not known", as for a scheme whose sources stop before its end.
    A stopped scheme is as relevant to a similar plan as a running one: matching never
    scores the outcome, and the page labels it instead.
    """

    NOT_KNOWN = "", "Not known"
    ONGOING = "ongoing", "Still running"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped"


class CaseStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    DRAFT = "draft", "Draft"
    PROPOSED = "proposed", "Proposed from a plan"


def validate_services(value):
    if not isinstance(value, list) or not value:
        raise ValidationError("Give at least one service involved.")
    unknown = [s for s in value if s not in SERVICES]
    if unknown:
        raise ValidationError(
            f"Unknown service {', '.join(map(str, unknown))}: use {', '.join(SERVICES)}."
        )


def validate_text_list(value):
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValidationError("Give a list of non-empty names or addresses.")


class Case(models.Model):
    key = models.SlugField(
        max_length=120,
        unique=True,
        help_text="Stable key used to update the case on re-import, e.g. 'hampshire-shared-hq'.",
    )
    title = models.CharField(max_length=250)
    area = models.CharField(max_length=200, help_text="The place the scheme serves.")
    region = models.CharField(max_length=100, blank=True, help_text="e.g. North West, Wales.")
    organisations = models.JSONField(default=list, validators=[validate_text_list])
    services = models.JSONField(default=list, validators=[validate_services])
    collaboration_type = models.CharField(max_length=40, choices=CollaborationType.choices)
    start_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    summary = models.TextField()
    benefits = models.TextField("reported benefits", blank=True)
    cashable_savings = models.PositiveIntegerField(
        "cashable savings (£ a year)",
        null=True,
        blank=True,
        help_text="Only where a source reports a yearly figure.",
    )
    lessons = models.TextField(
        blank=True, help_text="What worked and what did not, for a team planning the same."
    )
    outcome = models.CharField(max_length=20, choices=CaseOutcome.choices, blank=True)
    outcome_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
        help_text="The year it completed or stopped; for a scheme still running, the year "
        "its sources last confirm it.",
    )
    why_stopped = models.TextField(
        "why it stopped", blank=True, help_text="Required for a scheme that stopped."
    )
    contact_role = models.CharField(max_length=200, blank=True)
    contact_organisation = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(
        blank=True, help_text="Only an address the scheme itself published."
    )
    source_urls = models.JSONField(default=list, blank=True, validators=[validate_text_list])
    provenance = models.CharField(max_length=30, choices=Provenance.choices)
    status = models.CharField(
        max_length=20, choices=CaseStatus.choices, default=CaseStatus.PUBLISHED
    )
    source_plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposed_cases"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Derived on save for matching; never edited by hand.
    services_key = models.CharField(max_length=80, editable=False, default="")
    services_mask = models.PositiveSmallIntegerField(editable=False, default=0)
    service_count = models.PositiveSmallIntegerField(editable=False, default=0)
    match_terms = models.TextField(editable=False, default="")
    term_norm = models.FloatField(editable=False, default=0.0)
    place_terms = models.CharField(max_length=400, editable=False, default="")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["status", "collaboration_type"]),
            models.Index(fields=["status", "region"]),
            models.Index(fields=["status", "start_year"]),
            # Covers matching step 3b, so it reads the index and never the wide rows.
            models.Index(
                fields=["status", "collaboration_type", "services_mask", "service_count"],
                name="cases_structure_lookup",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        for name, value in case_derived_fields(self).items():
            setattr(self, name, value)
        with transaction.atomic():
            super().save(*args, **kwargs)
            # Rewrite the case's postings in the term index matching reads (step 2).
            CaseTerm.objects.filter(case=self).delete()
            CaseTerm.objects.bulk_create(
                CaseTerm(case=self, term=term, weight=weight)
                for term, weight in case_term_weights(self)
            )

    def get_absolute_url(self):
        return reverse("case_detail", args=[self.key])

    def clean(self):
        """The outcome's parts agree: a stopped scheme says why, only a stopped one does, and
        the outcome's year is not before the scheme started nor after this year."""
        errors = {}
        if self.outcome == CaseOutcome.STOPPED and not (self.why_stopped or "").strip():
            errors["why_stopped"] = "Say why the scheme stopped, so others can learn from it."
        elif self.outcome != CaseOutcome.STOPPED and (self.why_stopped or "").strip():
            errors["why_stopped"] = "Only a scheme that stopped has a reason it stopped."
        if self.outcome_year is not None:
            if not self.outcome:
                errors["outcome_year"] = "Give the outcome the year belongs to."
            elif self.start_year is not None and self.outcome_year < self.start_year:
                errors["outcome_year"] = (
                    f"The outcome's year must be {self.start_year} or later, when the scheme "
                    "started."
                )
            elif self.outcome_year > uk_today().year:
                errors["outcome_year"] = "The outcome's year must be this year or earlier."
        if errors:
            raise ValidationError(errors)

    @property
    def stopped(self) -> bool:
        return self.outcome == CaseOutcome.STOPPED

    @property
    def service_words(self) -> list[str]:
        return [SERVICE_WORDS[s] for s in SERVICES if s in self.services]

    @property
    def is_published(self) -> bool:
        return self.status == CaseStatus.PUBLISHED


class CaseTerm(models.Model):
    """One posting of the term index: a case uses a term (or, prefixed '@', a place word).

    Matching asks this table which cases share the plan's terms, so it reads only the
    postings of those terms instead of scanning every case's text.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=60)
    # The case's term_norm for text terms, so the index alone gives a text score.
    weight = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "term"], name="cases_one_posting_per_term")
        ]
        # Covers matching step 3a: the postings of a term and their weights, without the table.
        indexes = [models.Index(fields=["term", "case", "weight"], name="cases_term_lookup")]

    def __str__(self):
        return f"{self.case_id}: {self.term}"


class PlanCaseDecision(models.TextChoices):
    PINNED = "pinned", "Pinned"
    DISMISSED = "dismissed", "Dismissed"


class PlanCase(models.Model):
    """A plan lead's decision about a case: pin it (with lessons to apply) or dismiss it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="case_links")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plan_links")
    decision = models.CharField(max_length=20, choices=PlanCaseDecision.choices)
    lessons_note = models.TextField("lessons to apply", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "case"], name="cases_one_decision_per_case")
        ]
        ordering = ["-decided_at"]

    def __str__(self):
        return f"{self.plan} – {self.case} ({self.decision})"
