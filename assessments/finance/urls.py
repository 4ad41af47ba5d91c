from django.urls import path

from assessments.finance import views

urlpatterns = [
    path("plans/<id:plan_id>/finance/", views.finance_page, name="plan_finance"),
    path("plans/<id:plan_id>/finance/period/", views.finance_period, name="finance_period"),
    path(
        "plans/<id:plan_id>/finance/costs/new/",
        views.cost_line_create_view,
        name="cost_line_create",
    ),
    path(
        "plans/<id:plan_id>/finance/costs/<id:line_id>/edit/",
        views.cost_line_edit,
        name="cost_line_edit",
    ),
    path(
        "plans/<id:plan_id>/finance/costs/<id:line_id>/delete/",
        views.cost_line_delete_view,
        name="cost_line_delete",
    ),
    path(
        "plans/<id:plan_id>/finance/funding/new/",
        views.funding_line_create_view,
        name="funding_line_create",
    ),
    path(
        "plans/<id:plan_id>/finance/funding/<id:line_id>/edit/",
        views.funding_line_edit,
        name="funding_line_edit",
    ),
    path(
        "plans/<id:plan_id>/finance/funding/<id:line_id>/delete/",
        views.funding_line_delete_view,
        name="funding_line_delete",
    ),
    path("plans/<id:plan_id>/finance/no-costs/", views.cost_statement, name="cost_statement"),
]
