from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    label = "assessments"
    verbose_name = "Success framework and assessments"

    def ready(self):
        # What assessments adds to plans is listed in assessments/plugin.py.
        from assessments import reminders  # noqa: F401
