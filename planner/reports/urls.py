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
        "plans/<id:plan_id>/reports/<id:version_id>/download.docx",
        views.report_download_docx,
        name="report_download_docx",
    ),
    path(
        "plans/<id:plan_id>/reports/<id:version_id>/retry/",
        views.report_retry_view,
        name="report_retry",
    ),
    path(
        "plans/<id:plan_id>/reports/bodies/<id:body_id>/paper/",
        views.board_paper_start_view,
        name="board_paper_start",
    ),
    path(
        "plans/<id:plan_id>/reports/papers/<id:paper_id>/",
        views.board_paper_view,
        name="board_paper",
    ),
    path(
        "plans/<id:plan_id>/reports/papers/<id:paper_id>/details/",
        views.board_paper_details_view,
        name="board_paper_details",
    ),
    path(
        "plans/<id:plan_id>/reports/papers/<id:paper_id>/recommendations/",
        views.board_paper_recommendations_view,
        name="board_paper_recommendations",
    ),
    path(
        "plans/<id:plan_id>/reports/papers/<id:paper_id>/recommendations/redraft/",
        views.board_paper_redraft_view,
        name="board_paper_redraft",
    ),
    path(
        "plans/<id:plan_id>/reports/papers/<id:paper_id>/implications/",
        views.board_paper_implications_view,
        name="board_paper_implications",
    ),
    path(
        "plans/<id:plan_id>/reports/papers/<id:paper_id>/freeze/",
        views.board_paper_freeze_view,
        name="board_paper_freeze",
    ),
    path("plans/<id:plan_id>/highlight/", views.highlight_report, name="highlight_report"),
    path("plans/<id:plan_id>/highlight/pdf/", views.highlight_pdf, name="highlight_pdf"),
    path("reports/print.css", views.report_stylesheet_view, name="report_stylesheet"),
]
