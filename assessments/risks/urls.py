from django.urls import path

from assessments.risks import views

urlpatterns = [
    path("plans/<id:plan_id>/risks/", views.risk_register, name="risk_register"),
    path("plans/<id:plan_id>/risks/new/", views.risk_create_view, name="risk_create"),
    path("plans/<id:plan_id>/risks/<id:risk_id>/", views.risk_detail, name="risk_detail"),
    path("plans/<id:plan_id>/risks/<id:risk_id>/edit/", views.risk_edit, name="risk_edit"),
    path(
        "plans/<id:plan_id>/risks/<id:risk_id>/mitigations/",
        views.risk_mitigation_add,
        name="risk_mitigation_add",
    ),
    path(
        "plans/<id:plan_id>/risks/<id:risk_id>/acceptance/",
        views.risk_acceptance,
        name="risk_acceptance",
    ),
    path(
        "plans/<id:plan_id>/risks/suggested/<slug:key>/adopt/",
        views.risk_prompt_adopt,
        name="risk_prompt_adopt",
    ),
    path(
        "plans/<id:plan_id>/risks/suggested/<slug:key>/dismiss/",
        views.risk_prompt_dismiss,
        name="risk_prompt_dismiss",
    ),
    path("plans/<id:plan_id>/benefits/", views.benefit_register, name="benefit_register"),
    path("plans/<id:plan_id>/benefits/new/", views.benefit_create_view, name="benefit_create"),
    path(
        "plans/<id:plan_id>/benefits/<id:benefit_id>/",
        views.benefit_detail,
        name="benefit_detail",
    ),
    path(
        "plans/<id:plan_id>/benefits/<id:benefit_id>/edit/",
        views.benefit_edit,
        name="benefit_edit",
    ),
    path(
        "plans/<id:plan_id>/benefits/<id:benefit_id>/status/",
        views.benefit_status_view,
        name="benefit_status",
    ),
    path(
        "plans/<id:plan_id>/benefits/<id:benefit_id>/actuals/",
        views.benefit_actual_add,
        name="benefit_actual_add",
    ),
    path(
        "plans/<id:plan_id>/benefits/<id:benefit_id>/actuals/<id:actual_id>/correct/",
        views.benefit_actual_correct_view,
        name="benefit_actual_correct",
    ),
    path("plans/<id:plan_id>/exit-strategy/", views.exit_strategy, name="exit_strategy"),
]
