from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "assessments.finance"
    label = "finance"
    verbose_name = "Costs and funding"
