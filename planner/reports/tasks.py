"""Celery tasks for the governance report: thin wrappers around the services.

Importing WeasyPrint here means a worker loads it (Pango, HarfBuzz, its CSS machinery) once
when it starts and keeps it, so each render pays only for layout; the same for python-docx
and Cairo, which make the Word copy.
"""

import cairosvg  # noqa: F401
import docx  # noqa: F401
import weasyprint  # noqa: F401
from celery import shared_task
from django.db import InterfaceError, OperationalError

from planner.reports import services


@shared_task(
    name="reports.report_render",
    # A render that runs away is stopped softly (the version is marked failed with the
    # reason), then killed; a killed worker's claim goes stale and the sweep takes it back.
    soft_time_limit=120,
    time_limit=150,
    # Only a lost database connection is worth retrying; the service records every other
    # failure on the version itself.
    autoretry_for=(OperationalError, InterfaceError),
    max_retries=3,
    retry_backoff=5,
    retry_backoff_max=60,
    acks_late=True,
)
def report_render(version_id: int) -> str:
    return services.report_render_version(version_id)


@shared_task(name="reports.report_sweep_queued", soft_time_limit=60, time_limit=90)
def report_sweep_queued() -> int:
    return services.report_sweep_queued()
