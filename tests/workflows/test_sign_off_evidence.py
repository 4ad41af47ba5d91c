"""A governing body's decision is evidence a gate can rely on (issue 15): dated on a real day
of the plan's life, naming its body, meeting date and reference whoever records it, recorded
only by the organisation's approver or by the lead on its behalf (and labelled so), and
replaced only by an explicit, reasoned, later decision."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from planner.access import plan_access_for_user
from planner.errors import DomainError
from planner.models import MemberRole, Stage
from planner.reports.models import Marking, ReportPurpose
from planner.reports.rendering import report_document_html
from planner.reports.services import report_preview_meta
from tests.factories import add_partner
from tests.helpers import assert_unchanged, gate_of, set_plan, snapshot, state_models
from workflows.models import Decision, SignOff
from workflows.services import signoff_record, signoff_supersede

pytestmark = pytest.mark.django_db

FIRE = "Testshire Fire and Rescue Service"
CREATED = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
# 23:30 UTC on 30 June 2026 is 00:30 on 1 July in British Summer Time.
BST_LATE_EVENING = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)


@pytest.fixture
def governance_plan(plan, fire_approver, council_approver):
    add_partner(plan, fire_approver, member_role=MemberRole.APPROVER)
    add_partner(plan, council_approver, member_role=MemberRole.APPROVER)
    return set_plan(plan, stage=Stage.GOVERNANCE, created_at=CREATED)


def decision_data(**overrides):
    return {
        "body": "Testshire Fire and Rescue Authority",
        "decision": "approved",
        "decided_on": "2026-04-01",
        "reference": "FRA/2026/14",
        "conditions": "",
        **overrides,
    }


def error_summary(response) -> str:
    page = response.content.decode()
    start = page.index('class="govuk-error-summary"')
    return page[start : page.index("</ul>", start)]


def fire_gate_line(plan):
    fire = plan.partners.get(organisation__name=FIRE).organisation_id
    (result,) = [r for r in gate_of(plan).results if r.code == f"sign_off:{fire}"]
    return result


def record(access, organisation, **overrides):
    data = decision_data(**overrides)
    data["decided_on"] = (
        date.fromisoformat(data["decided_on"]) if data["decided_on"] else data["decided_on"]
    )
    return signoff_record(access=access, organisation=organisation, **data)


# Possible dates only

IMPOSSIBLE_DATES = [
    ("2030-01-01", "Date of decision must be today or in the past"),
    (
        "2026-03-02",
        "Date of decision must be the same as or after 3 March 2026, when the plan was created",
    ),
]


@pytest.mark.parametrize("decided_on, message", IMPOSSIBLE_DATES)
def test_an_impossible_decision_date_is_refused_on_the_page_and_nothing_is_written(
    decided_on, message, client_for, governance_plan, fire_approver
):
    client = client_for(fire_approver)
    before = snapshot(*state_models())
    response = client.post(
        reverse("plan_sign_off", args=[governance_plan.pk]), decision_data(decided_on=decided_on)
    )
    assert response.status_code == 400
    assert message in error_summary(response)
    assert_unchanged(before)
    assert not fire_gate_line(governance_plan).passed


@pytest.mark.parametrize("decided_on, message", IMPOSSIBLE_DATES)
def test_the_service_refuses_an_impossible_decision_date_against_its_field(
    decided_on, message, governance_plan, police_lead, orgs
):
    access = plan_access_for_user(police_lead, governance_plan.pk, for_change=True)
    before = snapshot(*state_models())
    with pytest.raises(DomainError) as refused:
        record(access, orgs["fire"], decided_on=decided_on)
    assert (refused.value.field, refused.value.message) == ("decided_on", message)
    assert_unchanged(before)


def test_the_decision_date_limit_is_today_in_the_uk(
    client_for, governance_plan, fire_approver, time_machine
):
    time_machine.move_to(BST_LATE_EVENING, tick=False)
    client = client_for(fire_approver)
    url = reverse("plan_sign_off", args=[governance_plan.pk])
    tomorrow = client.post(url, decision_data(decided_on="2026-07-02"))
    assert tomorrow.status_code == 400
    assert "Date of decision must be today or in the past" in error_summary(tomorrow)
    assert client.post(url, decision_data(decided_on="2026-07-01")).status_code == 302
    assert SignOff.objects.get().decided_on == date(2026, 7, 1)


def test_a_superseding_decision_cannot_predate_the_one_it_replaces(
    governance_plan, fire_approver, orgs
):
    access = plan_access_for_user(fire_approver, governance_plan.pk, for_change=True)
    rejected = record(access, orgs["fire"], decision="rejected", decided_on="2026-04-10")
    before = snapshot(*state_models())
    with pytest.raises(DomainError) as refused:
        signoff_supersede(
            access=access,
            sign_off=rejected,
            reason="The authority met again.",
            body="Testshire Fire and Rescue Authority",
            decision="approved",
            decided_on=date(2026, 4, 9),
            reference="FRA/2026/20",
        )
    assert refused.value.field == "decided_on"
    assert refused.value.message == (
        "Date of decision must be the same as or after 10 April 2026, the date of the "
        "decision it supersedes"
    )
    assert_unchanged(before)


# Body, meeting date and reference, whoever records


@pytest.mark.parametrize(
    "field, message",
    [
        ("body", "Enter the name of the governing body."),
        ("decided_on", "Enter the decision date"),
        ("reference", "Enter the minute or decision-notice reference."),
    ],
)
@pytest.mark.parametrize("recorder", ["fire_approver", "police_lead"])
def test_body_date_and_reference_are_each_required_whoever_records(
    field, message, recorder, client_for, governance_plan, request, orgs
):
    client = client_for(request.getfixturevalue(recorder))
    data = decision_data(**{field: " " if field != "decided_on" else ""})
    if recorder == "police_lead":
        data["organisation"] = orgs["fire"].pk
    before = snapshot(*state_models())
    response = client.post(reverse("plan_sign_off", args=[governance_plan.pk]), data)
    assert response.status_code == 400
    assert message in error_summary(response)
    assert_unchanged(before)


@pytest.mark.parametrize(
    "field, message",
    [
        ("body", "Enter the name of the governing body."),
        ("decided_on", "Enter the date of the decision."),
        ("reference", "Enter the minute or decision-notice reference."),
    ],
)
def test_the_service_requires_body_date_and_reference_too(
    field, message, governance_plan, police_lead, orgs
):
    access = plan_access_for_user(police_lead, governance_plan.pk, for_change=True)
    before = snapshot(*state_models())
    with pytest.raises(DomainError) as refused:
        record(access, orgs["fire"], **{field: "  " if field != "decided_on" else None})
    assert (refused.value.field, refused.value.message) == (field, message)
    assert_unchanged(before)


# Who records


def test_a_partner_representative_is_refused_and_nothing_anywhere_is_written(
    client_for, governance_plan, fire_partner, fire_approver, orgs
):
    access = plan_access_for_user(fire_approver, governance_plan.pk, for_change=True)
    current = record(access, orgs["fire"], decision="rejected")
    client = client_for(fire_partner)
    before = snapshot(*state_models())
    first = client.post(reverse("plan_sign_off", args=[governance_plan.pk]), decision_data())
    again = client.post(
        reverse("plan_sign_off_supersede", args=[governance_plan.pk, current.pk]),
        decision_data(reason="The authority met again."),
    )
    assert (first.status_code, again.status_code) == (403, 403)
    assert_unchanged(before)


def test_the_on_behalf_record_is_labelled_in_the_report_too(governance_plan, police_lead, orgs):
    access = plan_access_for_user(police_lead, governance_plan.pk, for_change=True)
    record(access, orgs["fire"])
    meta = report_preview_meta(access, marking=Marking.OFFICIAL, purpose=ReportPurpose.DECISION)
    html = report_document_html(type(governance_plan).objects.get(pk=governance_plan.pk), meta)
    assert f"recorded by Pat Lead on behalf of {FIRE}" in html


def test_an_approvers_own_record_is_not_labelled_on_behalf(governance_plan, fire_approver, orgs):
    access = plan_access_for_user(fire_approver, governance_plan.pk, for_change=True)
    sign_off = record(access, orgs["fire"])
    assert not sign_off.on_behalf
    assert "on behalf" not in Decision.objects.get().summary


# Supersession keeps both


def test_a_supersession_keeps_both_decisions_in_the_history_and_the_log(
    client_for, governance_plan, fire_approver, orgs
):
    access = plan_access_for_user(fire_approver, governance_plan.pk, for_change=True)
    rejected = record(access, orgs["fire"], decision="rejected")
    approved = signoff_supersede(
        access=access,
        sign_off=rejected,
        reason="The authority met again on the revised business case.",
        body="Testshire Fire and Rescue Authority",
        decision="approved",
        decided_on=date(2026, 5, 1),
        reference="FRA/2026/31",
    )
    assert list(SignOff.objects.order_by("pk")) == [rejected, approved]
    assert list(SignOff.objects.current()) == [approved]
    summaries = list(
        Decision.objects.order_by("created_at", "pk").values_list("summary", flat=True)
    )
    assert len(summaries) == 2
    assert "FRA/2026/14" in summaries[0] and "supersedes" in summaries[1]
    page = client_for(fire_approver).get(reverse("plan_sign_off", args=[governance_plan.pk]))
    assert "FRA/2026/14" in page.content.decode() and "FRA/2026/31" in page.content.decode()
