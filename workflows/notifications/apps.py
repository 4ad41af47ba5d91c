from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "workflows.notifications"
    label = "notifications"
    verbose_name = "Notifications and reminders"

    def ready(self):
        from django.urls import reverse

        from planner.hooks import NavItem, register_nav_item
        from workflows.notifications import receivers, rules  # noqa: F401
        from workflows.notifications.selectors import unread_count_for_user

        receivers.connect()

        def inbox(request):
            return NavItem(
                "Inbox", reverse("notifications_inbox"), badge=unread_count_for_user(request.user)
            )

        register_nav_item(inbox)
