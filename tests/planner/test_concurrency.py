"""Eight people opening one invitation link at the same moment, on separate connections."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from planner.access import plan_access_for_user
from planner.models import Invitation, MemberRole, PlanMember, User
from planner.services import invitation_create

pytestmark = pytest.mark.django_db(transaction=True)

ACCEPTS = 8


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locking with several connections; CI runs it on PostgreSQL",
)
def test_simultaneous_accepts_of_one_invitation_make_one_account_and_one_role(
    plan, police_lead, orgs
):
    _, token = invitation_create(
        access=plan_access_for_user(police_lead, plan.pk),
        email="new.person@fire.test",
        full_name="Nia New",
        organisation=orgs["fire"],
        role=MemberRole.PARTNER_REP,
    )
    url = reverse("invitation_accept", args=[token])
    barrier = threading.Barrier(ACCEPTS)
    outcomes = []

    def accept():
        # Each thread has its own database connection; a crash must show as a 500 here,
        # not stop the thread.
        client = Client(raise_request_exception=False)
        try:
            barrier.wait(timeout=10)
            response = client.post(
                url,
                {"password1": "a-very-good-password-9", "password2": "a-very-good-password-9"},
            )
            outcomes.append((response.status_code, response.content.decode()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept) for _ in range(ACCEPTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    statuses = sorted(status for status, _ in outcomes)
    assert statuses == [302] + [409] * (ACCEPTS - 1)
    refused = [body for status, body in outcomes if status == 409]
    assert all("This invitation has already been used" in body for body in refused)
    assert User.objects.filter(email="new.person@fire.test").count() == 1
    assert PlanMember.objects.filter(plan=plan, user__email="new.person@fire.test").count() == 1
    assert Invitation.objects.get().accepted_by.email == "new.person@fire.test"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locking with several connections; CI runs it on PostgreSQL",
)
def test_two_leads_demoting_each_other_at_once_leave_the_plan_one_lead(plan, police_lead, orgs):
    from tests.factories import UserFactory

    deputy = UserFactory(
        email="deputy@police.test", full_name="Dee Deputy", organisation=orgs["police"]
    )
    PlanMember.objects.create(
        plan=plan, user=deputy, organisation=orgs["police"], role=MemberRole.PROJECT_LEAD
    )
    members = {m.user_id: m.pk for m in PlanMember.objects.filter(plan=plan)}
    barrier = threading.Barrier(2)
    outcomes = []

    def demote(actor, target):
        client = Client(raise_request_exception=False)
        try:
            client.force_login(actor)
            url = reverse("plan_member_role_change", args=[plan.pk, members[target.pk]])
            barrier.wait(timeout=10)
            response = client.post(url, {"role": MemberRole.PARTNER_REP, "reason": "Handing over."})
            outcomes.append(response.status_code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=demote, args=(police_lead, deputy)),
        threading.Thread(target=demote, args=(deputy, police_lead)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert sorted(outcomes) == [302, 403]
    assert PlanMember.objects.filter(plan=plan, role=MemberRole.PROJECT_LEAD).count() == 1
