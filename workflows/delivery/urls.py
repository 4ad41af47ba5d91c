from django.urls import path

from workflows.delivery import views

urlpatterns = [
    path("plans/<id:plan_id>/milestones/", views.plan_milestones, name="plan_milestones"),
    path(
        "plans/<id:plan_id>/milestones/new/",
        views.milestone_create_view,
        name="milestone_create",
    ),
    path(
        "plans/<id:plan_id>/milestones/<id:milestone_id>/edit/",
        views.milestone_edit,
        name="milestone_edit",
    ),
    path(
        "plans/<id:plan_id>/milestones/<id:milestone_id>/rebaseline/",
        views.milestone_rebaseline_view,
        name="milestone_rebaseline",
    ),
    path("plans/<id:plan_id>/timeline/", views.plan_timeline, name="plan_timeline"),
    path("plans/<id:plan_id>/confidence/", views.plan_confidence, name="plan_confidence"),
    path(
        "plans/<id:plan_id>/confidence/new/",
        views.confidence_record_view,
        name="confidence_record",
    ),
]
