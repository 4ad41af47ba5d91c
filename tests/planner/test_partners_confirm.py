"""Changes that matter to the partnership go through a confirmation page ("Are you sure"):
removing a partner, removing or changing a person's role and withdrawing an invitation. The
GET says what will change; the POST, with a required reason, does it and writes a decision-log
row with the reason in the same transaction. A refused POST changes nothing.

A removed partner's s.2 record and sign-offs stay in the plan's history as "removed on ...";
they no longer count for gates, which ask about the partners the plan still has."""

import html
import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from planner.access import plan_access_for_user
from planner.errors import DomainError
from planner.models import (
    Invitation,
    MemberRole,
    PartnerRemoval,
    PlanMember,
    PlanPartner,
    S2Notice,
    S2Response,
)
from planner.services import invitation_create, member_role_change, partner_remove
from tests.factories import UserFactory
from tests.helpers import assert_unchanged, gate_of, record_s2, snapshot, state_models
from workflows.models import Decision, SignOff

pytestmark = pytest.mark.django_db

COUNCIL = "Testshire County Council"


def text(response) -> str:
    """The page's text as a reader sees it: entities decoded, white space collapsed."""
    return " ".join(html.unescape(response.content.decode()).split())


def today_long():
    return f"{timezone.localdate():%-d %B %Y}"


def partner_of(plan, org):
    return PlanPartner.objects.get(plan=plan, organisation=org)


def member_of(plan, user):
    return PlanMember.objects.get(plan=plan, user=user)


def remove_url(plan, org):
    return reverse("plan_partner_remove", args=[plan.pk, partner_of(plan, org).pk])


def role_url(plan, user):
    return reverse("plan_member_role_change", args=[plan.pk, member_of(plan, user).pk])


def member_remove_url(plan, user):
    return reverse("plan_member_remove", args=[plan.pk, member_of(plan, user).pk])


def invite(plan, lead, org, email="nia@council.test", role=MemberRole.APPROVER):
    invitation, _ = invitation_create(
        access=plan_access_for_user(lead, plan.pk),
        email=email,
        full_name="Nia New",
        organisation=org,
        role=role,
    )
    return invitation


@pytest.fixture
def council_approver_on_plan(plan, council_approver):
    return PlanMember.objects.create(
        plan=plan,
        user=council_approver,
        organisation=council_approver.organisation,
        role=MemberRole.APPROVER,
    )


# Removing a partner


def test_the_removal_page_says_exactly_what_will_change(
    client_for, police_lead, plan, orgs, council_approver_on_plan
):
    record_s2(plan, police_lead, S2Response.AWAITING)
    invite(plan, police_lead, orgs["council"])
    response = client_for(police_lead).get(remove_url(plan, orgs["council"]))
    assert response.status_code == 200
    page = text(response)
    assert f"Are you sure you want to remove {COUNCIL} from the plan?" in page
    assert f"{COUNCIL} will no longer be a partner." in page
    assert "Its governance approver Cora Cabinet and read-only Cal Council lose their roles" in page
    assert "nia@council.test" in page
    assert (
        "Its s.2 record and any governing-body decisions stay in the plan's history as "
        f"removed on {today_long()} and no longer count for gates." in page
    )
    assert 'name="reason"' in page
    assert "govuk-button--warning" in page
    assert f"Remove {COUNCIL}" in page


def test_the_partners_page_links_to_the_removal_page_instead_of_removing(
    client_for, police_lead, plan, orgs
):
    page = client_for(police_lead).get(reverse("plan_partners", args=[plan.pk])).content.decode()
    assert f'href="{remove_url(plan, orgs["council"])}"' in page
    assert 'name="partner_id"' not in page


def test_removing_a_partner_needs_a_reason_and_without_one_changes_nothing(
    client_for, police_lead, plan, orgs
):
    url = remove_url(plan, orgs["council"])
    client = client_for(police_lead)
    before = snapshot(*state_models())
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 400
    assert "Enter the reason for this change." in response.content.decode()
    assert_unchanged(before)


