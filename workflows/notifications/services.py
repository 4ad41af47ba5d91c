"""Writes for notifications: record them once, then send each e-mail once.

The public entry points are `notification_send_event` (for other apps: an assessment was
submitted, a report is ready), `reminders_scan` (run by beat), `delivery_send` and
`digest_send` (run by workers), plus the inbox and preference writes.
"""

import logging
import smtplib
import socket
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from planner.errors import DomainError
from planner.mail import email_send
from planner.models import Plan, User
from workflows.notifications.calendar import next_digest_time, next_working_moment
from workflows.notifications.models import (
    MANDATORY_KINDS,
    Delivery,
    DeliveryStatus,
    Frequency,
    Kind,
    Notification,
    Preference,
)
from workflows.notifications.rules import Due, reminder_rules

logger = logging.getLogger(__name__)

# Errors worth retrying: the mail server or the network, not a bug in our code.
TRANSIENT_ERRORS = (smtplib.SMTPException, ConnectionError, socket.timeout, OSError)
KEY_CHUNK = 2000


class SendFailed(Exception):
    """A send failed for a transient reason; `countdown` is when to try again, or None."""

    def __init__(self, message: str, countdown: int | None):
        super().__init__(message)
        self.countdown = countdown


def claim_timeout() -> timedelta:
    # Longer than the task's hard time limit, so a live sender's claim is never taken over.
    return timedelta(seconds=settings.NOTIFICATIONS_CLAIM_TIMEOUT_SECONDS)


def max_attempts() -> int:
    return settings.NOTIFICATIONS_MAX_ATTEMPTS


def backoff_seconds(attempt: int) -> int:
    """Exponential backoff: base, 2 x base, 4 x base ... capped."""
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS
    return min(base * 2 ** max(attempt - 1, 0), settings.NOTIFICATIONS_RETRY_MAX_SECONDS)


def _default_preference(user_id: int) -> Preference:
    return Preference(user_id=user_id)


def _delivery_for(note: dict, pref: Preference, now: datetime) -> Delivery:
    delivery = Delivery(
        notification_id=note["id"], recipient_id=note["recipient_id"], send_after=now
    )
    if not note["recipient__is_active"] or not pref.wants_email(note["kind"]):
        delivery.status = DeliveryStatus.SKIPPED
    elif pref.frequency == Frequency.DIGEST:
        delivery.digest = True
        delivery.send_after = next_digest_time(now)
    elif pref.quiet_hours:
        delivery.send_after = next_working_moment(now)
    return delivery


