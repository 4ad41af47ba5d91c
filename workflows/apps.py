from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Stages, gates, sign-off and decisions"

    def ready(self):
        # Registers gate checks and plan-page panels.
        # report_sections: the governance report's sections that read workflows data.
        from planner.hooks import register_decision_log
        from workflows import checks, panels, report_sections  # noqa: F401
        from workflows.services import decision_record
        from workflows.summary import connect_summary_signals

        connect_summary_signals()
        # Planner's changes that must be logged (removing a partner) write through this.
        register_decision_log(decision_record)
