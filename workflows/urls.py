from django.urls import path

from workflows import views

urlpatterns = [
    path(
        "plans/<id:plan_id>/stage/<slug:name>/",
        views.plan_transition_view,
        name="plan_transition",
    ),
    path("plans/<id:plan_id>/sign-off/", views.plan_sign_off, name="plan_sign_off"),
    path(
        "plans/<id:plan_id>/sign-off/<id:sign_off_id>/supersede/",
        views.plan_sign_off_supersede,
        name="plan_sign_off_supersede",
    ),
    path("plans/<id:plan_id>/decisions/", views.plan_decisions, name="plan_decisions"),
]
