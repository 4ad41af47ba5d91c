"""Organisations, people and plans for joint schemes.

The plan's stage field lives here because the stage is part of the plan's row; the stage
machine that moves it (transitions, gates, permissions) lives in `workflows`.
"""

from datetime import date

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField

from planner.dates import validate_happened


class OrganisationKind(models.TextChoices):
    POLICE = "police", "Police force"
    FIRE = "fire", "Fire and rescue service"
    AMBULANCE = "ambulance", "Ambulance trust"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    HEALTH = "health", "Health body"
    OTHER = "other", "Other"


# Service words used in plain sentences ("shares police and fire").
SERVICE_WORDS = {
    OrganisationKind.POLICE: "police",
    OrganisationKind.FIRE: "fire",
    OrganisationKind.AMBULANCE: "ambulance",
    OrganisationKind.LOCAL_AUTHORITY: "local authority",
    OrganisationKind.HEALTH: "health",
    OrganisationKind.OTHER: "other",
}


class Nation(models.TextChoices):
    """Where an organisation is: Welsh public bodies have duties English ones do not (the
    Welsh Language Standards), so a board paper with a Welsh partner says what it means for
    the language."""

    ENGLAND = "england", "England"
    WALES = "wales", "Wales"


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    area = models.CharField(max_length=200, help_text="The area the organisation serves.")
    nation = models.CharField(max_length=10, choices=Nation.choices, default=Nation.ENGLAND)
    # The body's name as sign-offs record it; the body a board paper is addressed to is a
    # GoverningBody (which may govern several organisations).
    governing_body = models.CharField(
        max_length=200,
        help_text="Who approves schemes, e.g. Police and Crime Commissioner, fire and rescue "
        "authority, trust board, council cabinet.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class GoverningBodyKind(models.TextChoices):
    PCC = "pcc", "Police and crime commissioner (decision notice)"
    FIRE_AUTHORITY = "fire_authority", "Fire and rescue authority"
    TRUST_BOARD = "trust_board", "NHS trust board"
    COUNCIL_CABINET = "council_cabinet", "Council cabinet"
    JOINT_BOARD = "joint_board", "Joint board"


# The body that usually governs an organisation of each kind (for the first body made for
# an organisation, and for the data migration that made one per existing organisation).
BODY_KIND_FOR_ORGANISATION = {
    OrganisationKind.POLICE: GoverningBodyKind.PCC,
    OrganisationKind.FIRE: GoverningBodyKind.FIRE_AUTHORITY,
    OrganisationKind.AMBULANCE: GoverningBodyKind.TRUST_BOARD,
    OrganisationKind.HEALTH: GoverningBodyKind.TRUST_BOARD,
    OrganisationKind.LOCAL_AUTHORITY: GoverningBodyKind.COUNCIL_CABINET,
    OrganisationKind.OTHER: GoverningBodyKind.JOINT_BOARD,
}


class GoverningBody(models.Model):
    """A body that decides on schemes for one or more organisations: a PCC, a fire and rescue
    authority, a trust board, a council cabinet, or a joint board of several partners (one
    body, so one paper, however many organisations it governs)."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=GoverningBodyKind.choices)
    organisations = models.ManyToManyField(Organisation, related_name="governing_bodies")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "governing bodies"

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person. People sign in with their work e-mail address."""

    username = None
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
        help_text="Administrators of the service need not belong to an organisation.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    objects = UserManager()

    class Meta:
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class CollaborationType(models.TextChoices):
    """The ten case-study types of the ESCWG 2014 overview, plus other."""

    COMBINED_SUPPORT = "combined_support_services", "Combined support services"
    SENIOR_OFFICERS = "sharing_senior_officers", "Sharing senior officers"
    PREMISES = "sharing_premises", "Sharing premises"
    JOINT_TEAMS = "joint_operational_teams", "Joint operational teams"
    CO_LOCATED_MANAGEMENT = "co_located_management_teams", "Co-locating management teams"
    LIFESAVING = "improving_lifesaving_response", "Improving lifesaving response"
    DATA_SHARING = "data_sharing", "Data sharing"
    TRAINING = "training_together", "Training together"
    GOVERNANCE = "aligning_governance", "Aligning governance models"
    CONTACT = "common_contact_management", "Common contact management"
    OTHER = "other", "Other"


class Stage(models.TextChoices):
    SCOPING = "scoping", "Scoping"
    GOVERNANCE = "governance_alignment", "Governance alignment"
    RISK = "joint_risk_assessment", "Joint risk assessment"
    DELIVERY = "delivery", "Delivery"
    REVIEW = "review", "Review"
    CLOSED = "closed", "Closed"
    ON_HOLD = "on_hold", "On hold"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The main line a plan moves along; hold and withdrawal are side branches. The stages are
# listed here once: every other list of stages, in any app, is derived from this one.
STAGE_ORDER = [
    Stage.SCOPING,
    Stage.GOVERNANCE,
    Stage.RISK,
    Stage.DELIVERY,
    Stage.REVIEW,
    Stage.CLOSED,
]
# Stages of a plan still being worked on: the main line before closure.
ACTIVE_STAGES = STAGE_ORDER[: STAGE_ORDER.index(Stage.CLOSED)]
# Stages left through `advance` (or, for delivery, `complete`) once a gate whose evidence the
# tool checks is open; review is left through the close gate (planner.gates.stage_is_gated).
GATED_STAGES = ACTIVE_STAGES[: ACTIVE_STAGES.index(Stage.REVIEW)]
# Stages with a target date on the plan (`<stage>_target`): when each gate should be passed.
TARGETED_STAGES = list(GATED_STAGES)
TERMINAL_STAGES = [Stage.CLOSED, Stage.WITHDRAWN]


# A reference goes into e-mail subjects, file names and spreadsheets, so it is a short code:
# letters and numbers in groups joined by single hyphens, checked here rather than in each
# place that uses it. Lower case is accepted and stored upper case (see Plan.clean).
REFERENCE_MAX_LENGTH = 20
REFERENCE_MESSAGE = "Enter a reference using only letters, numbers and hyphens, like WLD-EST-01"
validate_reference = RegexValidator(
    r"\A[A-Za-z0-9]+(-[A-Za-z0-9]+)*\Z", message=REFERENCE_MESSAGE, code="invalid"
)


class Plan(ConcurrentTransitionMixin, models.Model):
    """A plan for a new joint scheme between organisations.

    `stage` is protected: only the transitions in `workflows.stage_machine` change it, and the
    concurrent-transition mixin refuses a save whose stage changed underneath it.
    """

    title = models.CharField(max_length=200)
    reference = models.CharField(
        max_length=REFERENCE_MAX_LENGTH,
        unique=True,
        validators=[validate_reference],
        help_text="A short reference of letters, numbers and hyphens, for example WLD-EST-01.",
        error_messages={
            "unique": "A plan with that reference already exists.",
            "blank": "Enter a reference",
            "max_length": f"Reference must be {REFERENCE_MAX_LENGTH} characters or fewer",
        },
    )
    summary = models.TextField()
    collaboration_type = models.CharField(max_length=40, choices=CollaborationType.choices)
    area = models.CharField(max_length=200)
    objectives = models.TextField()
    public_outcome = models.TextField("public outcome sought")
    expected_benefits = models.TextField(blank=True)

    stage = FSMField(default=Stage.SCOPING, choices=Stage.choices, protected=True, db_index=True)
    # The stage a plan on hold returns to when it resumes.
    held_from_stage = models.CharField(max_length=30, choices=Stage.choices, blank=True)
    stage_changed_at = models.DateTimeField(auto_now_add=True)
    # Kept up to date by the decision log so the stalled-plan scan is one indexed query.
    last_decision_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # What the next gate still needs, kept fresh by `workflows` whenever the plan's evidence
    # changes, so the dashboard shows blockers for many plans in one query.
    gate_summary = models.JSONField(default=dict, blank=True, editable=False)

    scoping_target = models.DateField("scoping target date", null=True, blank=True)
    governance_alignment_target = models.DateField(
        "governance alignment target date", null=True, blank=True
    )
    joint_risk_assessment_target = models.DateField(
        "joint risk assessment target date", null=True, blank=True
    )
    delivery_target = models.DateField("delivery target date", null=True, blank=True)
    # The first target set for each stage, {stage: "YYYY-MM-DD"}: a moved target keeps it, so
    # the plan shows how far the date has slipped. Written only by planner.services.
    target_baselines = models.JSONField(default=dict, blank=True, editable=False)

    agreement_form = models.CharField(
        "form of agreement",
        max_length=20,
        blank=True,
        choices=[
            (
                "s1_agreement",
                "Collaboration agreement under s.1 of the Policing and Crime Act 2017",
            ),
            ("mou", "Memorandum of understanding"),
            ("other", "Other"),
        ],
    )
    agreement_notes = models.TextField(blank=True)

    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    organisations = models.ManyToManyField(
        Organisation, through="PlanPartner", related_name="plans"
    )

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self):
        return reverse("plan_detail", args=[self.pk])

    def target_for(self, stage):
        return getattr(self, f"{stage}_target", None)

    @property
    def next_target(self):
        return self.target_for(self.stage)

    @property
    def next_target_overdue(self) -> bool:
        """The current stage's target has passed (UK time) and its gate is still ahead."""
        target = self.next_target
        return target is not None and target < timezone.localdate()

    def baseline_for(self, stage):
        value = (self.target_baselines or {}).get(stage)
        return date.fromisoformat(value) if value else None

    def target_rows(self) -> list[dict]:
        """Each targeted stage's date with its baseline, slip and whether it is overdue, as
        the plan page shows them. Reads nothing beyond the plan's own row."""
        current = self.held_from_stage if self.stage == Stage.ON_HOLD else self.stage
        reached = STAGE_ORDER.index(current) if current in STAGE_ORDER else len(STAGE_ORDER)
        active = self.stage not in (Stage.CLOSED, Stage.WITHDRAWN)
        today = timezone.localdate()
        rows = []
        for stage in TARGETED_STAGES:
            target, baseline = self.target_for(stage), self.baseline_for(stage)
            rows.append(
                {
                    "stage": stage,
                    "label": Stage(stage).label,
                    "target": target,
                    "baseline": baseline if baseline and baseline != target else None,
                    "slip": target_slip(baseline, target) if baseline and target else "",
                    # A gate already passed is not overdue, however late it was passed.
                    "overdue": bool(
                        active and target and target < today and STAGE_ORDER.index(stage) >= reached
                    ),
                }
            )
        return rows

    def clean(self):
        if self.reference:
            self.reference = self.reference.strip().upper()
        dates = [(s, self.target_for(s)) for s in TARGETED_STAGES]
        known = [(s, d) for s, d in dates if d]
        # Every date out of order is named at once, each against its own field.
        errors = {
            f"{s2}_target": f"The {Stage(s2).label.lower()} target date cannot be "
            f"before the {Stage(s1).label.lower()} target date."
            for (s1, d1), (s2, d2) in zip(known, known[1:], strict=False)
            if d2 < d1
        }
        if errors:
            raise ValidationError(errors)


