"""The reminder of a condition of approval that is due soon or overdue: to the people of the
organisation that owns it, once when due soon, then once per repeat window while overdue."""

from datetime import timedelta

import pytest
from django.utils import timezone

from planner.access import plan_access_for_user
from planner.models import MemberRole, Stage
from tests.factories import add_partner
from tests.helpers import set_stage
from workflows.conditions import MEET
from workflows.models import SignOffCondition
from workflows.notifications.models import Kind
from workflows.notifications.rules import condition_due
from workflows.services import condition_close, condition_set, signoff_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_plan(plan, police_lead, ambulance_approver):
    """The ambulance trust's board approved with two conditions (owned by the trust)."""
    add_partner(plan, ambulance_approver, member_role=MemberRole.APPROVER)
    set_stage(plan, Stage.GOVERNANCE)
    org = ambulance_approver.organisation
    signoff_record(
        access=access_of(ambulance_approver, plan),
        organisation=org,
        body=org.governing_body,
        decision="approved_with_conditions",
        decided_on=timezone.localdate(),
        reference="TB/26/3",
        conditions="Agree the shared rota.\nReport response times.",
    )
    set_stage(plan, Stage.RISK)
    return plan


def access_of(user, plan):
    return plan_access_for_user(user, plan.pk, for_change=True)


def conditions_of(plan):
    return list(SignOffCondition.objects.filter(plan=plan).order_by("number"))


def date_all(plan, lead, days):
    due = timezone.localdate() + timedelta(days=days)
    for c in conditions_of(plan):
        condition_set(access=access_of(lead, plan), condition=c, owner=c.owner, due_on=due)
    return due


def test_reminders_go_to_the_owner_organisations_people_when_due_and_overdue(
    approved_plan, police_lead, ambulance_rep, ambulance_approver, fire_partner
):
    now = timezone.now()
    due = date_all(approved_plan, police_lead, days=3)
    found = condition_due(now)
    recipients = {d.recipient_id for d in found}
    assert recipients == {ambulance_rep.pk, ambulance_approver.pk}
    assert all(d.kind == Kind.CONDITION_DUE for d in found)
    assert any(f"is due on {due:%-d %B %Y}" in d.title for d in found)
    # Overdue, then a week later, are new reminders; the same window is the same key.
    overdue = now + timedelta(days=5)
    later = now + timedelta(days=12)
    keys = {d.key for d in found}
    overdue_keys = {d.key for d in condition_due(overdue)}
    assert keys.isdisjoint(overdue_keys)
    assert overdue_keys == {d.key for d in condition_due(overdue + timedelta(hours=1))}
    assert overdue_keys.isdisjoint({d.key for d in condition_due(later)})
    assert all("is overdue" in d.title for d in condition_due(overdue))


def test_no_reminder_for_a_discharged_or_distant_condition(
    approved_plan, police_lead, ambulance_approver
):
    date_all(approved_plan, police_lead, days=60)
    assert condition_due(timezone.now()) == []
    first, second = conditions_of(approved_plan)
    SignOffCondition.objects.filter(pk=second.pk).update(due_on=timezone.localdate())
    condition_close(
        access=access_of(ambulance_approver, approved_plan),
        condition=second,
        action=MEET,
        note="Done.",
    )
    assert condition_due(timezone.now()) == []


def test_a_carried_condition_is_still_reminded_of_until_it_is_met(
    approved_plan, police_lead, ambulance_approver
):
    from workflows.conditions import CARRY

    date_all(approved_plan, police_lead, days=2)
    first, second = conditions_of(approved_plan)
    condition_close(
        access=access_of(police_lead, approved_plan),
        condition=first,
        action=CARRY,
        note="Needs the live service.",
    )

    def about_first(found):
        # key: condition_due:<plan>:<condition>:<recipient>:<due>:<window>
        return [d for d in found if d.key.split(":")[2] == str(first.pk)]

    carried = about_first(condition_due(timezone.now()))
    assert carried and all("carried into delivery" in d.body for d in carried)
    condition_close(
        access=access_of(ambulance_approver, approved_plan),
        condition=first,
        action=MEET,
        note="Done.",
    )
    assert not about_first(condition_due(timezone.now()))
