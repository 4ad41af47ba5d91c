"""In-app notifications, their e-mail deliveries and each person's preferences.

A Notification is unique per `dedupe_key` (rule, plan, subject, recipient and due window for
reminders; the event and recipient for events), so however many scans, workers or retries
run, a reminder exists once. Its Delivery carries the e-mail's state; sending claims the row
with a conditional UPDATE, so the e-mail goes once.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from planner.models import Plan


class Kind(models.TextChoices):
    STAGE_CHANGED = "stage_changed", "A plan changed stage"
    SIGN_OFF_RECORDED = "sign_off_recorded", "A governance decision was recorded"
    ASSESSMENT_SUBMITTED = "assessment_submitted", "A partner submitted an assessment"
    REPORT_READY = "report_ready", "A governance report is ready"
    ASSESSMENT_DUE = "assessment_due", "An assessment is due soon"
    STAGE_OVERDUE = "stage_overdue", "A stage is past its target date"
    OVERDUE_ESCALATION = "overdue_escalation", "A stage is well past its target date (to leads)"
    SIGN_OFF_PENDING = "sign_off_pending", "Your organisation's governance sign-off is awaited"
    RISK_REVIEW_DUE = "risk_review_due", "A risk you own is due for review"
    PLAN_STALLED = "plan_stalled", "No decision has been logged on a plan for a while"
    CONDITION_DUE = "condition_due", "A condition of an approval your organisation owns is due"
    CONFIDENCE_DUE = "confidence_due", "A plan in delivery has no confidence rating this month"


# Kinds a person cannot switch off, and why (shown on the preferences page).
MANDATORY_KINDS = {
    Kind.SIGN_OFF_PENDING: "A plan cannot move on until every partner's governing body has "
    "decided, so approvers and partner representatives always hear when theirs is awaited.",
    Kind.OVERDUE_ESCALATION: "Project leads are accountable for their plan's timetable, so "
    "escalations of overdue stages always reach them.",
}

# What the inbox lists under "Actions for you": kinds that ask the person to do something
# (record a decision, submit an assessment, meet a condition, review a risk, rate delivery
# confidence, agree a way forward on a late or stalled plan). They are reminders found by the
# scan, so the kind alone tells: every other kind is news of what someone else did ("X
# recorded approved", a stage moved, a report is ready) and goes under "Updates". A new kind
# is an update until it is added here, so nothing lands among the actions by accident.
ACTION_KINDS = frozenset(
    {
        Kind.SIGN_OFF_PENDING,
        Kind.ASSESSMENT_DUE,
        Kind.STAGE_OVERDUE,
        Kind.OVERDUE_ESCALATION,
        Kind.RISK_REVIEW_DUE,
        Kind.PLAN_STALLED,
        Kind.CONDITION_DUE,
        Kind.CONFIDENCE_DUE,
    }
)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    # A path on this site (the page that needs action); e-mails prefix settings.SITE_URL.
    url = models.CharField(max_length=500)
    # When the action asked for is due (an assessment's stage target, a condition's due date,
    # a risk's review date...), for the inbox's "Actions for you"; None for news, and for
    # reminders with no date of their own (a stalled plan).
    due_on = models.DateField(null=True, blank=True)
    dedupe_key = models.CharField(max_length=250, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_recent"),
        ]

    def __str__(self):
        return f"{self.title} (to {self.recipient})"

    @property
    def is_action(self) -> bool:
        return self.kind in ACTION_KINDS

    @property
    def is_overdue(self) -> bool:
        """Its action's due date (UK time) has passed."""
        return self.due_on is not None and self.due_on < timezone.localdate()

    @property
    def absolute_url(self) -> str:
        return settings.SITE_URL.rstrip("/") + self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed after every retry"
    SKIPPED = "skipped", "Not sent: the person opted out"


class Delivery(models.Model):
    """The e-mail for one notification.

    `send_after` holds quiet hours and digests back; `claimed_at` marks a sender at work (a
    claim older than the stale limit belongs to a dead worker and may be taken over);
    `queued_at` stops each scan enqueuing the same row again while it waits in the queue.
    """

    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="delivery"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    digest = models.BooleanField(default=False)
    send_after = models.DateTimeField()
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["status", "send_after"], name="delivery_due"),
        ]

    def __str__(self):
        return f"{self.get_status_display()}: {self.notification_id}"


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "Straight away"
    DIGEST = "digest", "In one daily summary, at the start of the working day"


class Preference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    quiet_hours = models.BooleanField(
        "hold e-mails outside working hours",
        default=True,
        help_text="Working hours are 08:00 to 18:00 UK time on working days; weekends and "
        "bank holidays in England and Wales are held back to the next working morning.",
    )
    # Optional kinds the person does not want by e-mail; in-app notifications always appear.
    muted_kinds = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Notification preferences of {self.user}"

    def wants_email(self, kind: str) -> bool:
        return kind in MANDATORY_KINDS or kind not in self.muted_kinds
