from django.urls import path

from assessments.review import views

urlpatterns = [
    path("plans/<id:plan_id>/review/", views.plan_review, name="plan_review"),
    path("plans/<id:plan_id>/lessons/", views.plan_lessons, name="plan_lessons"),
    path("plans/<id:plan_id>/lessons/new/", views.lesson_create_view, name="lesson_create"),
    path(
        "plans/<id:plan_id>/lessons/<id:lesson_id>/edit/",
        views.lesson_edit,
        name="lesson_edit",
    ),
    path("plans/<id:plan_id>/withdraw/", views.plan_withdraw, name="plan_withdraw"),
    path("lessons/", views.lessons_browse_view, name="lessons_browse"),
]
