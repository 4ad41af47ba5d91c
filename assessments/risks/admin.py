from django.contrib import admin

from assessments.risks.models import (
    Benefit,
    BenefitActual,
    ExitStrategy,
    MitigationAction,
    Risk,
    RiskChange,
)


class MitigationInline(admin.TabularInline):
    model = MitigationAction
    extra = 0
    raw_id_fields = ["owner", "created_by"]
    exclude = ["plan"]


@admin.register(Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "organisation", "owner", "likelihood", "impact", "status"]
    list_filter = ["status", "category"]
    search_fields = ["title", "plan__reference"]
    list_select_related = ["plan", "organisation", "owner"]
    raw_id_fields = ["plan", "owner", "created_by"]
    inlines = [MitigationInline]


@admin.register(RiskChange)
class RiskChangeAdmin(admin.ModelAdmin):
    list_display = ["risk", "field", "old_value", "new_value", "changed_by", "changed_at"]
    list_select_related = ["risk", "changed_by"]

    def has_change_permission(self, request, obj=None):
        return False


class ActualInline(admin.TabularInline):
    model = BenefitActual
    extra = 0
    raw_id_fields = ["recorded_by"]


@admin.register(Benefit)
class BenefitAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "kind", "owner", "target_value", "target_date"]
    list_select_related = ["plan", "owner"]
    raw_id_fields = ["plan", "owner", "created_by"]
    inlines = [ActualInline]


@admin.register(ExitStrategy)
class ExitStrategyAdmin(admin.ModelAdmin):
    list_display = ["plan", "notice_months", "updated_at"]
    raw_id_fields = ["plan", "updated_by"]
