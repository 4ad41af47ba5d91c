"""Writes for report versions: request, render, retry, sweep."""

import hashlib
import logging
import os
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from planner.access import PlanAccess, plan_require_lead
from planner.errors import DomainError, Stale
from planner.models import Plan
from planner.reports.docx import ReportDocxError, docx_write
from planner.reports.models import (
    BoardPaper,
    Marking,
    ReportPurpose,
    ReportStatus,
    ReportVersion,
    default_variant,
    report_docx_upload_to,
    report_upload_to,
)
from planner.reports.rendering import (
    CONTENT_HASH_PLACEHOLDER,
    ReportBuildError,
    ReportMeta,
    pdf_write,
    report_document_html,
)
from planner.reports.selectors import paper_details

logger = logging.getLogger(__name__)


def stale_after() -> timedelta:
    """How long a claim or a hand-over may last before the sweep takes it back.

    Longer than the task's hard time limit, so a live worker is never overtaken.
    """
    return timedelta(seconds=settings.REPORT_STALE_SECONDS)


def max_attempts() -> int:
    return settings.REPORT_MAX_ATTEMPTS


def report_meta_for(version: ReportVersion) -> ReportMeta:
    return ReportMeta(
        number=version.number,
        marking=version.marking,
        purpose=version.purpose,
        purpose_label=ReportPurpose(version.purpose).label,
        requested_by=str(version.requested_by),
        requested_at=version.requested_at,
        data_as_at=version.data_as_at,
        variant=version.variant,
        paper=paper_details(version) if version.governing_body_id else None,
    )


def report_preview_meta(
    access: PlanAccess, *, marking: str, purpose: str, paper: BoardPaper | None = None
) -> ReportMeta:
    """A preview's description of itself; with a draft paper, the paper as it stands."""
    now = timezone.now()
    return ReportMeta(
        number=None,
        marking=paper.marking if paper else marking,
        purpose=paper.purpose if paper else purpose,
        purpose_label=ReportPurpose(paper.purpose if paper else purpose).label,
        requested_by=str(access.user),
        requested_at=now,
        data_as_at=now,
        variant=default_variant(),
        paper=paper_details(paper) if paper else None,
    )


def _next_number(plan: Plan) -> int:
    # Lock the plan row so two simultaneous requests cannot both take the same number
    # (PostgreSQL); SQLite serialises writers anyway. The unique constraint is the backstop.
    Plan.objects.select_for_update().filter(pk=plan.pk).values_list("pk", flat=True).first()
    current = ReportVersion.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0
    return current + 1


def report_request(
    *, access: PlanAccess, marking: str, purpose: str, paper: BoardPaper | None = None
) -> ReportVersion:
    """Record a new numbered version and hand it to a worker once the request commits.

    Steps:
    1. Only the project lead asks for the board paper (they choose its marking and status).
       A paper's own marking and purpose win over the arguments (board_paper_freeze checks
       the paper before it calls this).
    2. In one transaction: allocate the next number under a lock on the plan, copy the
       paper's details (body, meeting, author, recommendations, implications), build the HTML
       from the plan's data as it stands, and save the version as queued. If a section
       cannot be built the version is saved as failed with the reason, so the failure is
       visible and can be retried.
    3. After commit, enqueue the render; if the broker is down the version stays queued
       and the periodic sweep hands it over later.
    """
    plan_require_lead(access)
    if paper is not None:
        marking, purpose = paper.marking, paper.purpose
    if marking not in Marking.values:
        raise DomainError("Choose the protective marking.", field="marking")
    if purpose not in ReportPurpose.values:
        raise DomainError(
            "Choose whether the paper is for discussion or decision.", field="purpose"
        )
    for attempt in range(2):
        try:
            with transaction.atomic():
                now = timezone.now()
                version = ReportVersion(
                    plan=access.plan,
                    number=_next_number(access.plan),
                    requested_by=access.user,
                    requested_at=now,
                    data_as_at=now,
                    marking=marking,
                    purpose=purpose,
                    variant=default_variant(),
                )
                if paper is not None:
                    _copy_paper(paper, version)
                _build_snapshot(version)
                version.full_clean(exclude=["html", "file"])
                version.save()
                if version.status == ReportStatus.QUEUED:
                    transaction.on_commit(lambda v=version.pk: report_enqueue(v))
            return version
        except IntegrityError:
            # Another request took the same number between our read and write.
            if attempt:
                raise
    raise AssertionError("unreachable")


def _copy_paper(paper: BoardPaper, version: ReportVersion) -> None:
    version.governing_body = paper.governing_body
    version.meeting_date = paper.meeting_date
    version.agenda_item = paper.agenda_item
    version.title = paper.title
    version.author = paper.author
    version.contact = paper.contact
    version.recommendations = list(paper.recommendations)
    version.implications = dict(paper.implications)


