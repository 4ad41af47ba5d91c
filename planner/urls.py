from django.urls import include, path

from planner import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plans/new/", views.plan_create_view, name="plan_create"),
    path("plans/new/check/", views.plan_create_check, name="plan_create_check"),
    path("plans/<id:plan_id>/", views.plan_detail, name="plan_detail"),
    path("plans/<id:plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<id:plan_id>/history/", views.plan_history, name="plan_history"),
    path("plans/<id:plan_id>/partners/", views.plan_partners_view, name="plan_partners"),
    # One POST-only view per action on the partners page.
    path("plans/<id:plan_id>/partners/add/", views.plan_partner_add, name="plan_partner_add"),
    # The changes that end something go through a confirmation page each (GET says what will
    # change, POST with a reason does it).
    path(
        "plans/<id:plan_id>/partners/<id:partner_id>/remove/",
        views.plan_partner_remove,
        name="plan_partner_remove",
    ),
    path("plans/<id:plan_id>/members/add/", views.plan_member_add, name="plan_member_add"),
    path(
        "plans/<id:plan_id>/members/<id:member_id>/role/",
        views.plan_member_role_change,
        name="plan_member_role_change",
    ),
    path(
        "plans/<id:plan_id>/members/<id:member_id>/remove/",
        views.plan_member_remove,
        name="plan_member_remove",
    ),
    path(
        "plans/<id:plan_id>/invitations/new/",
        views.plan_invitation_create,
        name="plan_invitation_create",
    ),
    path(
        "plans/<id:plan_id>/invitations/<id:invitation_id>/withdraw/",
        views.plan_invitation_withdraw,
        name="plan_invitation_withdraw",
    ),
    path("plans/<id:plan_id>/s2/", views.plan_s2, name="plan_s2"),
    path("invitations/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path("", include("planner.portfolio.urls")),
    path("", include("planner.service_pages")),
]
