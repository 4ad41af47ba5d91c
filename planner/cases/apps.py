from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "planner.cases"
    label = "cases"
    verbose_name = "Case library"
