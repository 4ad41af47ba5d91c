"""Write the case library to CSV or JSON: `python manage.py export_cases --format csv`."""

from pathlib import Path

from django.core.management.base import BaseCommand

from planner.cases.models import Case, CaseStatus
from planner.cases.transfer import case_to_row, rows_to_csv, rows_to_json


class Command(BaseCommand):
    help = "Export cases in the format import_cases reads, so a file round-trips unchanged."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json"], default="json")
        parser.add_argument("--output", help="File to write; standard output if not given.")
        parser.add_argument("--status", choices=CaseStatus.values, help="Only this status.")

    def handle(self, *args, format="json", output=None, status=None, **options):
        cases = Case.objects.order_by("key")
        if status:
            cases = cases.filter(status=status)
        rows = [case_to_row(case) for case in cases.iterator()]
        text = rows_to_csv(rows) if format == "csv" else rows_to_json(rows)
        if output:
            Path(output).write_text(text, encoding="utf-8", newline="")
            self.stderr.write(f"Wrote {len(rows)} case(s) to {output}.")
        else:
            self.stdout.write(text, ending="")
