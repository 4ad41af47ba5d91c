from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Stages, gates, sign-off and decisions"

    def ready(self):
        # Registers gate checks and plan-page panels.
        from workflows import checks, panels  # noqa: F401
        from workflows.summary import connect_summary_signals

        connect_summary_signals()
