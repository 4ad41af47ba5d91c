from django.urls import path

from planner.reports import views

urlpatterns = [
    path("plans/<id:plan_id>/reports/", views.plan_reports, name="plan_reports"),
    path(
        "plans/<id:plan_id>/reports/preview/",
        views.report_live_preview,
        name="report_live_preview",
    ),
    path(
        "plans/<id:plan_id>/reports/<id:version_id>/preview/",
        views.report_version_preview,
        name="report_version_preview",
    ),
    path(
        "plans/<id:plan_id>/reports/<id:version_id>/status.json",
        views.report_status,
        name="report_status",
    ),
    path(
        "plans/<id:plan_id>/reports/<id:version_id>/download/",
        views.report_download,
        name="report_download",
    ),
    path(
        "plans/<id:plan_id>/reports/<id:version_id>/retry/",
        views.report_retry_view,
        name="report_retry",
    ),
    path("reports/print.css", views.report_stylesheet_view, name="report_stylesheet"),
]
