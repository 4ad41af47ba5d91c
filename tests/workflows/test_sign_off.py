import pytest
from django.urls import reverse

from planner.models import Stage
from workflows.models import SignOff

pytestmark = pytest.mark.django_db


@pytest.fixture
def governance_plan(plan):
    type(plan).objects.filter(pk=plan.pk).update(stage=Stage.GOVERNANCE)
    plan.refresh_from_db()
    return plan


def post(client, plan, **overrides):
    data = {
        "body": "Testshire Fire and Rescue Authority",
        "decision": "approved",
        "decided_on": "2026-02-01",
        "reference": "FRA/2026/14",
        "conditions": "",
        **overrides,
    }
    return client.post(reverse("plan_sign_off", args=[plan.pk]), data)


def test_partner_records_its_own_governing_bodys_approval(
    client_for, governance_plan, fire_partner
):
    response = post(client_for(fire_partner), governance_plan)
    assert response.status_code == 302
    sign_off = SignOff.objects.get()
    assert sign_off.organisation == fire_partner.organisation
    assert sign_off.recorded_by == fire_partner


def test_approval_with_conditions_needs_the_conditions(client_for, governance_plan, fire_partner):
    response = post(client_for(fire_partner), governance_plan, decision="approved_with_conditions")
    assert response.status_code == 400
    assert b"Enter the conditions attached to the approval." in response.content
    assert not SignOff.objects.exists()


def test_missing_reference_and_bad_date_are_explained(client_for, governance_plan, fire_partner):
    response = post(client_for(fire_partner), governance_plan, reference="", decided_on="31/02")
    assert response.status_code == 400
    assert b"Enter the minute or decision-notice reference." in response.content
    assert b"Enter a real date." in response.content
    assert not SignOff.objects.exists()


def test_sign_off_is_recorded_only_in_governance_alignment(client_for, plan, fire_partner):
    response = post(client_for(fire_partner), plan)
    assert response.status_code == 400
    assert b"during governance alignment" in response.content
    assert not SignOff.objects.exists()


def test_read_only_member_cannot_record_sign_off(client_for, governance_plan, council_viewer):
    assert post(client_for(council_viewer), governance_plan).status_code == 403


def test_outsider_gets_404(client_for, governance_plan, outsider):
    assert post(client_for(outsider), governance_plan).status_code == 404
