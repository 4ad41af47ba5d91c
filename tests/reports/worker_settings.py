"""Settings for the real Celery worker and beat that the report worker tests start.

The test settings with a real broker (REDIS_URL), the test's own media folder (where the
test looks for the PDF) and font folder, and a sweep every second with claims that go
stale after a few seconds, so a killed worker's version is taken back within a test.
The database is the test database, passed in DATABASE_URL by the test.
"""

import os
from pathlib import Path

from config.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE = {
    "reports-sweep-queued": {"task": "reports.report_sweep_queued", "schedule": 1.0},
}
MEDIA_ROOT = Path(os.environ["TEST_MEDIA_ROOT"])
REPORT_FONT_DIR = os.environ["TEST_REPORT_FONT_DIR"]
REPORT_STALE_SECONDS = 5
