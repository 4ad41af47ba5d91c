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
