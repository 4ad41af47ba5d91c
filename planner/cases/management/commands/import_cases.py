"""Load cases from a CSV or JSON file: `python manage.py import_cases FILE [--dry-run]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planner.cases.services import cases_import
from planner.cases.transfer import FileFormatError, detect_format, parse_rows


class Command(BaseCommand):
    help = (
        "Import cases from CSV or JSON, matched on their 'key' (running it twice changes "
        "nothing). Every row is checked first; if any is bad nothing is imported, unless "
        "--skip-bad-rows. Row numbers count data rows from 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .csv or .json file.")
        parser.add_argument("--format", choices=["csv", "json"], help="Override the file type.")
        parser.add_argument("--dry-run", action="store_true", help="Check and count only.")
        parser.add_argument(
            "--skip-bad-rows", action="store_true", help="Import the good rows, report the bad."
        )

    def handle(self, *args, path, format=None, dry_run=False, skip_bad_rows=False, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No file at {file}.")
        try:
            # newline="": the CSV reader handles line ends itself, and a carriage return
            # inside a cell is kept rather than turned into a line break.
            with file.open(encoding="utf-8", newline="") as handle:
                rows = parse_rows(handle.read(), format or detect_format(file.name))
        except (FileFormatError, UnicodeDecodeError) as exc:
            raise CommandError(str(exc)) from None
        result = cases_import(rows=rows, skip_bad_rows=skip_bad_rows, dry_run=dry_run)
        for error in result.errors:
            self.stderr.write(str(error))
        if result.errors and not skip_bad_rows:
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))
