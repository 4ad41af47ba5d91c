"""Possible evidence only, on the risk and benefit registers (issue 15): a review date set or
changed is in the future, a score after mitigation higher than before it needs a reason and
is flagged, and a benefit's baseline is not measured in the future."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from assessments.risks.models import Benefit, Risk
from assessments.risks.services import benefit_create, risk_create, risk_update
from planner.access import plan_access_for_user
from planner.context import PlanContext
from planner.dates import uk_today
from planner.errors import DomainError
from planner.plugins import report_sections
from tests.assessments.risks.factories import RiskFactory
from tests.helpers import assert_unchanged, snapshot, state_models

pytestmark = pytest.mark.django_db

REVIEW_NOT_AHEAD = "Review date must be in the future (tomorrow or later)"
# 23:30 UTC on 30 June 2026 is 00:30 on 1 July in British Summer Time.
BST_LATE_EVENING = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)


def risk_post(org, owner, **overrides):
    return {
        "title": "Crews injured forcing entry",
        "cause": "Aggressive occupants.",
        "effect": "Injured staff.",
        "category": "operational",
        "organisation": org.pk,
        "owner": owner.pk,
        "likelihood": "2",
        "impact": "3",
        "residual_likelihood": "",
        "residual_impact": "",
        "residual_above_reason": "",
        "status": "open",
        "acceptance_reason": "",
        "review_date": "",
        **overrides,
    }


def risk_data(user, **overrides):
    return {
        "title": "Crews injured forcing entry",
        "cause": "Aggressive occupants.",
        "effect": "Injured staff.",
        "category": "operational",
        "organisation": user.organisation,
        "owner": user,
        "likelihood": 2,
        "impact": 3,
        **overrides,
    }


def error_summary(response) -> str:
    page = response.content.decode()
    start = page.index('class="govuk-error-summary"')
    return page[start : page.index("</ul>", start)]


# Review dates


@pytest.mark.parametrize("days", [0, -1, -2500])
def test_a_new_risk_whose_review_date_is_not_ahead_is_refused_on_the_page(
    days, risk_plan, fire_partner, client_for
):
    client = client_for(fire_partner)
    before = snapshot(*state_models())
    review = (uk_today() + timedelta(days=days)).isoformat()
    response = client.post(
        reverse("risk_create", args=[risk_plan.pk]),
        risk_post(fire_partner.organisation, fire_partner, review_date=review),
    )
    assert response.status_code == 400
    assert REVIEW_NOT_AHEAD in error_summary(response)
    assert_unchanged(before)


def test_the_service_refuses_a_review_date_in_the_past_against_its_field(risk_plan, fire_partner):
    access = plan_access_for_user(fire_partner, risk_plan.pk, for_change=True)
    before = snapshot(*state_models())
    with pytest.raises(DomainError) as refused:
        risk_create(access=access, data=risk_data(fire_partner, review_date=date(2019, 5, 1)))
    assert (refused.value.field, refused.value.message) == ("review_date", REVIEW_NOT_AHEAD)
    assert_unchanged(before)


def test_tomorrow_in_the_uk_is_the_first_review_date_allowed(risk_plan, fire_partner, time_machine):
    time_machine.move_to(BST_LATE_EVENING, tick=False)
    access = plan_access_for_user(fire_partner, risk_plan.pk, for_change=True)
    # 1 July is already today in London, though it is still 30 June in UTC.
    with pytest.raises(DomainError, match="must be in the future"):
        risk_create(access=access, data=risk_data(fire_partner, review_date=date(2026, 7, 1)))
    risk = risk_create(access=access, data=risk_data(fire_partner, review_date=date(2026, 7, 2)))
    assert risk.review_date == date(2026, 7, 2)


def test_a_kept_review_date_that_has_passed_does_not_block_other_changes(risk_plan, fire_partner):
    risk = RiskFactory(plan=risk_plan, created_by=fire_partner, review_date=date(2026, 1, 1))
    access = plan_access_for_user(fire_partner, risk_plan.pk, for_change=True)
    changes = risk_update(access=access, risk=risk, data={"likelihood": 3})
    assert [c.field for c in changes] == ["Likelihood"]
    risk.refresh_from_db()
    assert (risk.likelihood, risk.review_date) == (3, date(2026, 1, 1))


def test_changing_a_review_date_to_another_past_date_is_refused(
    risk_plan, fire_partner, client_for
):
    risk = RiskFactory(plan=risk_plan, created_by=fire_partner, review_date=date(2026, 1, 1))
    client = client_for(fire_partner)
    before = snapshot(*state_models())
    response = client.post(
        reverse("risk_edit", args=[risk_plan.pk, risk.pk]),
        risk_post(
            fire_partner.organisation,
            fire_partner,
            title=risk.title,
            cause=risk.cause,
            effect=risk.effect,
            likelihood="2",
            impact="2",
            review_date="2026-01-02",
        ),
    )
    assert response.status_code == 400
    assert REVIEW_NOT_AHEAD in error_summary(response)
    assert_unchanged(before)


# A score after mitigation above the score before it


def test_a_higher_score_after_mitigation_without_a_reason_is_refused_on_the_page(
    risk_plan, fire_partner, client_for
):
    client = client_for(fire_partner)
    before = snapshot(*state_models())
    response = client.post(
        reverse("risk_create", args=[risk_plan.pk]),
        risk_post(
            fire_partner.organisation,
            fire_partner,
            likelihood="2",
            impact="3",
            residual_likelihood="5",
            residual_impact="5",
        ),
    )
    assert response.status_code == 400
    assert (
        "Enter why the score after mitigation (25) is higher than the score before it (6), or "
        "lower the likelihood or impact after mitigation" in error_summary(response)
    )
    assert_unchanged(before)


def test_the_service_refuses_a_higher_score_after_mitigation_without_a_reason(
    risk_plan, fire_partner
):
    risk = RiskFactory(plan=risk_plan, created_by=fire_partner, likelihood=2, impact=3)
    access = plan_access_for_user(fire_partner, risk_plan.pk, for_change=True)
    before = snapshot(*state_models())
    with pytest.raises(DomainError) as refused:
        risk_update(
            access=access,
            risk=risk,
            data={"residual_likelihood": 3, "residual_impact": 3, "residual_above_reason": " "},
        )
    assert refused.value.field == "residual_above_reason"
    assert_unchanged(before)


def test_with_a_reason_it_is_kept_and_flagged_in_the_register_and_the_report(
    risk_plan, fire_partner, client_for
):
    client = client_for(fire_partner)
    response = client.post(
        reverse("risk_create", args=[risk_plan.pk]),
        risk_post(
            fire_partner.organisation,
            fire_partner,
            likelihood="2",
            impact="3",
            residual_likelihood="5",
            residual_impact="5",
            residual_above_reason="The joint control room adds a single point of failure.",
        ),
    )
    assert response.status_code == 302
    risk = Risk.objects.get()
    assert risk.residual_above_inherent
    flag = "Residual higher than inherent: The joint control room adds a single point of failure."
    register = client.get(reverse("risk_register", args=[risk_plan.pk])).content.decode()
    assert flag in register
    section = next(s for s in report_sections() if s.key == "risks")
    report = render_to_string(section.template, section.context(PlanContext.for_plan(risk_plan)))
    assert flag in report


def test_an_equal_or_lower_score_after_mitigation_needs_no_reason_and_is_not_flagged(
    risk_plan, fire_partner, client_for
):
    access = plan_access_for_user(fire_partner, risk_plan.pk, for_change=True)
    risk = risk_create(
        access=access,
        data=risk_data(fire_partner, residual_likelihood=3, residual_impact=2),
    )
    assert not risk.residual_above_inherent
    register = client_for(fire_partner).get(reverse("risk_register", args=[risk_plan.pk]))
    assert "Residual higher than inherent" not in register.content.decode()


def test_lowering_the_score_after_mitigation_again_drops_the_reason(risk_plan, fire_partner):
    access = plan_access_for_user(fire_partner, risk_plan.pk, for_change=True)
    risk = risk_create(
        access=access,
        data=risk_data(
            fire_partner,
            residual_likelihood=4,
            residual_impact=4,
            residual_above_reason="A new risk of its own.",
        ),
    )
    risk_update(access=access, risk=risk, data={"residual_likelihood": 1, "residual_impact": 1})
    risk.refresh_from_db()
    assert risk.residual_above_reason == ""


# Benefits


def test_a_baseline_measured_in_the_future_is_refused(risk_plan, police_lead):
    access = plan_access_for_user(police_lead, risk_plan.pk, for_change=True)
    before = snapshot(*state_models())
    with pytest.raises(DomainError) as refused:
        benefit_create(
            access=access,
            data={
                "title": "Overtime saved",
                "kind": "cashable",
                "owner": police_lead,
                "baseline_value": 0,
                "baseline_date": uk_today() + timedelta(days=1),
                "target_value": 1000,
                "target_date": uk_today() + timedelta(days=400),
            },
        )
    assert refused.value.field == "baseline_date"
    assert refused.value.message == "Baseline date must be today or in the past"
    assert_unchanged(before)
    assert not Benefit.objects.exists()
