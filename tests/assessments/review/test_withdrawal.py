"""Withdrawal teaches too: the plan is withdrawn only with its reason and a lesson of what
went wrong and what would have helped, written in the same transaction; a withdrawal without
them is refused with its messages and changes nothing."""

import pytest
from django.urls import reverse

from assessments.review.lessons import proposal_lessons
from assessments.review.models import Lesson, LessonKind, Theme
from assessments.review.selectors import characteristic_choices
from planner.access import plan_access_for_user
from planner.context import PlanContext
from planner.models import Plan, Stage
from planner.plugins import proposal_lessons as every_apps_lessons
from tests.assessments.review.factories import lesson
from tests.helpers import assert_unchanged, row_counts, set_stage, snapshot, state_models
from workflows.models import Decision
from workflows.services import GateClosed, plan_transition

pytestmark = pytest.mark.django_db


def withdraw_url(plan):
    return reverse("plan_withdraw", args=[plan.pk])


def posted(plan, **overrides):
    data = {
        "expected_stage": plan.stage,
        "reason": "The partners could not agree how exit costs would be shared.",
        "text": "The agreement was not precise enough on exit costs.",
        "would_have_helped": "Agreeing exit costs before the business case.",
        "characteristics": [str(characteristic_choices()[0].pk)],
        "themes": [Theme.PURPOSE, Theme.BENEFITS],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_lead_withdraws_with_the_reason_and_the_lesson_in_one_go(client_for, plan, police_lead):
    response = client_for(police_lead).post(withdraw_url(plan), posted(plan))
    assert response.status_code == 302, response.content.decode()[:2000]
    plan.refresh_from_db()
    assert plan.stage == Stage.WITHDRAWN
    decision = Decision.objects.get(plan=plan, to_stage=Stage.WITHDRAWN)
    assert decision.rationale == "The partners could not agree how exit costs would be shared."
    lesson = Lesson.objects.get(plan=plan)
    assert (lesson.kind, lesson.at_withdrawal, lesson.stage) == (
        LessonKind.DID_NOT_WORK,
        True,
        Stage.SCOPING,
    )
    assert lesson.themes == [Theme.PURPOSE, Theme.BENEFITS]
    assert list(lesson.characteristics.all()) == characteristic_choices()[:1]


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("reason", "Enter why the plan is being withdrawn"),
        ("text", "Enter what went wrong"),
        ("would_have_helped", "Enter what would have helped"),
        ("characteristics", "Choose at least one success characteristic"),
        ("themes", "Choose at least one theme"),
    ],
)
def test_a_withdrawal_missing_its_reason_or_its_lesson_is_refused_and_changes_nothing(
    client_for, plan, police_lead, missing, message
):
    client = client_for(police_lead)
    before = snapshot(*state_models())
    response = client.post(withdraw_url(plan), posted(plan, **{missing: None}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert_unchanged(before)


def test_the_plain_withdrawal_is_refused_without_the_lesson_and_points_to_the_page(
    client_for, plan, police_lead
):
    url = reverse("plan_transition", args=[plan.pk, "withdraw"])
    page = client_for(police_lead).get(url).content.decode()
    assert "Before the plan is withdrawn" in page
    assert withdraw_url(plan) in page
    counts = row_counts()
    with pytest.raises(GateClosed, match="The plan cannot be withdrawn yet: Say why"):
        plan_transition(
            ctx=PlanContext.for_access(plan_access_for_user(police_lead, plan.pk)),
            name="withdraw",
            expected_stage=plan.stage,
            rationale="Stopping.",
        )
    response = client_for(police_lead).post(
        url, {"expected_stage": plan.stage, "rationale": "Stopping."}
    )
    assert response.status_code == 409
    assert "The plan cannot be withdrawn yet" in response.content.decode()
    assert row_counts() == counts
    assert Plan.objects.get(pk=plan.pk).stage == Stage.SCOPING


def test_a_lesson_recorded_earlier_in_delivery_is_not_the_withdrawals_lesson(plan, police_lead):
    set_stage(plan, Stage.DELIVERY)
    lesson(plan, police_lead, LessonKind.DID_NOT_WORK)
    with pytest.raises(GateClosed):
        plan_transition(
            ctx=PlanContext.for_access(plan_access_for_user(police_lead, plan.pk)),
            name="withdraw",
            expected_stage=plan.stage,
            rationale="Stopping.",
        )


@pytest.mark.parametrize("persona", ["fire_partner", "ambulance_rep", "council_viewer"])
def test_only_the_lead_withdraws_and_a_refusal_changes_nothing(client_for, plan, personas, persona):
    client = client_for(personas[persona])
    before = snapshot(*state_models())
    assert client.get(withdraw_url(plan)).status_code == 403
    assert client.post(withdraw_url(plan), posted(plan)).status_code == 403
    assert_unchanged(before)


def test_a_stale_withdrawal_rolls_its_lesson_back(client_for, plan, police_lead):
    stale = posted(plan)
    set_stage(plan, Stage.GOVERNANCE)
    response = client_for(police_lead).post(withdraw_url(plan), stale)
    assert response.status_code == 302
    assert not Lesson.objects.exists()
    assert Plan.objects.get(pk=plan.pk).stage == Stage.GOVERNANCE


def test_a_withdrawn_plan_takes_why_it_stopped_to_the_case_library(
    client_for, plan, police_lead, fire_partner
):
    set_stage(plan, Stage.DELIVERY)
    lesson(plan, fire_partner, LessonKind.WORKED, text="Joint training went well.")
    client_for(police_lead).post(withdraw_url(plan), posted(plan))
    plan.refresh_from_db()
    lines = proposal_lessons(plan)
    assert lines == [
        "Why it stopped: The partners could not agree how exit costs would be shared.",
        "Why it stopped: The agreement was not precise enough on exit costs. What would have "
        "helped: Agreeing exit costs before the business case.",
        "What worked: Joint training went well.",
    ]
    assert every_apps_lessons(plan)[: len(lines)] == lines