def target_slip(baseline, target) -> str:
    """How far a target has moved from its baseline, in words: "6 weeks later",
    "3 days earlier", "" when it has not moved."""
    days = (target - baseline).days
    if days == 0:
        return ""
    n = abs(days)
    if n % 7 == 0:
        amount = f"{n // 7} week{'s' if n != 7 else ''}"
    else:
        amount = f"{n} day{'s' if n != 1 else ''}"
    return f"{amount} {'later' if days > 0 else 'earlier'}"


class PlanChange(models.Model):
    """One change to one of a plan's details, written by planner.services.plan_update in the
    same transaction as the change. Never edited: the history a board can rely on."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=60)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    # Why, where the change needed one (a moved target date); blank otherwise.
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["plan", "changed_at"])]

    def __str__(self):
        return f"{self.plan_id}: {self.field} changed {self.changed_at:%Y-%m-%d}"

    @property
    def field_label(self) -> str:
        try:
            return str(Plan._meta.get_field(self.field).verbose_name).capitalize()
        except FieldDoesNotExist:  # a field since removed from the plan
            return self.field


class PartnerRole(models.TextChoices):
    LEAD = "lead", "Lead organisation"
    PARTNER = "partner", "Partner"
    OBSERVER = "observer", "Observer"


class PlanPartner(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnerships"
    )
    role = models.CharField(max_length=20, choices=PartnerRole.choices, default=PartnerRole.PARTNER)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "organisation"], name="one_partnership_per_org")
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()}) on {self.plan.reference}"

    @property
    def is_observer(self):
        return self.role == PartnerRole.OBSERVER


class PartnerRemoval(models.Model):
    """An organisation taken off a plan: when, by whom and why.

    The partnership row goes (so nothing that reads the partners counts it any more), but the
    organisation's s.2 record and sign-offs stay in the plan's history; this row is what lets
    them be shown as "removed on ..." rather than silently orphaned.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="partner_removals")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    removed_at = models.DateTimeField()
    removed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()

    class Meta:
        ordering = ["removed_at", "pk"]

    def __str__(self):
        return f"{self.organisation} removed from {self.plan.reference}"


