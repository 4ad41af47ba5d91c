from django.urls import path

from assessments import views

# <round> is a stage ("scoping") or a delivery health check ("delivery-health-check-2").
urlpatterns = [
    path("plans/<id:plan_id>/assessments/", views.assessment_trend, name="assessment_trend"),
    path(
        "plans/<id:plan_id>/assessments/health-checks/",
        views.health_check_start,
        name="health_check_start",
    ),
    path(
        "plans/<id:plan_id>/assessments/<slug:round_slug>/",
        views.assessment_results,
        name="assessment_results",
    ),
    path(
        "plans/<id:plan_id>/assessments/<slug:round_slug>/mine/",
        views.assessment_mine,
        name="assessment_mine",
    ),
    path(
        "plans/<id:plan_id>/assessments/<slug:round_slug>/organisations/<id:org_id>/",
        views.assessment_org,
        name="assessment_org",
    ),
    path(
        "plans/<id:plan_id>/assessments/<slug:round_slug>/organisations/<id:org_id>/submit/",
        views.assessment_submit_view,
        name="assessment_submit",
    ),
    path(
        "plans/<id:plan_id>/assessments/<slug:round_slug>/organisations/<id:org_id>/check/",
        views.assessment_check,
        name="assessment_check",
    ),
    path(
        "plans/<id:plan_id>/assessments/<slug:round_slug>/organisations/<id:org_id>/reopen/",
        views.assessment_reopen_view,
        name="assessment_reopen",
    ),
    path(
        "plans/<id:plan_id>/assessments/<slug:round_slug>/discuss/<slug:code>/",
        views.assessment_discuss,
        name="assessment_discuss",
    ),
    path(
        "plans/<id:plan_id>/assessments/<slug:round_slug>/discuss/<slug:code>/resolution/",
        views.assessment_resolution_record,
        name="assessment_resolution_record",
    ),
    path(
        "plans/<id:plan_id>/assessments/<slug:round_slug>/discuss/<slug:code>/resolution/"
        "acknowledge/",
        views.assessment_resolution_acknowledge,
        name="assessment_resolution_acknowledge",
    ),
    path(
        "plans/<id:plan_id>/assessments/<slug:round_slug>/discuss/<slug:code>/resolution/reopen/",
        views.assessment_resolution_reopen,
        name="assessment_resolution_reopen",
    ),
    path(
        "plans/<id:plan_id>/assessments/<slug:round_slug>/justify/<slug:code>/",
        views.assessment_justify,
        name="assessment_justify",
    ),
]
