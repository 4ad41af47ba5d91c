"""The stage machine, governance sign-offs and the decision log."""

from django.core.exceptions import ValidationError
from django.db import models
from django_fsm import GET_STATE, transition

from planner.dates import validate_happened
from planner.gates import withdrawal_report
from planner.models import ACTIVE_STAGES, GATED_STAGES, Organisation, Plan, Stage, User

# Along the gated stages (planner.models.GATED_STAGES) advance moves a plan one stage on
# and send_back one stage back; leaving delivery for review is a transition of its own.
NEXT_STAGE = dict(zip(GATED_STAGES, GATED_STAGES[1:], strict=False))
PREVIOUS_STAGE = {later: earlier for earlier, later in NEXT_STAGE.items()}
# Any active stage may be put on hold (the plan resumes to it); a held plan may be withdrawn.
HOLDABLE = list(ACTIVE_STAGES)
WITHDRAWABLE = HOLDABLE + [Stage.ON_HOLD]


def _may_change_stage(plan, user) -> bool:
    # The rule itself is PlanAccess.may_change_stage; this only asks the context the
    # service bound to the plan, for the person it names.
    ctx = plan.context
    return (
        ctx is not None
        and ctx.access is not None
        and ctx.access.user.pk == getattr(user, "pk", None)
        and ctx.access.may_change_stage
    )


def _gate_is_open(plan) -> bool:
    # The gate the service evaluated once in its context; without one, closed.
    ctx = plan.context
    return ctx is not None and ctx.gate is not None and ctx.gate.is_open


def _withdrawal_is_allowed(plan) -> bool:
    # The withdrawal's own checks (planner.gates.WITHDRAWAL: the apps that want a withdrawn
    # plan to leave something behind, its lessons, register them), once per context.
    ctx = plan.context
    return ctx is not None and withdrawal_report(ctx).is_open


class PlanWorkflow(Plan):
    """The plan seen as a stage machine.

    The service binds the request's PlanContext to the plan it transitions (`context`):
    the conditions read its gate, evaluated once for the whole request, and the permission
    asks its access, so the rule that only the project lead changes the stage is written
    once (PlanAccess.may_change_stage). A plan with no context bound can run no transition.
    The caller saves inside `transaction.atomic()`, where the concurrent-transition mixin
    turns a lost race into `ConcurrentTransition`.
    """

    class Meta:
        proxy = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.context = None

    @transition(
        field="stage",
        source=list(NEXT_STAGE),
        target=GET_STATE(
            lambda plan, **kw: NEXT_STAGE[plan.stage], states=list(NEXT_STAGE.values())
        ),
        conditions=[_gate_is_open],
        permission=_may_change_stage,
    )
    def advance(self):
        """Move to the next stage once its gate is open."""

    @transition(
        field="stage",
        source=list(PREVIOUS_STAGE),
        target=GET_STATE(
            lambda plan, **kw: PREVIOUS_STAGE[plan.stage], states=list(PREVIOUS_STAGE.values())
        ),
        permission=_may_change_stage,
    )
    def send_back(self):
        """Return one stage, e.g. when a governing body asks for more work."""

    @transition(field="stage", source=HOLDABLE, target=Stage.ON_HOLD, permission=_may_change_stage)
    def hold(self):
        self.held_from_stage = self.stage

    @transition(
        field="stage",
        source=Stage.ON_HOLD,
        target=GET_STATE(lambda plan, **kw: plan.held_from_stage, states=HOLDABLE),
        permission=_may_change_stage,
    )
    def resume(self):
        """Return to the stage the plan was put on hold from."""

    @transition(
        field="stage",
        source=WITHDRAWABLE,
        target=Stage.WITHDRAWN,
        conditions=[_withdrawal_is_allowed],
        permission=_may_change_stage,
    )
    def withdraw(self):
        """Stop the plan for good."""

    @transition(
        field="stage",
        source=Stage.DELIVERY,
        target=Stage.REVIEW,
        conditions=[_gate_is_open],
        permission=_may_change_stage,
    )
    def complete(self):
        """Delivery is finished; the partners review what it achieved."""

    @transition(
        field="stage",
        source=Stage.REVIEW,
        target=Stage.CLOSED,
        conditions=[_gate_is_open],
        permission=_may_change_stage,
    )
    def close(self):
        """The review is done and its gate open; the plan is closed."""


class DecisionKind(models.TextChoices):
    TRANSITION = "transition", "Stage change"
    DECISION = "decision", "Decision"
    CORRECTION = "correction", "Correction"


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError("Decision log entries cannot be changed; record a correction.")

    def delete(self):
        raise ValidationError("Decision log entries cannot be deleted; record a correction.")