class MemberRole(models.TextChoices):
    PROJECT_LEAD = "project_lead", "Project lead"
    PARTNER_REP = "partner_rep", "Partner representative"
    APPROVER = "approver", "Governance approver"
    READ_ONLY = "read_only", "Read-only"


class PlanMember(models.Model):
    """A named person with a role on a plan, on behalf of one partner organisation."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="plan_roles")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=MemberRole.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="one_role_per_person_per_plan")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) on {self.plan.reference}"


class S2Response(models.TextChoices):
    AWAITING = "awaiting", "Awaiting response"
    AGREED = "agreed", "Agreed to consider jointly"
    DECLINED = "declined", "Declined"


class S2Notice(models.Model):
    """Policing and Crime Act 2017 s.2: a service notified of the proposal, and its answer.

    s.2 obliges a service that thinks a collaboration could help to notify the others, who
    must consider it together; keeping this record is the documentary evidence of that.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="s2_notices")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    notified_on = models.DateField("date notified")
    response = models.CharField(
        max_length=20, choices=S2Response.choices, default=S2Response.AWAITING
    )
    responded_on = models.DateField("date of response", null=True, blank=True)
    reason = models.TextField("reason given", blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "organisation"], name="one_s2_notice_per_org")
        ]

    def __str__(self):
        return f"{self.organisation}: {self.get_response_display()}"

    def clean(self):
        errors = {}
        plan = self.plan if self.plan_id else None
        # Both dates are evidence of what happened: on a real day between the plan's creation
        # and today in the UK.
        for name, label in (("notified_on", "Date notified"), ("responded_on", "Date of response")):
            try:
                validate_happened(getattr(self, name), plan=plan, label=label)
            except ValidationError as exc:
                errors[name] = exc.messages[0]
        if self.response != S2Response.AWAITING and not self.responded_on:
            errors["responded_on"] = "Enter the date of the response."
        if (
            self.responded_on
            and self.notified_on
            and "notified_on" not in errors
            and self.responded_on < self.notified_on
        ):
            errors.setdefault(
                "responded_on", "The response cannot be dated before the notification."
            )
        if self.response == S2Response.DECLINED and not self.reason.strip():
            errors["reason"] = "Enter the reason the service gave for declining."
        if errors:
            raise ValidationError(errors)


class Invitation(models.Model):
    """An invitation by e-mail to take a role on a plan for a partner organisation.

    Only a hash of the token is stored; the link expires and works once.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("e-mail address")
    full_name = models.CharField(max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=MemberRole.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Set when the e-mail with the link could not be sent: the invitee never got the link,
    # so inviting them again replaces this invitation instead of being refused as pending.
    email_failed_at = models.DateTimeField(null=True, blank=True)
    email_failure = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} as {self.get_role_display()} on {self.plan.reference}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None
