from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "workflows.notifications"
    label = "notifications"
    verbose_name = "Notifications and reminders"

    def ready(self):
        # What notifications add to plans (the inbox link, reminder rules) is listed in
        # workflows/notifications/plugin.py; here only the stage-change receivers.
        from workflows.notifications import receivers

        receivers.connect()
