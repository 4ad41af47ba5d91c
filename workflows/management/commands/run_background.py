"""Beat and a worker in one process, for the embedded default: `manage.py run_background`.

Without Redis there is no beat to start periodic work, so `make run` starts this instead. It
runs every task of CELERY_BEAT_SCHEDULE in-process at its own interval: the reminder scan,
and the report sweep that takes back a version left "queued" or "rendering" by a server that
was stopped mid-print. With REDIS_URL set it stops at once: beat and a worker do this.
"""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the periodic tasks of CELERY_BEAT_SCHEDULE in-process (the embedded default)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run each task once and stop.")

    def handle(self, *args, once=False, **options):
        if not once and not settings.CELERY_TASK_ALWAYS_EAGER:
            self.stdout.write("REDIS_URL is set: `make beat` and `make worker` do this work.")
            return
        from config.celery import app

        schedule = {
            entry["task"]: float(entry["schedule"])
            for entry in settings.CELERY_BEAT_SCHEDULE.values()
        }
        due = dict.fromkeys(schedule, 0.0)
        while True:
            now = time.monotonic()
            for name, every in schedule.items():
                if due[name] > now:
                    continue
                due[name] = now + every
                try:
                    result = app.tasks[name].apply().get()
                    self.stdout.write(f"{name}: {result}")
                except Exception:
                    # One failing task must not stop the others or the loop; the next turn
                    # tries again, as beat would.
                    logger.exception("Periodic task %s failed", name)
            if once:
                return
            time.sleep(max(1.0, min(due.values()) - time.monotonic()))
