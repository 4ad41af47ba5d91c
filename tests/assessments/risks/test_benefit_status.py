"""Benefits realisation: the owner organisation, the status with its reason and history, who
may set it, and the two gate checks (defined benefits before delivery; a final status for
each at review), each blocking with its own message."""

from datetime import date

import pytest
from django.urls import reverse

from assessments.finance.selectors import finance_for_plan
from assessments.risks.models import (
    Benefit,
    BenefitActual,
    BenefitKind,
    BenefitStatus,
    BenefitStatusChange,
)
from assessments.risks.services import benefit_status_set
from planner.access import plan_access_for_user
from planner.errors import DomainError, NotAllowed
from planner.models import Stage
from planner.selectors import plan_partners
from tests.assessments.risks.factories import BenefitFactory
from tests.helpers import assert_unchanged, gate_of, set_stage, snapshot
from workflows.models import Decision

pytestmark = pytest.mark.django_db


def status_url(benefit):
    return reverse("benefit_status", args=[benefit.plan_id, benefit.pk])


def check_results(plan, stage, prefix):
    return [r for r in gate_of(plan, stage).results if r.code.startswith(prefix)]


@pytest.fixture
def delivering(plan):
    return set_stage(plan, Stage.DELIVERY)


@pytest.fixture
def fire_benefit(delivering, fire_partner):
    return BenefitFactory(plan=delivering, created_by=fire_partner, title="Shared rota savings")


def test_the_owner_organisation_defaults_to_the_owners_and_counts_in_who_gains(
    risk_plan, police_lead, fire_partner, ambulance_rep, client_for, orgs
):
    response = client_for(fire_partner).post(
        reverse("benefit_create", args=[risk_plan.pk]),
        {
            "title": "Fewer duplicate call-outs",
            "kind": "cashable",
            "owner": fire_partner.pk,
            "baseline_value": "0",
            "baseline_date": "2026-01-01",
            "target_value": "40000",
            "target_date": "2027-01-01",
        },
    )
    assert response.status_code == 302
    benefit = Benefit.objects.get()
    assert benefit.owner_organisation == orgs["fire"]
    # Answerable organisation moved to ambulance: the gains follow it, not the owner's employer.
    benefit.owner_organisation = orgs["ambulance"]
    benefit.save()
    money = finance_for_plan(risk_plan, plan_partners(risk_plan))
    gains = {share.organisation_id: share.gains for share in money.summary.partners}
    assert gains[orgs["fire"].pk] == 0
    assert gains[orgs["ambulance"].pk] > 0


