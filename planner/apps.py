from django.apps import AppConfig
from django.core import checks

from planner.plugins import plugin_problems


class PlannerConfig(AppConfig):
    name = "planner"
    verbose_name = "Plans and organisations"

    def ready(self):
        checks.register(plugins_check)


def plugins_check(app_configs, **kwargs):
    """`manage.py check` (and every test run) fails on a panel or report section with no
    place, or two contributions under one name."""
    return [checks.Error(problem, id="planner.E001") for problem in plugin_problems()]
