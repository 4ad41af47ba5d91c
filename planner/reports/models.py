"""Numbered versions of a plan's governance report (the board paper).

A version is a snapshot: its HTML is built from the plan's data inside the request that
asks for it, and a worker turns that HTML into a PDF later. A ready version never changes;
later requests make new versions.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from planner.models import Plan, User

NOT_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9-]+")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class Marking(models.TextChoices):
    """Government Security Classifications (2018, updated 2023): the two tiers a board paper
    about a joint scheme may carry. SECRET material never goes in this service."""

    OFFICIAL = "OFFICIAL", "OFFICIAL"
    OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"


class ReportPurpose(models.TextChoices):
    DISCUSSION = "discussion", "Draft for discussion"
    DECISION = "decision", "For decision"


class PdfVariant(models.TextChoices):
    # PDF/UA-1: tagged and accessible, what UK public bodies must publish.
    UA1 = "pdf/ua-1", "PDF/UA-1 (accessible)"
    # PDF/A-3b: for archiving in a records system.
    A3B = "pdf/a-3b", "PDF/A-3b (archival)"


def default_variant() -> str:
    variant = settings.REPORT_PDF_VARIANT
    if variant not in PdfVariant.values:
        raise ValueError(f"REPORT_PDF_VARIANT must be one of {PdfVariant.values}, not {variant!r}")
    return variant


def report_docx_upload_to(version, filename):
    """Where a version's Word copy is stored: from ids only, as for the PDF."""
    return f"reports/plan-{version.plan_id}/report-v{version.number}.docx"


def report_upload_to(version, filename):
    """Where a version's PDF is stored: named from ids only, never from what people typed
    (`filename` is ignored), so no reference or title can steer the file out of its folder."""
    return f"reports/plan-{version.plan_id}/report-v{version.number}.pdf"


class ReportVersion(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="report_versions")
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED, db_index=True
    )
    failure_reason = models.TextField(blank=True)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    data_as_at = models.DateTimeField("data as at")
    marking = models.CharField(
        "protective marking", max_length=20, choices=Marking.choices, default=Marking.OFFICIAL
    )
    purpose = models.CharField(
        max_length=20, choices=ReportPurpose.choices, default=ReportPurpose.DISCUSSION
    )
    variant = models.CharField(
        "PDF variant", max_length=20, choices=PdfVariant.choices, default=default_variant
    )
    html = models.TextField("HTML snapshot", blank=True)

    # Delivery to the worker: when it was last handed to the broker (None: never reached it,
    # so the periodic sweep hands it over again).
    enqueued_at = models.DateTimeField(null=True, blank=True)
    # A worker's claim: rendering with a start time; a claim older than the stale limit is
    # from a worker that died and may be taken over.
    render_started_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    file = models.FileField(upload_to=report_upload_to, blank=True, max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField("size in bytes", null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    # The same paper as an editable Word document, made from the same snapshot, so an
    # authority can paste it into its own template.
    docx_file = models.FileField(
        "Word copy", upload_to=report_docx_upload_to, blank=True, max_length=300
    )
    docx_sha256 = models.CharField("Word copy SHA-256", max_length=64, blank=True)
    docx_size = models.PositiveBigIntegerField("Word copy size in bytes", null=True, blank=True)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_report_number_per_plan")
        ]
        indexes = [models.Index(fields=["status", "enqueued_at"])]

    def __str__(self):
        return f"{self.plan.reference} report version {self.number}"

    def save(self, *args, **kwargs):
        # A ready version is a record that was sent to governing bodies: it never changes.
        if self.pk and getattr(self, "_stored_status", None) == ReportStatus.READY:
            raise ValidationError("A ready report version cannot be changed; request a new one.")
        super().save(*args, **kwargs)
        self._stored_status = self.status

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_status = getattr(instance, "status", None)
        return instance

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.READY

    @property
    def is_in_progress(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.RENDERING)

    @property
    def download_name(self) -> str:
        """The name people see when they save the PDF; it goes into a header, so it keeps
        only letters, numbers and hyphens of the reference (which the model already checks;
        this also covers any row written before the rule)."""
        code = NOT_IN_FILE_NAME.sub("-", self.plan.reference).strip("-") or f"plan-{self.plan_id}"
        return f"{code}-report-v{self.number}.pdf"