def notifications_create(items: Iterable[Due], *, now: datetime) -> list[int]:
    """Record notifications and their deliveries once; return the ids of the new ones.

    Steps:
    1. Insert every notification with ON CONFLICT DO NOTHING on its unique key, so an item
       that two scans (or a scan and a retry) both found is stored once.
    2. Read back those of the keys that have no delivery yet: the new ones.
    3. Give each a delivery following the recipient's preferences (opted out: skipped;
       digest: the next working morning; quiet hours: the next working moment), again with
       ON CONFLICT DO NOTHING on the one-to-one link.
    """
    items = list({i.key: i for i in items}.values())
    if not items:
        return []
    new = []
    with transaction.atomic():
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=i.recipient_id,
                    kind=i.kind,
                    plan_id=i.plan_id,
                    title=i.title[:200],
                    body=i.body,
                    url=i.url,
                    due_on=i.due_on,
                    dedupe_key=i.key,
                )
                for i in items
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
        keys = [i.key for i in items]
        for start in range(0, len(keys), KEY_CHUNK):
            new += Notification.objects.filter(
                dedupe_key__in=keys[start : start + KEY_CHUNK], delivery__isnull=True
            ).values("id", "recipient_id", "kind", "recipient__is_active")
        prefs = {
            p.user_id: p
            for p in Preference.objects.filter(user_id__in={n["recipient_id"] for n in new})
        }
        Delivery.objects.bulk_create(
            [
                _delivery_for(
                    n, prefs.get(n["recipient_id"]) or _default_preference(n["recipient_id"]), now
                )
                for n in new
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
    return [n["id"] for n in new]


def notification_send_event(
    *,
    kind: str,
    plan: Plan | None,
    recipients: Iterable[User],
    title: str,
    body: str,
    url: str,
    dedupe_key: str,
) -> int:
    """Tell people something happened: an in-app notification each, and e-mail as they prefer.

    `dedupe_key` names the event (e.g. "assessment_submitted:42"); calling again with the
    same key does nothing, so callers may call it from a retried task or a repeated signal.
    `url` is a path on this site, the page that needs the person's attention. Returns the
    number of people newly notified.
    """
    if kind not in Kind.values:
        raise DomainError(f"Unknown notification kind {kind!r}.")
    if not url.startswith("/"):
        raise DomainError("A notification's link must be a path on this site, like /plans/1/.")
    now = timezone.now()
    plan_id = plan.pk if plan is not None else None
    items = [
        Due(kind, plan_id, user.pk, f"{dedupe_key}:{user.pk}", title, body, url)
        for user in recipients
    ]
    new_ids = notifications_create(items, now=now)
    if new_ids:
        deliveries_dispatch(now=now, notification_ids=new_ids)
    return len(new_ids)


def deliveries_dispatch(*, now: datetime, notification_ids: list[int] | None = None) -> int:
    """Enqueue the sending of every delivery that is due and not already queued or claimed.

    Marks the rows queued first, so the next scan leaves them alone while they wait in the
    queue; a row whose message was lost is queued again once `REQUEUE_SECONDS` have passed.
    Enqueuing happens after commit; if the broker is down the rows stay pending and a later
    scan tries again.
    """
    requeue_before = now - timedelta(seconds=settings.NOTIFICATIONS_REQUEUE_SECONDS)
    # A sender that died or hit its time limit on its last try leaves a stale claim and no
    # error to retry on: give up on those rows visibly rather than trying for ever.
    Delivery.objects.filter(
        status=DeliveryStatus.PENDING,
        attempts__gte=max_attempts(),
        claimed_at__lt=now - claim_timeout(),
    ).update(
        status=DeliveryStatus.FAILED,
        claimed_at=None,
        last_error="The sender stopped on its last try (worker lost or time limit reached).",
    )
    qs = (
        Delivery.objects.filter(status=DeliveryStatus.PENDING, send_after__lte=now)
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=requeue_before))
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - claim_timeout()))
    )
    if notification_ids is not None:
        qs = qs.filter(notification_id__in=notification_ids)
    rows = list(
        qs.values_list("id", "digest", "recipient_id")[: settings.NOTIFICATIONS_DISPATCH_BATCH]
    )
    if not rows:
        return 0
    singles = [pk for pk, digest, _ in rows if not digest]
    digests = sorted({rid for _, digest, rid in rows if digest})
    with transaction.atomic():
        Delivery.objects.filter(pk__in=[r[0] for r in rows]).update(queued_at=now)
        transaction.on_commit(lambda: _enqueue(singles, digests))
    return len(rows)


def _enqueue(delivery_ids: list[int], recipient_ids: list[int]) -> None:
    from workflows.notifications.tasks import delivery_send_task, digest_send_task

    try:
        for pk in delivery_ids:
            delivery_send_task.delay(pk)
        for pk in recipient_ids:
            digest_send_task.delay(pk)
    except Exception:
        logger.exception("Could not enqueue notification e-mails; a later scan will retry.")


def _claim(filters: Q, now: datetime) -> str | None:
    token = uuid.uuid4().hex
    claimed = (
        Delivery.objects.filter(
            filters,
            status=DeliveryStatus.PENDING,
            send_after__lte=now,
            attempts__lt=max_attempts(),
        )
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - claim_timeout()))
        .update(claimed_at=now, claim_token=token, attempts=F("attempts") + 1)
    )
    return token if claimed else None


