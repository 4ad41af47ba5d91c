"""The joint risk register, the benefits register and the exit strategy of a plan.

The risk register follows the JESIP Joint Decision Model's "assess threat and risk" step:
each risk has a cause and an effect, an owning partner and a named owner, and is scored on
the 5×5 likelihood × impact matrix UK public bodies use, before and after mitigation.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from assessments.risks.bands import band_for
from planner.dates import validate_happened, validate_in_future, validate_not_future
from planner.models import Organisation, Plan, User

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class RiskCategory(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    OPERATIONAL = "operational", "Operational"
    FINANCIAL = "financial", "Financial"
    PEOPLE = "people", "People and culture"
    LEGAL = "legal", "Legal and regulatory"
    DATA = "data", "Information and technology"
    REPUTATION = "reputation", "Reputation and public confidence"
    PARTNERSHIP = "partnership", "Partnership and governance"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    MITIGATED = "mitigated", "Mitigated"
    CLOSED = "closed", "Closed"
    ACCEPTED = "accepted", "Accepted"


LIVE_STATUSES = [RiskStatus.OPEN, RiskStatus.MITIGATED, RiskStatus.ACCEPTED]


class Risk(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="risks")
    title = models.CharField(max_length=200)
    cause = models.TextField(help_text="What could make it happen.")
    effect = models.TextField(help_text="What would follow for the scheme or the public.")
    category = models.CharField(max_length=20, choices=RiskCategory.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="owning organisation",
    )
    # Optional so a risk can be raised before its owner is agreed; the gate insists on one
    # for high and very high risks.
    owner = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="named owner",
    )
    likelihood = models.PositiveSmallIntegerField(validators=SCALE)
    impact = models.PositiveSmallIntegerField(validators=SCALE)
    residual_likelihood = models.PositiveSmallIntegerField(
        "likelihood after mitigation", validators=SCALE, null=True, blank=True
    )
    residual_impact = models.PositiveSmallIntegerField(
        "impact after mitigation", validators=SCALE, null=True, blank=True
    )
    status = models.CharField(max_length=20, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    acceptance_reason = models.TextField("reason for accepting the risk", blank=True)
    # Mitigation normally lowers a risk; when the partners judge it higher afterwards (the
    # mitigation brings a risk of its own), they say why, and the register and report flag it.
    residual_above_reason = models.TextField(
        "reason the score after mitigation is higher", blank=True
    )
    review_date = models.DateField(null=True, blank=True)
    # The barrier prompt this risk was adopted from, if any.
    prompt_key = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["plan", "status"])]

    def __str__(self):
        return self.title

    @property
    def score(self) -> int:
        return (self.likelihood or 0) * (self.impact or 0)

    @property
    def band(self):
        return band_for(self.score)

    @property
    def has_residual(self) -> bool:
        return self.residual_likelihood is not None and self.residual_impact is not None

    @property
    def current_likelihood(self) -> int:
        """Likelihood after mitigation, or before it when no residual has been assessed."""
        return self.residual_likelihood if self.has_residual else self.likelihood

    @property
    def current_impact(self) -> int:
        return self.residual_impact if self.has_residual else self.impact

    @property
    def residual_score(self) -> int:
        return self.current_likelihood * self.current_impact

    @property
    def residual_band(self):
        return band_for(self.residual_score)

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def residual_above_inherent(self) -> bool:
        return self.has_residual and self.residual_score > self.score

    def _stored_review_date(self):
        """The review date as saved, to tell a date just set or changed from one kept."""
        if self._state.adding or self.pk is None:
            return None
        return Risk.objects.filter(pk=self.pk).values_list("review_date", flat=True).first()

    def clean(self):
        errors = {}
        if (self.residual_likelihood is None) != (self.residual_impact is None):
            field = "residual_impact" if self.residual_impact is None else "residual_likelihood"
            errors[field] = "Enter both the likelihood and the impact after mitigation, or neither."
        if self.residual_above_inherent:
            if not self.residual_above_reason.strip():
                errors["residual_above_reason"] = (
                    f"Enter why the score after mitigation ({self.residual_score}) is higher "
                    f"than the score before it ({self.score}), or lower the likelihood or "
                    "impact after mitigation"
                )
        else:
            # A reason for a higher residual means nothing once it is not higher.
            self.residual_above_reason = ""
        # Only a date just set or changed must be ahead: a kept date that has since passed is
        # an overdue review, which the reminders chase, not a reason to refuse other edits.
        if self.review_date and self.review_date != self._stored_review_date():
            try:
                validate_in_future(self.review_date, label="Review date")
            except ValidationError as exc:
                errors["review_date"] = exc.messages[0]
        if self.status == RiskStatus.ACCEPTED and not self.acceptance_reason.strip():
            errors["acceptance_reason"] = "Enter the reason the partners accept this risk."
        if (
            self.owner_id
            and self.organisation_id
            and self.owner.organisation_id != (self.organisation_id)
        ):
            errors["owner"] = (
                f"The named owner must work for {self.organisation.name}, the owning organisation."
            )
        if errors:
            raise ValidationError(errors)


class MitigationAction(models.Model):
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="mitigations")
    # Kept beside the risk so a new action refreshes the plan's gate summary.
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    description = models.TextField("action")
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.description[:80]


class RiskChange(models.Model):
    """One line of a risk's history: who changed which field, when, from what to what."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    field = models.CharField(max_length=80)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.field}: {self.old_value} → {self.new_value}"


