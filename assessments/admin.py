"""Administrators manage framework versions here: copy a version to a draft, edit the
draft's characteristics and questions, then publish it. Published versions are read-only,
because assessments made against them must keep displaying exactly as they were."""

from django.contrib import admin, messages

from assessments.models import Characteristic, FrameworkVersion, StageQuestion
from assessments.services import framework_copy, framework_publish
from planner.errors import DomainError


class _DraftOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return obj is None or not obj.is_published

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_published

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_published


class CharacteristicInline(_DraftOnlyInline):
    model = Characteristic
    fields = ["order", "code", "name", "meaning", "sources"]


class StageQuestionInline(_DraftOnlyInline):
    model = StageQuestion
    fields = ["stage", "order", "characteristic", "prompt"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "characteristic":
            version_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Characteristic.objects.filter(framework_id=version_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "status", "published_at"]
    list_filter = ["status"]
    inlines = [CharacteristicInline, StageQuestionInline]
    actions = ["publish", "copy_to_draft"]
    readonly_fields = ["status", "published_at", "created_at"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.is_published or obj.assessments.exists()):
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description="Publish the selected draft versions")
    def publish(self, request, queryset):
        for framework in queryset:
            try:
                framework_publish(framework=framework)
            except DomainError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"Version {framework.version} is published: new assessments use it; "
                    "assessments already made keep their version.",
                )

    @admin.action(description="Copy the selected versions to new drafts")
    def copy_to_draft(self, request, queryset):
        for framework in queryset:
            copy = framework_copy(framework=framework)
            self.message_user(request, f"Draft version {copy.version} created from {framework}.")
