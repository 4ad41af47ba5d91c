"""Board papers and the numbered versions of a plan's governance report.

A paper is addressed to one governing body: the lead drafts it (meeting, author, purpose,
recommendations, implications), then freezes it into a version. A version is a snapshot:
its HTML is built from the plan's data and the paper inside the request that freezes it,
and a worker turns that HTML into a PDF later. A ready version never changes; freezing the
paper again makes a new version.
"""

import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from planner.models import GoverningBody, Plan, User

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
    DISCUSSION = "discussion", "For discussion"
    DECISION = "decision", "For decision"
    INFORMATION = "information", "For information"


# The implications a board paper states, in the order governing bodies' templates list them:
# (key, heading, hint for the author). Each has text or is marked "none identified".
IMPLICATIONS = (
    (
        "financial",
        "Financial",
        "Costs, funding and the body's share; the section 151 or finance officer's view.",
    ),
    (
        "legal",
        "Legal",
        "The powers relied on (section 1 of the Policing and Crime Act 2017), "
        "the agreement and any procurement rules.",
    ),
    (
        "workforce",
        "Workforce and trade unions",
        "Staff affected, consultation with the recognised trade unions, TUPE.",
    ),
    (
        "equality",
        "Equality (public sector equality duty)",
        "The equality impact assessment under section 149 of the Equality Act 2010.",
    ),
    (
        "data_protection",
        "Data protection (DPIA)",
        "Personal data shared and the data protection impact assessment.",
    ),
    (
        "welsh_language",
        "Welsh language",
        "The Welsh Language Standards the Welsh partners "
        "must meet (Welsh Language (Wales) Measure 2011).",
    ),
    ("environmental", "Environmental", "Carbon, travel and estate effects."),
)
# Asked only of a paper with a Welsh partner organisation (Organisation.nation).
WELSH_ONLY_IMPLICATIONS = {"welsh_language"}
IMPLICATION_HEADINGS = {key: heading for key, heading, _ in IMPLICATIONS}


def implication_keys(*, welsh_partner: bool) -> list[str]:
    return [
        key for key, _, _ in IMPLICATIONS if welsh_partner or key not in WELSH_ONLY_IMPLICATIONS
    ]


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


class BoardPaper(models.Model):
    """The draft of the paper to one governing body about one plan, which the lead edits and
    freezes into numbered versions; one draft per body and plan, kept after each freeze so
    the next version starts from the last.

    `recommendations` is the ordered list of their texts; `implications` maps each key of
    IMPLICATIONS to {"text": ..., "none": bool} ("none": the author states none identified).
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="board_papers")
    governing_body = models.ForeignKey(GoverningBody, on_delete=models.PROTECT, related_name="+")
    meeting_date = models.DateField(null=True, blank=True)
    agenda_item = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=200)
    marking = models.CharField(
        "protective marking", max_length=20, choices=Marking.choices, default=Marking.OFFICIAL
    )
    purpose = models.CharField(
        max_length=20, choices=ReportPurpose.choices, default=ReportPurpose.DECISION
    )
    author = models.CharField(max_length=200)
    contact = models.CharField(max_length=200, blank=True)
    recommendations = models.JSONField(default=list, blank=True)
    implications = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "governing_body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "governing_body"], name="one_board_paper_per_body"
            )
        ]

    def __str__(self):
        return f"{self.plan.reference}: paper to {self.governing_body}"


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

    # The paper as frozen: to whom, for which meeting, by whom, and what it recommends. Blank
    # on versions made before papers were addressed to a body.
    governing_body = models.ForeignKey(
        GoverningBody, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    meeting_date = models.DateField(null=True, blank=True)
    agenda_item = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    contact = models.CharField(max_length=200, blank=True)
    recommendations = models.JSONField(default=list, blank=True)
    implications = models.JSONField(default=dict, blank=True)
    # The hash printed on the cover, of the snapshot itself. To check a snapshot: replace the
    # hash where it appears in `html` by CONTENT_HASH_PLACEHOLDER (planner.reports.rendering)
    # and take the SHA-256 of the result, UTF-8 encoded; it equals this field. (The cover
    # cannot carry the hash of bytes that contain it, so the hash is of the snapshot with the
    # placeholder in its place.) `sha256` below is of the PDF's bytes.
    content_sha256 = models.CharField("content SHA-256", max_length=64, blank=True)

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

    @property
    def docx_download_name(self) -> str:
        """The Word copy's name: the PDF's, with its own extension."""
        return self.download_name.removesuffix(".pdf") + ".docx"

    @property
    def fingerprint(self) -> str:
        """The version's hash: one SHA-256 that covers both files sent to governing bodies.

        It is the SHA-256 of the UTF-8 text "pdf <sha256 of the PDF>\ndocx <sha256 of the
        Word copy>\n" (a version made before Word copies has only the "pdf" line). To check
        a pair of files: hash each, write that text, hash it. Empty until the version is
        ready.
        """
        if not self.sha256:
            return ""
        text = f"pdf {self.sha256}\n" + (f"docx {self.docx_sha256}\n" if self.docx_sha256 else "")
        return hashlib.sha256(text.encode()).hexdigest()
