"""Refusals become responses in one place (planner.refusals): on a form with the status their
type carries, or, when no view caught them, as their own page; never a 500. Each partners-page
action is its own POST view, and a refused one changes nothing."""

from datetime import date

import pytest
from django import forms
from django.urls import path, reverse
from django.utils import timezone

from config.urls import urlpatterns as site_urlpatterns
from planner.access import plan_access_for_user
from planner.errors import DomainError, NotAllowed, Stale
from planner.models import Invitation, MemberRole, PartnerRole, PlanMember, PlanPartner, S2Notice
from planner.refusals import form_refusal
from planner.services import invitation_create, invitation_withdraw, s2_notice_record
from tests.factories import UserFactory
from tests.helpers import assert_unchanged, row_counts, set_stage, snapshot, state_models
from workflows.models import Decision

pytestmark = pytest.mark.django_db


# form_refusal


class ReferenceForm(forms.Form):
    reference = forms.CharField()


def bound_form():
    form = ReferenceForm({"reference": "TST-1"})
    assert form.is_valid()
    return form


def test_a_refusal_about_a_field_of_the_form_is_shown_against_that_field():
    form = bound_form()
    status = form_refusal(form, DomainError("That reference is taken.", field="reference"))
    assert status == 400
    assert form.errors == {"reference": ["That reference is taken."]}


def test_a_refusal_about_a_field_the_form_lacks_is_shown_at_the_top_of_the_form():
    form = bound_form()
    form_refusal(form, DomainError("The stage is wrong.", field="stage"))
    assert form.non_field_errors() == ["The stage is wrong."]
    assert "reference" not in form.errors


@pytest.mark.parametrize(
    ("refusal", "status"),
    [(DomainError("Invalid."), 400), (NotAllowed("Not yours."), 403), (Stale("Changed."), 409)],
    ids=["invalid", "not allowed", "stale"],
)
def test_the_status_comes_from_the_refusals_type_not_its_text(refusal, status):
    form = bound_form()
    assert form_refusal(form, refusal) == status
    assert form.non_field_errors() == [refusal.message]


# The middleware: refusals no view caught


def _record_s2_uncaught(request, plan_id):
    """Calls a service that refuses a read-only member, and lets the refusal escape."""
    access = plan_access_for_user(request.user, plan_id)
    s2_notice_record(
        access=access,
        organisation=access.organisation,
        data={"notified_on": date(2026, 1, 5), "response": "agreed"},
    )


def _withdraw_uncaught(request, plan_id, invitation_id):
    access = plan_access_for_user(request.user, plan_id, for_change=True)
    invitation_withdraw(access=access, invitation_id=invitation_id, reason="Sent in error.")


def _plain_refusal_uncaught(request):
    raise DomainError("That is not a stage change this plan offers.")


urlpatterns = [
    path("test-refusals/<id:plan_id>/s2/", _record_s2_uncaught, name="t_s2"),
    path(
        "test-refusals/<id:plan_id>/withdraw/<id:invitation_id>/",
        _withdraw_uncaught,
        name="t_withdraw",
    ),
    path("test-refusals/plain/", _plain_refusal_uncaught, name="t_plain"),
    *site_urlpatterns,
]


def invite(plan, lead, org, email="nia@fire.test"):
    invitation, _ = invitation_create(
        access=plan_access_for_user(lead, plan.pk),
        email=email,
        full_name="Nia New",
        organisation=org,
        role=MemberRole.PARTNER_REP,
    )
    return invitation


