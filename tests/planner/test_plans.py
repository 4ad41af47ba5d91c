from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from planner.access import plan_access_for_user
from planner.errors import DomainError
from planner.models import (
    Invitation,
    MemberRole,
    PartnerRole,
    Plan,
    PlanMember,
    PlanPartner,
    S2Notice,
    S2Response,
    User,
)
from planner.services import invitation_accept, invitation_create
from tests.helpers import assert_unchanged, set_plan, snapshot, state_models

pytestmark = pytest.mark.django_db

PLAN_DATA = {
    "title": "Joint station at Eastgate",
    "reference": "tst-est-9",
    "summary": "Police move into the fire station.",
    "collaboration_type": "sharing_premises",
    "area": "Testshire",
    "objectives": "Share a building.",
    "public_outcome": "Visible services.",
    "expected_benefits": "",
    "scoping_target": "2027-01-10",
    "governance_alignment_target": "2027-03-01",
    "joint_risk_assessment_target": "",
    "delivery_target": "",
    "agreement_form": "",
    "agreement_notes": "",
}


def test_lead_creates_a_plan_and_becomes_its_project_lead(client_for, police_lead):
    response = client_for(police_lead).post(reverse("plan_create"), PLAN_DATA)
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert plan.reference == "TST-EST-9"
    assert plan.stage == "scoping"
    assert PlanPartner.objects.get(plan=plan).role == PartnerRole.LEAD
    assert PlanMember.objects.get(plan=plan).role == MemberRole.PROJECT_LEAD


def test_invalid_plan_shows_the_error_summary_and_saves_nothing(client_for, police_lead):
    data = {**PLAN_DATA, "title": "", "governance_alignment_target": "2026-01-01"}
    response = client_for(police_lead).post(reverse("plan_create"), data)
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert b"Enter a title for the plan" in response.content
    assert b"cannot be before the scoping target date" in response.content
    assert not Plan.objects.exists()


def test_a_duplicate_reference_is_refused(client_for, police_lead, plan):
    data = {**PLAN_DATA, "reference": plan.reference}
    response = client_for(police_lead).post(reverse("plan_create"), data)
    assert b"reference already exists" in response.content
    assert Plan.objects.count() == 1


def test_lead_edits_the_plan_but_cannot_touch_the_stage(client_for, police_lead, plan):
    data = {**PLAN_DATA, "reference": plan.reference, "title": "Renamed"}
    data["stage"] = "delivery"
    client_for(police_lead).post(reverse("plan_edit", args=[plan.pk]), data)
    plan.refresh_from_db()
    assert plan.title == "Renamed"
    assert plan.stage == "scoping"


def test_partner_cannot_edit_the_plan(client_for, fire_partner, plan):
    client = client_for(fire_partner)
    before = snapshot(*state_models())
    response = client.post(reverse("plan_edit", args=[plan.pk]), PLAN_DATA)
    assert response.status_code == 403
    assert_unchanged(before)


def test_lead_adds_and_removes_a_partner(client_for, police_lead, orgs):
    from tests.factories import PlanFactory

    plan = PlanFactory(created_by=police_lead)
    client = client_for(police_lead)
    add = reverse("plan_partner_add", args=[plan.pk])
    client.post(add, {"organisation": orgs["fire"].pk, "role": "partner"})
    partner = PlanPartner.objects.get(plan=plan, organisation=orgs["fire"])
    response = client.post(add, {"organisation": orgs["fire"].pk, "role": "partner"})
    assert response.status_code == 400
    assert PlanPartner.objects.filter(plan=plan).count() == 2
    client.post(
        reverse("plan_partner_remove", args=[plan.pk, partner.pk]), {"reason": "Not needed."}
    )
    assert not PlanPartner.objects.filter(pk=partner.pk).exists()


def test_the_lead_organisation_cannot_be_removed(client_for, police_lead, plan):
    lead_partner = PlanPartner.objects.get(plan=plan, role=PartnerRole.LEAD)
    response = client_for(police_lead).post(
        reverse("plan_partner_remove", args=[plan.pk, lead_partner.pk]), {"reason": "Not needed."}
    )
    assert response.status_code == 400
    assert "The lead organisation cannot be removed" in response.content.decode()
    assert PlanPartner.objects.filter(pk=lead_partner.pk).exists()