def _release_after_failure(token: str, error: Exception, now: datetime) -> int | None:
    """Record the error; give up on rows out of tries, hold the rest back for the backoff."""
    message = f"{type(error).__name__}: {error}"[:2000]
    rows = Delivery.objects.filter(claim_token=token, status=DeliveryStatus.PENDING)
    attempts = max(rows.values_list("attempts", flat=True), default=0)
    rows.filter(attempts__gte=max_attempts()).update(
        status=DeliveryStatus.FAILED, claimed_at=None, last_error=message
    )
    countdown = backoff_seconds(attempts)
    # Not marked queued: if the task's own delayed retry is lost (or tasks run in-process,
    # with no broker to hold one), the scan sends it once the backoff has passed. Whichever
    # comes first claims the row; the other finds nothing to do.
    retried = rows.filter(attempts__lt=max_attempts()).update(
        claimed_at=None,
        queued_at=None,
        send_after=now + timedelta(seconds=countdown),
        last_error=message,
    )
    if not retried:
        logger.error("Notification e-mail failed for good after %s attempts: %s", attempts, message)
        return None
    return countdown


def _fail_for_good(token: str, error: Exception) -> None:
    """Record an error that no retry can cure against the claimed rows, and release them.

    Not the mail server but the message itself (a header the mail library refuses, a template
    that cannot render): the next try would fail the same way, and letting the error escape
    would stop every other e-mail of the scan, so the rows are marked failed with the reason.
    """
    message = f"{type(error).__name__}: {error}"[:2000]
    Delivery.objects.filter(claim_token=token, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED, claimed_at=None, last_error=message
    )
    logger.exception("Notification e-mail cannot be sent and is marked failed: %s", message)


def _email(*, to: str, subject: str, template: str, context: dict, message_id: str) -> None:
    context = {
        **context,
        "service_name": settings.SERVICE_NAME,
        "site_url": settings.SITE_URL.rstrip("/"),
        "preferences_url": settings.SITE_URL.rstrip("/") + reverse("notifications_preferences"),
    }
    email_send(
        to=to,
        subject=subject,
        body=render_to_string(f"notifications/email/{template}.txt", context),
        html=render_to_string(f"notifications/email/{template}.html", context),
        # A stable Message-ID lets a mail system recognise a resend of the same e-mail.
        headers={"Message-ID": message_id},
    )


def _message_id(name: str) -> str:
    domain = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"<{name}@{domain or 'localhost'}>"


def delivery_send(*, delivery_id: int) -> bool:
    """Send one notification's e-mail, once. Returns whether this call sent it.

    Steps:
    1. Claim the row with a conditional UPDATE (still pending, due, and unclaimed or claimed
       by a sender that has since died); if nothing matched, another sender has it or it was
       sent already, so stop.
    2. Send the e-mail.
    3. Mark it sent, only if the claim is still ours.
    On a transient error, record it and raise SendFailed with the backoff, or mark the row
    failed once it has used every try. Any other error is one no retry can cure: the row is
    marked failed with the reason and the call returns False, so the scan's other e-mails go.
    """
    now = timezone.now()
    token = _claim(Q(pk=delivery_id, digest=False), now)
    if token is None:
        return False
    delivery = Delivery.objects.select_related("notification", "recipient").get(pk=delivery_id)
    note = delivery.notification
    try:
        _email(
            to=delivery.recipient.email,
            subject=note.title,
            template="notification",
            context={"notification": note, "person": delivery.recipient},
            message_id=_message_id(f"notification-{note.pk}"),
        )
    except TRANSIENT_ERRORS as exc:
        countdown = _release_after_failure(token, exc, now)
        raise SendFailed(str(exc), countdown) from exc
    except SoftTimeLimitExceeded:
        raise  # a slow mail server: the claim goes stale and a later sender tries again
    except Exception as exc:
        _fail_for_good(token, exc)
        return False
    Delivery.objects.filter(pk=delivery_id, claim_token=token).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), claimed_at=None, last_error=""
    )
    return True


