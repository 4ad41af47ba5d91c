from django.contrib import admin

from workflows.models import Decision, SignOff


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    """The decision log is shown, never edited: corrections are new rows made in the app."""

    list_display = ["plan", "summary", "actor", "actor_organisation", "created_at"]
    list_filter = ["kind"]
    search_fields = ["summary", "rationale", "plan__reference"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SignOff)
class SignOffAdmin(admin.ModelAdmin):
    """Shown, never edited: a body's later decision supersedes the earlier one in the app,
    with a reason, so the record of who decided what stays whole."""

    list_display = ["plan", "organisation", "decision", "decided_on", "reference", "on_behalf"]
    list_filter = ["decision", "on_behalf"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
