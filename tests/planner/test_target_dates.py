"""Target dates: the baseline is kept and the slip shown, a move is confirmed with a reason and
logged, a new date in the past is refused, and a passed date is tagged overdue."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from planner.models import Plan, PlanChange, Stage, target_slip
from tests.helpers import assert_unchanged, set_plan, set_stage, snapshot
from workflows.models import Decision

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def edit_data(plan, **changes):
    """The plan's edit form as it stands, with some fields changed (dates as YYYY-MM-DD)."""
    data = {
        "title": plan.title,
        "reference": plan.reference,
        "summary": plan.summary,
        "collaboration_type": plan.collaboration_type,
        "area": plan.area,
        "objectives": plan.objectives,
        "public_outcome": plan.public_outcome,
        "expected_benefits": plan.expected_benefits,
        "agreement_form": plan.agreement_form,
        "agreement_notes": plan.agreement_notes,
    }
    for stage in ("scoping", "governance_alignment", "joint_risk_assessment", "delivery"):
        value = plan.target_for(stage)
        data[f"{stage}_target"] = value.isoformat() if value else ""
    data.update({k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in changes.items()})
    return data


@pytest.fixture
def dated_plan(plan, client_for, police_lead):
    """The plan with a governance alignment target set through the edit (so its baseline)."""
    first = today() + timedelta(days=30)
    response = client_for(police_lead).post(
        reverse("plan_edit", args=[plan.pk]), edit_data(plan, governance_alignment_target=first)
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    return plan


def test_setting_a_first_target_needs_no_confirmation_and_becomes_the_baseline(dated_plan):
    first = today() + timedelta(days=30)
    assert dated_plan.governance_alignment_target == first
    assert dated_plan.baseline_for(Stage.GOVERNANCE) == first
    assert not Decision.objects.filter(plan=dated_plan, topic="target-dates").exists()


def test_moving_a_target_asks_are_you_sure_with_old_new_and_slip_and_changes_nothing(
    client_for, police_lead, dated_plan
):
    first = dated_plan.governance_alignment_target
    later = first + timedelta(weeks=6)
    before = snapshot(Plan, PlanChange, Decision)
    response = client_for(police_lead).post(
        reverse("plan_edit", args=[dated_plan.pk]),
        edit_data(dated_plan, governance_alignment_target=later),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Are you sure you want to move the target date?" in page
    assert f"From {first:%-d %B %Y} to {later:%-d %B %Y}" in page
    assert f"Baseline {first:%-d %B %Y}, now {later:%-d %B %Y}: 6 weeks later" in page
    # The edit's values ride along, so confirming saves what was checked.
    assert f'type="hidden" name="governance_alignment_target" value="{later:%Y-%m-%d}"' in page
    assert_unchanged(before)


def test_confirming_with_a_reason_moves_the_date_keeps_the_baseline_and_logs_it(
    client_for, police_lead, dated_plan
):
    first = dated_plan.governance_alignment_target
    later = first + timedelta(weeks=6)
    data = edit_data(dated_plan, governance_alignment_target=later)
    data.update(confirm="1", reason="The fire authority meets a month later than planned.")
    response = client_for(police_lead).post(reverse("plan_edit", args=[dated_plan.pk]), data)
    assert response.status_code == 302
    dated_plan.refresh_from_db()
    assert dated_plan.governance_alignment_target == later
    assert dated_plan.baseline_for(Stage.GOVERNANCE) == first
    decision = Decision.objects.get(plan=dated_plan, topic="target-dates")
    assert decision.actor == police_lead
    assert f"to {later:%-d %B %Y}" in decision.summary
    assert f"from {first:%-d %B %Y} to {later:%-d %B %Y}" in decision.rationale
    assert "6 weeks later" in decision.rationale
    assert "The fire authority meets a month later" in decision.rationale
    change = PlanChange.objects.filter(plan=dated_plan).latest("pk")
    assert change.field == "governance_alignment_target"
    assert (change.before, change.after) == (f"{first:%-d %B %Y}", f"{later:%-d %B %Y}")
    assert change.reason.startswith("The fire authority")

    page = client_for(police_lead).get(reverse("plan_detail", args=[dated_plan.pk]))
    slip = f"Baseline {first:%-d %B %Y}, now {later:%-d %B %Y}: 6 weeks later"
    assert slip in page.content.decode()


def test_confirming_without_a_reason_is_refused_and_changes_nothing(
    client_for, police_lead, dated_plan
):
    later = dated_plan.governance_alignment_target + timedelta(days=3)
    data = edit_data(dated_plan, governance_alignment_target=later)
    data.update(confirm="1", reason="  ")
    before = snapshot(Plan, PlanChange, Decision)
    response = client_for(police_lead).post(reverse("plan_edit", args=[dated_plan.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the reason for moving the target date" in page
    assert_unchanged(before)


def test_the_service_refuses_a_move_without_a_reason(police_lead, dated_plan):
    from planner.access import plan_access_for_user
    from planner.errors import DomainError
    from planner.services import plan_update

    access = plan_access_for_user(police_lead, dated_plan.pk, for_change=True)
    before = snapshot(Plan, PlanChange, Decision)
    later = dated_plan.governance_alignment_target + timedelta(days=1)
    with pytest.raises(DomainError) as refused:
        plan_update(access=access, data={"governance_alignment_target": later})
    assert refused.value.field == "reason"
    assert_unchanged(before)


def test_moving_a_target_earlier_or_clearing_it_is_confirmed_too(
    client_for, police_lead, dated_plan
):
    first = dated_plan.governance_alignment_target
    earlier = first - timedelta(days=3)
    client = client_for(police_lead)
    url = reverse("plan_edit", args=[dated_plan.pk])
    page = client.post(url, edit_data(dated_plan, governance_alignment_target=earlier))
    assert f"now {earlier:%-d %B %Y}: 3 days earlier" in page.content.decode()
    page = client.post(url, edit_data(dated_plan, governance_alignment_target=""))
    assert f"From {first:%-d %B %Y} to no date" in page.content.decode()
    data = edit_data(dated_plan, governance_alignment_target="")
    data.update(confirm="1", reason="The gate is no longer time-bound.")
    assert client.post(url, data).status_code == 302
    dated_plan.refresh_from_db()
    assert dated_plan.governance_alignment_target is None
    # The baseline stays, so setting a date again shows the slip from the first one.
    assert dated_plan.baseline_for(Stage.GOVERNANCE) == first


@pytest.mark.parametrize("creating", [True, False])
def test_a_new_target_date_in_the_past_is_refused_with_its_message(
    client_for, police_lead, plan, creating
):
    yesterday = today() - timedelta(days=1)
    before = snapshot(Plan, PlanChange, Decision)
    if creating:
        data = edit_data(plan, reference="TST-NEW-1", scoping_target=yesterday)
        response = client_for(police_lead).post(reverse("plan_create"), data)
    else:
        data = edit_data(plan, scoping_target=yesterday)
        response = client_for(police_lead).post(reverse("plan_edit", args=[plan.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Scoping target date must be today or in the future" in page
    assert_unchanged(before)


def test_a_date_already_passed_can_stay_while_other_details_change(client_for, police_lead, plan):
    """An overdue plan is still edited: its past date is not "new", so it is not refused."""
    past = today() - timedelta(days=10)
    set_plan(plan, scoping_target=past, target_baselines={"scoping": past.isoformat()})
    data = edit_data(plan, title="Renamed")
    response = client_for(police_lead).post(reverse("plan_edit", args=[plan.pk]), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.scoping_target) == ("Renamed", past)


def test_a_past_target_of_the_current_stage_is_tagged_overdue_on_the_plan_and_dashboard(
    client_for, police_lead, plan
):
    past = today() - timedelta(days=1)
    set_plan(plan, scoping_target=past, delivery_target=today() + timedelta(days=90))
    client = client_for(police_lead)
    detail = client.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert detail.count('govuk-tag--red">Overdue') == 1
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert 'govuk-tag govuk-tag--red">Overdue</strong>' in dashboard


def test_a_passed_gate_or_a_future_date_is_not_overdue(client_for, police_lead, plan):
    past = today() - timedelta(days=1)
    set_plan(plan, scoping_target=past, governance_alignment_target=today())
    set_stage(plan, Stage.GOVERNANCE)
    client = client_for(police_lead)
    assert "Overdue" not in client.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert "Overdue" not in client.get(reverse("dashboard")).content.decode()


def test_a_closed_plan_shows_nothing_overdue(plan):
    set_plan(plan, delivery_target=today() - timedelta(days=5))
    set_stage(plan, Stage.CLOSED)
    assert not any(row["overdue"] for row in plan.target_rows())
    assert not plan.next_target_overdue


@pytest.mark.parametrize(
    ("days", "words"),
    [(42, "6 weeks later"), (7, "1 week later"), (-3, "3 days earlier"), (1, "1 day later")],
)
def test_the_slip_in_words(days, words):
    start = today()
    assert target_slip(start, start + timedelta(days=days)) == words


def test_a_target_stored_without_a_baseline_is_its_own_baseline_when_moved(
    client_for, police_lead, plan
):
    """Plans written straight to the table (the demo, older rows) have targets but no
    baselines: the stored target is the baseline the move is measured from."""
    first = today() + timedelta(days=14)
    set_plan(plan, scoping_target=first, target_baselines={})
    later = first + timedelta(weeks=2)
    data = edit_data(plan, scoping_target=later)
    page = client_for(police_lead).post(reverse("plan_edit", args=[plan.pk]), data)
    assert f"Baseline {first:%-d %B %Y}, now {later:%-d %B %Y}: 2 weeks later" in (
        page.content.decode()
    )
    data.update(confirm="1", reason="Partners asked for more time.")
    assert (
        client_for(police_lead).post(reverse("plan_edit", args=[plan.pk]), data).status_code == 302
    )
    plan.refresh_from_db()
    assert plan.baseline_for(Stage.SCOPING) == first
