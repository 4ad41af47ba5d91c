"""Thin views for the governance report: access helper → form → service → redirect."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planner.access import plan_access_for_user, plan_require_lead
from planner.context import PlanContext
from planner.errors import DomainError
from planner.refusals import form_refusal
from planner.reports.docx import DOCX_CONTENT_TYPE
from planner.reports.forms import (
    HighlightMonthForm,
    ImplicationsForm,
    PaperDetailsForm,
    RecommendationsForm,
)
from planner.reports.highlight import (
    HighlightMonth,
    highlight_applies,
    highlight_document_html,
    highlight_months,
    highlight_parts,
)
from planner.reports.models import (
    BoardPaper,
    Marking,
    ReportPurpose,
    ReportStatus,
    implication_keys,
)
from planner.reports.papers import (
    PaperIncomplete,
    board_paper_freeze,
    board_paper_implications_save,
    board_paper_recommendations_save,
    board_paper_redraft,
    board_paper_start,
    board_paper_update,
)
from planner.reports.rendering import (
    ReportBuildError,
    ReportPrintError,
    pdf_write,
    report_document_html,
    report_stylesheet,
)
from planner.reports.selectors import (
    board_paper_for_plan,
    board_papers_for_plan,
    plan_has_welsh_partner,
    report_version_for_plan,
    report_versions_for_plan,
)
from planner.reports.services import report_preview_meta, report_retry
from planner.selectors import governing_bodies_for_plan


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


@require_GET
def plan_reports(request, plan_id):
    access = plan_access_for_user(request.user, plan_id)
    versions = list(report_versions_for_plan(access.plan))
    papers = {p.governing_body_id: p for p in board_papers_for_plan(access.plan)}
    bodies = [(body, papers.get(body.pk)) for body in governing_bodies_for_plan(access.plan)]
    return render(
        request,
        "reports/plan_reports.html",
        {
            "access": access,
            "plan": access.plan,
            "bodies": bodies,
            "versions": versions,
            "in_progress": any(v.is_in_progress for v in versions),
        },
    )


def _paper_or_404(access, paper_id) -> BoardPaper:
    paper = board_paper_for_plan(access.plan, paper_id)
    if paper is None:
        raise Http404("No such board paper.")
    return paper


def _lead_access(request, plan_id, *, for_change: bool):
    access = plan_access_for_user(request.user, plan_id, for_change=for_change)
    plan_require_lead(access)
    return access


def _paper_page(request, access, paper, *, forms=None, status=200):
    """The paper's drafting page: its cover details, recommendations and implications, each
    a form of its own; `forms` carries a submitted form back with its errors."""
    forms = forms or {}
    keys = implication_keys(welsh_partner=plan_has_welsh_partner(access.plan))
    details = forms.get("details") or PaperDetailsForm(
        initial={
            "meeting_date": paper.meeting_date,
            "agenda_item": paper.agenda_item,
            "title": paper.title,
            "marking": paper.marking,
            "purpose": paper.purpose,
            "author": paper.author,
            "contact": paper.contact,
        }
    )
    recommendations = forms.get("recommendations") or RecommendationsForm(
        texts=paper.recommendations
    )
    implications = forms.get("implications") or ImplicationsForm(
        keys=keys, stored=paper.implications
    )
    return render(
        request,
        "reports/board_paper.html",
        {
            "access": access,
            "plan": access.plan,
            "paper": paper,
            "details_form": details,
            "recommendations_form": recommendations,
            "implications_form": implications,
            "next_number": (
                max((v.number for v in report_versions_for_plan(access.plan)), default=0) + 1
            ),
        },
        status=status,
    )


@require_POST
def board_paper_start_view(request, plan_id, body_id):
    access = _lead_access(request, plan_id, for_change=True)
    try:
        paper = board_paper_start(access=access, body_id=body_id)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("plan_reports", plan_id)
    return redirect("board_paper", plan_id, paper.pk)


@require_GET
def board_paper_view(request, plan_id, paper_id):
    access = _lead_access(request, plan_id, for_change=False)
    return _paper_page(request, access, _paper_or_404(access, paper_id))


@require_POST
def board_paper_details_view(request, plan_id, paper_id):
    access = _lead_access(request, plan_id, for_change=True)
    paper = _paper_or_404(access, paper_id)
    form = PaperDetailsForm(request.POST)
    if form.is_valid():
        try:
            paper, warnings = board_paper_update(
                access=access, paper_id=paper.pk, **form.cleaned_data
            )
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, "The paper's details are saved.")
            return redirect(f"{reverse('board_paper', args=[plan_id, paper.pk])}#details")
    else:
        status = 400
    return _paper_page(request, access, paper, forms={"details": form}, status=status)


@require_POST
def board_paper_recommendations_view(request, plan_id, paper_id):
    access = _lead_access(request, plan_id, for_change=True)
    paper = _paper_or_404(access, paper_id)
    form = RecommendationsForm(request.POST, texts=paper.recommendations)
    if form.is_valid():
        try:
            board_paper_recommendations_save(access=access, paper_id=paper.pk, texts=form.texts())
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(request, "The recommendations are saved.")
            return redirect(f"{reverse('board_paper', args=[plan_id, paper.pk])}#recommendations")
    else:
        status = 400
    return _paper_page(request, access, paper, forms={"recommendations": form}, status=status)


@require_http_methods(["GET", "POST"])
def board_paper_redraft_view(request, plan_id, paper_id):
    """Drafting again replaces the author's edited recommendations, so it asks first: GET
    shows the list that would be replaced, POST replaces it."""
    access = _lead_access(request, plan_id, for_change=True)
    paper = _paper_or_404(access, paper_id)
    if request.method == "GET":
        return render(
            request,
            "reports/board_paper_redraft.html",
            {"access": access, "plan": access.plan, "paper": paper},
        )
    paper = board_paper_redraft(access=access, paper_id=paper.pk)
    messages.success(request, "The recommendations are drafted again from the plan.")
    return redirect(f"{reverse('board_paper', args=[plan_id, paper.pk])}#recommendations")


@require_POST
def board_paper_implications_view(request, plan_id, paper_id):
    access = _lead_access(request, plan_id, for_change=True)
    paper = _paper_or_404(access, paper_id)
    keys = implication_keys(welsh_partner=plan_has_welsh_partner(access.plan))
    form = ImplicationsForm(request.POST, keys=keys)
    if form.is_valid():
        try:
            board_paper_implications_save(
                access=access, paper_id=paper.pk, implications=form.implications()
            )
        except DomainError as exc:
            status = form_refusal(form, exc)
        else:
            messages.success(request, "The implications are saved.")
            return redirect(f"{reverse('board_paper', args=[plan_id, paper.pk])}#implications")
    else:
        status = 400
    return _paper_page(request, access, paper, forms={"implications": form}, status=status)


@require_POST
def board_paper_freeze_view(request, plan_id, paper_id):
    access = _lead_access(request, plan_id, for_change=True)
    paper = _paper_or_404(access, paper_id)
    try:
        version = board_paper_freeze(access=access, paper_id=paper.pk)
    except PaperIncomplete as exc:
        # Each reason against the field that needs it, in whichever part of the page it is.
        keys = implication_keys(welsh_partner=plan_has_welsh_partner(access.plan))
        forms = {
            "details": PaperDetailsForm(
                {
                    "meeting_date": paper.meeting_date or "",
                    "agenda_item": paper.agenda_item,
                    "title": paper.title,
                    "marking": paper.marking,
                    "purpose": paper.purpose,
                    "author": paper.author,
                    "contact": paper.contact,
                }
            ),
            "recommendations": RecommendationsForm(
                _numbered(paper.recommendations), texts=paper.recommendations
            ),
            "implications": ImplicationsForm(
                _implications_data(paper.implications, keys), keys=keys
            ),
        }
        for form in forms.values():
            form.is_valid()
        for field, message in exc.problems:
            form = next((f for f in forms.values() if field in f.fields), forms["details"])
            form.add_error(field if field in form.fields else None, message)
        return _paper_page(request, access, paper, forms=forms, status=exc.status)
    version.refresh_from_db(fields=["status", "enqueued_at", "failure_reason"])
    _tell(request, version)
    return redirect(f"{reverse('plan_reports', args=[plan_id])}#versions")


def _numbered(texts) -> dict:
    return {f"recommendation_{n}": text for n, text in enumerate(texts, start=1)}


def _implications_data(stored: dict, keys) -> dict:
    data = {}
    for key in keys:
        entry = stored.get(key) or {}
        data[f"{key}_text"] = entry.get("text", "")
        if entry.get("none"):
            data[f"{key}_none"] = "on"
    return data


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
            "docx_download_url": reverse("report_download_docx", args=[plan_id, version.pk])
            if version.is_ready and version.docx_file
            else None,
            "fingerprint": version.fingerprint,
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
def report_download_docx(request, plan_id, version_id):
    """The version's Word copy: who may download the PDF may download this."""
    access = plan_access_for_user(request.user, plan_id)
    version = _version_or_404(access, version_id)
    if not version.is_ready or not version.docx_file:
        raise Http404("This version of the report has no Word copy ready.")
    return FileResponse(
        version.docx_file.open("rb"),
        as_attachment=True,
        filename=version.docx_download_name,
        content_type=DOCX_CONTENT_TYPE,
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
    # A draft paper is the lead's work in progress: only the lead previews it.
    paper = None
    if request.GET.get("paper") and access.is_lead:
        paper = _paper_or_404(access, request.GET["paper"])
    meta = report_preview_meta(access, marking=marking, purpose=purpose, paper=paper)
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


def _highlight_month(request, plan):
    """The month asked for (default this month) and the picker; the month is None when the
    choice is not one of the plan's months, and the form then says why."""
    months = highlight_months(plan)
    data = {"month": request.GET.get("month") or (months[0].param if months else "")}
    form = HighlightMonthForm(data, months=months)
    month = HighlightMonth.parse(form.cleaned_data["month"]) if form.is_valid() else None
    return form, month


@require_GET
def highlight_report(request, plan_id):
    """The month's highlight report for the partnership board, with a month picker."""
    ctx = PlanContext.for_user(request.user, plan_id)
    plan = ctx.plan
    if not highlight_applies(plan):
        return render(request, "reports/highlight/page.html", {"access": ctx.access, "plan": plan})
    form, month = _highlight_month(request, plan)
    try:
        parts = highlight_parts(ctx, month) if month else []
    except ReportBuildError as exc:
        return render(
            request,
            "reports/preview_failed.html",
            {"access": ctx.access, "plan": plan, "reason": str(exc)},
            status=500,
        )
    return render(
        request,
        "reports/highlight/page.html",
        {
            "access": ctx.access,
            "plan": plan,
            "applies": True,
            "form": form,
            "month": month,
            "parts": parts,
        },
        status=200 if month else 400,
    )


@require_GET
def highlight_pdf(request, plan_id):
    """The month's highlight report as a one-page PDF, printed here (see planner.reports.
    highlight for why not by a worker)."""
    ctx = PlanContext.for_user(request.user, plan_id)
    if not highlight_applies(ctx.plan):
        raise Http404("The plan has no highlight report before delivery.")
    _, month = _highlight_month(request, ctx.plan)
    if month is None:
        raise Http404("No highlight report for that month.")
    try:
        html = highlight_document_html(ctx, month)
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "highlight.pdf"
            pdf_write(html, settings.REPORT_PDF_VARIANT, target)
            content = target.read_bytes()
    except (ReportBuildError, ReportPrintError) as exc:
        return render(
            request,
            "reports/preview_failed.html",
            {"access": ctx.access, "plan": ctx.plan, "reason": str(exc)},
            status=500,
        )
    response = HttpResponse(content, content_type="application/pdf")
    # The reference is letters, digits and hyphens only (planner.models.validate_reference).
    name = f"{ctx.plan.reference}-highlight-{month.param}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
