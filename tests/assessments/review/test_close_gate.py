"""The close gate: each of the review app's checks blocks the close with its own message and
a link to the fix; close respects the gate as advance does, and a refusal changes nothing."""

import pytest
from django.urls import reverse

from assessments.review.models import LessonKind
from planner.access import plan_access_for_user
from planner.context import PlanContext
from planner.models import Plan, Stage
from tests.assessments.finance.factories import cost_line, period
from tests.assessments.review.factories import both_kinds, lesson, review
from tests.helpers import assert_unchanged, gate_of, snapshot
from workflows.models import Decision
from workflows.services import GateClosed, plan_transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("review_checks_only")]


def close(plan, user, rationale="The review is done."):
    return plan_transition(
        ctx=PlanContext.for_access(plan_access_for_user(user, plan.pk)),
        name="close",
        expected_stage=plan.stage,
        rationale=rationale,
    )


def failed(plan):
    return {r.code: r for r in gate_of(plan).failed}


def test_without_a_review_or_lessons_close_is_refused_naming_both_and_nothing_changes(
    review_plan, police_lead
):
    assert set(failed(review_plan)) == {"review_written", "lessons_both_kinds"}
    before = snapshot(Plan, Decision)
    with pytest.raises(GateClosed) as exc:
        close(review_plan, police_lead)
    assert "post-implementation review has not been written" in exc.value.message
    assert "Record at least one lesson of what worked and one of what did not work" in (
        exc.value.message
    )
    assert_unchanged(before)


def test_the_review_check_blocks_alone_with_its_own_message_and_link(review_plan, police_lead):
    both_kinds(review_plan, police_lead)
    result = failed(review_plan)
    assert set(result) == {"review_written"}
    assert result["review_written"].fix_url == reverse("plan_review", args=[review_plan.pk])
    with pytest.raises(GateClosed, match="post-implementation review has not been written"):
        close(review_plan, police_lead)
    assert Plan.objects.get(pk=review_plan.pk).stage == Stage.REVIEW


def test_an_incomplete_review_names_what_it_lacks(review_plan, police_lead):
    both_kinds(review_plan, police_lead)
    review(review_plan, police_lead, benefits_realised="")
    assert failed(review_plan)["review_written"].message == (
        "The post-implementation review does not yet give the benefits realised."
    )


def test_where_partners_stated_costs_the_review_needs_the_actual_cost(review_plan, police_lead):
    period(review_plan)
    cost_line(review_plan, police_lead, {2026: 10_000})
    both_kinds(review_plan, police_lead)
    written = review(review_plan, police_lead)
    assert "does not yet give the actual cost" in failed(review_plan)["review_written"].message
    written.actual_cost_pence = 1_250_000
    written.save()
    assert not failed(review_plan)
    passed = gate_of(review_plan).results[0]
    assert passed.message == (
        "The post-implementation review is written: £12,500 spent against a budget of £10,000."
    )


@pytest.mark.parametrize("missing", [LessonKind.WORKED, LessonKind.DID_NOT_WORK])
def test_the_lessons_check_blocks_alone_until_both_kinds_are_recorded(
    review_plan, police_lead, fire_partner, missing
):
    review(review_plan, police_lead)
    other = next(k for k in LessonKind if k != missing)
    lesson(review_plan, fire_partner, other)
    result = failed(review_plan)
    assert set(result) == {"lessons_both_kinds"}
    assert result["lessons_both_kinds"].message == (
        f"Record at least one lesson of {missing.label.lower()}."
    )
    assert result["lessons_both_kinds"].fix_url == reverse("lesson_create", args=[review_plan.pk])
    with pytest.raises(GateClosed, match=missing.label.lower()):
        close(review_plan, police_lead)


def test_with_the_review_and_both_kinds_of_lesson_the_lead_closes_the_plan(
    review_plan, police_lead
):
    review(review_plan, police_lead)
    both_kinds(review_plan, police_lead)
    decision = close(review_plan, police_lead)
    assert Plan.objects.get(pk=review_plan.pk).stage == Stage.CLOSED
    assert (decision.from_stage, decision.to_stage) == (Stage.REVIEW, Stage.CLOSED)


def test_the_plan_page_offers_what_is_missing_not_close_while_the_gate_is_shut(
    client_for, review_plan, police_lead
):
    page = client_for(police_lead).get(reverse("plan_detail", args=[review_plan.pk]))
    html = page.content.decode()
    assert "Gate: leaving review" in html
    close = reverse("plan_transition", args=[review_plan.pk, "close"])
    assert (
        f'<a href="{close}" class="govuk-button govuk-button--secondary" role="button" '
        'draggable="false" data-module="govuk-button">See what is missing</a>'
    ) in html
    assert "Close the plan" not in html
    assert "The plan can be closed once every check above has passed: 2 still to pass." in html


def test_the_plan_page_offers_close_once_the_gate_is_open(client_for, review_plan, police_lead):
    review(review_plan, police_lead)
    both_kinds(review_plan, police_lead)
    html = client_for(police_lead).get(reverse("plan_detail", args=[review_plan.pk])).content
    assert reverse("plan_transition", args=[review_plan.pk, "close"]).encode() in html
    assert b"close-shut-hint" not in html


def test_a_refused_close_through_the_page_shows_the_checks_and_changes_nothing(
    client_for, review_plan, police_lead
):
    url = reverse("plan_transition", args=[review_plan.pk, "close"])
    before = snapshot(Plan, Decision)
    response = client_for(police_lead).post(
        url, {"expected_stage": Stage.REVIEW, "rationale": "Done."}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "The gate is closed" in html
    assert "Write the review" in html
    assert_unchanged(before)
