from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from planner.models import (
    GoverningBody,
    Invitation,
    Organisation,
    Plan,
    PlanMember,
    PlanPartner,
    User,
)
from planner.services import governing_body_for_organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "nation", "area", "governing_body"]
    list_filter = ["kind", "nation"]
    search_fields = ["name", "area"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Every organisation has a body a paper can be addressed to from the start.
        governing_body_for_organisation(organisation=obj)


@admin.register(GoverningBody)
class GoverningBodyAdmin(admin.ModelAdmin):
    # A joint board is one body governing several organisations, so one paper goes to it.
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "organisations__name"]
    filter_horizontal = ["organisations"]


@admin.register(User)
class PersonAdmin(UserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "organisation", "is_staff", "is_active"]
    list_filter = ["organisation", "is_staff", "is_active"]
    search_fields = ["full_name", "email"]
    list_select_related = ["organisation"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "job_title", "organisation"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "full_name", "organisation", "password1", "password2"]}),
    ]


class PartnerInline(admin.TabularInline):
    model = PlanPartner
    extra = 0


class MemberInline(admin.TabularInline):
    model = PlanMember
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "stage", "updated_at"]
    list_filter = ["stage", "collaboration_type"]
    search_fields = ["reference", "title"]
    # The stage is changed by the stage machine only, never by editing the row.
    readonly_fields = ["stage", "held_from_stage", "last_decision_at", "gate_summary"]
    inlines = [PartnerInline, MemberInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "plan", "organisation", "role", "expires_at", "accepted_at"]
    exclude = ["token_hash"]
