"""The GOV.UK date input on a governing body's decision: three boxes, GOV.UK's messages, the
summary linking to the first box in error and that box styled; the existing rules (no decision
dated in the future) still apply to a date typed in boxes."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from lxml import html

from planner.dates import uk_today
from planner.models import MemberRole, Stage
from tests.factories import add_partner
from tests.helpers import assert_unchanged, set_plan, snapshot, state_models
from workflows.forms import SignOffForm


@pytest.fixture
def governance_plan(plan, fire_approver):
    add_partner(plan, fire_approver, member_role=MemberRole.APPROVER)
    return set_plan(plan, stage=Stage.GOVERNANCE)


def decision(day="", month="", year=""):
    return {
        "body": "Testshire Fire and Rescue Authority",
        "decision": "approved",
        "decided_on-day": day,
        "decided_on-month": month,
        "decided_on-year": year,
        "reference": "FRA/2026/14",
        "conditions": "",
    }


def test_a_date_without_a_month_is_explained_linked_and_styled_and_nothing_changes(
    client_for, governance_plan, fire_approver
):
    client = client_for(fire_approver)
    before = snapshot(*state_models())
    response = client.post(
        reverse("plan_sign_off", args=[governance_plan.pk]), decision("1", "", "2026")
    )
    assert response.status_code == 400
    doc = html.fromstring(response.content)
    (summary,) = doc.find_class("govuk-error-summary")
    (link,) = summary.iter("a")
    assert link.text_content().strip() == "The decision date must include a month"
    assert link.get("href") == "#id_decided_on-month"
    month = doc.get_element_by_id("id_decided_on-month")
    day = doc.get_element_by_id("id_decided_on-day")
    assert "govuk-input--error" in month.get("class")
    assert "govuk-input--error" not in day.get("class")
    # What was typed is shown back, so only the month needs typing.
    assert day.get("value") == "1"
    assert doc.get_element_by_id("id_decided_on-year").get("value") == "2026"
    assert doc.findtext(".//title").startswith("Error: ")
    assert "For example, 27 3 2026" in doc.get_element_by_id("id_decided_on-hint").text_content()
    assert_unchanged(before)


def test_a_decision_typed_in_the_future_is_still_refused(
    client_for, governance_plan, fire_approver
):
    later = uk_today() + timedelta(days=3)
    client = client_for(fire_approver)
    before = snapshot(*state_models())
    response = client.post(
        reverse("plan_sign_off", args=[governance_plan.pk]),
        decision(str(later.day), str(later.month), str(later.year)),
    )
    assert response.status_code == 400
    assert "must be today or in the past" in response.content.decode()
    assert_unchanged(before)


@pytest.mark.parametrize(
    ("typed", "message", "boxes"),
    [
        (("", "", ""), "Enter the decision date", ("day",)),
        (("1", "", "2026"), "The decision date must include a month", ("month",)),
        (("", "", "2026"), "The decision date must include a day and month", ("day", "month")),
        (("3", "2", ""), "The decision date must include a year", ("year",)),
        (("31", "2", "2026"), "The decision date must be a real date", ("day",)),
        (("1", "13", "2026"), "The decision date must be a real date", ("month",)),
        (("1", "2", "26"), "The decision date must be a real date", ("year",)),
        (("x", "2", "2026"), "The decision date must be a real date", ("day",)),
    ],
)
def test_the_date_input_follows_govuk_error_rules(typed, message, boxes):
    form = SignOffForm(data=decision(*typed))
    assert not form.is_valid()
    (error,) = form.errors.as_data()["decided_on"]
    assert error.messages == [message]
    assert error.params["parts"] == boxes


@pytest.mark.parametrize(
    "data",
    [
        {"decided_on-day": "1", "decided_on-month": "2", "decided_on-year": "2026"},
        {"decided_on-day": " 01 ", "decided_on-month": "Feb", "decided_on-year": "2026"},
        # One ISO value, as scripts and the older tests post it.
        {"decided_on": "2026-02-01"},
    ],
)
def test_a_date_is_read_from_its_boxes_or_from_one_iso_value(data):
    form = SignOffForm(data={**decision(), **data})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["decided_on"] == date(2026, 2, 1)
