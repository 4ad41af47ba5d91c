from django.urls import path

from planner import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plans/new/", views.plan_create_view, name="plan_create"),
    path("plans/<id:plan_id>/", views.plan_detail, name="plan_detail"),
    path("plans/<id:plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<id:plan_id>/partners/", views.plan_partners_view, name="plan_partners"),
    path("plans/<id:plan_id>/s2/", views.plan_s2, name="plan_s2"),
    path("invitations/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
]