def test_a_removed_partner_is_logged_with_the_reason_and_its_s2_record_stays_as_history(
    client_for, police_lead, plan, orgs, council_approver_on_plan
):
    record_s2(plan, police_lead, S2Response.AWAITING)
    client = client_for(police_lead)
    response = client.post(
        remove_url(plan, orgs["council"]), {"reason": "The council will join in phase two."}
    )
    assert response.status_code == 302
    assert not PlanPartner.objects.filter(plan=plan, organisation=orgs["council"]).exists()
    assert not PlanMember.objects.filter(plan=plan, organisation=orgs["council"]).exists()
    removal = PartnerRemoval.objects.get(plan=plan)
    assert (removal.organisation, removal.removed_by) == (orgs["council"], police_lead)
    assert removal.reason == "The council will join in phase two."
    decision = Decision.objects.get(plan=plan)
    assert decision.summary == f"Removed {COUNCIL} from the plan"
    assert "Reason: The council will join in phase two." in decision.rationale
    assert "Cora Cabinet (governance approver)" in decision.rationale
    # The s.2 record is kept, shown as history on the s.2 page and the plan page.
    assert S2Notice.objects.filter(plan=plan, organisation=orgs["council"]).exists()
    removed_tag = f"Removed on {timezone.localdate():%-d %b %Y}"
    for name in ("plan_s2", "plan_detail"):
        page = client.get(reverse(name, args=[plan.pk])).content.decode()
        assert COUNCIL in page, name
        assert removed_tag in page, name


def test_after_removal_the_gate_asks_about_the_partners_the_plan_still_has(police_lead, plan, orgs):
    record_s2(plan, police_lead, S2Response.AWAITING)
    messages = [r.message for r in gate_of(plan).failed]
    assert f"{COUNCIL} has not yet responded to the s.2 notification." in messages
    partner_remove(
        access=plan_access_for_user(police_lead, plan.pk),
        partner_id=partner_of(plan, orgs["council"]).pk,
        reason="Not needed.",
    )
    results = [r for r in gate_of(plan).results if r.code.startswith("s2_record")]
    assert not any(COUNCIL in r.message for r in results)
    # Fire and ambulance are still partners, still awaited.
    assert {r.code for r in results} == {
        f"s2_record:{orgs['fire'].pk}",
        f"s2_record:{orgs['ambulance'].pk}",
    }
    assert not any(r.passed for r in results)


def test_a_removed_partners_sign_off_no_longer_counts_and_is_shown_as_removed(
    client_for, police_lead, plan, orgs
):
    council = orgs["council"]
    sign_off = SignOff.objects.create(
        plan=plan,
        organisation=council,
        body=council.governing_body,
        decision="approved",
        decided_on=date(2026, 2, 1),
        reference="CAB-1",
        recorded_by=police_lead,
        on_behalf=True,
    )
    partner_remove(
        access=plan_access_for_user(police_lead, plan.pk),
        partner_id=partner_of(plan, council).pk,
        reason="Not needed.",
    )
    assert SignOff.objects.filter(pk=sign_off.pk).exists()
    codes = {r.code for r in gate_of(plan, "governance_alignment").results}
    assert f"sign_off:{council.pk}" not in codes
    assert f"sign_off:{orgs['fire'].pk}" in codes
    # Still in the history, on the plan's sign-off panel and the sign-off page, as removed.
    client = client_for(police_lead)
    removed_tag = f"Removed on {timezone.localdate():%-d %b %Y}"
    for name in ("plan_detail", "plan_sign_off"):
        page = text(client.get(reverse(name, args=[plan.pk])))
        assert f'{COUNCIL} <strong class="govuk-tag govuk-tag--grey">{removed_tag}' in page, name


def test_the_reports_s2_record_lists_a_removed_partner_as_history_and_does_not_count_it(
    police_lead, plan, orgs
):
    from planner.context import PlanContext
    from planner.reports.sections import background_section

    record_s2(plan, police_lead, S2Response.AWAITING)
    partner_remove(
        access=plan_access_for_user(police_lead, plan.pk),
        partner_id=partner_of(plan, orgs["council"]).pk,
        reason="Not needed.",
    )
    section = background_section(PlanContext.for_plan(plan))
    removed = {n.organisation.name: n.removed_on for n in section["notices"]}
    assert removed[COUNCIL] is not None
    assert removed["Testshire Fire and Rescue Service"] is None
    assert section["awaiting"] == 2  # fire and ambulance, not the council


def test_a_partner_gone_since_the_page_was_shown_is_a_conflict_and_changes_nothing(
    client_for, police_lead, plan, orgs
):
    url = remove_url(plan, orgs["council"])
    partner_remove(
        access=plan_access_for_user(police_lead, plan.pk),
        partner_id=partner_of(plan, orgs["council"]).pk,
        reason="Removed in another tab.",
    )
    client = client_for(police_lead)
    before = snapshot(*state_models())
    response = client.post(url, {"reason": "Again."})
    assert response.status_code == 409
    assert "That organisation is no longer a partner on this plan." in response.content.decode()
    assert_unchanged(before)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["fire_partner", "council_viewer"])
