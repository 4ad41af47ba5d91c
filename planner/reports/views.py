"""Thin views for the governance report: access helper → form → service → redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planner.access import plan_access_for_user, plan_require_lead
from planner.errors import DomainError
from planner.refusals import form_refusal
from planner.reports.forms import ReportRequestForm
from planner.reports.models import Marking, ReportPurpose, ReportStatus
from planner.reports.rendering import ReportBuildError, report_document_html, report_stylesheet
from planner.reports.selectors import report_version_for_plan, report_versions_for_plan
from planner.reports.services import (
    report_preview_meta,
    report_request,
    report_retry,
)


def _version_or_404(access, version_id, **kwargs):
    version = report_version_for_plan(access.plan, version_id, **kwargs)
    if version is None:
        raise Http404("No such report version.")
    return version


def _tell(request, version) -> None:
    """Say where the version stands now (in eager mode it is already printed)."""
    if version.status == ReportStatus.READY:
        messages.success(request, f"Version {version.number} of the report is ready.")
    elif version.status == ReportStatus.FAILED:
        messages.error(
            request, f"Version {version.number} could not be prepared. {version.failure_reason}"
        )
    elif version.enqueued_at is None:
        messages.success(
            request,
            f"Version {version.number} is queued. The report service is busy; it will be "
            "prepared as soon as it is available.",
        )
    else:
        messages.success(
            request, f"Version {version.number} is queued and will be ready in a moment."
        )


@require_http_methods(["GET", "POST"])
def plan_reports(request, plan_id):
    access = plan_access_for_user(request.user, plan_id, for_change=request.method == "POST")
    form = ReportRequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        plan_require_lead(access)
        status = 400
        if form.is_valid():
            try:
                version = report_request(access=access, **form.cleaned_data)
            except DomainError as exc:
                status = form_refusal(form, exc)
            else:
                version.refresh_from_db(fields=["status", "enqueued_at", "failure_reason"])
                _tell(request, version)
                return redirect(f"{reverse('plan_reports', args=[plan_id])}#versions")
    versions = list(report_versions_for_plan(access.plan))
    return render(
        request,
        "reports/plan_reports.html",
        {
            "access": access,
            "plan": access.plan,
            "form": form if access.is_lead else None,
            "versions": versions,
            "in_progress": any(v.is_in_progress for v in versions),
        },
        status=status,
    )


@require_POST
def report_retry_view(request, plan_id, version_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    plan_require_lead(access)
    try:
        version = report_retry(access=access, version_id=_version_or_404(access, version_id).pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        version.refresh_from_db(fields=["status", "enqueued_at", "failure_reason"])
        _tell(request, version)
    return redirect(f"{reverse('plan_reports', args=[plan_id])}#versions")


@require_GET
def report_status(request, plan_id, version_id):
    """Where a version stands, for the page that polls until it is ready."""
    access = plan_access_for_user(request.user, plan_id)
    version = _version_or_404(access, version_id)
    return JsonResponse(
        {
            "id": version.pk,
            "number": version.number,
            "status": version.status,
            "label": version.get_status_display(),
            "failure_reason": version.failure_reason,
            "page_count": version.page_count,
            "download_url": reverse("report_download", args=[plan_id, version.pk])
            if version.is_ready
            else None,
        },
        headers={"Cache-Control": "no-store"},
    )


@require_GET
def report_download(request, plan_id, version_id):
    access = plan_access_for_user(request.user, plan_id)
    version = _version_or_404(access, version_id)
    if not version.is_ready or not version.file:
        raise Http404("This version of the report is not ready.")
    return FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.download_name,
        content_type="application/pdf",
    )


@require_GET
def report_version_preview(request, plan_id, version_id):
    """The version's stored HTML: the same content as its PDF, in the browser."""
    access = plan_access_for_user(request.user, plan_id)
    version = _version_or_404(access, version_id, with_html=True)
    if not version.html:
        raise Http404("This version has no content: it failed before it was built.")
    return HttpResponse(version.html)


@require_GET
def report_live_preview(request, plan_id):
    """What the paper would say if requested now; nothing is recorded."""
    access = plan_access_for_user(request.user, plan_id)
    marking = request.GET.get("marking", Marking.OFFICIAL)
    purpose = request.GET.get("purpose", ReportPurpose.DISCUSSION)
    if marking not in Marking.values or purpose not in ReportPurpose.values:
        marking, purpose = Marking.OFFICIAL, ReportPurpose.DISCUSSION
    meta = report_preview_meta(access, marking=marking, purpose=purpose)
    try:
        html = report_document_html(access.plan, meta)
    except ReportBuildError as exc:
        return render(
            request,
            "reports/preview_failed.html",
            {"access": access, "plan": access.plan, "reason": str(exc)},
            status=500,
        )
    return HttpResponse(html)


@login_not_required
@require_GET
def report_stylesheet_view(request):
    # Public: it is the print stylesheet, nothing about any plan.
    return HttpResponse(report_stylesheet(), content_type="text/css; charset=utf-8")