def test_invitation_is_emailed_works_once_and_joins_the_organisation(plan, police_lead, orgs):
    access = plan_access_for_user(police_lead, plan.pk)
    invitation, token = invitation_create(
        access=access,
        email="New.Person@Fire.test",
        full_name="Nia New",
        organisation=orgs["fire"],
        role=MemberRole.PARTNER_REP,
    )
    assert invitation.token_hash != token
    user = invitation_accept(token=token, user=None, password="a-very-good-password-9")
    assert user.organisation == orgs["fire"]
    assert user.email == "new.person@fire.test"
    assert PlanMember.objects.get(plan=plan, user=user).role == MemberRole.PARTNER_REP
    with pytest.raises(DomainError, match="already been used"):
        invitation_accept(token=token, user=None, password="a-very-good-password-9")
    assert User.objects.filter(email="new.person@fire.test").count() == 1


def test_invitation_email_contains_the_link(
    client_for, police_lead, plan, orgs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(police_lead).post(
            reverse("plan_invitation_create", args=[plan.pk]),
            {
                "full_name": "Nia New",
                "email": "nia@fire.test",
                "organisation": orgs["fire"].pk,
                "role": "partner_rep",
            },
        )
    assert len(mail.outbox) == 1
    assert "/invitations/" in mail.outbox[0].body


def test_an_expired_invitation_is_refused(plan, police_lead, orgs):
    access = plan_access_for_user(police_lead, plan.pk)
    invitation, token = invitation_create(
        access=access,
        email="late@fire.test",
        full_name="Late",
        organisation=orgs["fire"],
        role=MemberRole.PARTNER_REP,
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(DomainError, match="expired"):
        invitation_accept(token=token, user=None, password="a-very-good-password-9")
    assert not User.objects.filter(email="late@fire.test").exists()


def test_a_withdrawn_invitation_cannot_be_used(client_for, plan, police_lead, orgs):
    access = plan_access_for_user(police_lead, plan.pk)
    invitation, token = invitation_create(
        access=access,
        email="w@fire.test",
        full_name="W",
        organisation=orgs["fire"],
        role=MemberRole.PARTNER_REP,
    )
    client_for(police_lead).post(
        reverse("plan_invitation_withdraw", args=[plan.pk, invitation.pk]),
        {"reason": "Sent in error."},
    )
    with pytest.raises(DomainError, match="withdrawn"):
        invitation_accept(token=token, user=None, password="a-very-good-password-9")


def test_an_existing_account_elsewhere_cannot_be_invited_for_another_organisation(
    plan, police_lead, orgs, outsider
):
    access = plan_access_for_user(police_lead, plan.pk)
    with pytest.raises(DomainError, match="another organisation"):
        invitation_create(
            access=access,
            email=outsider.email,
            full_name="x",
            organisation=orgs["fire"],
            role=MemberRole.PARTNER_REP,
        )


def test_invitation_accept_page_creates_the_account_and_signs_in(client, plan, police_lead, orgs):
    access = plan_access_for_user(police_lead, plan.pk)
    _, token = invitation_create(
        access=access,
        email="page@fire.test",
        full_name="Page",
        organisation=orgs["fire"],
        role=MemberRole.PARTNER_REP,
    )
    url = reverse("invitation_accept", args=[token])
    assert b"Join Shared station" in client.get(url).content
    bad = client.post(url, {"password1": "short", "password2": "short"})
    assert b"There is a problem" in bad.content
    assert not User.objects.filter(email="page@fire.test").exists()
    response = client.post(
        url, {"password1": "a-very-good-password-9", "password2": "a-very-good-password-9"}
    )
    assert response.status_code == 302
    assert client.get(reverse("plan_detail", args=[plan.pk])).status_code == 200


def post_s2(client, plan, **fields):
    # The dates below fall in the plan's life: it was created on 1 December 2025.
    set_plan(plan, created_at=datetime(2025, 12, 1, 9, 0, tzinfo=UTC))
    data = {"notified_on": "2026-01-05", "response": "agreed", "responded_on": "2026-01-12"}
    return client.post(reverse("plan_s2", args=[plan.pk]), {**data, **fields})


def test_s2_response_recorded_by_the_partner_for_its_own_organisation(
    client_for, plan, fire_partner, orgs
):
    response = post_s2(client_for(fire_partner), plan, organisation=orgs["fire"].pk, reason="")
    assert response.status_code == 302
    assert S2Notice.objects.get().response == S2Response.AGREED


def test_s2_bad_input_is_explained_and_nothing_saved(client_for, plan, police_lead, orgs):
    response = post_s2(
        client_for(police_lead),
        plan,
        organisation=orgs["fire"].pk,
        response="declined",
        responded_on="2026-01-01",
        reason="",
    )
    assert response.status_code == 400
    assert b"cannot be dated before the notification" in response.content
    assert not S2Notice.objects.exists()


def test_partner_cannot_record_another_organisations_s2_response(
    client_for, plan, fire_partner, orgs
):
    response = post_s2(client_for(fire_partner), plan, organisation=orgs["ambulance"].pk)
    assert response.status_code == 400
    assert not S2Notice.objects.exists()