def _build_snapshot(version: ReportVersion) -> None:
    """Build the version's HTML and its content hash (see ReportVersion.content_sha256)."""
    try:
        html = report_document_html(version.plan, report_meta_for(version))
        digest = hashlib.sha256(html.encode()).hexdigest()
        version.html = html.replace(CONTENT_HASH_PLACEHOLDER, digest)
        version.content_sha256 = digest
        version.status = ReportStatus.QUEUED
        version.failure_reason = ""
    except ReportBuildError as exc:
        logger.exception(
            "Report %s for plan %s could not be built", version.number, version.plan_id
        )
        version.html = ""
        version.content_sha256 = ""
        version.status = ReportStatus.FAILED
        version.failure_reason = str(exc)


def report_enqueue(version_id: int) -> bool:
    """Hand a version to the broker; return False (and leave it queued) if that fails."""
    from planner.reports.tasks import report_render

    try:
        report_render.apply_async(args=[version_id], retry=False)
    except Exception:
        # Broker down or unreachable: the version is recorded as queued; the sweep retries.
        logger.warning(
            "Could not enqueue report version %s; the sweep will", version_id, exc_info=True
        )
        return False
    # Eager mode has rendered it already; only a still-queued version records the hand-over.
    ReportVersion.objects.filter(pk=version_id, status=ReportStatus.QUEUED).update(
        enqueued_at=timezone.now()
    )
    return True


def report_retry(*, access: PlanAccess, version_id: int) -> ReportVersion:
    """Try a failed version again: the same number and, where it has one, the same snapshot."""
    plan_require_lead(access)
    with transaction.atomic():
        version = (
            ReportVersion.objects.select_for_update()
            .select_related("plan", "requested_by")
            .filter(pk=version_id, plan=access.plan)
            .first()
        )
        if version is None:
            raise DomainError("That report version is not on this plan.")
        if version.status != ReportStatus.FAILED:
            # It was failed when the page offered "try again": someone retried it since.
            raise Stale("Only a failed report version can be tried again.")
        if not version.html:
            # The snapshot itself failed to build: build it now, as at now.
            version.data_as_at = timezone.now()
            _build_snapshot(version)
        else:
            version.status = ReportStatus.QUEUED
            version.failure_reason = ""
        version.attempts = 0
        version.enqueued_at = None
        version.render_started_at = None
        version.save()
        if version.status == ReportStatus.QUEUED:
            transaction.on_commit(lambda: report_enqueue(version.pk))
    return version


def _claim(version_id: int) -> datetime | None:
    """Take the version for this worker: queued, or rendering by a worker presumed dead.

    A conditional UPDATE, so of two deliveries of the same message exactly one wins.
    """
    now = timezone.now()
    claimable = Q(status=ReportStatus.QUEUED) | Q(
        status=ReportStatus.RENDERING, render_started_at__lt=now - stale_after()
    )
    won = (
        ReportVersion.objects.filter(claimable, pk=version_id)
        .filter(attempts__lt=max_attempts())
        .update(status=ReportStatus.RENDERING, render_started_at=now, attempts=F("attempts") + 1)
    )
    return now if won else None


def _mine(version_id: int, claimed_at):
    return ReportVersion.objects.filter(
        pk=version_id, status=ReportStatus.RENDERING, render_started_at=claimed_at
    )


