"""Every transition of the stage machine: allowed, blocked by each gate check, refused by role."""

import pytest
from django.urls import reverse

from planner.access import plan_access_for_user
from planner.context import PlanContext
from planner.errors import DomainError
from planner.models import MemberRole, PlanMember, PlanPartner, S2Response, Stage
from tests.helpers import (
    approve_all,
    assert_unchanged,
    gate_of,
    record_s2,
    set_stage,
    snapshot,
)
from workflows.models import Decision, DecisionKind, SignOffDecision
from workflows.services import GateClosed, StaleStage, plan_transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("workflow_gates_only")]


def transition(plan, user, name, rationale="Agreed at the joint board."):
    access = plan_access_for_user(user, plan.pk)
    return plan_transition(
        ctx=PlanContext.for_access(access),
        name=name,
        expected_stage=plan.stage,
        rationale=rationale,
    )


def failed_messages(plan):
    return [r.message for r in gate_of(plan).failed]


# Scoping → governance alignment


def test_lead_advances_from_scoping_when_the_gate_is_open(plan, police_lead):
    record_s2(plan, police_lead)
    decision = transition(plan, police_lead, "advance")
    plan.refresh_from_db()
    assert plan.stage == Stage.GOVERNANCE
    assert decision.kind == DecisionKind.TRANSITION
    assert (decision.from_stage, decision.to_stage) == (Stage.SCOPING, Stage.GOVERNANCE)
    assert decision.actor == police_lead
    assert decision.actor_organisation == police_lead.organisation
    assert decision.rationale == "Agreed at the joint board."
    assert Decision.objects.filter(plan=plan).count() == 1


def test_scoping_gate_needs_partners_from_two_services(plan, police_lead, orgs):
    PlanPartner.objects.filter(plan=plan).exclude(organisation=orgs["police"]).delete()
    record_s2(plan, police_lead)
    with pytest.raises(GateClosed) as exc:
        transition(plan, police_lead, "advance")
    assert "Add at least one more partner organisation" in exc.value.message
    plan.refresh_from_db()
    assert plan.stage == Stage.SCOPING
    assert not Decision.objects.filter(plan=plan).exists()


def test_scoping_gate_refuses_partners_all_from_one_service(police_lead, orgs):
    from tests.factories import OrganisationFactory, PlanFactory

    plan = PlanFactory(created_by=police_lead)
    other_force = OrganisationFactory(name="Neighbour Police")
    PlanPartner.objects.create(plan=plan, organisation=other_force)
    assert "All partners are police forces: add a partner from another service." in (
        failed_messages(plan)
    )


def test_scoping_gate_needs_a_project_lead(plan, police_lead):
    record_s2(plan, police_lead)
    PlanMember.objects.filter(plan=plan, role=MemberRole.PROJECT_LEAD).update(
        role=MemberRole.APPROVER
    )
    assert "Name a project lead for the plan." in failed_messages(plan)


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (None, "Testshire Fire and Rescue Service has not been recorded as notified"),
        (S2Response.AWAITING, "Testshire Fire and Rescue Service has not yet responded"),
        (S2Response.DECLINED, "Testshire Fire and Rescue Service declined to consider"),
    ],
)
def test_scoping_gate_names_each_service_without_an_agreed_s2_response(
    plan, police_lead, response, message
):
    record_s2(plan, police_lead, skip={"Testshire Fire and Rescue Service"})
    if response is not None:
        from planner.models import S2Notice

        S2Notice.objects.create(
            plan=plan,
            organisation=plan.partners.get(
                organisation__name__startswith="Testshire Fire"
            ).organisation,
            notified_on="2026-01-05",
            response=response,
            responded_on=None if response == S2Response.AWAITING else "2026-01-10",
            reason="No capacity" if response == S2Response.DECLINED else "",
            recorded_by=police_lead,
        )
    with pytest.raises(GateClosed) as exc:
        transition(plan, police_lead, "advance")
    assert any(message in r.message for r in exc.value.report.failed)
    assert [r.fix_url for r in exc.value.report.failed] == [reverse("plan_s2", args=[plan.pk])]


@pytest.mark.parametrize("persona", ["fire_partner", "ambulance_rep"])
def test_partners_cannot_advance(plan, police_lead, personas, persona):
    record_s2(plan, police_lead)
    with pytest.raises(DomainError, match="Only the project lead"):
        transition(plan, personas[persona], "advance")
    plan.refresh_from_db()
    assert plan.stage == Stage.SCOPING


# Governance alignment → joint risk assessment


