from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "planner.cases"
    label = "cases"
    verbose_name = "Case library"

    def ready(self):
        # Registers the plan panel, the header link and the report section.
        from planner.cases import panels  # noqa: F401
