"""Helpers for the notification tests: fixed UK times and a scan that runs its e-mails."""

from datetime import datetime

import time_machine

from workflows.notifications.calendar import UK
from workflows.notifications.models import Delivery, Notification
from workflows.notifications.services import reminders_scan

# A Wednesday in term time, well away from bank holidays and clock changes.
WEDNESDAY = datetime(2027, 3, 10, 10, 0, tzinfo=UK)


def uk(*args) -> datetime:
    return datetime(*args, tzinfo=UK)


def scan_at(moment: datetime, capture) -> dict:
    """Run the scan at `moment`, with on-commit callbacks (the e-mail tasks) executed."""
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return reminders_scan()


def reminders(kind=None, **filters):
    qs = Notification.objects.filter(**filters)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def deliveries(**filters):
    return Delivery.objects.filter(**filters)
