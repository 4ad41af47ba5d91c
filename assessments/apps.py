from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    label = "assessments"
    verbose_name = "Success framework and assessments"

    def ready(self):
        # Registers the gate checks, the plan-page panel and the report sections.
        from assessments import checks, panels, reminders, reports  # noqa: F401
