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
        "plans/<id:plan_id>/sign-off/check/", views.plan_sign_off_check, name="plan_sign_off_check"
    ),
    path(
        "plans/<id:plan_id>/sign-off/<id:sign_off_id>/supersede/",
        views.plan_sign_off_supersede,
        name="plan_sign_off_supersede",
    ),
    path("plans/<id:plan_id>/decisions/", views.plan_decisions, name="plan_decisions"),
    path("plans/<id:plan_id>/conditions/", views.plan_conditions, name="plan_conditions"),
    path(
        "plans/<id:plan_id>/conditions/<id:condition_id>/owner/",
        views.plan_condition_set,
        name="plan_condition_set",
    ),
    path(
        "plans/<id:plan_id>/conditions/<id:condition_id>/met/",
        views.plan_condition_meet,
        name="plan_condition_meet",
    ),
    path(
        "plans/<id:plan_id>/conditions/<id:condition_id>/waive/",
        views.plan_condition_waive,
        name="plan_condition_waive",
    ),
    path(
        "plans/<id:plan_id>/conditions/<id:condition_id>/carry/",
        views.plan_condition_carry,
        name="plan_condition_carry",
    ),
]
