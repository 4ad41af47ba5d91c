"""The home page's "Waiting for you": each person's own items on the plans they have a role
on (approvers: decisions; partners: assessments due; leads: blocked gates and overdue items),
in a fixed number of queries whatever the number of plans."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from assessments.models import HealthCheck
from planner.dates import uk_today
from planner.models import MemberRole, Stage
from planner.selectors import waiting_for_user
from tests.assessments.factories import submit
from tests.factories import PlanFactory, add_partner
from tests.helpers import approve_all, count_queries, set_plan, set_stage
from tests.workflows.delivery.factories import milestone
from workflows.models import SignOff, SignOffDecision
from workflows.summary import plan_gate_summary_refresh

pytestmark = pytest.mark.django_db


def waiting_html(client) -> str:
    html = client.get(reverse("dashboard")).content.decode()
    start = html.index(">Waiting for you</h2>")
    return html[start : html.index("<h2", start + 10)]


def record(plan, org, user, decision=SignOffDecision.APPROVED):
    current = SignOff.objects.current().filter(plan=plan, organisation=org).first()
    return SignOff.objects.create(
        plan=plan,
        organisation=org,
        body=org.governing_body,
        decision=decision,
        decided_on=date(2026, 11, 1),
        reference="DN-1",
        recorded_by=user,
        supersedes=current,
        supersession_reason="It met again." if current else "",
    )


@pytest.fixture
def governance(plan, fire_approver, police_lead):
    add_partner(plan, fire_approver, member_role=MemberRole.APPROVER)
    return set_plan(
        plan, stage=Stage.GOVERNANCE, governance_alignment_target=uk_today() + timedelta(days=30)
    )


def test_the_approvers_home_page_lists_the_decision_waiting_until_it_is_recorded(
    client_for, fire_approver, governance, orgs
):
    client = client_for(fire_approver)
    waiting = waiting_html(client)
    assert "Record your governing body&#x27;s decision" in waiting
    assert "Shared station (TST-PLAN)" in waiting
    assert f'href="{reverse("plan_sign_off", args=[governance.pk])}"' in waiting
    assert f"due {governance.governance_alignment_target:%-d %B %Y}" in waiting
    record(governance, orgs["fire"], fire_approver, SignOffDecision.DEFERRED)
    assert "deferred its decision" in waiting_html(client)
    record(governance, orgs["fire"], fire_approver, SignOffDecision.APPROVED)
    waiting = waiting_html(client)
    assert "Record your governing body" not in waiting and "deferred" not in waiting
    assert "Nothing is waiting for you" in waiting


def test_an_approver_sees_no_decision_before_governance_or_for_another_organisation(
    client_for, fire_approver, ambulance_approver, governance, orgs, police_lead
):
    add_partner(governance, ambulance_approver, member_role=MemberRole.APPROVER)
    approve_all(governance, police_lead, skip=("Testshire Ambulance Service NHS Trust",))
    # Fire has approved; the ambulance trust has not: only its approver is waited on.
    assert "Nothing is waiting for you" in waiting_html(client_for(fire_approver))
    assert "Record your governing body" in waiting_html(client_for(ambulance_approver))
    set_stage(governance, Stage.SCOPING)
    assert "Nothing is waiting for you" in waiting_html(client_for(ambulance_approver))


def test_a_partner_sees_its_assessment_due_until_it_submits(
    client_for, fire_partner, ambulance_rep, plan
):
    set_plan(plan, scoping_target=uk_today() + timedelta(days=10))
    client = client_for(fire_partner)
    waiting = waiting_html(client)
    assert "Submit your organisation&#x27;s scoping assessment" in waiting
    assert f"due {plan.scoping_target:%-d %B %Y}" in waiting
    submit(plan, fire_partner)
    assert "scoping assessment" not in waiting_html(client)
    # The other partner's is still waiting, on its own home page only.
    assert "Submit your organisation" in waiting_html(client_for(ambulance_rep))


def test_in_delivery_the_open_health_check_is_the_assessment_due(
    client_for, fire_partner, police_lead, plan
):
    set_stage(plan, Stage.DELIVERY)
    assert "Submit your organisation&#x27;s delivery assessment" in waiting_html(
        client_for(fire_partner)
    )
    HealthCheck.objects.create(plan=plan, number=1, opened_by=police_lead)
    waiting = waiting_html(client_for(fire_partner))
    assert "Submit your organisation&#x27;s health check 1" in waiting
    assert "delivery assessment" not in waiting


def test_a_read_only_member_and_an_observer_have_no_assessment_to_submit(
    client_for, council_viewer, plan
):
    assert "Nothing is waiting for you" in waiting_html(client_for(council_viewer))


def test_the_lead_sees_the_blocked_gate_from_the_stored_summary(
    client_for, police_lead, fire_partner, plan
):
    plan_gate_summary_refresh(plan.pk)
    plan.refresh_from_db()
    first = plan.gate_summary["failed"][0]
    waiting = waiting_html(client_for(police_lead))
    assert "The gate leaving scoping is blocked" in waiting
    assert first.replace("'", "&#x27;") in waiting
    # The partners are not waited on for the lead's gate.
    assert "The gate leaving" not in waiting_html(client_for(fire_partner))


def test_a_gate_summary_of_an_earlier_stage_is_not_shown_as_blocking(client_for, police_lead, plan):
    set_plan(plan, stage=Stage.GOVERNANCE, gate_summary={"stage": "scoping", "failed": ["Old"]})
    assert "The gate leaving" not in waiting_html(client_for(police_lead))


def test_the_lead_sees_an_overdue_stage_and_partners_do_not(
    client_for, police_lead, fire_partner, plan
):
    set_plan(plan, scoping_target=uk_today() - timedelta(days=3))
    waiting = waiting_html(client_for(police_lead))
    assert f"The scoping stage was due to finish on {plan.scoping_target:%-d %B %Y}" in waiting
    assert "The scoping stage was due" not in waiting_html(client_for(fire_partner))


def test_the_lead_sees_a_delivering_plans_overdue_milestones_soonest_first(
    client_for, police_lead, fire_partner, plan
):
    set_stage(plan, Stage.DELIVERY)
    milestone(plan, police_lead, baseline=-2, fixed=True, title="Hand over the keys")
    milestone(plan, police_lead, baseline=-9, fixed=True, title="Sign the lease")
    milestone(plan, police_lead, baseline=5, fixed=True, title="Not yet due")
    waiting = waiting_html(client_for(police_lead))
    assert "2 milestones overdue: Sign the lease and 1 more" in waiting
    assert f'href="{reverse("plan_milestones", args=[plan.pk])}"' in waiting
    assert "milestones overdue" not in waiting_html(client_for(fire_partner))


def test_nothing_of_a_plan_the_person_has_no_role_on_is_listed(
    client_for, outsider, fire_partner, plan
):
    set_plan(plan, scoping_target=uk_today() - timedelta(days=3))
    # Otherton's own plan, with its lead's overdue stage.
    theirs = PlanFactory(created_by=outsider, title="Otherton secret", reference="OTH-1")
    set_plan(theirs, scoping_target=uk_today() - timedelta(days=3))
    rows = waiting_for_user(fire_partner)
    assert {row.plan.pk for row in rows} == {plan.pk}
    assert "Otherton" not in waiting_html(client_for(fire_partner))
    assert {row.plan.pk for row in waiting_for_user(outsider)} == {theirs.pk}


def grow_for_approver(approver, lead, n):
    for _ in range(n):
        gov = PlanFactory(created_by=lead)
        add_partner(gov, approver, member_role=MemberRole.APPROVER)
        set_stage(gov, Stage.GOVERNANCE)


def grow_for_lead(lead, n):
    for _ in range(n):
        p = PlanFactory(created_by=lead, scoping_target=uk_today() - timedelta(days=2))
        plan_gate_summary_refresh(p.pk)


def grow_delivery(lead, n):
    for _ in range(n):
        p = set_stage(PlanFactory(created_by=lead), Stage.DELIVERY)
        milestone(p, lead, baseline=-3, fixed=True)
        milestone(p, lead, baseline=-1, fixed=True)


def grow_for_partner(partner, lead, n):
    for _ in range(n):
        p = set_stage(PlanFactory(created_by=lead), Stage.RISK)
        add_partner(p, partner)


# Each persona's plans all at one stage, so the dashboard's page below the list has the same
# mix of stages (its own notes read more for some) and only "Waiting for you" could grow. The
# lead has three items a plan: the blocked gate, the overdue stage and the lead organisation's
# own assessment.
@pytest.mark.parametrize("who", ["approver", "lead", "lead_delivering", "partner"])
def test_the_home_page_issues_the_same_queries_for_5_and_30_plans(
    client_for, police_lead, fire_partner, fire_approver, who
):
    person, grow = {
        "approver": (fire_approver, lambda n: grow_for_approver(fire_approver, police_lead, n)),
        "lead": (police_lead, lambda n: grow_for_lead(police_lead, n)),
        "lead_delivering": (police_lead, lambda n: grow_delivery(police_lead, n)),
        "partner": (fire_partner, lambda n: grow_for_partner(fire_partner, police_lead, n)),
    }[who]
    # Items a plan: the lead's delivering plans each have overdue milestones and the lead
    # organisation's assessment (delivery is assessed too).
    expected = {"approver": 1, "lead": 3, "lead_delivering": 2, "partner": 1}
    client = client_for(person)
    grow(5)
    few = count_queries(client, reverse("dashboard"))
    assert len(waiting_for_user(person)) == expected[who] * 5
    grow(25)
    assert count_queries(client, reverse("dashboard")) == few
    assert len(waiting_for_user(person)) == expected[who] * 30