def test_only_the_lead_may_see_or_use_the_removal_page(client_for, personas, plan, orgs, persona):
    client = client_for(personas[persona])
    url = remove_url(plan, orgs["ambulance"])
    before = snapshot(*state_models())
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Because."}).status_code == 403
    assert_unchanged(before)


# Changing and removing a person's role


def test_the_role_page_names_the_person_with_organisation_and_email(
    client_for, police_lead, fire_partner, plan
):
    page = text(client_for(police_lead).get(role_url(plan, fire_partner)))
    assert "Change Fran Fire's role" in page
    assert "Testshire Fire and Rescue Service" in page
    assert "rep@fire.test" in page
    assert "Partner representative" in page
    assert "Choose a role" in page


def test_the_lead_changes_a_role_with_a_reason_and_it_is_logged(
    client_for, police_lead, fire_partner, plan
):
    response = client_for(police_lead).post(
        role_url(plan, fire_partner),
        {"role": MemberRole.APPROVER, "reason": "Fran now clerks the fire authority."},
    )
    assert response.status_code == 302
    assert member_of(plan, fire_partner).role == MemberRole.APPROVER
    decision = Decision.objects.get(plan=plan)
    assert decision.summary == (
        "Changed Fran Fire's role from partner representative to governance approver"
    )
    assert "Reason: Fran now clerks the fire authority." in decision.rationale
    assert decision.actor == police_lead


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": MemberRole.APPROVER, "reason": ""}, "Enter the reason for this change."),
        ({"role": "", "reason": "Because."}, "Choose the person's new role."),
        (
            {"role": MemberRole.PARTNER_REP, "reason": "Because."},
            "Fran Fire is already partner representative; choose a different role.",
        ),
    ],
    ids=["no reason", "no role", "same role"],
)
def test_a_refused_role_change_says_why_and_changes_nothing(
    client_for, police_lead, fire_partner, plan, data, message
):
    url = role_url(plan, fire_partner)
    client = client_for(police_lead)
    before = snapshot(*state_models())
    response = client.post(url, data)
    assert response.status_code == 400
    assert message in text(response)
    assert_unchanged(before)


def test_the_last_project_lead_cannot_be_changed_away_or_removed(client_for, police_lead, plan):
    client = client_for(police_lead)
    message = (
        "Pat Lead is the plan's only project lead, so their role cannot be {}. Give "
        "someone else the project lead role first."
    )
    # The pages say so instead of offering the button.
    page = text(client.get(role_url(plan, police_lead)))
    assert message.format("changed") in page
    assert 'name="reason"' not in page
    before = snapshot(*state_models())
    response = client.post(
        role_url(plan, police_lead), {"role": MemberRole.PARTNER_REP, "reason": "Stepping back."}
    )
    assert response.status_code == 400
    assert message.format("changed") in text(response)
    response = client.post(member_remove_url(plan, police_lead), {"reason": "Stepping back."})
    assert response.status_code == 400
    assert message.format("removed") in text(response)
    assert_unchanged(before)


def test_a_lead_may_hand_over_their_own_role_while_another_project_lead_remains(
    client_for, police_lead, plan, orgs
):
    deputy = UserFactory(
        email="deputy@police.test", full_name="Dee Deputy", organisation=orgs["police"]
    )
    PlanMember.objects.create(
        plan=plan, user=deputy, organisation=orgs["police"], role=MemberRole.PROJECT_LEAD
    )
    client = client_for(police_lead)
    page = client.get(role_url(plan, police_lead)).content.decode()
    assert "This is your own role" in page
    response = client.post(
        role_url(plan, police_lead),
        {"role": MemberRole.PARTNER_REP, "reason": "Dee leads from phase two."},
    )
    assert response.status_code == 302
    assert member_of(plan, police_lead).role == MemberRole.PARTNER_REP
    # Dee is now the only lead: the same rule protects her.
    with pytest.raises(DomainError, match="only project lead"):
        member_role_change(
            access=plan_access_for_user(deputy, plan.pk),
            member_id=member_of(plan, deputy).pk,
            role=MemberRole.READ_ONLY,
            reason="Oops.",
        )


