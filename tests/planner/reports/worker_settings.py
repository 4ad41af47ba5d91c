"""Settings for the real Celery worker and beat that the report worker tests start.

The test settings with a real broker (REDIS_URL), the test's own media folder (where the
test looks for the PDF), an asset folder holding a font file the stylesheet reads, and a
sweep every second with claims that go stale after a few seconds, so a killed worker's
version is taken back within a test.
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
REPORT_ASSET_DIRS = [os.environ["TEST_REPORT_ASSET_DIR"]]
REPORT_STYLESHEET_TEMPLATE = "reports/print_with_file_font.css"
TEMPLATES = [
    {**TEMPLATES[0], "DIRS": [Path(__file__).parent / "templates", *TEMPLATES[0]["DIRS"]]}  # noqa: F405
]
REPORT_STALE_SECONDS = 5