@pytest.fixture
def governance_plan(plan, police_lead):
    record_s2(plan, police_lead)
    type(plan).objects.filter(pk=plan.pk).update(agreement_form="s1_agreement")
    set_stage(plan, Stage.GOVERNANCE)
    return plan


def test_lead_advances_to_joint_risk_assessment_when_every_partner_approved(
    governance_plan, police_lead
):
    approve_all(governance_plan, police_lead)
    transition(governance_plan, police_lead, "advance")
    governance_plan.refresh_from_db()
    assert governance_plan.stage == Stage.RISK


def test_governance_gate_names_the_partner_without_approval(governance_plan, police_lead):
    approve_all(governance_plan, police_lead, skip={"Testshire Ambulance Service NHS Trust"})
    with pytest.raises(GateClosed) as exc:
        transition(governance_plan, police_lead, "advance")
    assert [r.message for r in exc.value.report.failed] == [
        "Testshire Ambulance Service NHS Trust has not recorded its governing body's approval "
        "(Trust board)."
    ]


def test_a_rejection_blocks_the_gate_and_says_who(governance_plan, police_lead):
    approve_all(governance_plan, police_lead)
    approve_all(
        governance_plan,
        police_lead,
        decision=SignOffDecision.REJECTED,
        skip={
            "Testshire Police",
            "Testshire Ambulance Service NHS Trust",
            "Testshire County Council",
        },
    )
    messages = failed_messages(governance_plan)
    assert len(messages) == 1
    assert messages[0].startswith(
        "Testshire Fire and Rescue Service's Testshire Fire and Rescue Authority rejected the plan"
    )


def test_a_deferral_blocks_the_gate(governance_plan, police_lead):
    approve_all(governance_plan, police_lead, decision=SignOffDecision.DEFERRED)
    assert all("deferred its decision" in m for m in failed_messages(governance_plan))


def test_governance_gate_needs_the_form_of_agreement(governance_plan, police_lead):
    approve_all(governance_plan, police_lead)
    type(governance_plan).objects.filter(pk=governance_plan.pk).update(agreement_form="")
    governance_plan.refresh_from_db()
    assert failed_messages(governance_plan) == [
        "Record the form of agreement (s.1 collaboration agreement, memorandum of "
        "understanding or other)."
    ]


def test_observers_do_not_need_to_approve(governance_plan, police_lead, orgs):
    PlanPartner.objects.filter(plan=governance_plan, organisation=orgs["council"]).update(
        role="observer"
    )
    approve_all(governance_plan, police_lead, skip={"Testshire County Council"})
    assert gate_of(governance_plan).is_open


# The other transitions


def test_send_back_returns_one_stage(governance_plan, police_lead):
    transition(governance_plan, police_lead, "send_back", "The fire authority wants more work.")
    governance_plan.refresh_from_db()
    assert governance_plan.stage == Stage.SCOPING


def test_send_back_is_not_possible_from_scoping(plan, police_lead):
    with pytest.raises(DomainError, match="not possible from this stage"):
        transition(plan, police_lead, "send_back")


def test_hold_and_resume_return_to_the_stage_left(governance_plan, police_lead):
    transition(governance_plan, police_lead, "hold", "Waiting for the estates review.")
    governance_plan.refresh_from_db()
    assert governance_plan.stage == Stage.ON_HOLD
    assert governance_plan.held_from_stage == Stage.GOVERNANCE
    transition(governance_plan, police_lead, "resume", "The review reported.")
    governance_plan.refresh_from_db()
    assert governance_plan.stage == Stage.GOVERNANCE
    kinds = list(Decision.objects.filter(plan=governance_plan).values_list("to_stage", flat=True))
    assert kinds == [Stage.GOVERNANCE, Stage.ON_HOLD]


def test_withdraw_is_terminal_and_needs_a_reason(plan, police_lead):
    with pytest.raises(DomainError, match="rationale"):
        transition(plan, police_lead, "withdraw", rationale="  ")
    transition(plan, police_lead, "withdraw", "The partners chose another option.")
    plan.refresh_from_db()
    assert plan.stage == Stage.WITHDRAWN
    for name in ("advance", "resume", "hold", "send_back", "withdraw", "close"):
        with pytest.raises(DomainError, match="not possible"):
            transition(plan, police_lead, name)


def test_advance_from_joint_risk_assessment_to_delivery(plan, police_lead):
    set_stage(plan, Stage.RISK)
    transition(plan, police_lead, "advance")
    plan.refresh_from_db()
    assert plan.stage == Stage.DELIVERY