def report_render_version(version_id: int) -> str:
    """Print a version's stored HTML to its PDF and its Word copy; safe to run twice.

    Steps:
    1. Claim the version (see `_claim`); if someone else has it or it is done, stop.
    2. Remove what a killed earlier attempt left behind, then write the PDF and the Word
       copy, both from the same snapshot, to temporary files in the destination folder,
       hashing each.
    3. Under a row lock, check the claim is still ours, move both files into place with
       atomic renames and mark the version ready with their hashes and sizes and the page
       count: a version is ready only with both files.
    4. On any failure remove the temporary files (and a file already moved into place) and
       mark the version failed with the reason; no partial file is ever left behind.
    Returns the version's status afterwards.
    """
    claimed_at = _claim(version_id)
    if claimed_at is None:
        current = ReportVersion.objects.filter(pk=version_id).values_list("status", flat=True)
        return current.first() or "missing"
    version = ReportVersion.objects.select_related("plan").get(pk=version_id)
    name = report_upload_to(version, version.download_name)
    docx_name = report_docx_upload_to(version, version.docx_download_name)
    temporary: list[Path] = []
    placed: list[Path] = []
    # Everything that touches the file system is inside the try, so a path the storage
    # refuses or a full disk fails the version with the reason instead of leaving it
    # "being prepared" until the sweep gives up on it.
    try:
        final = Path(default_storage.path(name))
        docx_final = Path(default_storage.path(docx_name))
        final.parent.mkdir(parents=True, exist_ok=True)
        docx_final.parent.mkdir(parents=True, exist_ok=True)
        # A worker killed mid-render (SIGKILL, the hard time limit) never ran its clean-up;
        # its claim was stale before this one could be made, so its temporary files are
        # abandoned.
        for folder, stem in {(final.parent, final.stem), (docx_final.parent, docx_final.stem)}:
            for abandoned in folder.glob(f".rendering-{stem}-*"):
                abandoned.unlink(missing_ok=True)
        tmp = _temporary_beside(final, temporary)
        tmp_docx = _temporary_beside(docx_final, temporary)
        page_count = pdf_write(version.html, version.variant, tmp)
        _docx_write(version.html, tmp_docx)
        digest, size = _hash(tmp)
        docx_digest, docx_size = _hash(tmp_docx)
        with transaction.atomic():
            if not _mine(version_id, claimed_at).select_for_update().exists():
                logger.info("Report version %s was taken over; dropping this render", version_id)
                return ReportVersion.objects.get(pk=version_id).status
            for source, target in ((tmp_docx, docx_final), (tmp, final)):
                os.replace(source, target)
                placed.append(target)
            _mine(version_id, claimed_at).update(
                status=ReportStatus.READY,
                file=name,
                sha256=digest,
                size=size,
                page_count=page_count,
                docx_file=docx_name,
                docx_sha256=docx_digest,
                docx_size=docx_size,
                rendered_at=timezone.now(),
                failure_reason="",
            )
        return ReportStatus.READY
    except Exception as exc:
        if not _mine(version_id, claimed_at).exists():
            # Overtaken while stalled: the new owner may already have removed our temporary
            # files, and the files in place may be its own. Its outcome stands, not ours.
            logger.info("Report version %s was taken over; dropping this render", version_id)
            return ReportVersion.objects.get(pk=version_id).status
        logger.exception("Report version %s failed to render", version_id)
        for path in placed:
            # Half a pair is not a version: the PDF without its Word copy, or the reverse.
            path.unlink(missing_ok=True)
        _mine(version_id, claimed_at).update(
            status=ReportStatus.FAILED, failure_reason=_reason(exc)
        )
        return ReportStatus.FAILED
    finally:
        for path in temporary:
            path.unlink(missing_ok=True)


def _temporary_beside(final: Path, made: list[Path]) -> Path:
    """An empty temporary file in the final file's folder (so the rename into place is
    atomic), named so a later render recognises it as abandoned; noted in `made`."""
    fd, name = tempfile.mkstemp(
        prefix=f".rendering-{final.stem}-", suffix=final.suffix, dir=final.parent
    )
    os.close(fd)
    made.append(Path(name))
    return made[-1]


def _docx_write(html: str, target: Path) -> None:
    """The Word copy; any failure is reported as the Word copy's, with its cause."""
    try:
        docx_write(html, target)
    except ReportDocxError:
        raise
    except Exception as exc:
        raise ReportDocxError(
            f"The Word copy could not be made ({type(exc).__name__}: {exc})."
        ) from exc


def _reason(exc: Exception) -> str:
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(exc, SoftTimeLimitExceeded):
        return "Printing the report took too long and was stopped."
    if isinstance(exc, ReportDocxError):
        return str(exc)[:2000]
    return f"Printing the report failed ({type(exc).__name__}: {exc})."[:2000]


def _hash(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def report_sweep_queued() -> int:
    """Hand over versions the broker never received, and take back dead workers' claims.

    Versions that have used up their attempts are marked failed rather than tried for ever.
    Returns how many were enqueued.
    """
    cutoff = timezone.now() - stale_after()
    ReportVersion.objects.filter(
        status=ReportStatus.RENDERING,
        render_started_at__lt=cutoff,
        attempts__gte=max_attempts(),
    ).update(
        status=ReportStatus.FAILED,
        failure_reason=(
            f"Printing the report stopped before it finished, {max_attempts()} times (the "
            "process printing it was stopped or ran out of time). Try again; if it stops "
            "again, tell your administrator."
        ),
    )
    due = ReportVersion.objects.filter(
        Q(status=ReportStatus.QUEUED, enqueued_at__isnull=True)
        | Q(status=ReportStatus.QUEUED, enqueued_at__lt=cutoff)
        | Q(status=ReportStatus.RENDERING, render_started_at__lt=cutoff)
    ).values_list("pk", flat=True)
    return sum(report_enqueue(pk) for pk in list(due))
