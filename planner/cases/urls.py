from django.urls import path

from planner.cases import views

urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/<slug:key>/", views.case_detail, name="case_detail"),
    path("plans/<id:plan_id>/cases/", views.plan_cases, name="plan_cases"),
    path("plans/<id:plan_id>/cases/propose/", views.plan_case_propose, name="plan_case_propose"),
]
