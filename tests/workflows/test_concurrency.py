"""Two people changing the same thing at the same moment, on two real database connections."""

import threading

import pytest
from django.db import connection, connections

from planner.access import plan_access_for_user
from planner.context import PlanContext
from planner.dates import uk_today
from planner.errors import Stale
from planner.models import MemberRole, Stage
from tests.factories import UserFactory, add_partner
from tests.helpers import record_s2
from workflows.models import Decision, SignOff, SignOffDecision
from workflows.services import StaleStage, plan_transition, signoff_record

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("workflow_gates_only"),
]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locking with two connections; CI runs it on PostgreSQL",
)
def test_two_leads_advancing_at_once_make_exactly_one_transition(plan, police_lead, orgs):
    second_lead = UserFactory(
        email="second.lead@police.test", full_name="Sam Second", organisation=orgs["police"]
    )
    add_partner(plan, second_lead, member_role=MemberRole.PROJECT_LEAD)
    record_s2(plan, police_lead)
    barrier = threading.Barrier(2)
    outcomes = []

    def advance(user):
        try:
            access = plan_access_for_user(user, plan.pk)
            barrier.wait(timeout=10)
            plan_transition(
                ctx=PlanContext.for_access(access),
                name="advance",
                expected_stage=Stage.SCOPING,
                rationale="Go.",
            )
            outcomes.append("moved")
        except StaleStage as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=advance, args=(u,)) for u in (police_lead, second_lead)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes)[0].startswith("The plan changed while you were looking")
    assert outcomes.count("moved") == 1
    plan.refresh_from_db()
    assert plan.stage == Stage.GOVERNANCE
    assert Decision.objects.filter(plan=plan).count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locking with two connections; CI runs it on PostgreSQL",
)
def test_two_first_decisions_for_one_body_at_once_record_exactly_one(
    plan, police_lead, fire_approver, orgs
):
    add_partner(plan, fire_approver, member_role=MemberRole.APPROVER)
    type(plan).objects.filter(pk=plan.pk).update(stage=Stage.GOVERNANCE)
    barrier = threading.Barrier(2)
    outcomes = []

    def record(user, decision):
        try:
            access = plan_access_for_user(user, plan.pk, for_change=True)
            barrier.wait(timeout=10)
            signoff_record(
                access=access,
                organisation=orgs["fire"],
                body="Testshire Fire and Rescue Authority",
                decision=decision,
                decided_on=uk_today(),  # the plan was created today
                reference="FRA/2026/14",
            )
            outcomes.append("recorded")
        except Stale as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=record, args=args)
        for args in ((fire_approver, SignOffDecision.REJECTED), (police_lead, "approved"))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert outcomes.count("recorded") == 1
    assert len(outcomes) == 2
    assert SignOff.objects.filter(plan=plan).count() == 1
    assert Decision.objects.filter(plan=plan).count() == 1
