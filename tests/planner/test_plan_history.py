"""The history of a plan's details: every change through plan_update is kept (who, when, the
field, before and after), listed on the plan's history page and in the report's appendix."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from planner.access import plan_access_for_user
from planner.errors import DomainError
from planner.models import Plan, PlanChange
from planner.plugins import REPORT_OUTLINE, report_sections
from planner.reports.rendering import ReportMeta, report_document_html
from planner.services import plan_update
from tests.helpers import assert_unchanged, count_queries, snapshot
from tests.planner.test_target_dates import edit_data

pytestmark = pytest.mark.django_db


def test_each_changed_field_is_recorded_with_who_when_before_and_after(
    client_for, police_lead, plan
):
    old_title = plan.title
    data = edit_data(plan, title="Eastgate joint station", area="East Testshire")
    started = timezone.now()
    response = client_for(police_lead).post(reverse("plan_edit", args=[plan.pk]), data)
    assert response.status_code == 302
    changes = {c.field: c for c in PlanChange.objects.filter(plan=plan)}
    assert set(changes) == {"title", "area"}
    assert (changes["title"].before, changes["title"].after) == (
        old_title,
        "Eastgate joint station",
    )
    assert (changes["area"].before, changes["area"].after) == ("Testshire", "East Testshire")
    assert all(c.changed_by == police_lead and c.changed_at >= started for c in changes.values())


def test_an_edit_that_changes_nothing_records_nothing(client_for, police_lead, plan):
    client_for(police_lead).post(reverse("plan_edit", args=[plan.pk]), edit_data(plan))
    assert not PlanChange.objects.filter(plan=plan).exists()


def test_line_endings_alone_are_not_a_change(police_lead, plan):
    """Browsers send a textarea's line breaks as CRLF whatever was stored."""
    Plan.objects.filter(pk=plan.pk).update(objectives="Share a building.\nShare a yard.")
    access = plan_access_for_user(police_lead, plan.pk, for_change=True)
    plan_update(access=access, data={"objectives": "Share a building.\r\nShare a yard."})
    assert not PlanChange.objects.filter(plan=plan).exists()


def test_choices_and_dates_are_recorded_in_words(police_lead, plan):
    access = plan_access_for_user(police_lead, plan.pk, for_change=True)
    target = timezone.localdate() + timedelta(days=20)
    plan_update(access=access, data={"agreement_form": "mou", "scoping_target": target})
    changes = {c.field: c for c in PlanChange.objects.filter(plan=plan)}
    assert changes["agreement_form"].after == "Memorandum of understanding"
    assert changes["agreement_form"].before == ""
    assert changes["scoping_target"].after == f"{target:%-d %B %Y}"
    assert changes["scoping_target"].field_label == "Scoping target date"


def test_a_refused_edit_records_nothing(police_lead, plan):
    access = plan_access_for_user(police_lead, plan.pk, for_change=True)
    before = snapshot(Plan, PlanChange)
    with pytest.raises(DomainError):
        plan_update(access=access, data={"title": "New", "reference": "not a reference!"})
    assert_unchanged(before)


def test_the_history_page_lists_changes_newest_first_to_every_member(
    client_for, police_lead, council_viewer, plan
):
    access = plan_access_for_user(police_lead, plan.pk, for_change=True)
    plan_update(access=access, data={"title": "First rename"})
    plan_update(access=access, data={"title": "Second rename"})
    page = client_for(council_viewer).get(reverse("plan_history", args=[plan.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    # Newest first: "First rename" → "Second rename" above "Shared station" → "First rename".
    assert html.index("Second rename") < html.index("Shared station")
    assert f"{police_lead.full_name}, {police_lead.organisation.name}" in html
    detail = client_for(council_viewer).get(reverse("plan_detail", args=[plan.pk]))
    assert reverse("plan_history", args=[plan.pk]) in detail.content.decode()


def test_the_history_page_reads_the_same_number_of_queries_however_long_the_history(
    client_for, police_lead, plan
):
    client = client_for(police_lead)
    url = reverse("plan_history", args=[plan.pk])
    access = plan_access_for_user(police_lead, plan.pk, for_change=True)
    plan_update(access=access, data={"title": "Renamed 0"})
    few = count_queries(client, url)
    for n in range(1, 15):
        plan_update(access=access, data={"title": f"Renamed {n}", "area": f"Area {n}"})
    assert count_queries(client, url) == few


def test_the_report_has_the_history_in_its_appendix(police_lead, plan):
    assert "plan_history" in REPORT_OUTLINE
    section = next(s for s in report_sections() if s.key == "plan_history")
    assert section.five_case == "appendix"
    access = plan_access_for_user(police_lead, plan.pk, for_change=True)
    plan_update(access=access, data={"title": "Eastgate joint station"})
    now = timezone.now()
    meta = ReportMeta(
        number=None,
        marking="OFFICIAL",
        purpose="decision",
        purpose_label="For decision",
        requested_by=police_lead.full_name,
        requested_at=now,
        data_as_at=now,
        variant="pdf/ua-1",
    )
    html = report_document_html(Plan.objects.get(pk=plan.pk), meta)
    appendix = html[html.index("History of the plan&#x27;s details") :]
    assert "Eastgate joint station" in appendix
    assert "Shared station" in appendix  # the title before the change
    assert police_lead.full_name in appendix
