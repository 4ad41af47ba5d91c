"""The gate leaving joint risk assessment: a milestone baselined in each financial year of
delivery, which runs from the delivery start to the delivery target date."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from planner.models import Stage
from tests.helpers import gate_of, keep_gate_checks, set_plan, set_stage
from workflows.delivery.models import Milestone
from workflows.delivery.selectors import delivery_years

pytestmark = pytest.mark.django_db

# A Wednesday in 2027/28.
TODAY = date(2027, 6, 9)


@pytest.fixture(autouse=True)
def only_delivery_checks(monkeypatch):
    keep_gate_checks(monkeypatch, "workflows.delivery.checks")


@pytest.fixture
def risk_plan(plan):
    set_stage(plan, Stage.RISK)
    return plan


def results(plan):
    return [r for r in gate_of(plan, Stage.RISK).results if r.code.startswith("milestones")]


def add(plan, user, baseline):
    return Milestone.objects.create(
        plan=plan,
        title=f"Due {baseline}",
        owner=user.organisation,
        baseline_on=baseline,
        forecast_on=baseline,
        created_by=user,
    )


def test_delivery_years_run_from_the_start_to_the_delivery_target(risk_plan):
    set_plan(
        risk_plan, joint_risk_assessment_target=date(2027, 9, 1), delivery_target=date(2029, 5, 1)
    )
    assert delivery_years(risk_plan, TODAY) == [2027, 2028, 2029]


def test_delivery_never_starts_in_the_past(risk_plan):
    set_plan(
        risk_plan, joint_risk_assessment_target=date(2026, 1, 1), delivery_target=date(2028, 1, 1)
    )
    assert delivery_years(risk_plan, TODAY) == [2027]


def test_without_a_delivery_target_the_check_asks_for_it(risk_plan):
    with time_machine.travel(TODAY):
        [result] = results(risk_plan)
    assert not result.passed
    assert "Set the delivery target date" in result.message
    assert result.fix_url == reverse("plan_edit", args=[risk_plan.pk])


def test_each_year_of_delivery_without_a_milestone_fails_with_its_own_message(
    risk_plan, police_lead
):
    set_plan(risk_plan, delivery_target=date(2029, 2, 1))
    add(risk_plan, police_lead, date(2028, 4, 1))  # 2028/29
    with time_machine.travel(TODAY):
        found = {r.code: r for r in results(risk_plan)}
    assert set(found) == {"milestones:2027", "milestones:2028"}
    assert not found["milestones:2027"].passed
    assert "2027/28" in found["milestones:2027"].message
    assert found["milestones:2027"].fix_url == reverse("plan_milestones", args=[risk_plan.pk])
    assert found["milestones:2028"].passed


def test_a_milestone_without_a_baseline_does_not_count(risk_plan, police_lead):
    set_plan(risk_plan, delivery_target=date(2027, 12, 1))
    Milestone.objects.create(
        plan=risk_plan, title="Undated", owner=police_lead.organisation, created_by=police_lead
    )
    with time_machine.travel(TODAY):
        [result] = results(risk_plan)
    assert not result.passed


def test_the_gate_opens_with_a_milestone_in_every_year(risk_plan, police_lead):
    set_plan(risk_plan, delivery_target=date(2029, 2, 1))
    add(risk_plan, police_lead, date(2027, 12, 1))
    add(risk_plan, police_lead, date(2029, 1, 10))
    with time_machine.travel(TODAY):
        assert gate_of(risk_plan, Stage.RISK).is_open
