"""Costs and funding of a scheme, by partner organisation and financial year.

Each partner states the costs it bears (capital or revenue, one-off or recurring) and the
funding it contributes; grants and reserves are funding lines too. Amounts are integer pence
by financial year (the April-starting year), one row per line and year, so a year's total is
a sum and never a parse of text. An organisation with nothing to pay says so once, with a
reason, so the gate can tell "no costs" from "not yet stated".
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from assessments.finance.calculations import (
    DEFAULT_YEARS,
    MAX_PENCE,
    MAX_YEARS,
    period_label,
    period_years,
    year_label,
)
from planner.models import Organisation, Plan, User

PENCE = [MinValueValidator(0), MaxValueValidator(MAX_PENCE)]


class PlanFinance(models.Model):
    """The financial period the plan's money is stated over, set by the project lead."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="finance")
    first_year = models.PositiveSmallIntegerField(
        "first financial year",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The calendar year its April falls in: 2026 is 2026/27.",
    )
    years = models.PositiveSmallIntegerField(
        "number of years",
        default=DEFAULT_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_YEARS)],
    )
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "plan's financial period"

    def __str__(self):
        return f"{self.plan_id}: {self.label}"

    @property
    def year_list(self) -> list[int]:
        return period_years(self.first_year, self.years)

    @property
    def last_year(self) -> int:
        return self.first_year + self.years - 1

    @property
    def label(self) -> str:
        return period_label(self.first_year, self.years)

    def year_labels(self) -> list[tuple[int, str]]:
        return [(y, year_label(y)) for y in self.year_list]


class CostKind(models.TextChoices):
    CAPITAL = "capital", "Capital"
    REVENUE = "revenue", "Revenue"


class Recurrence(models.TextChoices):
    ONE_OFF = "one_off", "One-off"
    RECURRING = "recurring", "Recurring"


class FundingSource(models.TextChoices):
    PARTNER = "partner", "Partner contribution"
    GRANT = "grant", "Grant"
    RESERVES = "reserves", "Reserves"
    OTHER = "other", "Other"


# Funding a partner puts in from its own budget; a grant or other source is external.
CONTRIBUTION_SOURCES = (FundingSource.PARTNER, FundingSource.RESERVES)


class CostLine(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="cost_lines")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="borne by"
    )
    description = models.CharField(max_length=300)
    kind = models.CharField("capital or revenue", max_length=10, choices=CostKind.choices)
    recurrence = models.CharField("one-off or recurring", max_length=10, choices=Recurrence.choices)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "kind", "description", "pk"]
        indexes = [models.Index(fields=["plan", "organisation"])]

    def __str__(self):
        return self.description


class CostAmount(models.Model):
    line = models.ForeignKey(CostLine, on_delete=models.CASCADE, related_name="amounts")
    year = models.PositiveSmallIntegerField("financial year")
    pence = models.BigIntegerField(validators=PENCE)

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="one_cost_amount_a_year"),
            models.CheckConstraint(condition=models.Q(pence__gte=0), name="cost_not_negative"),
        ]

    def __str__(self):
        return f"{year_label(self.year)}: {self.pence}p"


class FundingLine(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="funding_lines")
    source = models.CharField(max_length=10, choices=FundingSource.choices)
    # The partner whose line it is: the contributor of its own money or reserves, or the
    # partner that holds a grant or other funding for the scheme (and answers for it).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="partner"
    )
    grant_body = models.CharField(
        "grant body",
        max_length=200,
        blank=True,
        help_text="For a grant, who awards it, for example the Home Office.",
    )
    description = models.CharField(max_length=300)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "source", "description", "pk"]
        indexes = [models.Index(fields=["plan", "organisation"])]

    def __str__(self):
        return self.description

    @property
    def is_contribution(self) -> bool:
        return self.source in CONTRIBUTION_SOURCES

    def clean(self):
        if self.source != FundingSource.GRANT:
            self.grant_body = ""


class FundingAmount(models.Model):
    line = models.ForeignKey(FundingLine, on_delete=models.CASCADE, related_name="amounts")
    year = models.PositiveSmallIntegerField("financial year")
    pence = models.BigIntegerField(validators=PENCE)

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="one_funding_amount_a_year"),
            models.CheckConstraint(condition=models.Q(pence__gte=0), name="funding_not_negative"),
        ]

    def __str__(self):
        return f"{year_label(self.year)}: {self.pence}p"


class CostStatement(models.Model):
    """An organisation's statement that it bears no costs of the scheme, and why.

    It stands only while the organisation has no cost lines: adding one withdraws it (in
    the same transaction, with a line in the history), and it cannot be made while lines
    exist. So "no costs" and a cost line never both stand for one organisation.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    stated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    stated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "organisation"], name="one_cost_statement_per_organisation"
            )
        ]

    def __str__(self):
        return f"No costs: {self.organisation_id} on {self.plan_id}"

    def clean(self):
        self.reason = (self.reason or "").strip()
        if not self.reason:
            raise ValidationError({"reason": "Enter why the organisation bears no costs"})


class FinanceChange(models.Model):
    """One line of the plan's finance history: who changed which line, when, and how."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return self.summary
