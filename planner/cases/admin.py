"""Administrators curate the library: publish proposals, export, and import files."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from planner.cases.models import Case, PlanCase
from planner.cases.services import cases_import, cases_publish
from planner.cases.transfer import (
    FileFormatError,
    case_to_row,
    detect_format,
    parse_rows,
    rows_to_csv,
    rows_to_json,
)

MAX_UPLOAD = 10 * 1024 * 1024


class CaseImportForm(forms.Form):
    file = forms.FileField(help_text="A .csv or .json file in the format the export writes.")
    skip_bad_rows = forms.BooleanField(
        required=False, label="Import the good rows even if some rows are bad"
    )
    dry_run = forms.BooleanField(required=False, label="Check only: do not change the library")


def _download(rows, fmt):
    if fmt == "csv":
        response = HttpResponse(rows_to_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(rows_to_json(rows), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="cases.{fmt}"'
    return response


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "collaboration_type",
        "region",
        "start_year",
        "outcome",
        "provenance",
        "status",
    ]
    # Proposals from withdrawn plans arrive as stopped schemes: an administrator checks why.
    list_filter = ["status", "outcome", "provenance", "collaboration_type", "region"]
    search_fields = ["title", "key", "area", "summary"]
    readonly_fields = ["source_plan", "proposed_by", "created_at", "updated_at"]
    actions = ["publish", "export_csv", "export_json"]
    change_list_template = "cases/admin/case_change_list.html"

    @admin.action(description="Publish the selected cases")
    def publish(self, request, queryset):
        count = cases_publish(cases=queryset)
        self.message_user(request, f"{count} case(s) published.", messages.SUCCESS)

    @admin.action(description="Export the selected cases as CSV")
    def export_csv(self, request, queryset):
        return _download([case_to_row(c) for c in queryset.order_by("key")], "csv")

    @admin.action(description="Export the selected cases as JSON")
    def export_json(self, request, queryset):
        return _download([case_to_row(c) for c in queryset.order_by("key")], "json")

    def get_urls(self):
        extra = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="cases_case_import",
            )
        ]
        return extra + super().get_urls()

    def import_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            return redirect("admin:index")
        form = CaseImportForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_UPLOAD:
                    raise FileFormatError("The file is larger than 10 MB.")
                rows = parse_rows(upload.read().decode("utf-8"), detect_format(upload.name))
            except (FileFormatError, UnicodeDecodeError) as exc:
                form.add_error("file", str(exc))
            else:
                result = cases_import(
                    rows=rows,
                    skip_bad_rows=form.cleaned_data["skip_bad_rows"],
                    dry_run=form.cleaned_data["dry_run"],
                )
                if result.applied:
                    self.message_user(request, result.summary(), messages.SUCCESS)
                    if not result.errors:
                        return redirect(reverse("admin:cases_case_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import cases",
            "form": form,
            "result": result,
        }
        return TemplateResponse(request, "cases/admin/case_import.html", context)


@admin.register(PlanCase)
class PlanCaseAdmin(admin.ModelAdmin):
    list_display = ["plan", "case", "decision", "decided_by", "decided_at"]
    list_filter = ["decision"]
    list_select_related = ["plan", "case", "decided_by"]
