"""Governing-body decisions: recorded by the organisation's own governance approver, or by the
project lead on its behalf with the decision's reference; replaced only by a reasoned
supersession that keeps both rows."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from planner.access import plan_access_for_user
from planner.models import MemberRole, Stage
from tests.factories import add_partner
from tests.helpers import gate_of, set_plan
from workflows.models import Decision, SignOff, SignOffDecision
from workflows.services import signoff_record

pytestmark = pytest.mark.django_db

FIRE = "Testshire Fire and Rescue Service"
# The decisions below are dated in February and March 2026, in the plan's life.
PLAN_CREATED = datetime(2026, 1, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def governance_plan(plan, fire_approver, council_approver):
    add_partner(plan, fire_approver, member_role=MemberRole.APPROVER)
    add_partner(plan, council_approver, member_role=MemberRole.APPROVER)
    return set_plan(plan, stage=Stage.GOVERNANCE, created_at=PLAN_CREATED)


def decision_data(**overrides):
    return {
        "body": "Testshire Fire and Rescue Authority",
        "decision": "approved",
        "decided_on": "2026-02-01",
        "reference": "FRA/2026/14",
        "conditions": "",
        **overrides,
    }


def post(client, plan, **overrides):
    return client.post(reverse("plan_sign_off", args=[plan.pk]), decision_data(**overrides))


def supersede(client, plan, sign_off, **overrides):
    return client.post(
        reverse("plan_sign_off_supersede", args=[plan.pk, sign_off.pk]),
        decision_data(**overrides),
    )


def counts():
    return SignOff.objects.count(), Decision.objects.count()


def fire_gate_line(plan):
    fire = plan.partners.get(organisation__name=FIRE).organisation_id
    (result,) = [r for r in gate_of(plan).results if r.code == f"sign_off:{fire}"]
    return result


# Who records


def test_governance_approver_records_their_organisations_decision(
    client_for, governance_plan, fire_approver
):
    response = post(client_for(fire_approver), governance_plan)
    assert response.status_code == 302
    sign_off = SignOff.objects.get()
    assert sign_off.organisation == fire_approver.organisation
    assert sign_off.recorded_by == fire_approver
    assert not sign_off.on_behalf
    # The decision log has the row too, in the same transaction.
    logged = Decision.objects.get(plan=governance_plan)
    assert logged.actor == fire_approver
    assert "approved" in logged.summary and "FRA/2026/14" in logged.summary
    assert fire_gate_line(governance_plan).passed


def test_partner_representative_cannot_record_their_bodys_decision(
    client_for, governance_plan, fire_partner
):
    response = post(client_for(fire_partner), governance_plan)
    assert response.status_code == 403
    assert counts() == (0, 0)


def test_partner_representative_cannot_override_the_approvers_rejection(
    client_for, governance_plan, fire_partner, fire_approver
):
    post(client_for(fire_approver), governance_plan, decision="rejected")
    before = counts()
    response = post(client_for(fire_partner), governance_plan, decision="approved")
    assert response.status_code == 403
    assert counts() == before == (1, 1)
    line = fire_gate_line(governance_plan)
    assert not line.passed and "rejected the plan" in line.message


def test_partner_representative_cannot_supersede_either(
    client, governance_plan, fire_partner, fire_approver
):
    client.force_login(fire_approver)
    post(client, governance_plan, decision="rejected")
    client.force_login(fire_partner)
    response = supersede(
        client, governance_plan, SignOff.objects.get(), reason="The authority met again."
    )
    assert response.status_code == 403
    assert counts() == (1, 1)


def test_partner_representative_is_not_offered_the_form(client_for, governance_plan, fire_partner):
    response = client_for(fire_partner).get(reverse("plan_sign_off", args=[governance_plan.pk]))
    assert response.status_code == 200
    check_url = reverse("plan_sign_off_check", args=[governance_plan.pk])
    assert f'action="{check_url}"'.encode() not in response.content
    assert b"governance approver records" in response.content


def test_an_approver_records_only_their_own_organisations_decision(
    governance_plan, fire_approver, orgs
):
    access = plan_access_for_user(fire_approver, governance_plan.pk, for_change=True)
    with pytest.raises(PermissionDenied):
        signoff_record(
            access=access,
            organisation=orgs["council"],
            body="Council cabinet",
            decision=SignOffDecision.APPROVED,
            decided_on="2026-02-01",
            reference="CAB/1",
        )
    assert counts() == (0, 0)


def test_the_project_lead_is_not_an_approver_of_every_organisation(governance_plan, police_lead):
    assert not plan_access_for_user(police_lead, governance_plan.pk).is_approver


# The project lead on an organisation's behalf


def test_lead_records_on_behalf_with_the_reference_and_it_is_shown_as_such(
    client_for, governance_plan, police_lead, orgs
):
    client = client_for(police_lead)
    response = post(client, governance_plan, organisation=orgs["fire"].pk)
    assert response.status_code == 302
    sign_off = SignOff.objects.get()
    assert sign_off.organisation == orgs["fire"]
    assert sign_off.recorded_by == police_lead
    assert sign_off.on_behalf
    label = f"recorded by Pat Lead on behalf of {FIRE}"
    plan_page = client.get(reverse("plan_detail", args=[governance_plan.pk])).content.decode()
    sign_off_list = client.get(reverse("plan_sign_off", args=[governance_plan.pk])).content
    decision_log = client.get(reverse("plan_decisions", args=[governance_plan.pk])).content
    assert label in plan_page
    assert label in sign_off_list.decode()
    assert label in decision_log.decode()
    assert label in Decision.objects.get().summary


def test_lead_on_behalf_needs_the_decision_reference(
    client_for, governance_plan, police_lead, orgs
):
    response = post(
        client_for(police_lead), governance_plan, organisation=orgs["fire"].pk, reference=" "
    )
    assert response.status_code == 400
    assert b"Enter the minute or decision-notice reference." in response.content
    assert counts() == (0, 0)


def test_lead_on_behalf_must_name_the_organisation(client_for, governance_plan, police_lead):
    response = post(client_for(police_lead), governance_plan)
    assert response.status_code == 400
    assert b"Choose the organisation whose governing body decided." in response.content
    assert counts() == (0, 0)


# Supersession


def test_a_second_decision_is_refused_and_says_to_supersede_it(
    client_for, governance_plan, fire_approver
):
    client = client_for(fire_approver)
    post(client, governance_plan, decision="rejected")
    response = post(client, governance_plan, decision="approved", reference="FRA/2026/20")
    assert response.status_code == 409
    assert b"supersede it with a reason" in response.content
    assert counts() == (1, 1)
    assert not fire_gate_line(governance_plan).passed


def test_supersession_needs_a_reason(client_for, governance_plan, fire_approver):
    client = client_for(fire_approver)
    post(client, governance_plan, decision="rejected")
    response = supersede(client, governance_plan, SignOff.objects.get(), reason="  ")
    assert response.status_code == 400
    assert b"Enter the reason this decision supersedes the earlier one." in response.content
    assert counts() == (1, 1)


def test_supersession_keeps_both_rows_and_the_gate_reads_the_current_decision(
    client_for, governance_plan, fire_approver
):
    client = client_for(fire_approver)
    post(client, governance_plan, decision="rejected", reference="FRA/2026/14")
    rejected = SignOff.objects.get()
    response = supersede(
        client,
        governance_plan,
        rejected,
        decision="approved",
        decided_on="2026-03-01",
        reference="FRA/2026/31",
        reason="The authority reconsidered with the revised business case.",
    )
    assert response.status_code == 302
    approved = SignOff.objects.exclude(pk=rejected.pk).get()
    assert approved.supersedes == rejected
    assert approved.supersession_reason.startswith("The authority reconsidered")
    assert counts() == (2, 2)
    log = list(Decision.objects.filter(plan=governance_plan).order_by("created_at", "pk"))
    assert "FRA/2026/14" in log[0].summary
    assert "supersedes" in log[1].summary and "FRA/2026/31" in log[1].summary
    assert log[1].rationale.startswith("The authority reconsidered")
    assert fire_gate_line(governance_plan).passed
    page = client.get(reverse("plan_sign_off", args=[governance_plan.pk])).content.decode()
    assert "FRA/2026/14" in page and "Superseded" in page


def test_only_the_current_decision_can_be_superseded(client_for, governance_plan, fire_approver):
    client = client_for(fire_approver)
    post(client, governance_plan, decision="rejected")
    first = SignOff.objects.get()
    supersede(client, governance_plan, first, decision="deferred", reason="Met again.")
    response = supersede(client, governance_plan, first, reason="Once more.")
    assert response.status_code == 409
    assert counts() == (2, 2)


# What stays as it was


def test_approval_with_conditions_needs_the_conditions(client_for, governance_plan, fire_approver):
    response = post(client_for(fire_approver), governance_plan, decision="approved_with_conditions")
    assert response.status_code == 400
    assert b"Enter the conditions attached to the approval." in response.content
    assert counts() == (0, 0)


def test_missing_reference_and_bad_date_are_explained(client_for, governance_plan, fire_approver):
    response = post(client_for(fire_approver), governance_plan, reference="", decided_on="31/02")
    assert response.status_code == 400
    assert b"Enter the minute or decision-notice reference." in response.content
    assert b"The decision date must be a real date" in response.content
    assert counts() == (0, 0)


def test_sign_off_is_recorded_only_in_governance_alignment(
    client_for, governance_plan, fire_approver
):
    type(governance_plan).objects.filter(pk=governance_plan.pk).update(stage=Stage.SCOPING)
    response = post(client_for(fire_approver), governance_plan)
    assert response.status_code == 400
    assert b"during governance alignment" in response.content
    assert counts() == (0, 0)


def test_read_only_member_cannot_record_sign_off(client_for, governance_plan, council_viewer):
    assert post(client_for(council_viewer), governance_plan).status_code == 403
    assert counts() == (0, 0)


def test_outsider_gets_404(client_for, governance_plan, outsider):
    assert post(client_for(outsider), governance_plan).status_code == 404
    assert counts() == (0, 0)
