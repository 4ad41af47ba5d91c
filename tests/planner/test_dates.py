"""Possible evidence only: dates of what happened lie between the plan's creation and today in
the UK (planner.dates), and s.2 notifications and responses keep to them, on the page and in
the service."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from planner.access import plan_access_for_user
from planner.dates import (
    plan_created_on,
    uk_today,
    validate_happened,
    validate_in_future,
    validate_not_future,
)
from planner.errors import DomainError
from planner.models import S2Notice
from planner.services import s2_notice_record
from tests.helpers import assert_unchanged, set_plan, snapshot, state_models

pytestmark = pytest.mark.django_db

# 23:30 UTC on 30 June 2026 is 00:30 on 1 July in British Summer Time.
BST_LATE_EVENING = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)


def error_summary(response) -> str:
    """The text of the page's "There is a problem" box."""
    page = response.content.decode()
    start = page.index('class="govuk-error-summary"')
    return page[start : page.index("</ul>", start)]


# The helper


def test_today_is_the_day_in_the_uk_not_in_utc(time_machine):
    time_machine.move_to(BST_LATE_EVENING, tick=False)
    assert uk_today() == date(2026, 7, 1)


def test_today_in_winter_is_the_utc_day(time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 23, 30, tzinfo=UTC), tick=False)
    assert uk_today() == date(2026, 12, 1)


def test_the_plan_was_created_on_its_uk_day(plan):
    set_plan(plan, created_at=BST_LATE_EVENING)
    assert plan_created_on(plan) == date(2026, 7, 1)


def test_a_date_after_today_is_refused_with_the_fields_label(plan, time_machine):
    time_machine.move_to(BST_LATE_EVENING, tick=False)
    set_plan(plan, created_at=datetime(2026, 1, 2, 9, 0, tzinfo=UTC))
    validate_happened(date(2026, 7, 1), plan=plan, label="Date of decision")
    with pytest.raises(ValidationError) as refused:
        validate_happened(date(2026, 7, 2), plan=plan, label="Date of decision")
    assert refused.value.messages == ["Date of decision must be today or in the past"]


def test_a_date_before_the_plan_was_created_is_refused_and_names_that_day(plan):
    set_plan(plan, created_at=datetime(2026, 3, 3, 10, 0, tzinfo=UTC))
    validate_happened(date(2026, 3, 3), plan=plan, label="Date notified")
    with pytest.raises(ValidationError) as refused:
        validate_happened(date(2026, 3, 2), plan=plan, label="Date notified")
    assert refused.value.messages == [
        "Date notified must be the same as or after 3 March 2026, when the plan was created"
    ]


def test_a_missing_date_is_left_to_the_fields_own_rule(plan):
    validate_happened(None, plan=plan, label="Date notified")
    validate_in_future(None, label="Review date")
    validate_not_future(None, label="Baseline date")


def test_in_the_future_means_from_tomorrow(time_machine):
    time_machine.move_to(BST_LATE_EVENING, tick=False)
    validate_in_future(date(2026, 7, 2), label="Review date")
    for today_or_before in (date(2026, 7, 1), date(2026, 6, 30)):
        with pytest.raises(ValidationError) as refused:
            validate_in_future(today_or_before, label="Review date")
        assert refused.value.messages == ["Review date must be in the future (tomorrow or later)"]


# s.2 notifications and responses


@pytest.fixture
def s2_plan(plan):
    return set_plan(plan, created_at=datetime(2026, 3, 3, 10, 0, tzinfo=UTC))


def s2_data(orgs, **overrides):
    return {
        "organisation": orgs["fire"].pk,
        "notified_on": "2026-03-05",
        "response": "agreed",
        "responded_on": "2026-03-20",
        "reason": "",
        **overrides,
    }


IMPOSSIBLE_S2 = [
    ({"notified_on": "2031-01-05"}, "Date notified must be today or in the past"),
    (
        {"notified_on": "2026-03-02"},
        "Date notified must be the same as or after 3 March 2026, when the plan was created",
    ),
    ({"responded_on": "2031-01-20"}, "Date of response must be today or in the past"),
]