def digest_send(*, recipient_id: int) -> int:
    """Send one person's daily digest of every due digest delivery. Returns how many."""
    now = timezone.now()
    token = _claim(Q(recipient_id=recipient_id, digest=True), now)
    if token is None:
        return 0
    rows = list(
        Delivery.objects.filter(claim_token=token)
        .select_related("notification", "notification__plan", "recipient")
        .order_by("notification__created_at")
    )
    person = rows[0].recipient
    try:
        _email(
            to=person.email,
            subject=f"Your daily summary: {len(rows)} update{'s' if len(rows) != 1 else ''}",
            template="digest",
            context={"notifications": [r.notification for r in rows], "person": person},
            message_id=_message_id(f"digest-{token}"),
        )
    except TRANSIENT_ERRORS as exc:
        countdown = _release_after_failure(token, exc, now)
        raise SendFailed(str(exc), countdown) from exc
    except SoftTimeLimitExceeded:
        raise  # a slow mail server: the claim goes stale and a later sender tries again
    except Exception as exc:
        _fail_for_good(token, exc)
        return 0
    Delivery.objects.filter(claim_token=token).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), claimed_at=None, last_error=""
    )
    return len(rows)


def reminders_scan(*, now: datetime | None = None) -> dict[str, int]:
    """Find every due reminder, record each once, and enqueue the e-mails now due.

    Each rule runs its own bulk queries; recording is idempotent, so running the scan twice
    (or two beats at once) records and sends each reminder once.
    """
    now = now or timezone.now()
    counts = {}
    for rule in reminder_rules():
        counts[rule.name] = len(notifications_create(rule.find(now), now=now))
    counts["enqueued"] = deliveries_dispatch(now=now)
    return counts


def delivery_retry(*, delivery: Delivery) -> None:
    """An administrator asks for a failed e-mail to be tried again."""
    if delivery.status != DeliveryStatus.FAILED:
        raise DomainError("Only failed e-mails can be tried again.")
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING,
        attempts=0,
        send_after=timezone.now(),
        queued_at=None,
        claimed_at=None,
    )
    deliveries_dispatch(now=timezone.now(), notification_ids=[delivery.notification_id])


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    note = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if note is None:
        raise DomainError("That notification is not in your inbox.")
    if note.read_at is None:
        Notification.objects.filter(pk=note.pk, read_at__isnull=True).update(read_at=timezone.now())
    return note


def notifications_mark_all_read(*, user: User, plan_id: int | None = None) -> int:
    """Mark the person's unread notifications read: all of them, or one plan's when the
    inbox is filtered to it (the button says which). Returns how many were marked."""
    notes = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if plan_id is not None:
        notes = notes.filter(plan_id=plan_id)
    return notes.update(read_at=timezone.now())


def preference_update(
    *, user: User, frequency: str, quiet_hours: bool, email_kinds: Iterable[str]
) -> Preference:
    """Save a person's choices; mandatory kinds cannot be muted whatever is posted."""
    if frequency not in Frequency.values:
        raise DomainError("Choose how often to get e-mails.", field="frequency")
    wanted = set(email_kinds)
    unknown = wanted - set(Kind.values)
    if unknown:
        raise DomainError("Choose from the kinds of notification listed.", field="email_kinds")
    muted = sorted(k for k in Kind.values if k not in wanted and k not in MANDATORY_KINDS)
    pref, _ = Preference.objects.update_or_create(
        user=user,
        defaults={"frequency": frequency, "quiet_hours": quiet_hours, "muted_kinds": muted},
    )
    return pref