def test_an_owner_organisation_that_is_not_a_partner_is_refused(risk_plan, police_lead, client_for):
    from tests.factories import OrganisationFactory

    stranger = OrganisationFactory(name="Elsewhere Council")
    before = snapshot(Benefit)
    response = client_for(police_lead).post(
        reverse("benefit_create", args=[risk_plan.pk]),
        {
            "title": "Fewer duplicate call-outs",
            "kind": "cashable",
            "owner": police_lead.pk,
            "owner_organisation": stranger.pk,
            "baseline_value": "0",
            "baseline_date": "2026-01-01",
            "target_value": "40000",
            "target_date": "2027-01-01",
        },
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert_unchanged(before)


def test_at_risk_needs_a_reason_and_the_change_is_kept_in_the_history(
    fire_benefit, fire_partner, client_for
):
    client = client_for(fire_partner)
    before = snapshot(Benefit, BenefitStatusChange)
    refused = client.post(status_url(fire_benefit), {"status": "at_risk", "reason": "  "})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Enter why the benefit is at risk." in page and "govuk-error-summary" in page
    assert_unchanged(before)

    done = client.post(
        status_url(fire_benefit), {"status": "at_risk", "reason": "Rota talks stalled."}
    )
    assert done.status_code == 302
    fire_benefit.refresh_from_db()
    assert (fire_benefit.status, fire_benefit.status_reason) == ("at_risk", "Rota talks stalled.")
    change = BenefitStatusChange.objects.get()
    assert (change.old_status, change.new_status, change.changed_by) == (
        "on_track",
        "at_risk",
        fire_partner,
    )
    page = client.get(reverse("benefit_detail", args=[fire_benefit.plan_id, fire_benefit.pk]))
    assert "Status history" in page.content.decode()
    plan_page = client.get(reverse("plan_detail", args=[fire_benefit.plan_id]))
    assert "1 at risk." in plan_page.content.decode()


def test_not_realised_needs_a_reason_and_a_final_status_goes_into_the_decision_log(
    fire_benefit, police_lead
):
    access = plan_access_for_user(police_lead, fire_benefit.plan_id)
    with pytest.raises(DomainError) as refused:
        benefit_status_set(access=access, benefit=fire_benefit, status="not_realised", reason="")
    assert refused.value.field == "reason"
    assert refused.value.message == "Enter why the benefit is not realised."
    assert not Decision.objects.filter(topic__startswith="benefit-final-status").exists()
    benefit_status_set(
        access=access,
        benefit=fire_benefit,
        status="not_realised",
        reason="The second station never opened.",
    )
    decision = Decision.objects.get(topic=f"benefit-final-status:{fire_benefit.pk}")
    assert decision.rationale == "The second station never opened."
    assert "not realised" in decision.summary


def test_the_same_status_again_is_refused_and_writes_nothing(fire_benefit, police_lead):
    access = plan_access_for_user(police_lead, fire_benefit.plan_id)
    before = snapshot(Benefit, BenefitStatusChange)
    with pytest.raises(DomainError, match="already on track"):
        benefit_status_set(access=access, benefit=fire_benefit, status="on_track")
    assert_unchanged(before)


def test_only_the_lead_and_the_owner_organisation_set_the_status(
    fire_benefit, police_lead, fire_partner, ambulance_rep, council_viewer, outsider, client_for
):
    before = snapshot(Benefit, BenefitStatusChange, Decision)
    data = {"status": "realised", "reason": ""}
    assert client_for(ambulance_rep).post(status_url(fire_benefit), data).status_code == 403
    assert client_for(council_viewer).post(status_url(fire_benefit), data).status_code == 403
    assert client_for(outsider).post(status_url(fire_benefit), data).status_code == 404
    assert_unchanged(before)
    with pytest.raises(NotAllowed):
        benefit_status_set(
            access=plan_access_for_user(ambulance_rep, fire_benefit.plan_id),
            benefit=fire_benefit,
            status="realised",
        )
    # The lead may, for any benefit; the benefit's owner organisation's people may too.
    assert client_for(police_lead).post(status_url(fire_benefit), data).status_code == 302
    data = {"status": "on_track", "reason": ""}
    assert client_for(fire_partner).post(status_url(fire_benefit), data).status_code == 302


def test_the_status_is_set_only_once_the_scheme_is_in_delivery(plan, police_lead, client_for):
    set_stage(plan, Stage.RISK)
    benefit = BenefitFactory(plan=plan, created_by=police_lead)
    before = snapshot(Benefit, BenefitStatusChange)
    response = client_for(police_lead).post(status_url(benefit), {"status": "realised"})
    assert response.status_code == 400
    assert "once the scheme is in delivery" in response.content.decode()
    assert_unchanged(before)


def test_actual_values_need_their_evidence(fire_benefit, fire_partner, client_for):
    url = reverse("benefit_actual_add", args=[fire_benefit.plan_id, fire_benefit.pk])
    data = {"recorded_on": date.today().isoformat(), "value": "1000"}
    before = snapshot(Benefit, BenefitActual)
    refused = client_for(fire_partner).post(url, data)
    assert refused.status_code == 400
    assert "Enter the evidence for the value" in refused.content.decode()
    assert not fire_benefit.actuals.exists()
    assert_unchanged(before)
    done = client_for(fire_partner).post(url, {**data, "evidence": "Rota system, March"})
    assert done.status_code == 302
    assert fire_benefit.actuals.get().evidence == "Rota system, March"


def test_the_gate_to_delivery_needs_a_benefit(risk_plan):
    [result] = check_results(risk_plan, Stage.RISK, "benefits_defined")
    assert not result.passed
    assert result.message.startswith("Add at least one benefit")
    assert result.fix_url == reverse("benefit_create", args=[risk_plan.pk])


def test_the_gate_to_delivery_names_a_benefit_without_an_owner_organisation_or_measure(
    risk_plan, police_lead
):
    whole = BenefitFactory(plan=risk_plan, created_by=police_lead, title="Whole")
    lacking = BenefitFactory(
        plan=risk_plan,
        created_by=police_lead,
        title="Response times",
        kind=BenefitKind.NON_CASHABLE,
        unit="minutes",
    )
    # Rows from before the owner organisation existed, or whose measure was never written.
    Benefit.objects.filter(pk=lacking.pk).update(owner_organisation=None, measure="")
    results = check_results(risk_plan, Stage.RISK, "benefits_defined")
    assert [(r.code, r.passed, r.message) for r in results] == [
        (
            f"benefits_defined:{lacking.pk}",
            False,
            "The benefit “Response times” needs an owner organisation and a measure.",
        )
    ]
    assert results[0].fix_url == reverse("benefit_edit", args=[risk_plan.pk, lacking.pk])
    Benefit.objects.filter(pk=lacking.pk).update(
        owner_organisation=police_lead.organisation, measure="Minutes to arrive"
    )
    [result] = check_results(risk_plan, Stage.RISK, "benefits_defined")
    assert result.passed
    assert result.message.startswith("Every benefit (2) has an owner organisation") and whole


def test_the_close_gate_asks_every_benefit_for_a_final_status(delivering, police_lead):
    set_stage(delivering, Stage.REVIEW)
    realised = BenefitFactory(plan=delivering, created_by=police_lead, title="Overtime saved")
    at_risk = BenefitFactory(plan=delivering, created_by=police_lead, title="Fewer call-outs")
    Benefit.objects.filter(pk=realised.pk).update(status=BenefitStatus.REALISED)
    Benefit.objects.filter(pk=at_risk.pk).update(status=BenefitStatus.AT_RISK, status_reason="x")
    results = check_results(delivering, Stage.REVIEW, "benefits_final_status")
    assert [(r.passed, r.message) for r in results] == [
        (
            False,
            "The benefit “Fewer call-outs” (at risk) needs a final status: realised, or not "
            "realised with the reason.",
        )
    ]
    Benefit.objects.filter(pk=at_risk.pk).update(status=BenefitStatus.NOT_REALISED)
    [result] = check_results(delivering, Stage.REVIEW, "benefits_final_status")
    assert result.passed
    assert result.message == "Every benefit has a final status: 1 of 2 realised."