@pytest.mark.parametrize("overrides, message", IMPOSSIBLE_S2)
def test_an_impossible_s2_date_is_refused_on_the_page_and_nothing_is_saved(
    overrides, message, client_for, s2_plan, police_lead, orgs
):
    client = client_for(police_lead)
    before = snapshot(*state_models())
    response = client.post(reverse("plan_s2", args=[s2_plan.pk]), s2_data(orgs, **overrides))
    assert response.status_code == 400
    assert message in error_summary(response)
    assert_unchanged(before)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("notified_on", date(2031, 1, 5), "Date notified must be today or in the past"),
        ("responded_on", date(2031, 1, 20), "Date of response must be today or in the past"),
        (
            "responded_on",
            date(2026, 1, 20),
            "Date of response must be the same as or after 3 March 2026, when the plan was created",
        ),
    ],
)
def test_the_service_refuses_an_impossible_s2_date_against_its_field(
    field, value, message, s2_plan, police_lead, orgs
):
    access = plan_access_for_user(police_lead, s2_plan.pk, for_change=True)
    data = {"notified_on": date(2026, 3, 5), "response": "agreed", "responded_on": None}
    data[field] = value
    if field == "notified_on":
        data["responded_on"] = date(2026, 3, 20)
    before = snapshot(*state_models())
    with pytest.raises(DomainError) as refused:
        s2_notice_record(access=access, organisation=orgs["fire"], data=data)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert_unchanged(before)


def test_a_change_to_an_existing_s2_record_keeps_to_the_dates_too(s2_plan, police_lead, orgs):
    access = plan_access_for_user(police_lead, s2_plan.pk, for_change=True)
    notice = s2_notice_record(
        access=access,
        organisation=orgs["fire"],
        data={"notified_on": date(2026, 3, 5), "response": "awaiting", "responded_on": None},
    )
    before = snapshot(notice)
    with pytest.raises(DomainError, match="Date of response must be today or in the past"):
        s2_notice_record(
            access=access,
            organisation=orgs["fire"],
            data={"response": "agreed", "responded_on": date(2031, 1, 20)},
        )
    assert_unchanged(before)


def test_an_s2_response_today_in_the_uk_is_accepted_when_utc_is_still_yesterday(
    client_for, s2_plan, police_lead, orgs, time_machine
):
    time_machine.move_to(BST_LATE_EVENING, tick=False)
    client = client_for(police_lead)
    tomorrow = client.post(
        reverse("plan_s2", args=[s2_plan.pk]), s2_data(orgs, responded_on="2026-07-02")
    )
    assert tomorrow.status_code == 400
    assert "Date of response must be today or in the past" in error_summary(tomorrow)
    today = client.post(
        reverse("plan_s2", args=[s2_plan.pk]), s2_data(orgs, responded_on="2026-07-01")
    )
    assert today.status_code == 302
    assert S2Notice.objects.get().responded_on == date(2026, 7, 1)


def test_the_model_refuses_an_impossible_s2_date_for_the_admin_too(s2_plan, police_lead, orgs):
    notice = S2Notice(
        plan=s2_plan,
        organisation=orgs["fire"],
        notified_on=date(2031, 1, 5),
        response="awaiting",
        recorded_by=police_lead,
    )
    with pytest.raises(ValidationError) as refused:
        notice.full_clean()
    assert refused.value.message_dict == {
        "notified_on": ["Date notified must be today or in the past"]
    }


# The demo


def test_the_demos_evidence_is_dated_in_each_plans_life():
    from django.core.management import call_command

    from assessments.risks.models import BenefitActual
    from workflows.models import SignOff

    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    dated = [
        *((n.plan, n.notified_on, "Date notified") for n in S2Notice.objects.all()),
        *((n.plan, n.responded_on, "Date of response") for n in S2Notice.objects.all()),
        *((s.plan, s.decided_on, "Date of decision") for s in SignOff.objects.all()),
        *(
            (a.benefit.plan, a.recorded_on, "Date measured")
            for a in BenefitActual.objects.select_related("benefit__plan")
        ),
    ]
    assert dated
    for plan, value, label in dated:
        validate_happened(value, plan=plan, label=label)
