"""The plan page as a GOV.UK task list: one task per gate check, its status read from the same
results the gate's "what is missing" list shows, and buttons that say what they will do."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from planner.context import PlanContext
from planner.gates import CheckResult
from planner.models import PartnerRole, Plan, PlanPartner, S2Response, Stage
from planner.tasklist import (
    CANNOT_START,
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    plan_task_list,
    task_status,
)
from tests.factories import PlanFactory
from tests.helpers import (
    approve_all,
    assert_unchanged,
    gate_of,
    record_s2,
    set_plan,
    set_stage,
    snapshot,
    state_costs,
)
from workflows.models import Decision, DecisionKind
from workflows.services import decision_record

pytestmark = pytest.mark.django_db

# A weekday morning: the stage change's e-mails are not held by quiet hours.
WORKING_HOURS = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


def page(client, plan) -> str:
    return client.get(reverse("plan_detail", args=[plan.pk])).content.decode()


def statuses(html: str) -> dict[str, str]:
    """The task list's rows as {task code: status}, as the page renders them."""
    return dict(re.findall(r'data-task="([^"]+)" data-status="([^"]+)"', html))


def task_row(html: str, code: str) -> str:
    start = html.index(f'data-task="{code}"')
    return html[start : html.index("</li>", start)]


def primary_buttons(html: str) -> list[str]:
    """The labels of green (primary) buttons and button-links on the page."""
    return [
        re.sub(r"<[^>]+>", "", label).strip()
        for classes, label in re.findall(
            r'<(?:a|button)[^>]*class="(govuk-button[^"]*)"[^>]*>(.*?)</(?:a|button)>', html
        )
        if "--secondary" not in classes and "--warning" not in classes
    ]


def test_a_status_is_read_from_the_checks_results():
    ok, missing = CheckResult("a", True, "Done."), CheckResult("b", False, "Not yet.")
    blocked = CheckResult("c", False, "Wait.", blocked_reason="Something else comes first.")
    assert task_status([ok, ok]) == COMPLETED
    assert task_status([ok, missing]) == IN_PROGRESS
    assert task_status([missing, missing]) == NOT_STARTED
    assert task_status([blocked]) == CANNOT_START
    assert task_status([ok, blocked]) == IN_PROGRESS
    assert task_status([CheckResult("d", False, "Asked; no answer yet.", started=True)]) == (
        IN_PROGRESS
    )


def test_the_s2_task_moves_from_not_started_to_completed_as_responses_are_recorded(
    client_for, police_lead, plan
):
    client = client_for(police_lead)
    assert statuses(page(client, plan))["s2_record"] == NOT_STARTED
    record_s2(plan, police_lead, skip={"Testshire Fire and Rescue Service"})
    html = page(client, plan)
    assert statuses(html)["s2_record"] == IN_PROGRESS
    row = task_row(html, "s2_record")
    assert "2 of 3 done." in row
    assert "Testshire Fire and Rescue Service has not been recorded as notified" in row
    assert f'href="{reverse("plan_s2", args=[plan.pk])}"' in row
    record_s2(plan, police_lead)
    assert statuses(page(client, plan))["s2_record"] == COMPLETED


def test_a_notification_awaiting_its_answer_is_work_in_progress(client_for, police_lead, plan):
    record_s2(plan, police_lead, S2Response.AWAITING)
    html = page(client_for(police_lead), plan)
    assert statuses(html)["s2_record"] == IN_PROGRESS
    assert "has not yet responded to the s.2 notification" in task_row(html, "s2_record")


def test_the_task_list_and_the_gate_come_from_the_same_results(police_lead, plan):
    record_s2(plan, police_lead, S2Response.AWAITING)
    ctx = PlanContext.for_plan(plan)
    tasks = {t.code: t for t in plan_task_list(ctx) if not t.optional}
    gate = gate_of(plan)
    assert set(tasks) == {check.code for check, results in ctx.gate.by_check if results}
    for check, results in ctx.gate.by_check:
        if results:
            assert tasks[check.code].title == check.title
            assert tasks[check.code].status == task_status(results)
    # Each task's hint names the first things the gate says are missing, and counts the rest.
    assert gate.failed
    for check, results in ctx.gate.by_check:
        failed = [r for r in results if not r.passed and not r.blocked_reason]
        if results:
            task = tasks[check.code]
            assert task.missing == tuple(r.message for r in failed[:2])
            assert task.more == max(len(failed) - 2, 0)


def test_sign_offs_and_costs_change_their_tasks_at_governance_alignment(
    client_for, police_lead, plan
):
    record_s2(plan, police_lead)
    set_stage(plan, Stage.GOVERNANCE)
    client = client_for(police_lead)
    before = statuses(page(client, plan))
    assert before["sign_off"] == NOT_STARTED
    assert before["costs_stated"] == NOT_STARTED
    approve_all(plan, police_lead, skip={"Testshire County Council"})
    state_costs(plan, skip={"Testshire County Council"})
    during = statuses(page(client, plan))
    assert during["sign_off"] == IN_PROGRESS
    # One result for all the partners' costs: not passed until the last has stated them.
    assert during["costs_stated"] == NOT_STARTED
    approve_all(plan, police_lead)
    state_costs(plan)
    after = statuses(page(client, plan))
    assert after["sign_off"] == COMPLETED
    assert after["costs_stated"] == COMPLETED


def test_a_task_that_cannot_start_says_why_and_has_no_link(client_for, police_lead):
    alone = PlanFactory(created_by=police_lead, title="Police alone", reference="TST-ALONE")
    html = page(client_for(police_lead), alone)
    assert statuses(html)["s2_record"] == CANNOT_START
    row = task_row(html, "s2_record")
    assert "Cannot start yet" in row
    assert "Add the partner organisations first." in row
    assert "<a " not in row


