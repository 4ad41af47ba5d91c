from django.urls import path

from planner.portfolio import views

urlpatterns = [
    path("portfolio/", views.portfolio, name="portfolio"),
    path("portfolio/plans.csv", views.portfolio_csv, name="portfolio_csv"),
    path("portfolio/bodies/<id:body_id>/", views.portfolio_body, name="portfolio_body"),
    path(
        "portfolio/bodies/<id:body_id>/plans.csv",
        views.portfolio_body_csv,
        name="portfolio_body_csv",
    ),
]
