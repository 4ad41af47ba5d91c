"""The risk register's checks on the gate from joint risk assessment to delivery."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from assessments.risks.services import risk_acceptance_record
from planner.access import plan_access_for_user
from planner.context import PlanContext
from planner.models import PartnerRole, Stage
from tests.assessments.risks.factories import (
    BenefitFactory,
    ExitStrategyFactory,
    MitigationFactory,
    RiskFactory,
)
from tests.factories import UserFactory, add_partner
from tests.helpers import assert_unchanged, gate_of, snapshot, state_models
from workflows.services import plan_transition

pytestmark = pytest.mark.django_db


def results(plan, prefix):
    return [r for r in gate_of(plan, Stage.RISK).results if r.code.startswith(prefix)]


def ready(plan, police_lead, fire_partner, ambulance_rep):
    """One low risk from each partner that carries the plan, an exit strategy and a benefit."""
    for user in (police_lead, fire_partner, ambulance_rep):
        RiskFactory(plan=plan, created_by=user)
    ExitStrategyFactory(plan=plan, updated_by=police_lead)
    BenefitFactory(plan=plan, created_by=police_lead)


def test_each_partner_organisation_must_own_a_risk(
    risk_plan, police_lead, fire_partner, only_risk_gates
):
    RiskFactory(plan=risk_plan, created_by=police_lead)
    checks = {r.message: r.passed for r in results(risk_plan, "risks_from_partners")}
    assert checks == {
        "Testshire Police owns 1 risk on the joint register.": True,
        "Testshire Fire and Rescue Service has not added a risk to the joint register.": False,
        "Testshire Ambulance Service NHS Trust has not added a risk to the joint register.": False,
        "Testshire County Council has not added a risk to the joint register.": False,
    }
    failed = results(risk_plan, "risks_from_partners")[1]
    assert failed.fix_url == reverse("risk_create", args=[risk_plan.pk])


def test_observers_need_not_own_a_risk(risk_plan, police_lead, only_risk_gates):
    observer = UserFactory(email="obs@health.test")
    add_partner(risk_plan, observer, partner_role=PartnerRole.OBSERVER)
    names = [r.message for r in results(risk_plan, "risks_from_partners")]
    assert not any(observer.organisation.name in m for m in names)


def test_high_risk_needs_owner_mitigation_and_review_date(
    risk_plan, police_lead, fire_partner, only_risk_gates
):
    risk = RiskFactory(
        plan=risk_plan, created_by=fire_partner, owner=None, likelihood=3, impact=4, title="Flood"
    )
    [result] = results(risk_plan, "serious_risks_treated")
    assert not result.passed
    assert result.message == (
        "The high risk “Flood” (Testshire Fire and Rescue Service) needs a named owner, "
        "a mitigation action and a review date."
    )
    assert result.fix_url == reverse("risk_detail", args=[risk_plan.pk, risk.pk])

    risk.owner = fire_partner
    risk.review_date = date.today() + timedelta(days=30)
    risk.save()
    [result] = results(risk_plan, "serious_risks_treated")
    assert result.message.endswith("needs a mitigation action.")

    MitigationFactory(risk=risk)
    [result] = results(risk_plan, "serious_risks_treated")
    assert result.passed


def test_medium_and_closed_risks_need_no_treatment(risk_plan, police_lead, only_risk_gates):
    RiskFactory(plan=risk_plan, created_by=police_lead, owner=None, likelihood=3, impact=3)
    RiskFactory(plan=risk_plan, created_by=police_lead, likelihood=5, impact=5, status="closed")
    [result] = results(risk_plan, "serious_risks_treated")
    assert result.passed


def test_very_high_residual_risk_blocks_until_the_lead_logs_acceptance(
    risk_plan, police_lead, fire_partner, only_risk_gates
):
    risk = RiskFactory(
        plan=risk_plan,
        created_by=fire_partner,
        title="Budget gap",
        likelihood=5,
        impact=5,
        residual_likelihood=4,
        residual_impact=4,
    )
    [result] = results(risk_plan, "residual_risk_accepted")
    assert not result.passed
    assert "“Budget gap” (Testshire Fire and Rescue Service) is still very high" in result.message
    assert "score 16" in result.message

    access = plan_access_for_user(police_lead, risk_plan.pk)
    risk_acceptance_record(access=access, risk=risk, rationale="Funding is underwritten.")
    [result] = results(risk_plan, "residual_risk_accepted")
    assert result.passed

    from workflows.models import Decision

    assert Decision.objects.filter(plan=risk_plan, topic=f"risk-acceptance:{risk.pk}").exists()


def test_only_the_lead_can_log_an_acceptance(risk_plan, fire_partner, client_for):
    risk = RiskFactory(plan=risk_plan, created_by=fire_partner, likelihood=5, impact=5)
    url = reverse("risk_acceptance", args=[risk_plan.pk, risk.pk])
    client = client_for(fire_partner)
    before = snapshot(*state_models())
    assert client.post(url, {"rationale": "Fine"}).status_code == 403
    assert_unchanged(before)


def test_lead_logs_an_acceptance_from_the_risk_page(risk_plan, police_lead, client_for):
    risk = RiskFactory(plan=risk_plan, created_by=police_lead, likelihood=5, impact=5)
    client = client_for(police_lead)
    page = client.get(reverse("risk_detail", args=[risk_plan.pk, risk.pk])).content.decode()
    assert "Log the acceptance decision" in page
    url = reverse("risk_acceptance", args=[risk_plan.pk, risk.pk])
    before = snapshot(*state_models())
    assert client.post(url, {"rationale": ""}).status_code == 400
    assert_unchanged(before)
    assert client.post(url, {"rationale": "Board accepts it."}).status_code == 302
    page = client.get(reverse("risk_detail", args=[risk_plan.pk, risk.pk])).content.decode()
    assert "has logged a decision to accept" in page


def test_exit_strategy_is_required(risk_plan, police_lead, only_risk_gates):
    [result] = results(risk_plan, "exit_strategy")
    assert not result.passed
    assert result.fix_url == reverse("exit_strategy", args=[risk_plan.pk])
    ExitStrategyFactory(plan=risk_plan, updated_by=police_lead)
    [result] = results(risk_plan, "exit_strategy")
    assert result.passed


def test_gate_to_delivery_opens_once_the_risk_checks_pass(
    risk_plan, police_lead, fire_partner, ambulance_rep, council_viewer, only_risk_gates
):
    access = plan_access_for_user(police_lead, risk_plan.pk)
    assert not gate_of(risk_plan).is_open
    ready(risk_plan, police_lead, fire_partner, ambulance_rep)
    RiskFactory(plan=risk_plan, created_by=council_viewer)
    assert gate_of(risk_plan).is_open
    plan_transition(
        ctx=PlanContext.for_access(access),
        name="advance",
        expected_stage=Stage.RISK,
        rationale="Risks assessed.",
    )
    risk_plan.refresh_from_db()
    assert risk_plan.stage == Stage.DELIVERY