class Decision(models.Model):
    """One row of the joint decision log, in the manner of the JESIP Joint Decision Model.

    Rows are written once and never changed or deleted: a correction is a new row that
    points at the one it corrects.
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    summary = models.CharField(max_length=300)
    rationale = models.TextField()
    options_considered = models.TextField(blank=True)
    from_stage = models.CharField(max_length=30, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=30, choices=Stage.choices, blank=True)
    # Lets other apps find the decision that justifies something of theirs, e.g.
    # "risk-acceptance:42" or "assessment-floor:scoping:trust".
    topic = models.CharField(max_length=120, blank=True, db_index=True)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    actor_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["plan", "-created_at"])]

    def __str__(self):
        return f"{self.plan.reference}: {self.summary}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Decision log entries cannot be changed; record a correction.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Decision log entries cannot be deleted; record a correction.")


class SignOffDecision(models.TextChoices):
    APPROVED = "approved", "Approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", "Approved with conditions"
    REJECTED = "rejected", "Rejected"
    DEFERRED = "deferred", "Deferred"


APPROVING_DECISIONS = {SignOffDecision.APPROVED, SignOffDecision.APPROVED_WITH_CONDITIONS}


class SignOffQuerySet(models.QuerySet):
    def current(self):
        """The decisions no later decision supersedes: per organisation and gate, the one
        that counts."""
        return self.filter(superseded_by__isnull=True)


class SignOff(models.Model):
    """A governing body's decision on the plan at a gate.

    Recorded by the organisation's own governance approver, or by the project lead on its
    behalf from the decision's minute or decision-notice reference (`on_behalf`). A decision
    is never edited: a later one supersedes it explicitly, with a reason, and both are kept.
    The constraints keep each organisation's decisions at a gate in one chain (one first
    decision, each superseded at most once), so exactly one of them is current.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sign_offs")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # The gate the decision counts for; governing bodies decide at the governance gate.
    gate = models.CharField(
        max_length=30, choices=Stage.choices, default=Stage.GOVERNANCE, editable=False
    )
    body = models.CharField("governing body", max_length=200)
    decision = models.CharField(max_length=30, choices=SignOffDecision.choices)
    decided_on = models.DateField("date of decision")
    reference = models.CharField("minute or decision-notice reference", max_length=120)
    conditions = models.TextField(blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        help_text="The earlier decision of the same body that this one replaces.",
    )
    supersession_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    on_behalf = models.BooleanField(
        default=False,
        help_text="Recorded by the project lead on the organisation's behalf, not by its "
        "governance approver.",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = SignOffQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-recorded_at"]
        indexes = [models.Index(fields=["plan", "organisation", "-recorded_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "organisation", "gate"],
                condition=models.Q(supersedes__isnull=True),
                name="one_first_sign_off_per_org_and_gate",
            )
        ]

    def __str__(self):
        return f"{self.organisation}: {self.get_decision_display()} ({self.decided_on})"

    @property
    def is_approval(self) -> bool:
        return self.decision in APPROVING_DECISIONS

    @property
    def recorder_label(self) -> str:
        """Who recorded it, as every page and the report show it."""
        if self.on_behalf:
            return f"recorded by {self.recorded_by.full_name} on behalf of {self.organisation.name}"
        return f"recorded by {self.recorded_by.full_name}"

    def clean(self):
        errors = {}
        if (
            self.decision == SignOffDecision.APPROVED_WITH_CONDITIONS
            and not self.conditions.strip()
        ):
            errors["conditions"] = "Enter the conditions attached to the approval."
        if self.supersedes_id and not self.supersession_reason.strip():
            errors["supersession_reason"] = (
                "Enter the reason this decision supersedes the earlier one."
            )
        # The decision is evidence the gate rests on: it was taken on a real day of the plan's
        # life, and a later decision cannot predate the one it replaces.
        try:
            validate_happened(
                self.decided_on, plan=self.plan if self.plan_id else None, label="Date of decision"
            )
        except ValidationError as exc:
            errors["decided_on"] = exc.messages[0]
        else:
            earlier = self.supersedes if self.supersedes_id else None
            if earlier is not None and self.decided_on and self.decided_on < earlier.decided_on:
                errors["decided_on"] = (
                    "Date of decision must be the same as or after "
                    f"{earlier.decided_on:%-d %B %Y}, the date of the decision it supersedes"
                )
        if errors:
            raise ValidationError(errors)


class ConditionStatus(models.TextChoices):
    OPEN = "open", "Open"
    MET = "met", "Met"
    WAIVED = "waived", "Waived by the governing body"
    CARRIED = "carried", "Carried into delivery"


# What each closing status must be given, as the form labels and the report name it.
CONDITION_NOTE_LABELS = {
    ConditionStatus.MET: "Evidence",
    ConditionStatus.WAIVED: "Minute or decision-notice reference",
    ConditionStatus.CARRIED: "Reason",
}


class SignOffCondition(models.Model):
    """One condition of a conditional approval, tracked until it is discharged.

    Made from the approval's conditions text, one per line, when the decision is recorded;
    it counts as tracked once it has an owner organisation and a due date. It leaves "open"
    once, and for good: met (with the evidence), waived by the body that set it (with the
    minute or decision-notice reference) or carried into delivery by the project lead (with
    the reason). Who may do which is `workflows.conditions.condition_may`.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="conditions")
    sign_off = models.ForeignKey(SignOff, on_delete=models.CASCADE, related_name="items")
    # The condition's place in the approval's list, from 1, as the body numbered them.
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField("due date", null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ConditionStatus.choices, default=ConditionStatus.OPEN
    )
    # The evidence (met), the body's reference (waived) or the reason (carried).
    note = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sign_off_id", "number"]
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["sign_off", "number"], name="one_condition_per_number_of_a_sign_off"
            ),
            models.CheckConstraint(
                condition=models.Q(status="open") | ~models.Q(note=""),
                name="closed_condition_has_its_note",
            ),
        ]

    def __str__(self):
        return f"Condition {self.number} of {self.sign_off.organisation}: {self.text[:60]}"

    @property
    def label(self) -> str:
        """How pages and messages name it: "condition 2 of Fire's approval"."""
        return f"Condition {self.number} of {self.sign_off.organisation.name}'s approval"

    @property
    def is_open(self) -> bool:
        return self.status == ConditionStatus.OPEN

    @property
    def is_tracked(self) -> bool:
        return self.owner_id is not None and self.due_on is not None

    @property
    def note_label(self) -> str:
        return CONDITION_NOTE_LABELS.get(self.status, "")
