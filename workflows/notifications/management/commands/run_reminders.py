"""Scan for due reminders and send them, in this process: `python manage.py run_reminders`.

The embedded default for `make run` (no Redis): Celery tasks run in-process, so the scan
sends the e-mails itself (to the console unless EMAIL_BACKEND says otherwise). With
REDIS_URL set, beat and a worker do this and the command stops at once unless --once.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from workflows.notifications.services import reminders_scan


class Command(BaseCommand):
    help = "Scan for due reminders and send them in-process, once or every --every seconds."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one scan and stop.")
        parser.add_argument(
            "--every", type=int, default=60, help="Seconds between scans (default 60)."
        )

    def handle(self, *args, once=False, every=60, **options):
        if every < 1:
            self.stderr.write("--every must be at least 1 second.")
            return
        if not once and not settings.CELERY_TASK_ALWAYS_EAGER:
            self.stdout.write("REDIS_URL is set: `make beat` and `make worker` send reminders.")
            return
        while True:
            counts = reminders_scan()
            self.stdout.write(f"Reminder scan: {counts}")
            if once:
                return
            time.sleep(every)
