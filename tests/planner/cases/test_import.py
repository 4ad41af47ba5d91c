"""Import and export: validate every row, upsert by key, round-trip."""

import json

import pytest
from django.core.management import CommandError, call_command

from planner.cases.demo import shipped_rows
from planner.cases.models import Case, CaseStatus, Provenance
from planner.cases.services import cases_import
from planner.cases.transfer import case_to_row, parse_rows, rows_to_csv, rows_to_json

pytestmark = pytest.mark.django_db


def _row(key, **kw):
    row = {
        "key": key,
        "title": f"Scheme {key}",
        "area": "Kent",
        "region": "South East",
        "organisations": ["Kent Police", "Kent Fire and Rescue Service"],
        "services": ["police", "fire"],
        "collaboration_type": "sharing premises",
        "start_year": 2014,
        "summary": "Police and fire share a building.",
        "benefits": "Lower running costs.",
        "cashable_savings": 100000,
        "lessons": "Agree the cost split early.",
        "contact_role": "Estates lead",
        "contact_organisation": "Kent Police",
        "contact_email": "",
        "source_urls": ["https://example.org/kent"],
        "provenance": "other_public_source",
        "status": "published",
    }
    row.update(kw)
    return row


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row_and_field():
    rows = [_row("one"), _row("two", services=["police", "coastguard"]), _row("three")]
    result = cases_import(rows=rows)
    assert Case.objects.count() == 0
    assert not result.applied
    assert [(e.row, e.field) for e in result.errors] == [(2, "services")]
    assert "coastguard" in result.errors[0].message
    assert str(result.errors[0]).startswith("row 2, services:")


def test_every_bad_row_is_reported():
    rows = [
        _row("one", start_year="around 2014"),
        _row("two"),
        _row("Bad Key!", provenance="a rumour", source_urls=["not a url"]),
        _row("two"),
    ]
    result = cases_import(rows=rows)
    found = {(e.row, e.field) for e in result.errors}
    assert found == {
        (1, "start_year"),
        (3, "key"),
        (3, "provenance"),
        (3, "source_urls"),
        (4, "key"),
    }
    assert Case.objects.count() == 0


def test_skip_bad_rows_imports_the_good_ones_and_reports_the_bad():
    rows = [_row("one"), _row("two", collaboration_type="wishful thinking"), _row("three")]
    result = cases_import(rows=rows, skip_bad_rows=True)
    assert (result.created, result.skipped) == (2, 1)
    assert [(e.row, e.field) for e in result.errors] == [(2, "collaboration_type")]
    assert set(Case.objects.values_list("key", flat=True)) == {"one", "three"}


def test_a_second_identical_import_changes_nothing():
    rows = [_row("one"), _row("two")]
    first = cases_import(rows=rows)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    stamps = dict(Case.objects.values_list("key", "updated_at"))
    second = cases_import(rows=rows)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert dict(Case.objects.values_list("key", "updated_at")) == stamps


def test_a_changed_row_updates_its_case_by_key():
    cases_import(rows=[_row("one"), _row("two")])
    result = cases_import(rows=[_row("one", lessons="Talk to the unions first."), _row("two")])
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert Case.objects.get(key="one").lessons == "Talk to the unions first."
    assert Case.objects.count() == 2


def test_a_dry_run_counts_but_changes_nothing():
    result = cases_import(rows=[_row("one")], dry_run=True)
    assert (result.created, result.applied) == (1, False)
    assert result.summary().startswith("Would import: 1 created")
    assert Case.objects.count() == 0


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_then_import_round_trips(fmt):
    cases_import(rows=[_row("one"), _row("two", start_year=None, cashable_savings=None)])
    before = [case_to_row(c) for c in Case.objects.order_by("key")]
    text = rows_to_csv(before) if fmt == "csv" else rows_to_json(before)
    result = cases_import(rows=parse_rows(text, fmt))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    Case.objects.all().delete()
    cases_import(rows=parse_rows(text, fmt))
    assert [case_to_row(c) for c in Case.objects.order_by("key")] == before


def test_the_commands_import_twice_and_export_round_trip(tmp_path, capsys):
    source = tmp_path / "cases.csv"
    source.write_text(rows_to_csv([_row("one"), _row("two")]))
    call_command("import_cases", str(source))
    assert "2 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    call_command("import_cases", str(source))
    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out
    exported = tmp_path / "out.json"
    call_command("export_cases", "--format", "json", "--output", str(exported))
    call_command("import_cases", str(exported), "--dry-run")
    assert "Would import: 0 created, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_the_import_command_refuses_a_bad_file_and_names_the_row(tmp_path, capsys):
    source = tmp_path / "cases.json"
    source.write_text(json.dumps([_row("one"), _row("two", title="")]))
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_cases", str(source))
    assert "row 2, title:" in capsys.readouterr().err
    assert Case.objects.count() == 0


def test_the_shipped_library_loads_with_its_stated_provenance():
    result = cases_import(rows=shipped_rows())
    assert result.errors == []
    assert result.created == 20
    az = set(Case.objects.filter(provenance=Provenance.AZ_2014).values_list("key", flat=True))
    assert az == {
        "east-cleveland-fire-co-responding",
        "cumbria-joint-training-ground",
        "margate-task-force",
        "greater-manchester-civil-contingencies",
    }
    assert not Case.objects.exclude(status=CaseStatus.PUBLISHED).exists()
    assert all(case.source_urls for case in Case.objects.all())
    assert cases_import(rows=shipped_rows()).unchanged == 20


def test_the_admin_import_page_reports_bad_rows_and_imports_nothing(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import UserFactory

    admin = UserFactory(email="root@planner.test", organisation=None, is_staff=True)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    upload = SimpleUploadedFile(
        "cases.csv", rows_to_csv([_row("one"), _row("two", start_year=1066)]).encode()
    )
    response = client.post("/admin/cases/case/import/", {"file": upload})
    assert response.status_code == 200
    assert "row 2, start_year:" in response.content.decode()
    assert Case.objects.count() == 0
    good = SimpleUploadedFile("cases.json", rows_to_json([_row("one")]).encode())
    assert client.post("/admin/cases/case/import/", {"file": good}).status_code == 302
    assert Case.objects.filter(key="one").exists()
    exported = client.post(
        "/admin/cases/case/",
        {"action": "export_csv", "_selected_action": [Case.objects.get().pk]},
    )
    assert exported["Content-Disposition"] == 'attachment; filename="cases.csv"'
    assert parse_rows(exported.content.decode(), "csv")[0]["key"] == "one"
