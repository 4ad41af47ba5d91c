from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "assessments.risks"
    label = "risks"
    verbose_name = "Risks, benefits and exit strategy"

    def ready(self):
        # What the risk register adds to plans is listed in assessments/risks/plugin.py.
        from assessments.risks import reminders  # noqa: F401
