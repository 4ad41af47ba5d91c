"""Refusals become responses in one place (planner.refusals): on a form with the status their
type carries, or, when no view caught them, as their own page; never a 500."""

from datetime import date

import pytest
from django import forms
from django.urls import path, reverse

from config.urls import urlpatterns as site_urlpatterns
from planner.access import plan_access_for_user
from planner.errors import DomainError, NotAllowed, Stale
from planner.models import Invitation, MemberRole, S2Notice
from planner.refusals import form_refusal
from planner.services import invitation_create, invitation_withdraw, s2_notice_record
from tests.helpers import assert_unchanged, row_counts, snapshot

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
    invitation_withdraw(access=access, invitation_id=invitation_id)


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
        access=plan_access_for_user(police_lead, plan.pk), invitation_id=invitation.pk
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
