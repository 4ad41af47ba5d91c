from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Stages, gates, sign-off and decisions"

    def ready(self):
        # What workflows adds to plans is listed in workflows/plugin.py. Here only the
        # dashboard's gate summary, which listens to every model that points at a plan.
        from workflows.summary import connect_summary_signals

        connect_summary_signals()