class PromptDismissal(models.Model):
    """A barrier prompt the team decided not to adopt on this plan; it stays dismissed."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    prompt_key = models.CharField(max_length=40)
    dismissed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "prompt_key"], name="one_dismissal_per_prompt")
        ]

    def __str__(self):
        return f"{self.prompt_key} dismissed on {self.plan_id}"


class BenefitKind(models.TextChoices):
    CASHABLE = "cashable", "Cashable (£ a year)"
    NON_CASHABLE = "non_cashable", "Non-cashable (a measure)"


class BenefitStatus(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    REALISED = "realised", "Realised"
    NOT_REALISED = "not_realised", "Not realised"


# A benefit's story ends in one of these: the close gate asks every benefit for one.
FINAL_BENEFIT_STATUSES = (BenefitStatus.REALISED, BenefitStatus.NOT_REALISED)
# Statuses a board must hear the reason for: trouble ahead, or a benefit that never came.
STATUSES_NEEDING_REASON = (BenefitStatus.AT_RISK, BenefitStatus.NOT_REALISED)


class Benefit(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="benefits")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=BenefitKind.choices)
    measure = models.CharField(
        max_length=200, blank=True, help_text="For non-cashable benefits: what is measured."
    )
    unit = models.CharField(
        max_length=40, blank=True, help_text="For non-cashable benefits, e.g. minutes, hours."
    )
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # The partner answerable for realising the benefit (the gains in "who pays, who gains"
    # are its); it defaults to the owner's organisation but need not be it, as a named owner
    # can move on while the organisation stays answerable. Nullable only for rows from before
    # it existed (migration 0005 fills them); the gate leaving joint risk assessment asks
    # every benefit for one.
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="owner organisation",
    )
    status = models.CharField(
        max_length=20, choices=BenefitStatus.choices, default=BenefitStatus.ON_TRACK
    )
    status_reason = models.TextField("reason for the status", blank=True)
    baseline_value = models.DecimalField(max_digits=14, decimal_places=2)
    baseline_date = models.DateField()
    target_value = models.DecimalField(max_digits=14, decimal_places=2)
    target_date = models.DateField()
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "title", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The owner organisation defaults to the owner's own, however the row is made (the
        # form, the demo, an import), so "who gains" never loses a benefit for want of one.
        if self.owner_organisation_id is None and self.owner_id:
            self.owner_organisation_id = self.owner.organisation_id
        super().save(*args, **kwargs)

    @property
    def is_cashable(self) -> bool:
        return self.kind == BenefitKind.CASHABLE

    @property
    def unit_label(self) -> str:
        return "£ a year" if self.is_cashable else self.unit

    @property
    def has_final_status(self) -> bool:
        return self.status in FINAL_BENEFIT_STATUSES

    def clean(self):
        errors = {}
        if self.kind == BenefitKind.NON_CASHABLE:
            if not self.measure.strip():
                errors["measure"] = "Enter what is measured for a non-cashable benefit."
            if not self.unit.strip():
                errors["unit"] = "Enter the unit of the measure, for example minutes."
        if self.kind == BenefitKind.CASHABLE:
            for name in ("baseline_value", "target_value"):
                value = getattr(self, name)
                if value is not None and value < Decimal(0):
                    errors[name] = "A cashable benefit is money a year and cannot be negative."
        if self.baseline_date and self.target_date and self.target_date < self.baseline_date:
            errors["target_date"] = "The target date cannot be before the baseline date."
        if self.status in STATUSES_NEEDING_REASON and not self.status_reason.strip():
            errors["status_reason"] = (
                f"Enter why the benefit is {self.get_status_display().lower()}."
            )
        # A baseline is a measurement already taken; it may well predate the plan.
        try:
            validate_not_future(self.baseline_date, label="Baseline date")
        except ValidationError as exc:
            errors["baseline_date"] = exc.messages[0]
        if errors:
            raise ValidationError(errors)


class BenefitStatusChange(models.Model):
    """One line of a benefit's status history: who moved it, when, from what, to what, why."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="status_changes")
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    old_status = models.CharField(max_length=20, choices=BenefitStatus.choices)
    new_status = models.CharField(max_length=20, choices=BenefitStatus.choices)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.benefit}: {self.old_status} → {self.new_status}"


