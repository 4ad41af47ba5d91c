"""Conditions of a conditional approval, tracked to discharge: each line of the conditions
becomes an item with an owner and a due date; an open one holds the plan at joint risk
assessment with its own message; meeting it with evidence (or the body waiving it, or the
lead carrying it into delivery with a reason) opens the gate; who may is one rule."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from planner.access import plan_access_for_user
from planner.errors import DomainError, NotAllowed, Stale
from planner.models import MemberRole, Stage
from tests.factories import add_partner
from tests.helpers import (
    assert_unchanged,
    count_queries,
    gate_of,
    set_stage,
    snapshot,
    state_models,
)
from workflows.conditions import CARRY, MEET, WAIVE, condition_may, conditions_split
from workflows.models import ConditionStatus, Decision, SignOff, SignOffCondition
from workflows.services import condition_close, condition_set, signoff_record

pytestmark = pytest.mark.django_db

CONDITIONS = """1. Agree the shared rota with the fire service.
2. Report the first quarter's response times to the board.
"""


@pytest.fixture(autouse=True)
def workflow_checks_only(monkeypatch):
    from tests.helpers import keep_gate_checks

    keep_gate_checks(monkeypatch, "workflows.checks")


@pytest.fixture
def approved_plan(plan, police_lead, fire_approver, ambulance_approver):
    """A plan whose ambulance trust approved with two conditions, recorded by its approver;
    the others approved outright. Left at joint risk assessment."""
    add_partner(plan, fire_approver, member_role=MemberRole.APPROVER)
    add_partner(plan, ambulance_approver, member_role=MemberRole.APPROVER)
    set_stage(plan, Stage.GOVERNANCE)
    today = timezone.localdate()
    for person, decision, conditions in (
        (police_lead, "approved", ""),
        (fire_approver, "approved", ""),
        (ambulance_approver, "approved_with_conditions", CONDITIONS),
    ):
        access = plan_access_for_user(person, plan.pk, for_change=True)
        org = person.organisation
        signoff_record(
            access=access,
            organisation=org,
            body=org.governing_body,
            decision=decision,
            decided_on=today,
            reference=f"REF-{org.pk}",
            conditions=conditions,
        )
    set_stage(plan, Stage.RISK)
    return plan


def access_of(user, plan):
    return plan_access_for_user(user, plan.pk, for_change=True)


def conditions_of(plan):
    return list(SignOffCondition.objects.filter(plan=plan).order_by("number"))


def condition_results(plan):
    return {r.code: r for r in gate_of(plan).results if r.code.startswith("condition:")}


def date_all(plan, lead, days=14):
    due = timezone.localdate() + timedelta(days=days)
    for c in conditions_of(plan):
        condition_set(access=access_of(lead, plan), condition=c, owner=c.owner, due_on=due)
    return due


# Items from the approval


def test_each_line_of_the_conditions_becomes_an_item_owned_by_the_body_that_set_it(
    approved_plan, orgs
):
    first, second = conditions_of(approved_plan)
    assert (first.number, first.text) == (1, "Agree the shared rota with the fire service.")
    assert second.text == "Report the first quarter's response times to the board."
    assert {c.owner for c in (first, second)} == {orgs["ambulance"]}
    assert all(c.status == ConditionStatus.OPEN and c.due_on is None for c in (first, second))
    # An outright approval has none.
    assert SignOffCondition.objects.filter(sign_off__decision="approved").count() == 0


def test_the_sign_off_forms_conditions_become_items(plan, fire_approver, client_for, orgs):
    add_partner(plan, fire_approver, member_role=MemberRole.APPROVER)
    set_stage(plan, Stage.GOVERNANCE)
    response = client_for(fire_approver).post(
        reverse("plan_sign_off", args=[plan.pk]),
        {
            "body": "Testshire Fire and Rescue Authority",
            "decision": "approved_with_conditions",
            "decided_on": timezone.localdate().isoformat(),
            "reference": "FRA/2026/14",
            "conditions": "1. Agree the rota.\r\n\r\n2. Share the estates survey.\r\n",
        },
    )
    assert response.status_code == 302
    items = conditions_of(plan)
    assert [(c.number, c.text, c.owner) for c in items] == [
        (1, "Agree the rota.", orgs["fire"]),
        (2, "Share the estates survey.", orgs["fire"]),
    ]


def test_the_bodys_own_numbering_and_blank_lines_are_not_conditions():
    text = "\n- First\n\n  2) Second  \n• Third\n"
    assert conditions_split(text) == ["First", "Second", "Third"]


# The gate


def test_an_open_condition_blocks_the_gate_with_its_own_message(approved_plan, police_lead):
    first, second = conditions_of(approved_plan)
    results = condition_results(approved_plan)
    assert set(results) == {f"condition:{first.pk}", f"condition:{second.pk}"}
    assert not gate_of(approved_plan).is_open
    untracked = results[f"condition:{first.pk}"]
    assert not untracked.passed
    assert "Condition 1 of Testshire Ambulance Service NHS Trust's approval" in untracked.message
    assert "has no due date" in untracked.message
    assert untracked.fix_url == reverse("plan_conditions", args=[approved_plan.pk])

    due = date_all(approved_plan, police_lead)
    tracked = condition_results(approved_plan)[f"condition:{first.pk}"]
    assert not tracked.passed
    assert "Agree the shared rota" in tracked.message
    assert "owned by Testshire Ambulance Service NHS Trust" in tracked.message
    assert f"due {due:%-d %B %Y}" in tracked.message


def test_meeting_every_condition_with_evidence_opens_the_gate(
    approved_plan, police_lead, ambulance_approver
):
    date_all(approved_plan, police_lead)
    first, second = conditions_of(approved_plan)
    access = access_of(ambulance_approver, approved_plan)
    condition_close(access=access, condition=first, action=MEET, note="Rota signed 3 March.")
    results = condition_results(approved_plan)
    assert results[f"condition:{first.pk}"].passed
    assert not results[f"condition:{second.pk}"].passed
    assert not gate_of(approved_plan).is_open

    condition_close(access=access, condition=second, action=MEET, note="Board paper TB/26/4.")
    assert gate_of(approved_plan).is_open
    first.refresh_from_db()
    assert (first.status, first.note, first.changed_by) == (
        ConditionStatus.MET,
        "Rota signed 3 March.",
        ambulance_approver,
    )


def test_waived_and_carried_conditions_pass_with_their_reference_and_reason(
    approved_plan, police_lead, ambulance_approver
):
    first, second = conditions_of(approved_plan)
    condition_close(
        access=access_of(ambulance_approver, approved_plan),
        condition=first,
        action=WAIVE,
        note="Trust board minute TB/26/9",
    )
    condition_close(
        access=access_of(police_lead, approved_plan),
        condition=second,
        action=CARRY,
        note="Response times exist only once the service runs.",
    )
    assert gate_of(approved_plan).is_open
    assert [c.status for c in conditions_of(approved_plan)] == [
        ConditionStatus.WAIVED,
        ConditionStatus.CARRIED,
    ]


def test_a_superseded_approvals_conditions_no_longer_count(approved_plan, police_lead, orgs):
    current = SignOff.objects.current().get(plan=approved_plan, organisation=orgs["ambulance"])
    SignOff.objects.create(
        plan=approved_plan,
        organisation=orgs["ambulance"],
        body="Trust board",
        decision="approved",
        decided_on=timezone.localdate(),
        reference="TB-2",
        supersedes=current,
        supersession_reason="The board met again and dropped its conditions.",
        recorded_by=police_lead,
        on_behalf=True,
    )
    assert condition_results(approved_plan) == {}
    assert gate_of(approved_plan).is_open


def test_a_removed_partners_conditions_no_longer_hold_the_gate(approved_plan, orgs):
    from planner.models import PlanMember, PlanPartner

    PlanMember.objects.filter(plan=approved_plan, organisation=orgs["ambulance"]).delete()
    PlanPartner.objects.filter(plan=approved_plan, organisation=orgs["ambulance"]).delete()
    assert condition_results(approved_plan) == {}
    assert gate_of(approved_plan).is_open


def test_a_carried_condition_can_still_be_met_in_delivery_but_not_waived(
    approved_plan, police_lead, ambulance_approver
):
    first, _ = conditions_of(approved_plan)
    lead = access_of(police_lead, approved_plan)
    condition_close(access=lead, condition=first, action=CARRY, note="Needs the live service.")
    set_stage(approved_plan, Stage.DELIVERY)
    approver = access_of(ambulance_approver, approved_plan)
    before = snapshot(*state_models())
    with pytest.raises(Stale, match="already been carried into delivery"):
        condition_close(access=approver, condition=first, action=WAIVE, note="TB/26/9")
    assert_unchanged(before)
    condition_close(access=approver, condition=first, action=MEET, note="Rota live 1 May.")
    first.refresh_from_db()
    assert (first.status, first.note) == (ConditionStatus.MET, "Rota live 1 May.")
    # Both steps are in the log.
    assert Decision.objects.filter(topic=f"condition:{first.pk}").count() == 2


# Discharging, and its decision-log row


def test_each_discharge_writes_a_decision_log_row_naming_the_condition(
    approved_plan, ambulance_approver
):
    first, _ = conditions_of(approved_plan)
    condition_close(
        access=access_of(ambulance_approver, approved_plan),
        condition=first,
        action=MEET,
        note="Rota signed 3 March.",
    )
    row = Decision.objects.get(topic=f"condition:{first.pk}")
    assert row.summary == "Condition 1 of Testshire Ambulance Service NHS Trust's approval met"
    assert "Evidence: Rota signed 3 March." in row.rationale
    assert row.actor == ambulance_approver


@pytest.mark.parametrize(
    "action, message",
    [
        (MEET, "Enter the evidence that the condition is met."),
        (WAIVE, "Enter the minute or decision-notice reference of the body's decision"),
        (CARRY, "Enter the reason the condition is carried into delivery."),
    ],
)
def test_each_discharge_needs_its_note_and_writes_nothing_without_it(
    approved_plan, police_lead, action, message
):
    first, _ = conditions_of(approved_plan)
    before = snapshot(*state_models())
    with pytest.raises(DomainError) as refused:
        condition_close(
            access=access_of(police_lead, approved_plan), condition=first, action=action, note=" "
        )
    assert message in refused.value.message
    assert refused.value.field == "note"
    assert_unchanged(before)


def test_a_condition_is_discharged_once(approved_plan, police_lead, ambulance_approver):
    first, _ = conditions_of(approved_plan)
    condition_close(
        access=access_of(ambulance_approver, approved_plan),
        condition=first,
        action=MEET,
        note="Rota signed.",
    )
    before = snapshot(*state_models())
    with pytest.raises(Stale, match="already been met by Abe Board"):
        condition_close(
            access=access_of(police_lead, approved_plan),
            condition=first,
            action=CARRY,
            note="Later.",
        )
    assert_unchanged(before)


def test_a_due_date_in_the_past_is_refused(approved_plan, police_lead):
    first, _ = conditions_of(approved_plan)
    before = snapshot(*state_models())
    with pytest.raises(DomainError, match="today or in the future") as refused:
        condition_set(
            access=access_of(police_lead, approved_plan),
            condition=first,
            owner=first.owner,
            due_on=timezone.localdate() - timedelta(days=1),
        )
    assert refused.value.field == "due_on"
    assert_unchanged(before)


# Who may


def test_the_rule_of_who_may_do_what(
    approved_plan, police_lead, fire_partner, fire_approver, ambulance_rep, ambulance_approver
):
    first, _ = conditions_of(approved_plan)  # set by ambulance's board, owned by ambulance
    may = {
        name: {
            a: condition_may(access_of(u, approved_plan), first, a) for a in (MEET, WAIVE, CARRY)
        }
        for name, u in (
            ("lead", police_lead),
            ("ambulance_rep", ambulance_rep),
            ("ambulance_approver", ambulance_approver),
            ("fire_partner", fire_partner),
            ("fire_approver", fire_approver),
        )
    }
    assert may["lead"] == {MEET: True, WAIVE: True, CARRY: True}
    assert may["ambulance_approver"] == {MEET: True, WAIVE: True, CARRY: False}
    assert may["ambulance_rep"] == {MEET: True, WAIVE: False, CARRY: False}
    assert may["fire_partner"] == {MEET: False, WAIVE: False, CARRY: False}
    assert may["fire_approver"] == {MEET: False, WAIVE: False, CARRY: False}


def test_another_organisations_partner_is_refused_by_the_service(approved_plan, fire_partner):
    first, _ = conditions_of(approved_plan)
    before = snapshot(*state_models())
    with pytest.raises(NotAllowed, match="Testshire Ambulance Service NHS Trust's governance"):
        condition_close(
            access=access_of(fire_partner, approved_plan),
            condition=first,
            action=MEET,
            note="We did it.",
        )
    assert_unchanged(before)


# The pages


def test_the_conditions_page_lists_status_owner_due_date_and_overdue(
    approved_plan, police_lead, client_for
):
    date_all(approved_plan, police_lead)
    first, second = conditions_of(approved_plan)
    SignOffCondition.objects.filter(pk=second.pk).update(
        due_on=timezone.localdate() - timedelta(days=2)
    )
    page = client_for(police_lead).get(reverse("plan_conditions", args=[approved_plan.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "2 of 2 conditions still open." in html
    assert "Agree the shared rota with the fire service." in html
    assert "Overdue" in html
    assert reverse("plan_condition_meet", args=[approved_plan.pk, first.pk]) in html
    assert reverse("plan_condition_carry", args=[approved_plan.pk, first.pk]) in html


def test_meeting_a_condition_through_its_confirmation_page_opens_the_gate(
    approved_plan, police_lead, ambulance_rep, client_for
):
    date_all(approved_plan, police_lead)
    client = client_for(ambulance_rep)
    for c in conditions_of(approved_plan):
        url = reverse("plan_condition_meet", args=[approved_plan.pk, c.pk])
        confirm = client.get(url).content.decode()
        assert "Are you sure condition" in confirm
        assert "This cannot be undone" in confirm
        missing = client.post(url, {"note": ""})
        assert missing.status_code == 400
        assert "Enter the evidence that the condition is met." in missing.content.decode()
        assert SignOffCondition.objects.get(pk=c.pk).status == ConditionStatus.OPEN
        done = client.post(url, {"note": f"Evidence for {c.number}"})
        assert done.status_code == 302
    assert gate_of(approved_plan).is_open
    assert Decision.objects.filter(topic__startswith="condition:", actor=ambulance_rep).count() == 2
    # The plan page's gate no longer lists them as failing.
    page = client_for(police_lead).get(reverse("plan_detail", args=[approved_plan.pk]))
    assert "Every condition has been discharged." in page.content.decode()


def test_the_plan_page_shows_open_conditions_and_the_gate_names_them(
    approved_plan, police_lead, client_for
):
    page = client_for(police_lead).get(reverse("plan_detail", args=[approved_plan.pk]))
    html = page.content.decode()
    assert "Open conditions of approval" in html
    assert "Agree the shared rota with the fire service." in html
    assert "is open and has no due date" in html  # the gate panel's failed check


@pytest.mark.parametrize("stage", [Stage.GOVERNANCE, Stage.RISK, Stage.DELIVERY])
def test_the_plan_pages_conditions_cost_one_query_whatever_their_number(
    approved_plan, police_lead, client_for, stage
):
    """The sign-off panel reads the conditions only when a current approval has any, in the
    read the gate check shares: one query more than with no conditions (tests/planner/
    test_plan_context.py pins the rest), however many there are."""
    set_stage(approved_plan, stage)
    client = client_for(police_lead)
    url = reverse("plan_detail", args=[approved_plan.pk])
    with_two = count_queries(client, url)
    sign_off = conditions_of(approved_plan)[0].sign_off
    SignOffCondition.objects.bulk_create(
        SignOffCondition(
            plan=approved_plan,
            sign_off=sign_off,
            number=n,
            text=f"More {n}",
            owner=sign_off.organisation,
        )
        for n in range(3, 13)
    )
    assert count_queries(client, url) == with_two
    SignOff.objects.filter(pk=sign_off.pk).update(decision="approved")
    without = count_queries(client, url)
    # At joint risk assessment the gate check reads them anyway (one query, shared).
    assert with_two - without == (0 if stage == Stage.RISK else 1)


@pytest.mark.parametrize("action", ["meet", "waive", "carry"])
def test_a_partner_of_another_organisation_gets_403_and_nothing_is_written(
    approved_plan, fire_partner, client_for, action
):
    first, _ = conditions_of(approved_plan)
    url = reverse(f"plan_condition_{action}", args=[approved_plan.pk, first.pk])
    client = client_for(fire_partner)  # signing in writes last_login, before the snapshot
    before = snapshot(*state_models())
    response = client.post(url, {"note": "We did it."})
    assert response.status_code == 403
    assert_unchanged(before)


def test_only_the_lead_carries_a_condition_into_delivery(
    approved_plan, ambulance_approver, client_for
):
    first, _ = conditions_of(approved_plan)
    url = reverse("plan_condition_carry", args=[approved_plan.pk, first.pk])
    client = client_for(ambulance_approver)
    before = snapshot(*state_models())
    response = client.post(url, {"note": "Later."})
    assert response.status_code == 403
    assert_unchanged(before)


def test_setting_the_owner_and_due_date_through_the_page(
    approved_plan, ambulance_approver, orgs, client_for
):
    first, _ = conditions_of(approved_plan)
    due = timezone.localdate() + timedelta(days=30)
    response = client_for(ambulance_approver).post(
        reverse("plan_condition_set", args=[approved_plan.pk, first.pk]),
        {"owner": orgs["fire"].pk, "due_on": due.isoformat()},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.owner, first.due_on) == (orgs["fire"], due)
    assert Decision.objects.filter(topic=f"condition:{first.pk}").exists()


def test_the_board_paper_lists_the_conditions_and_their_status(approved_plan, ambulance_approver):
    from planner.context import PlanContext
    from workflows.report_sections import management_section

    first, _ = conditions_of(approved_plan)
    condition_close(
        access=access_of(ambulance_approver, approved_plan),
        condition=first,
        action=MEET,
        note="Rota signed.",
    )
    section = management_section(PlanContext.for_plan(approved_plan))
    assert section["open_conditions"] == 1
    assert [(c.number, c.status) for c, _overdue in section["conditions"]] == [
        (1, ConditionStatus.MET),
        (2, ConditionStatus.OPEN),
    ]


# The demo


def test_the_demo_shows_one_condition_met_and_one_holding_the_gate():
    from django.core.management import call_command

    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    conditions = list(SignOffCondition.objects.order_by("number"))
    assert [c.status for c in conditions] == [ConditionStatus.MET, ConditionStatus.OPEN]
    plan = conditions[0].plan
    assert plan.stage == Stage.RISK
    assert Decision.objects.filter(topic=f"condition:{conditions[0].pk}").exists()
    results = condition_results(plan)
    assert results[f"condition:{conditions[0].pk}"].passed
    assert not results[f"condition:{conditions[1].pk}"].passed
