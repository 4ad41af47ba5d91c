"""Create (or top up) the demo: `python manage.py demo_data`. Safe to run again."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from planner.demo import ADMIN, DEMO_PASSWORD, PEOPLE, DemoContext


class Command(BaseCommand):
    help = "Create the Wealdshire demo organisations, people and plans. Safe to run twice."

    def handle(self, *args, **options):
        ctx = DemoContext()
        # Each app may ship a `demo` module with build(ctx); planner's runs first because
        # the others add to its plans. finish(ctx) runs after every build, for what
        # summarises the others' data (the governance report).
        modules = []
        for config in apps.get_app_configs():
            name = f"{config.name}.demo"
            if config.name.startswith("django") or find_spec(name) is None:
                continue
            modules.append(import_module(name))
        for step in ("build", "finish"):
            for module in modules:
                if hasattr(module, step):
                    getattr(module, step)(ctx)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with any of these:"))
        self.stdout.write(f"  password for every demo account: {DEMO_PASSWORD}")
        for email, name, _, _, role in PEOPLE:
            self.stdout.write(f"  {email:<32} {name:<14} {role}")
        self.stdout.write(
            f"  {ADMIN[0]:<32} {ADMIN[1]:<14} Administrator (case library, framework)"
        )
