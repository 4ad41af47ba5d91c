from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "assessments.risks"
    label = "risks"
    verbose_name = "Risks, benefits and exit strategy"

    def ready(self):
        # Registers the gate checks on leaving joint risk assessment, the plan-page panels
        # and the report sections.
        from assessments.risks import checks, panels, reminders  # noqa: F401
