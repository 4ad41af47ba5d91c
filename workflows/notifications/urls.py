from django.urls import path

from workflows.notifications import views

urlpatterns = [
    path("inbox/", views.inbox, name="notifications_inbox"),
    path("inbox/<id:notification_id>/read/", views.mark_read, name="notifications_mark_read"),
    path("inbox/read-all/", views.mark_all_read, name="notifications_mark_all_read"),
    path("account/notifications/", views.preferences, name="notifications_preferences"),
    path("admin-tools/failed-emails/", views.failed, name="notifications_failed"),
    path(
        "admin-tools/failed-emails/<id:delivery_id>/retry/",
        views.retry,
        name="notifications_retry",
    ),
]
