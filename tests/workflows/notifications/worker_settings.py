"""Settings for the real Celery worker and beat that the integration tests start.

The test settings, but with a real broker (REDIS_URL), SMTP to the test's aiosmtpd server,
the scan every second and short claim and retry timings so faults recover within a test.
The database is the test database, passed in DATABASE_URL by the test.
"""

import os

from config.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE = {
    "notifications-reminders-scan": {"task": "notifications.reminders_scan", "schedule": 1.0},
}
CELERY_TASK_SOFT_TIME_LIMIT = 4
CELERY_TASK_TIME_LIMIT = 6
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["TEST_SMTP_PORT"])
EMAIL_TIMEOUT = 3
NOTIFICATIONS_CLAIM_TIMEOUT_SECONDS = 8
NOTIFICATIONS_REQUEUE_SECONDS = 8
NOTIFICATIONS_RETRY_BASE_SECONDS = 2