def test_complete_and_close(plan, police_lead):
    set_stage(plan, Stage.DELIVERY)
    with pytest.raises(DomainError, match="not possible"):
        transition(plan, police_lead, "close")
    transition(plan, police_lead, "complete", "Delivered as planned.")
    plan.refresh_from_db()
    assert plan.stage == Stage.REVIEW
    transition(plan, police_lead, "close", "Review done; lessons shared.")
    plan.refresh_from_db()
    assert plan.stage == Stage.CLOSED


@pytest.mark.parametrize(
    ("stage", "name"),
    [
        (Stage.SCOPING, "advance"),
        (Stage.GOVERNANCE, "send_back"),
        (Stage.SCOPING, "hold"),
        (Stage.ON_HOLD, "resume"),
        (Stage.SCOPING, "withdraw"),
        (Stage.DELIVERY, "complete"),
        (Stage.REVIEW, "close"),
    ],
)
@pytest.mark.parametrize("persona", ["fire_partner", "ambulance_rep"])
def test_only_the_lead_may_run_any_transition(plan, police_lead, personas, stage, name, persona):
    record_s2(plan, police_lead)
    set_stage(plan, stage, held_from=Stage.SCOPING if stage == Stage.ON_HOLD else "")
    with pytest.raises(DomainError, match="Only the project lead"):
        transition(plan, personas[persona], name)
    plan.refresh_from_db()
    assert plan.stage == stage
    assert not Decision.objects.filter(plan=plan).exists()


def test_a_stale_page_is_told_the_plan_changed(plan, police_lead):
    record_s2(plan, police_lead)
    access = plan_access_for_user(police_lead, plan.pk)
    set_stage(plan, Stage.GOVERNANCE)
    with pytest.raises(StaleStage, match="governance alignment"):
        plan_transition(
            ctx=PlanContext.for_access(access),
            name="advance",
            expected_stage=Stage.SCOPING,
            rationale="Go.",
        )


def test_the_stage_cannot_be_set_directly(plan):
    with pytest.raises(AttributeError):
        plan.stage = Stage.DELIVERY


# Through the pages


def test_transition_page_shows_the_failed_checks_and_changes_nothing(client_for, plan, police_lead):
    client = client_for(police_lead)
    url = reverse("plan_transition", args=[plan.pk, "advance"])
    page = client.get(url)
    assert b"has not been recorded as notified" in page.content
    response = client.post(url, {"expected_stage": "scoping", "rationale": "Let us go."})
    assert response.status_code == 409
    assert b"The gate is closed" in response.content
    assert b"has not been recorded as notified" in response.content
    plan.refresh_from_db()
    assert plan.stage == Stage.SCOPING
    assert not Decision.objects.exists()


def test_transition_without_rationale_shows_the_error_summary(client_for, plan, police_lead):
    record_s2(plan, police_lead)
    client = client_for(police_lead)
    before = snapshot(plan, Decision)
    response = client.post(
        reverse("plan_transition", args=[plan.pk, "advance"]), {"expected_stage": "scoping"}
    )
    assert response.status_code == 400
    assert_unchanged(before)
    assert b"There is a problem" in response.content
    assert b"Enter the rationale for this decision." in response.content
    plan.refresh_from_db()
    assert plan.stage == Stage.SCOPING


def test_transition_through_the_page(client_for, plan, police_lead):
    record_s2(plan, police_lead)
    response = client_for(police_lead).post(
        reverse("plan_transition", args=[plan.pk, "advance"]),
        {"expected_stage": "scoping", "rationale": "Board agreed.", "options_considered": "Wait"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.stage == Stage.GOVERNANCE
    assert Decision.objects.get().options_considered == "Wait"


def test_a_stale_form_redirects_with_the_current_stage(client_for, plan, police_lead):
    record_s2(plan, police_lead)
    set_stage(plan, Stage.GOVERNANCE)
    response = client_for(police_lead).post(
        reverse("plan_transition", args=[plan.pk, "send_back"]),
        {"expected_stage": "joint_risk_assessment", "rationale": "x"},
        follow=True,
    )
    assert b"The plan changed while you were looking" in response.content
    plan.refresh_from_db()
    assert plan.stage == Stage.GOVERNANCE


def test_partner_posting_a_transition_gets_403(client_for, plan, police_lead, fire_partner):
    record_s2(plan, police_lead)
    client = client_for(fire_partner)
    before = snapshot(plan, Decision)
    response = client.post(
        reverse("plan_transition", args=[plan.pk, "advance"]),
        {"expected_stage": "scoping", "rationale": "I want to."},
    )
    assert response.status_code == 403
    assert_unchanged(before)
    plan.refresh_from_db()
    assert plan.stage == Stage.SCOPING
