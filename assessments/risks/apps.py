from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "assessments.risks"
    label = "risks"
    verbose_name = "Risks, benefits and exit strategy"
