"""Celery tasks: thin wrappers named after the services they run. Ids in, JSON only.

Every task is safe to run twice (the services claim rows with a conditional update), so a
message redelivered after a worker died, or a second beat, does no harm.
"""

import logging

from celery import shared_task
from django.conf import settings

from workflows.notifications import services

logger = logging.getLogger(__name__)

# Time limits below the claim timeout, so a sender is dead before its claim can be taken over.
LIMITS = {
    "soft_time_limit": settings.CELERY_TASK_SOFT_TIME_LIMIT,
    "time_limit": settings.CELERY_TASK_TIME_LIMIT,
    "acks_late": True,
}


@shared_task(name="notifications.reminders_scan", **LIMITS)
def reminders_scan_task():
    counts = services.reminders_scan()
    logger.info("Reminder scan: %s", counts)
    return counts


def _retry_or_record(task, exc: services.SendFailed):
    if exc.countdown is None:
        return  # Out of tries: the delivery is marked failed for administrators to see.
    if task.request.is_eager:
        # In-process mode has no broker to hold a delayed retry; the row is held back by
        # its backoff and the next scan sends it.
        logger.warning("Notification e-mail failed (%s); a later scan will retry.", exc)
        return
    raise task.retry(exc=exc, countdown=exc.countdown, max_retries=services.max_attempts())


@shared_task(bind=True, name="notifications.delivery_send", **LIMITS)
def delivery_send_task(self, delivery_id: int):
    try:
        return services.delivery_send(delivery_id=delivery_id)
    except services.SendFailed as exc:
        _retry_or_record(self, exc)


@shared_task(bind=True, name="notifications.digest_send", **LIMITS)
def digest_send_task(self, recipient_id: int):
    try:
        return services.digest_send(recipient_id=recipient_id)
    except services.SendFailed as exc:
        _retry_or_record(self, exc)