@pytest.mark.urls(__name__)
def test_an_uncaught_not_allowed_is_the_403_page_with_its_message_and_writes_nothing(
    client_for, council_viewer, plan
):
    before = row_counts()
    response = client_for(council_viewer).get(reverse("t_s2", args=[plan.pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot do that" in page
    assert "Your role on this plan is read-only." in page
    assert row_counts() == before
    assert not S2Notice.objects.exists()


@pytest.mark.urls(__name__)
def test_an_uncaught_stale_is_the_409_page_with_its_message_and_writes_nothing(
    client_for, police_lead, plan, orgs
):
    invitation = invite(plan, police_lead, orgs["fire"])
    invitation_withdraw(
        access=plan_access_for_user(police_lead, plan.pk),
        invitation_id=invitation.pk,
        reason="Sent in error.",
    )
    before, rows = row_counts(), snapshot(Invitation)
    response = client_for(police_lead).get(reverse("t_withdraw", args=[plan.pk, invitation.pk]))
    assert response.status_code == 409
    page = response.content.decode()
    assert "This has changed" in page
    assert "That invitation is no longer pending." in page
    assert reverse("plan_detail", args=[plan.pk]) in page  # back to the plan as it is now
    assert row_counts() == before
    assert_unchanged(rows)


@pytest.mark.urls(__name__)
def test_an_uncaught_invalid_refusal_is_a_400_page_with_its_message(client_for, police_lead):
    response = client_for(police_lead).get(reverse("t_plain"))
    assert response.status_code == 400
    assert "That is not a stage change this plan offers." in response.content.decode()


# The partners page: one POST view per action


def partners_url(plan):
    return reverse("plan_partners", args=[plan.pk])


def post(client, name, plan, data, *ids):
    """POST to a partners-page action; the confirmation pages take the row's id too."""
    return client.post(reverse(name, args=[plan.pk, *ids]), data)


def test_the_partners_page_itself_takes_no_post(client_for, police_lead, plan):
    client = client_for(police_lead)
    before = snapshot(*state_models())
    response = client.post(partners_url(plan), {"action": "add_partner"})
    assert response.status_code == 405
    assert_unchanged(before)


def test_the_partners_page_posts_each_form_to_its_own_action(client_for, police_lead, plan, orgs):
    invitation = invite(plan, police_lead, orgs["fire"])
    page = client_for(police_lead).get(partners_url(plan)).content.decode()
    for name in ("plan_partner_add", "plan_member_add", "plan_invitation_create"):
        assert f'action="{reverse(name, args=[plan.pk])}"' in page, name
    assert 'name="action"' not in page
    # What ends something links to its confirmation page instead of posting from here.
    fire = PlanPartner.objects.get(plan=plan, organisation=orgs["fire"])
    for name, row in (
        ("plan_partner_remove", fire.pk),
        ("plan_invitation_withdraw", invitation.pk),
    ):
        assert f'href="{reverse(name, args=[plan.pk, row])}"' in page, name
        assert f'action="{reverse(name, args=[plan.pk, row])}"' not in page, name


def test_the_lead_adds_a_partner(client_for, police_lead, plan, orgs):
    response = post(
        client_for(police_lead),
        "plan_partner_add",
        plan,
        {"organisation": orgs["other_force"].pk, "role": PartnerRole.OBSERVER},
    )
    assert response.status_code == 302
    assert response.url == partners_url(plan)
    partner = PlanPartner.objects.get(plan=plan, organisation=orgs["other_force"])
    assert partner.role == PartnerRole.OBSERVER


def test_adding_a_partner_already_on_the_plan_shows_the_form_again_and_changes_nothing(
    client_for, police_lead, plan, orgs
):
    rows = snapshot(PlanPartner)
    response = post(
        client_for(police_lead),
        "plan_partner_add",
        plan,
        {"organisation": orgs["fire"].pk, "role": PartnerRole.PARTNER},
    )
    assert response.status_code == 400
    assert response.context["partner_form"].errors["organisation"]
    assert "There is a problem" in response.content.decode()
    assert_unchanged(rows)


def test_the_lead_gives_someone_in_a_partner_organisation_a_role(
    client_for, police_lead, plan, orgs
):
    person = UserFactory(email="second@fire.test", organisation=orgs["fire"])
    response = post(
        client_for(police_lead),
        "plan_member_add",
        plan,
        {"user": person.pk, "role": MemberRole.APPROVER},
    )
    assert response.status_code == 302
    assert PlanMember.objects.get(plan=plan, user=person).role == MemberRole.APPROVER


def test_giving_a_role_to_someone_outside_the_partners_is_refused_and_changes_nothing(
    client_for, police_lead, outsider, plan
):
    rows = snapshot(PlanMember)
    response = post(
        client_for(police_lead),
        "plan_member_add",
        plan,
        {"user": outsider.pk, "role": MemberRole.PARTNER_REP},
    )
    assert response.status_code == 400
    assert response.context["member_form"].errors["user"]
    assert_unchanged(rows)


def test_the_lead_invites_someone_by_e_mail(
    client_for, police_lead, plan, orgs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client_for(police_lead),
            "plan_invitation_create",
            plan,
            {
                "full_name": "Nia New",
                "email": "nia@fire.test",
                "organisation": orgs["fire"].pk,
                "role": MemberRole.PARTNER_REP,
            },
        )
    assert response.status_code == 302
    assert Invitation.objects.get().email == "nia@fire.test"


def test_inviting_someone_already_invited_shows_the_error_on_the_e_mail_and_changes_nothing(
    client_for, police_lead, plan, orgs
):
    invite(plan, police_lead, orgs["fire"])
    rows = snapshot(Invitation)
    response = post(
        client_for(police_lead),
        "plan_invitation_create",
        plan,
        {
            "full_name": "Nia New",
            "email": "nia@fire.test",
            "organisation": orgs["fire"].pk,
            "role": MemberRole.PARTNER_REP,
        },
    )
    assert response.status_code == 400
    assert response.context["invite_form"].errors["email"] == [
        "nia@fire.test already has a pending invitation."
    ]
    assert_unchanged(rows)


def test_the_lead_removes_a_partner(client_for, police_lead, plan, orgs):
    partner = PlanPartner.objects.get(plan=plan, organisation=orgs["ambulance"])
    response = post(
        client_for(police_lead), "plan_partner_remove", plan, {"reason": "Not needed."}, partner.pk
    )
    assert response.status_code == 302
    assert not PlanPartner.objects.filter(pk=partner.pk).exists()


def test_removing_a_partner_after_scoping_is_refused_on_the_page_and_changes_nothing(
    client_for, police_lead, plan, orgs
):
    set_stage(plan, "governance_alignment")
    partner = PlanPartner.objects.get(plan=plan, organisation=orgs["ambulance"])
    rows = snapshot(PlanPartner, PlanMember, Invitation, Decision)
    response = post(
        client_for(police_lead), "plan_partner_remove", plan, {"reason": "Not needed."}, partner.pk
    )
    assert response.status_code == 400
    assert "Partners can only be removed during scoping." in response.content.decode()
    assert_unchanged(rows)


def test_the_lead_withdraws_an_invitation(client_for, police_lead, plan, orgs):
    invitation = invite(plan, police_lead, orgs["fire"])
    response = post(
        client_for(police_lead),
        "plan_invitation_withdraw",
        plan,
        {"reason": "Sent in error."},
        invitation.pk,
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None


def test_withdrawing_an_invitation_already_withdrawn_is_a_conflict_and_changes_nothing(
    client_for, police_lead, plan, orgs
):
    invitation = invite(plan, police_lead, orgs["fire"])
    Invitation.objects.filter(pk=invitation.pk).update(withdrawn_at=timezone.now())
    rows = snapshot(Invitation)
    response = post(
        client_for(police_lead),
        "plan_invitation_withdraw",
        plan,
        {"reason": "Sent in error."},
        invitation.pk,
    )
    assert response.status_code == 409
    assert "That invitation is no longer pending." in response.content.decode()
    assert_unchanged(rows)


@pytest.mark.parametrize(
    "name",
    [
        "plan_partner_add",
        "plan_member_add",
        "plan_invitation_create",
        "plan_partner_remove",
        "plan_invitation_withdraw",
    ],
)
def test_only_the_lead_may_use_a_partners_action(client_for, ambulance_rep, plan, orgs, name):
    invitation = invite(plan, plan.created_by, orgs["fire"])
    fire = PlanPartner.objects.get(plan=plan, organisation=orgs["fire"])
    before = row_counts()
    rows = snapshot(PlanPartner, PlanMember, Invitation)
    ids = {"plan_partner_remove": [fire.pk], "plan_invitation_withdraw": [invitation.pk]}
    response = post(
        client_for(ambulance_rep),
        name,
        plan,
        {
            "organisation": orgs["other_force"].pk,
            "role": MemberRole.PARTNER_REP,
            "user": ambulance_rep.pk,
            "full_name": "Nia New",
            "email": "new@fire.test",
            "reason": "Because.",
        },
        *ids.get(name, []),
    )
    assert response.status_code == 403
    assert row_counts() == before
    assert_unchanged(rows)