def test_the_lead_removes_a_persons_role_with_a_reason_and_it_is_logged(
    client_for, police_lead, fire_partner, plan, orgs
):
    client = client_for(police_lead)
    page = text(client.get(member_remove_url(plan, fire_partner)))
    assert "Are you sure you want to remove Fran Fire's role?" in page
    assert "rep@fire.test" in page
    response = client.post(member_remove_url(plan, fire_partner), {"reason": "Fran has moved on."})
    assert response.status_code == 302
    assert not PlanMember.objects.filter(plan=plan, user=fire_partner).exists()
    # The organisation stays a partner.
    assert PlanPartner.objects.filter(plan=plan, organisation=orgs["fire"]).exists()
    decision = Decision.objects.get(plan=plan)
    assert decision.summary == "Removed Fran Fire's role (partner representative)"
    assert "Reason: Fran has moved on." in decision.rationale


def test_removing_a_role_without_a_reason_changes_nothing(
    client_for, police_lead, fire_partner, plan
):
    client = client_for(police_lead)
    before = snapshot(*state_models())
    response = client.post(member_remove_url(plan, fire_partner), {})
    assert response.status_code == 400
    assert "Enter the reason for this change." in response.content.decode()
    assert_unchanged(before)


@pytest.mark.parametrize("page", ["plan_member_role_change", "plan_member_remove"])
def test_a_partner_rep_may_not_change_or_remove_roles(
    client_for, fire_partner, ambulance_rep, plan, page
):
    url = reverse(page, args=[plan.pk, member_of(plan, ambulance_rep).pk])
    client = client_for(fire_partner)
    before = snapshot(*state_models())
    assert client.get(url).status_code == 403
    assert client.post(url, {"role": MemberRole.READ_ONLY, "reason": "x"}).status_code == 403
    assert_unchanged(before)


# Withdrawing an invitation


def test_withdrawing_an_invitation_is_confirmed_and_logged(client_for, police_lead, plan, orgs):
    invitation = invite(plan, police_lead, orgs["council"])
    url = reverse("plan_invitation_withdraw", args=[plan.pk, invitation.pk])
    client = client_for(police_lead)
    partners = client.get(reverse("plan_partners", args=[plan.pk])).content.decode()
    assert f'href="{url}"' in partners
    page = text(client.get(url))
    assert "Are you sure you want to withdraw the invitation to Nia New?" in page
    assert "The link sent to nia@council.test will stop working" in page
    before = snapshot(*state_models())
    assert client.post(url, {"reason": ""}).status_code == 400
    assert_unchanged(before)
    response = client.post(url, {"reason": "Wrong person."})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    decision = Decision.objects.get(plan=plan)
    assert decision.summary == "Withdrew the invitation to nia@council.test"
    assert "Reason: Wrong person." in decision.rationale


def test_withdrawing_an_invitation_used_since_is_a_conflict_and_changes_nothing(
    client_for, police_lead, plan, orgs
):
    invitation = invite(plan, police_lead, orgs["council"])
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    url = reverse("plan_invitation_withdraw", args=[plan.pk, invitation.pk])
    client = client_for(police_lead)
    before = snapshot(*state_models())
    response = client.post(url, {"reason": "Wrong person."})
    assert response.status_code == 409
    assert "That invitation is no longer pending." in response.content.decode()
    assert_unchanged(before)


# The partners page's forms and lists


def test_role_dropdowns_have_no_default_and_a_role_must_be_chosen(
    client_for, police_lead, plan, orgs
):
    client = client_for(police_lead)
    page = client.get(reverse("plan_partners", args=[plan.pk])).content.decode()
    assert page.count('<option value="" selected>Choose a role</option>') == 2
    person = UserFactory(email="second@fire.test", organisation=orgs["fire"])
    before = snapshot(*state_models())
    response = client.post(
        reverse("plan_member_add", args=[plan.pk]), {"user": person.pk, "role": ""}
    )
    assert response.status_code == 400
    assert response.context["member_form"].errors["role"] == ["Choose the person's role."]
    response = client.post(
        reverse("plan_invitation_create", args=[plan.pk]),
        {
            "full_name": "Nia New",
            "email": "nia@fire.test",
            "organisation": orgs["fire"].pk,
            "role": "",
        },
    )
    assert response.status_code == 400
    assert response.context["invite_form"].errors["role"] == [
        "Choose the role the person will have."
    ]
    assert_unchanged(before)


def test_people_are_listed_with_organisation_and_email(client_for, police_lead, plan, orgs):
    page = text(client_for(police_lead).get(reverse("plan_partners", args=[plan.pk])))
    cells = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert (
        "Fran Fire Testshire Fire and Rescue Service rep@fire.test Partner representative" in cells
    )
    assert "Cal Council Testshire County Council viewer@council.test Read-only" in cells
