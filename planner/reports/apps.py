from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "planner.reports"
    label = "reports"
    verbose_name = "Governance reports"

    def ready(self):
        # Registers the report sections whose data lives in planner, and the plan panel.
        from planner.reports import panels, sections  # noqa: F401
