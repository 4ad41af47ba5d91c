from django.contrib import admin

from workflows.delivery.models import ConfidenceUpdate, Milestone


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    """For looking, not changing: a fixed baseline moves only by a rebaseline, which the
    decision log records, so the admin shows it read-only once fixed."""

    list_display = ["title", "plan", "owner", "baseline_on", "forecast_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["plan", "created_by"]
    readonly_fields = ["baselined_at"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + ["baseline_on"] if obj is not None and obj.is_baselined else fields


@admin.register(ConfidenceUpdate)
class ConfidenceUpdateAdmin(admin.ModelAdmin):
    list_display = ["plan", "month", "organisation", "is_lead_view", "rating"]
    list_filter = ["rating", "is_lead_view"]
    raw_id_fields = ["plan", "recorded_by"]
