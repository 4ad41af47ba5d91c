"""Removing a partner organisation ends everything it held on the plan, in one transaction:
its pending invitations are withdrawn and its people's roles end, with a decision-log row;
adding it back later gives nobody a role."""

import pytest
from django.urls import reverse

from planner.access import plan_access_for_user
from planner.errors import DomainError
from planner.models import Invitation, MemberRole, PartnerRole, PlanMember, PlanPartner, User
from planner.services import invitation_accept, invitation_create, partner_add, partner_remove
from workflows.models import Decision

pytestmark = pytest.mark.django_db

FIRE = "Testshire Fire and Rescue Service"


def invite(plan, lead, org, *, email="new.approver@fire.test", role=MemberRole.APPROVER):
    _, token = invitation_create(
        access=plan_access_for_user(lead, plan.pk),
        email=email,
        full_name="Nia New",
        organisation=org,
        role=role,
    )
    return token


def remove_fire(client, plan, orgs):
    partner = PlanPartner.objects.get(plan=plan, organisation=orgs["fire"])
    return client.post(
        reverse("plan_partner_remove", args=[plan.pk, partner.pk]),
        {"reason": "Fire will join at the next phase instead."},
    )


def test_removing_a_partner_withdraws_its_invitations_and_roles_with_a_log_row(
    client_for, plan, police_lead, fire_partner, orgs
):
    invite(plan, police_lead, orgs["fire"])
    other = invite(plan, police_lead, orgs["ambulance"], email="new@ambulance.test")
    assert other
    response = remove_fire(client_for(police_lead), plan, orgs)
    assert response.status_code == 302
    fire_invitation = Invitation.objects.get(organisation=orgs["fire"])
    assert fire_invitation.withdrawn_at is not None
    assert Invitation.objects.get(organisation=orgs["ambulance"]).is_pending
    assert not PlanMember.objects.filter(plan=plan, organisation=orgs["fire"]).exists()
    assert PlanMember.objects.filter(plan=plan, organisation=orgs["ambulance"]).exists()
    decision = Decision.objects.get(plan=plan)
    assert decision.summary == f"Removed {FIRE} from the plan"
    assert decision.actor == police_lead
    assert "Fran Fire (partner representative)" in decision.rationale
    assert "new.approver@fire.test" in decision.rationale
    assert "Reason: Fire will join at the next phase instead." in decision.rationale


def test_a_failed_removal_changes_nothing(client_for, plan, fire_partner, orgs):
    invite(plan, plan.created_by, orgs["fire"])
    response = remove_fire(client_for(fire_partner), plan, orgs)
    assert response.status_code == 403
    assert PlanPartner.objects.filter(plan=plan, organisation=orgs["fire"]).exists()
    assert Invitation.objects.get().is_pending
    assert PlanMember.objects.filter(plan=plan, organisation=orgs["fire"]).count() == 1
    assert not Decision.objects.exists()


def test_the_link_of_an_invitation_withdrawn_by_removal_says_it_was_withdrawn(
    client, plan, police_lead, orgs
):
    token = invite(plan, police_lead, orgs["fire"])
    partner_remove(
        access=plan_access_for_user(police_lead, plan.pk),
        partner_id=PlanPartner.objects.get(plan=plan, organisation=orgs["fire"]).pk,
        reason="Not needed.",
    )
    url = reverse("invitation_accept", args=[token])
    page = client.get(url).content.decode()
    assert "This invitation was withdrawn" in page
    assert "Accept and join the plan" not in page
    response = client.post(
        url, {"password1": "a-very-good-password-9", "password2": "a-very-good-password-9"}
    )
    assert "This invitation was withdrawn" in response.content.decode()
    assert not User.objects.filter(email="new.approver@fire.test").exists()


def test_adding_the_organisation_back_gives_nobody_a_role(plan, police_lead, fire_partner, orgs):
    token = invite(plan, police_lead, orgs["fire"])
    access = plan_access_for_user(police_lead, plan.pk)
    partner_remove(
        access=access,
        partner_id=PlanPartner.objects.get(plan=plan, organisation=orgs["fire"]).pk,
        reason="Not needed.",
    )
    partner_add(access=access, organisation=orgs["fire"], role=PartnerRole.OBSERVER)
    with pytest.raises(DomainError, match="withdrawn"):
        invitation_accept(token=token, user=None, password="a-very-good-password-9")
    assert not PlanMember.objects.filter(plan=plan, organisation=orgs["fire"]).exists()
    assert not User.objects.filter(email="new.approver@fire.test").exists()