class BenefitActualQuerySet(models.QuerySet):
    def current(self):
        """The values no correction supersedes: what the chart, totals and report use."""
        return self.filter(superseded_by__isnull=True)


class BenefitActual(models.Model):
    """A measured value of a benefit on a date, recorded during delivery.

    A value is never edited: a wrong one is corrected by a new row that supersedes it, with a
    reason (as a sign-off decision is superseded), so the original stays on the record.
    """

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="actuals")
    recorded_on = models.DateField("date measured")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)
    # Where the figure comes from (a report, a system extract, a survey), so a board can
    # check it; required for each value recorded since benefits realisation (issue 17).
    evidence = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The value this one corrects; one-to-one, so a value is corrected at most once and the
    # latest of a chain is the one no row supersedes.
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    correction_reason = models.TextField("reason for the correction", blank=True)

    objects = BenefitActualQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_on", "pk"]

    def __str__(self):
        return f"{self.benefit}: {self.value} on {self.recorded_on}"

    def clean(self):
        errors = {}
        negative = self.value is not None and self.value < Decimal(0)
        if negative and self.benefit_id and self.benefit.is_cashable:
            errors["value"] = "A cashable benefit is money a year and cannot be negative."
        if self.benefit_id:
            # A value is measured on a real day in the plan's life, counted in UK time.
            try:
                validate_happened(self.recorded_on, plan=self.benefit.plan, label="Date measured")
            except ValidationError as exc:
                errors["recorded_on"] = exc.messages[0]
        if self.supersedes_id and not self.correction_reason.strip():
            errors["correction_reason"] = "Enter the reason for the correction"
        if errors:
            raise ValidationError(errors)


class ExitStrategy(models.Model):
    """How the partners would end the collaboration (ISO 44001's last lifecycle stage)."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="exit_strategy")
    triggers = models.TextField(
        "triggers for ending the collaboration",
        help_text="The events or conditions on which any partner may start to leave.",
    )
    assets = models.TextField(
        "shared assets", help_text="How buildings, vehicles and equipment are returned or divided."
    )
    staff = models.TextField(help_text="What happens to staff in joint teams or seconded posts.")
    data = models.TextField(
        help_text="How shared records and systems are separated, returned or destroyed."
    )
    notice_months = models.PositiveSmallIntegerField(
        "notice period in months", validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "exit strategies"

    def __str__(self):
        return f"Exit strategy for {self.plan.reference}"
