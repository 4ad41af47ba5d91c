from django.contrib import admin

from assessments.finance.models import (
    CostAmount,
    CostLine,
    CostStatement,
    FinanceChange,
    FundingAmount,
    FundingLine,
    PlanFinance,
)


class CostAmountInline(admin.TabularInline):
    model = CostAmount
    extra = 0


class FundingAmountInline(admin.TabularInline):
    model = FundingAmount
    extra = 0


@admin.register(PlanFinance)
class PlanFinanceAdmin(admin.ModelAdmin):
    list_display = ["plan", "first_year", "years"]
    raw_id_fields = ["plan", "updated_by"]


@admin.register(CostLine)
class CostLineAdmin(admin.ModelAdmin):
    list_display = ["description", "plan", "organisation", "kind", "recurrence"]
    list_filter = ["kind", "recurrence"]
    raw_id_fields = ["plan", "created_by"]
    inlines = [CostAmountInline]


@admin.register(FundingLine)
class FundingLineAdmin(admin.ModelAdmin):
    list_display = ["description", "plan", "organisation", "source", "grant_body"]
    list_filter = ["source"]
    raw_id_fields = ["plan", "created_by"]
    inlines = [FundingAmountInline]


@admin.register(CostStatement)
class CostStatementAdmin(admin.ModelAdmin):
    list_display = ["plan", "organisation", "stated_by", "stated_at"]
    raw_id_fields = ["plan", "stated_by"]


@admin.register(FinanceChange)
class FinanceChangeAdmin(admin.ModelAdmin):
    """The history is a record: read it here, never rewrite it."""

    list_display = ["summary", "plan", "organisation", "changed_by", "changed_at"]
    raw_id_fields = ["plan", "changed_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
