from django.contrib import admin

from workflows.notifications.models import Delivery, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__email", "dedupe_key"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "plan"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Failed e-mails show here (filter by status) as well as on /admin-tools/failed-emails/."""

    list_display = ["notification", "recipient", "status", "attempts", "last_error", "sent_at"]
    list_filter = ["status", "digest", "notification__kind"]
    search_fields = ["recipient__email", "last_error"]
    list_select_related = ["notification", "recipient"]
    readonly_fields = [f.name for f in Delivery._meta.fields]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "quiet_hours"]
    list_filter = ["frequency", "quiet_hours"]
    raw_id_fields = ["user"]
