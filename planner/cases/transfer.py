"""Reading and writing case files (CSV and JSON) and checking each row.

Row numbers in messages count data rows from 1, as an administrator counts them in a
spreadsheet below the header row.
"""

import csv
import io
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from planner.cases.models import Case, CaseOutcome, CaseStatus
from planner.models import CollaborationType

FIELDS = [
    "key",
    "title",
    "area",
    "region",
    "organisations",
    "services",
    "collaboration_type",
    "start_year",
    "summary",
    "benefits",
    "cashable_savings",
    "lessons",
    "outcome",
    "outcome_year",
    "why_stopped",
    "contact_role",
    "contact_organisation",
    "contact_email",
    "source_urls",
    "provenance",
    "status",
]
LIST_FIELDS = {"organisations", "services", "source_urls"}
INT_FIELDS = {"start_year", "cashable_savings", "outcome_year"}
# CSV cells hold lists as items separated by " | " (commas appear in organisation names).
LIST_SEPARATOR = " | "
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection, see
# https://owasp.org/www-community/attacks/CSV_Injection). Exports put a single quote before
# such a cell, which spreadsheets read as "this is text"; a leading quote is itself escaped
# the same way, so an import can take exactly one quote off and get the stored value back.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"
FORMULA_NAMES = {"\t": "a tab", "\r": "a carriage return"}


class FormulaCell(str):
    """A CSV cell that a spreadsheet would run as a formula; the row check refuses it."""


def _csv_cell_out(value: str) -> str:
    if value.startswith((*FORMULA_STARTS, TEXT_MARK)):
        return TEXT_MARK + value
    return value


def _csv_cell_in(value: str | None):
    if value is None:
        return None
    if value.startswith(TEXT_MARK) and value[1:].startswith((*FORMULA_STARTS, TEXT_MARK)):
        return value[1:]
    # Leading spaces are trimmed later, so " =1+1" would be stored as a formula too.
    if value.startswith(FORMULA_STARTS) or value.lstrip(" ").startswith(FORMULA_STARTS):
        return FormulaCell(value)
    return value


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str

    def __str__(self):
        where = f"row {self.row}" if self.row else "file"
        return (
            f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class FileFormatError(Exception):
    """The file cannot be read at all (not CSV or JSON, wrong columns)."""


def detect_format(filename: str) -> str:
    name = filename.lower()
    if name.endswith(".json"):
        return "json"
    if name.endswith(".csv"):
        return "csv"
    raise FileFormatError("Give a file whose name ends in .csv or .json.")


def parse_rows(content: str, fmt: str) -> list[dict]:
    """The file's rows as dictionaries of raw values."""
    if fmt == "json":
        try:
            data = json.loads(content)
        except json.JSONDecodeError as exc:
            raise FileFormatError(f"The JSON could not be read: {exc}.") from None
        if isinstance(data, dict):
            data = data.get("cases")
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise FileFormatError('The JSON must be a list of cases or {"cases": [...]}.')
        return data
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
        try:
            if not reader.fieldnames or "key" not in reader.fieldnames:
                raise FileFormatError("The CSV must start with a header row that includes 'key'.")
            return [{name: _csv_cell_in(value) for name, value in row.items()} for row in reader]
        except csv.Error as exc:
            raise FileFormatError(f"The CSV could not be read: {exc}.") from None
    raise FileFormatError(f"Unknown format {fmt!r}: use csv or json.")


def _as_list(value, field: str) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value]
    if isinstance(value, str):
        separator = LIST_SEPARATOR.strip()
        parts = value.split(separator)
        if field == "services" and len(parts) == 1:
            parts = value.replace(",", " ").split()
        return [p.strip() for p in parts if p.strip()]
    raise ValueError("give a list")


def _as_int(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    return int(str(value).replace(",", "").replace("£", "").strip())


def _collaboration_type(value: str) -> str:
    """Accept the stored value, the label, or the 2014 overview's category words."""
    text = (value or "").strip().lower()
    for choice in CollaborationType:
        if text in {choice.value, choice.label.lower()}:
            return choice.value
    return text.replace("-", "_").replace(" ", "_")


def _outcome(value: str) -> str:
    """Accept the stored value or the label a reader sees ("Still running")."""
    text = (value or "").strip().lower()
    for choice in CaseOutcome:
        if text in {choice.value, choice.label.lower()}:
            return choice.value
    return text


def _row_values(raw: dict, number: int, errors: list[RowError]) -> dict:
    values = {}
    for name, value in raw.items():
        if name not in FIELDS:
            errors.append(RowError(number, name or "(blank column)", "is not a case field"))
            continue
        if isinstance(value, FormulaCell):
            start = value.lstrip(" ")[0]
            errors.append(
                RowError(
                    number,
                    name,
                    f"starts with {FORMULA_NAMES.get(start, f'“{start}”')}, so a spreadsheet "
                    "would run it as a formula. Remove it, or put a single quote (') before it "
                    "to keep it as text",
                )
            )
            continue
        try:
            if name in LIST_FIELDS:
                values[name] = _as_list(value, name)
            elif name in INT_FIELDS:
                values[name] = _as_int(value)
            elif name == "collaboration_type":
                values[name] = _collaboration_type(value)
            elif name == "outcome":
                values[name] = _outcome(value)
            else:
                values[name] = "" if value is None else str(value).strip()
        except ValueError:
            expected = "a list" if name in LIST_FIELDS else "a whole number"
            errors.append(RowError(number, name, f"must be {expected}, not {value!r}"))
    if not values.get("status"):
        values["status"] = CaseStatus.PUBLISHED
    return values


def validate_rows(raw_rows: list[dict]) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """Check every row; return the good rows (with their numbers) and every error found."""
    good, errors, seen = [], [], {}
    url = URLValidator(schemes=["http", "https"])
    for number, raw in enumerate(raw_rows, start=1):
        row_errors: list[RowError] = []
        values = _row_values(raw, number, row_errors)
        bad_fields = {e.field for e in row_errors}
        candidate = Case(**{k: v for k, v in values.items() if k not in bad_fields})
        try:
            candidate.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                if name in bad_fields:
                    continue  # its value was refused above; "cannot be blank" would repeat it
                for message in messages:
                    row_errors.append(RowError(number, name, message.rstrip(".")))
        for link in values.get("source_urls") or []:
            try:
                url(link)
            except ValidationError:
                row_errors.append(RowError(number, "source_urls", f"{link!r} is not a web address"))
        key = values.get("key")
        if key and key in seen:
            row_errors.append(RowError(number, "key", f"repeats the key of row {seen[key]}"))
        elif key:
            seen[key] = number
        if row_errors:
            errors.extend(row_errors)
        else:
            good.append((number, values))
    return good, errors


def case_to_row(case: Case) -> dict:
    return {name: getattr(case, name) for name in FIELDS}


def rows_to_json(rows: list[dict]) -> str:
    return json.dumps({"cases": rows}, indent=1, ensure_ascii=False) + "\n"


def _csv_value(name: str, value) -> str | int:
    if value is None:
        return ""
    if name in INT_FIELDS:
        return value  # a number, written as one, so it stays a number in a spreadsheet
    return _csv_cell_out(LIST_SEPARATOR.join(value) if name in LIST_FIELDS else str(value))


def rows_to_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    # CRLF between rows (RFC 4180) also makes the writer quote a cell holding a lone
    # carriage return, which would otherwise end the row when the file is read back.
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_value(k, v) for k, v in row.items()})
    return out.getvalue()