def test_sign_offs_cannot_start_while_the_partners_are_not_settled(client_for, police_lead, plan):
    # The police alone: no partner from another service (the others were taken off).
    PlanPartner.objects.filter(plan=plan).exclude(role=PartnerRole.LEAD).delete()
    set_stage(plan, Stage.GOVERNANCE)
    html = page(client_for(police_lead), plan)
    assert statuses(html)["sign_off"] == CANNOT_START
    assert "The partners must be settled first" in task_row(html, "sign_off")


def test_a_closed_gate_offers_what_is_missing_and_no_primary_action(client_for, police_lead, plan):
    html = page(client_for(police_lead), plan)
    assert "Move to the next stage" not in primary_buttons(html)
    advance = reverse("plan_transition", args=[plan.pk, "advance"])
    assert re.search(
        rf'<a href="{advance}" class="govuk-button govuk-button--secondary"[^>]*>'
        r"See what is missing</a>",
        html,
    )


def test_what_is_missing_has_no_form_to_fill_in(client_for, police_lead, plan):
    before = snapshot(Plan, Decision)
    response = client_for(police_lead).get(reverse("plan_transition", args=[plan.pk, "advance"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "What is missing before the plan can leave scoping" in html
    assert 'name="rationale"' not in html
    assert "has not been recorded as notified of the proposal under s.2" in html
    assert_unchanged(before)


def test_an_open_gate_offers_the_move_as_the_primary_action(
    client_for, police_lead, plan, workflow_gates_only
):
    record_s2(plan, police_lead)
    html = page(client_for(police_lead), plan)
    assert "Every check has passed." in html
    assert primary_buttons(html) == ["Move to the next stage"]
    assert "See what is missing" not in html


def test_after_the_move_the_banner_says_what_happened(
    client_for,
    police_lead,
    plan,
    workflow_gates_only,
    time_machine,
    django_capture_on_commit_callbacks,
):
    time_machine.move_to(WORKING_HOURS, tick=False)
    set_plan(plan, created_at=datetime(2026, 1, 1, 9, 0, tzinfo=UTC))
    record_s2(plan, police_lead)
    client = client_for(police_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("plan_transition", args=[plan.pk, "advance"]),
            {"expected_stage": Stage.SCOPING, "rationale": "Everyone agreed."},
            follow=True,
        )
    html = response.content.decode()
    assert (
        "Plan moved to governance alignment. The decision has been logged. "
        "The partners have been told." in html
    )
    assert "govuk-notification-banner--success" in html
    # The scoping stage is now among the other stages, with when and by whom it was passed.
    other = html[html.index("The other stages") :]
    assert "Passed on 4 March 2026 by " + police_lead.full_name in other
    assert "Everyone agreed." in other


def test_the_other_stages_say_what_their_gates_will_ask(client_for, police_lead, plan):
    html = page(client_for(police_lead), plan)
    other = html[html.index("The other stages") :]
    assert "Governance alignment" in other
    assert "Every partner&#x27;s governing body approved" in other


def test_optional_work_is_marked_optional(client_for, police_lead, plan):
    html = page(client_for(police_lead), plan)
    optional = [code for code in statuses(html) if code.startswith("optional:")]
    assert optional
    rows = [task_row(html, code) for code in optional]
    assert any("Link comparable schemes from the case library" in row for row in rows)
    assert all("Optional." in row for row in rows)


def test_the_stage_indicator_is_a_list_not_controls(client_for, police_lead, plan):
    html = page(client_for(police_lead), plan)
    start = html.index('<ol class="app-progress-list"')
    progress = html[start : html.index("</ol>", start)]
    assert "<a " not in progress and "<button" not in progress
    assert 'aria-current="step"' in progress
    assert 'Scoping <span class="app-progress-list__now">(current stage)</span>' in progress


def test_the_banner_names_the_stage_changes_kind_of_decision(
    client_for, police_lead, plan, workflow_gates_only
):
    # Put on hold: no gate, and the log says so; the banner says what happened.
    response = client_for(police_lead).post(
        reverse("plan_transition", args=[plan.pk, "hold"]),
        {"expected_stage": Stage.SCOPING, "rationale": "Budget review."},
        follow=True,
    )
    assert "Plan put on hold. The decision has been logged." in response.content.decode()
    assert Decision.objects.get(plan=plan).kind == DecisionKind.TRANSITION


def test_a_withdrawn_plans_other_stages_say_they_were_not_reached(client_for, police_lead, plan):
    set_stage(plan, Stage.WITHDRAWN)
    html = page(client_for(police_lead), plan)
    other = html[html.index("The other stages") :]
    assert "Not reached: the plan was withdrawn." in other
    assert "Its gate asks for" not in other


def test_one_read_gives_the_stage_changes_and_the_latest_ten_decisions(
    client_for, police_lead, plan
):
    decision_record(
        plan=plan,
        actor=police_lead,
        summary="Moved on: Scoping → Governance alignment",
        rationale="The first move.",
        kind=DecisionKind.TRANSITION,
        from_stage=Stage.SCOPING,
        to_stage=Stage.GOVERNANCE,
    )
    for i in range(12):
        decision_record(plan=plan, actor=police_lead, summary=f"Decision {i}", rationale="Why.")
    set_stage(plan, Stage.GOVERNANCE)
    html = page(client_for(police_lead), plan)
    # The stage change, older than the latest ten, still says when scoping was passed...
    assert "The first move." in html[html.index("The other stages") :]
    # ...and the decisions panel lists exactly the latest ten.
    panel = html[html.index('id="panel-decisions"') :]
    assert "Decision 11" in panel and "Decision 2" in panel
    assert "Decision 1<" not in panel and "Moved on: Scoping" not in panel
