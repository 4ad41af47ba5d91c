from django.core.management.base import BaseCommand

from workflows.diagram import stage_machine_mermaid


class Command(BaseCommand):
    help = "Print the stage machine as a Mermaid diagram (pasted into the README)."

    def handle(self, *args, **options):
        self.stdout.write(stage_machine_mermaid(), ending="")
