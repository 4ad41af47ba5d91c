from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "assessments.review"
    label = "review"
    verbose_name = "Review and lessons learned"
