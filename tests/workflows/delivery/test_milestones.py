"""Milestones: slippage and overdue, who may change which, a baseline fixed on entry into
delivery and moved only by a rebaseline with a reason and a decision-log row."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from planner.access import plan_access_for_user
from planner.context import PlanContext
from planner.dates import uk_today
from planner.errors import NotAllowed, Stale
from planner.models import Stage
from tests.helpers import assert_unchanged, keep_gate_checks, set_plan, set_stage, snapshot
from tests.workflows.delivery.factories import milestone
from workflows.delivery.models import (
    Milestone,
    MilestoneStatus,
    milestone_overdue,
    milestone_slippage,
)
from workflows.delivery.services import milestone_create, milestone_update
from workflows.models import Decision
from workflows.services import plan_transition

pytestmark = pytest.mark.django_db


def _iso(days: int) -> str:
    return (uk_today() + timedelta(days=days)).isoformat()


def form(**fields):
    data = {
        "title": "Control room live",
        "baseline_on": _iso(30),
        "forecast_on": "",
        "status": MilestoneStatus.NOT_STARTED,
        "actual_on": "",
    }
    data.update(fields)
    return data


# Slippage and overdue are pure functions of the dates.


@pytest.mark.parametrize(
    ("baseline", "forecast", "days"),
    [
        (date(2027, 3, 1), date(2027, 3, 15), 14),
        (date(2027, 3, 15), date(2027, 3, 1), -14),
        (date(2027, 3, 1), date(2027, 3, 1), 0),
        (None, date(2027, 3, 1), None),
        (date(2027, 3, 1), None, None),
    ],
)
def test_slippage_is_the_forecast_less_the_baseline_in_days(baseline, forecast, days):
    assert milestone_slippage(baseline, forecast) == days


def test_overdue_is_not_done_with_its_date_before_today():
    today = date(2027, 3, 10)
    assert milestone_overdue(status="in_progress", due_on=date(2027, 3, 9), today=today)
    assert not milestone_overdue(status="in_progress", due_on=today, today=today)
    assert not milestone_overdue(status="done", due_on=date(2027, 3, 9), today=today)
    assert not milestone_overdue(status="not_started", due_on=None, today=today)


# Who may change which milestone.


def test_the_lead_adds_a_milestone_for_any_partner(client_for, police_lead, plan, orgs):
    response = client_for(police_lead).post(
        reverse("milestone_create", args=[plan.pk]), form(owner=orgs["fire"].pk)
    )
    assert response.status_code == 302
    added = Milestone.objects.get(plan=plan)
    assert added.owner == orgs["fire"]
    assert added.forecast_on == added.baseline_on  # a blank forecast is the baseline
    assert not added.is_baselined  # before delivery the baseline is not fixed


def test_a_partner_rep_adds_only_its_own_organisations_milestones(
    client_for, fire_partner, plan, orgs
):
    client = client_for(fire_partner)
    url = reverse("milestone_create", args=[plan.pk])
    before = snapshot(Milestone)
    response = client.post(url, form(owner=orgs["police"].pk))
    assert response.status_code == 400  # police is not among the choices offered to fire
    assert_unchanged(before)
    assert client.post(url, form(owner=orgs["fire"].pk)).status_code == 302


def test_a_partner_rep_cannot_change_another_organisations_milestone(
    client_for, fire_partner, police_lead, plan
):
    theirs = milestone(plan, police_lead)
    before = snapshot(Milestone)
    response = client_for(fire_partner).post(
        reverse("milestone_edit", args=[plan.pk, theirs.pk]), form(owner=theirs.owner_id)
    )
    assert response.status_code == 403
    assert_unchanged(before)


def test_a_read_only_member_changes_nothing(client_for, council_viewer, police_lead, plan, orgs):
    mine = milestone(plan, police_lead)
    client = client_for(council_viewer)
    before = snapshot(Milestone, Decision)
    assert client.post(reverse("milestone_create", args=[plan.pk]), form()).status_code == 403
    assert (
        client.post(reverse("milestone_edit", args=[plan.pk, mine.pk]), form()).status_code == 403
    )
    assert client.get(reverse("plan_milestones", args=[plan.pk])).status_code == 200
    assert_unchanged(before)


def test_an_outsider_gets_404(client_for, outsider, police_lead, plan):
    mine = milestone(plan, police_lead)
    client = client_for(outsider)
    assert client.get(reverse("plan_milestones", args=[plan.pk])).status_code == 404
    assert client.get(reverse("milestone_edit", args=[plan.pk, mine.pk])).status_code == 404


# Dates.


def test_an_actual_date_in_the_future_is_refused_with_its_message(client_for, police_lead, plan):
    before = snapshot(Milestone)
    response = client_for(police_lead).post(
        reverse("milestone_create", args=[plan.pk]),
        form(owner=police_lead.organisation_id, status=MilestoneStatus.DONE, actual_on=_iso(1)),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Actual date must be today or in the past" in page
    assert_unchanged(before)


def test_a_malformed_date_is_refused(client_for, police_lead, plan):
    before = snapshot(Milestone)
    response = client_for(police_lead).post(
        reverse("milestone_create", args=[plan.pk]),
        form(owner=police_lead.organisation_id, baseline_on="2027-02-31"),
    )
    assert response.status_code == 400
    assert "The baseline date must be a real date" in response.content.decode()
    assert_unchanged(before)


def test_done_needs_its_actual_date(client_for, police_lead, plan):
    response = client_for(police_lead).post(
        reverse("milestone_create", args=[plan.pk]),
        form(owner=police_lead.organisation_id, status=MilestoneStatus.DONE),
    )
    assert response.status_code == 400
    assert "Enter the date the milestone was done" in response.content.decode()


def test_a_forecast_before_the_baseline_is_allowed(client_for, police_lead, plan):
    response = client_for(police_lead).post(
        reverse("milestone_create", args=[plan.pk]),
        form(owner=police_lead.organisation_id, forecast_on=_iso(20)),
    )
    assert response.status_code == 302
    assert Milestone.objects.get(plan=plan).slippage_days == -10


# The baseline: free before delivery, fixed on entry, moved only by a rebaseline.


def test_the_baseline_is_edited_freely_before_delivery(client_for, police_lead, plan):
    mine = milestone(plan, police_lead, baseline=30)
    response = client_for(police_lead).post(
        reverse("milestone_edit", args=[plan.pk, mine.pk]),
        form(owner=mine.owner_id, baseline_on=_iso(45), forecast_on=_iso(45)),
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.baseline_on == uk_today() + timedelta(days=45)
    assert not Decision.objects.filter(plan=plan).exists()


def test_entering_delivery_fixes_the_baselines_in_the_same_transaction(
    monkeypatch, police_lead, plan
):
    keep_gate_checks(monkeypatch, "workflows.delivery.checks")
    set_plan(plan, delivery_target=uk_today() + timedelta(days=40))
    set_stage(plan, Stage.RISK)
    dated = milestone(plan, police_lead, baseline=30)
    undated = milestone(plan, police_lead, baseline=None)
    plan_transition(
        ctx=PlanContext.for_user(police_lead, plan.pk, for_change=True),
        name="advance",
        expected_stage=Stage.RISK,
        rationale="Milestones agreed.",
    )
    dated.refresh_from_db()
    undated.refresh_from_db()
    assert dated.is_baselined
    assert not undated.is_baselined  # no date to fix; it is fixed when first given one


def test_a_milestone_added_in_delivery_needs_its_baseline_and_is_fixed_at_once(
    client_for, police_lead, plan
):
    set_stage(plan, Stage.DELIVERY)
    client = client_for(police_lead)
    url = reverse("milestone_create", args=[plan.pk])
    response = client.post(url, form(owner=police_lead.organisation_id, baseline_on=""))
    assert response.status_code == 400
    assert "Enter the baseline date" in response.content.decode()
    assert client.post(url, form(owner=police_lead.organisation_id)).status_code == 302
    assert Milestone.objects.get(plan=plan).is_baselined


def test_a_fixed_baseline_is_not_on_the_edit_form_and_a_posted_one_is_ignored(
    client_for, police_lead, plan
):
    set_stage(plan, Stage.DELIVERY)
    mine = milestone(plan, police_lead, baseline=30, fixed=True)
    client = client_for(police_lead)
    url = reverse("milestone_edit", args=[plan.pk, mine.pk])
    page = client.get(url).content.decode()
    assert 'name="baseline_on"' not in page
    response = client.post(
        url, form(owner=mine.owner_id, baseline_on=_iso(90), forecast_on=_iso(44))
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.baseline_on == uk_today() + timedelta(days=30)
    assert mine.slippage_days == 14


def test_rebaselining_needs_a_reason_and_changes_nothing_without_one(client_for, police_lead, plan):
    set_stage(plan, Stage.DELIVERY)
    mine = milestone(plan, police_lead, baseline=30, fixed=True)
    before = snapshot(Milestone, Decision)
    response = client_for(police_lead).post(
        reverse("milestone_rebaseline", args=[plan.pk, mine.pk]),
        {"baseline_on": _iso(60), "reason": "  "},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the reason for the new baseline" in page
    assert_unchanged(before)


def test_rebaselining_moves_the_baseline_and_writes_a_decision_log_row(
    client_for, police_lead, plan
):
    set_stage(plan, Stage.DELIVERY)
    mine = milestone(plan, police_lead, baseline=30, fixed=True, title="Control room live")
    response = client_for(police_lead).post(
        reverse("milestone_rebaseline", args=[plan.pk, mine.pk]),
        {"baseline_on": _iso(60), "reason": "The supplier's upgrade moved by a month."},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.baseline_on == uk_today() + timedelta(days=60)
    [row] = Decision.objects.filter(plan=plan, topic=f"milestone:{mine.pk}")
    assert row.rationale == "The supplier's upgrade moved by a month."
    assert "Control room live" in row.summary and "rebaselined" in row.summary
    assert row.actor == police_lead


def test_only_the_lead_rebaselines(client_for, fire_partner, plan):
    set_stage(plan, Stage.DELIVERY)
    theirs = milestone(plan, fire_partner, baseline=30, fixed=True)
    before = snapshot(Milestone, Decision)
    response = client_for(fire_partner).post(
        reverse("milestone_rebaseline", args=[plan.pk, theirs.pk]),
        {"baseline_on": _iso(60), "reason": "Late."},
    )
    assert response.status_code == 403
    assert_unchanged(before)


def test_a_baseline_not_yet_fixed_is_not_rebaselined(client_for, police_lead, plan):
    mine = milestone(plan, police_lead, baseline=30)
    before = snapshot(Milestone, Decision)
    response = client_for(police_lead).post(
        reverse("milestone_rebaseline", args=[plan.pk, mine.pk]),
        {"baseline_on": _iso(60), "reason": "Late."},
    )
    assert response.status_code == 400
    assert "not fixed yet" in response.content.decode()
    assert_unchanged(before)


def test_the_milestones_page_shows_slipped_and_overdue(client_for, police_lead, plan):
    set_stage(plan, Stage.DELIVERY)
    milestone(plan, police_lead, baseline=10, forecast=24, fixed=True, title="Slipped one")
    milestone(plan, police_lead, baseline=-3, fixed=True, title="Overdue one")
    page = client_for(police_lead).get(reverse("plan_milestones", args=[plan.pk])).content
    page = page.decode()
    assert "14 days late" in page
    assert "Overdue" in page
    assert "1 slipped, 1 overdue" in page


def test_the_service_refuses_to_move_a_fixed_baseline_outside_a_rebaseline(police_lead, plan):

    set_stage(plan, Stage.DELIVERY)
    mine = milestone(plan, police_lead, baseline=30, fixed=True)
    before = snapshot(Milestone, Decision)
    with pytest.raises(Stale):
        milestone_update(
            access=plan_access_for_user(police_lead, plan.pk, for_change=True),
            milestone=mine,
            title=mine.title,
            owner=mine.owner,
            forecast_on=mine.forecast_on,
            actual_on=None,
            status=mine.status,
            baseline_on=uk_today() + timedelta(days=90),
        )
    assert_unchanged(before)


def test_the_service_refuses_a_partner_giving_a_milestone_to_another_organisation(
    fire_partner, plan, orgs
):

    before = snapshot(Milestone)
    with pytest.raises(NotAllowed):
        milestone_create(
            access=plan_access_for_user(fire_partner, plan.pk, for_change=True),
            title="Police's job",
            owner=orgs["police"],
            baseline_on=uk_today() + timedelta(days=30),
            status=MilestoneStatus.NOT_STARTED,
        )
    assert_unchanged(before)
