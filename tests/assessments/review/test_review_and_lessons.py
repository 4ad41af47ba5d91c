"""The post-implementation review (the lead writes it, in review, in pounds kept as pence) and
the lessons (anyone who may change the plan records them in delivery and review, and changes
only their own); refusals change nothing; the pages read a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.review.models import Lesson, LessonKind, PostImplementationReview, Theme
from assessments.review.panels import lessons_panel, review_panel
from assessments.review.selectors import characteristic_choices
from planner.context import PlanContext
from planner.models import Stage
from tests.assessments.finance.factories import cost_line, period
from tests.assessments.review.factories import lesson, review
from tests.factories import PlanFactory, add_partner
from tests.helpers import assert_unchanged, count_queries, set_stage, snapshot, state_models
from workflows.models import Decision

pytestmark = pytest.mark.django_db


def review_data(**overrides):
    data = {
        "delivered": "The station opened in March.",
        "actual_cost_pence": "£12,500.50",
        "cost_explanation": "",
        "benefits_realised": "Running costs shared.",
    }
    data.update(overrides)
    return data


def lesson_data(**overrides):
    data = {
        "kind": LessonKind.WORKED,
        "text": "Training together first made the first shift work.",
        "would_have_helped": "",
        "characteristics": [str(c.pk) for c in characteristic_choices()[:2]],
        "themes": [Theme.SKILLS],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# The review


def test_the_lead_writes_the_review_in_pounds_kept_as_pence_and_it_is_logged(
    client_for, plan, police_lead
):
    set_stage(plan, Stage.REVIEW)
    response = client_for(police_lead).post(reverse("plan_review", args=[plan.pk]), review_data())
    assert response.status_code == 302
    written = PostImplementationReview.objects.get(plan=plan)
    assert written.actual_cost_pence == 1_250_050
    assert Decision.objects.filter(plan=plan, summary="Post-implementation review written").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("delivered", "", "Enter what was delivered against what was planned"),
        ("benefits_realised", "", "Enter the benefits realised"),
        ("actual_cost_pence", "-5", "The amount for the actual cost must be £0 or more"),
        ("actual_cost_pence", "twelve", "Enter the amount for the actual cost in pounds"),
        ("actual_cost_pence", "", "Enter the actual cost, in pounds"),
    ],
)
def test_a_bad_review_is_refused_with_its_message_and_changes_nothing(
    client_for, plan, police_lead, field, value, message
):
    set_stage(plan, Stage.REVIEW)
    period(plan)
    cost_line(plan, police_lead, {2026: 1000})
    client = client_for(police_lead)
    before = snapshot(*state_models())
    response = client.post(reverse("plan_review", args=[plan.pk]), review_data(**{field: value}))
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert message in response.content.decode()
    assert_unchanged(before)


def test_the_review_is_written_only_in_review(client_for, plan, police_lead):
    set_stage(plan, Stage.DELIVERY)
    client = client_for(police_lead)
    before = snapshot(*state_models())
    response = client.post(reverse("plan_review", args=[plan.pk]), review_data())
    assert response.status_code == 400
    assert "written in the review stage" in response.content.decode()
    assert_unchanged(before)


@pytest.mark.parametrize("persona", ["fire_partner", "council_viewer"])
def test_partners_read_the_review_but_only_the_lead_writes_it(
    client_for, plan, police_lead, personas, persona
):
    set_stage(plan, Stage.REVIEW)
    review(plan, police_lead)
    client = client_for(personas[persona])
    page = client.get(reverse("plan_review", args=[plan.pk]))
    assert page.status_code == 200
    assert "The shared station opened in March, as planned." in page.content.decode()
    assert "<form" not in page.content.decode().split("<main")[1]
    before = snapshot(*state_models())
    assert client.post(reverse("plan_review", args=[plan.pk]), review_data()).status_code == 403
    assert_unchanged(before)


# Lessons


def test_a_partner_records_a_lesson_in_delivery_with_its_tags(client_for, plan, fire_partner):
    set_stage(plan, Stage.DELIVERY)
    response = client_for(fire_partner).post(
        reverse("lesson_create", args=[plan.pk]), lesson_data()
    )
    assert response.status_code == 302
    recorded = Lesson.objects.get(plan=plan)
    assert recorded.organisation == fire_partner.organisation
    assert recorded.stage == Stage.DELIVERY
    assert recorded.themes == [Theme.SKILLS]
    assert recorded.characteristics.count() == 2


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("kind", "Choose whether it worked or did not"),
        ("text", "Enter the lesson"),
        ("characteristics", "Choose at least one success characteristic"),
        ("themes", "Choose at least one theme"),
    ],
)
def test_a_lesson_without_its_text_or_tags_is_refused_and_changes_nothing(
    client_for, plan, fire_partner, missing, message
):
    set_stage(plan, Stage.DELIVERY)
    client = client_for(fire_partner)
    before = snapshot(*state_models())
    response = client.post(reverse("lesson_create", args=[plan.pk]), lesson_data(**{missing: None}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert_unchanged(before)


@pytest.mark.parametrize("stage", [Stage.SCOPING, Stage.CLOSED, Stage.WITHDRAWN])
def test_lessons_are_not_recorded_outside_delivery_and_review(
    client_for, plan, fire_partner, stage
):
    set_stage(plan, stage)
    client = client_for(fire_partner)
    before = snapshot(*state_models())
    response = client.post(reverse("lesson_create", args=[plan.pk]), lesson_data())
    assert response.status_code == 403
    assert_unchanged(before)


def test_a_person_changes_only_their_own_lesson(client_for, plan, fire_partner, ambulance_rep):
    set_stage(plan, Stage.REVIEW)
    own = lesson(plan, fire_partner)
    url = reverse("lesson_edit", args=[plan.pk, own.pk])
    other = client_for(ambulance_rep)
    before = snapshot(*state_models())
    assert other.get(url).status_code == 403
    assert other.post(url, lesson_data(text="Rewritten by someone else.")).status_code == 403
    assert_unchanged(before)
    response = client_for(fire_partner).post(url, lesson_data(text="Said better."))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.text == "Said better."


# The plan page's panels and the pages' queries


@pytest.mark.parametrize("stage", [Stage.SCOPING, Stage.GOVERNANCE, Stage.RISK, Stage.ON_HOLD])
def test_the_panels_read_nothing_where_the_stage_makes_them_irrelevant(plan, stage):
    set_stage(plan, stage)
    ctx = PlanContext.for_plan(plan)
    with CaptureQueriesContext(connection) as captured:
        assert review_panel(ctx) == {"show": False}
        assert lessons_panel(ctx) == {"show": False}
    assert len(captured) == 0


def test_in_review_the_panels_add_one_query_each_shared_with_the_close_gate(plan, police_lead):
    set_stage(plan, Stage.REVIEW)
    review(plan, police_lead)
    ctx = PlanContext.for_plan(plan)
    ctx.gate  # noqa: B018 (the gate reads the review, the lessons and the budget first)
    with CaptureQueriesContext(connection) as captured:
        review_panel(ctx)
        lessons_panel(ctx)
    assert len(captured) == 0


def grow_lessons(plan, people, n):
    for i in range(n):
        lesson(plan, people[i % len(people)], text=f"Lesson {i}")


def test_the_plans_lessons_page_reads_the_same_queries_however_many_lessons(
    client_for, plan, police_lead, fire_partner
):
    set_stage(plan, Stage.REVIEW)
    client = client_for(police_lead)
    url = reverse("plan_lessons", args=[plan.pk])
    grow_lessons(plan, [police_lead, fire_partner], 2)
    few = count_queries(client, url)
    grow_lessons(plan, [police_lead, fire_partner], 10)
    assert count_queries(client, url) == few


# Browsing lessons


def test_browse_shows_only_the_plans_of_ones_organisation_and_filters_them(
    client_for, plan, police_lead, fire_partner, outsider
):
    first, second = characteristic_choices()[:2]
    set_stage(plan, Stage.REVIEW)
    lesson(
        plan, police_lead, text="Tagged purpose", themes=[Theme.PURPOSE], characteristics=[first]
    )
    lesson(
        plan,
        fire_partner,
        LessonKind.DID_NOT_WORK,
        text="Tagged skills",
        themes=[Theme.SKILLS],
        characteristics=[second],
    )
    elsewhere = PlanFactory(created_by=outsider, title="Other force's plan")
    lesson(elsewhere, outsider, text="Another force's secret")
    url = reverse("lessons_browse")
    client = client_for(police_lead)
    html = client.get(url).content.decode()
    assert "Tagged purpose" in html and "Tagged skills" in html
    assert "Another force&#x27;s secret" not in html and "secret" not in html
    assert "Lessons from the 1 plan your organisation is a partner on" in html

    by_theme = client.get(url, {"theme": Theme.SKILLS}).content.decode()
    assert "Tagged skills" in by_theme and "Tagged purpose" not in by_theme
    by_characteristic = client.get(url, {"characteristic": first.code}).content.decode()
    assert "Tagged purpose" in by_characteristic and "Tagged skills" not in by_characteristic
    by_kind = client.get(url, {"kind": LessonKind.DID_NOT_WORK}).content.decode()
    assert "Tagged skills" in by_kind and "Tagged purpose" not in by_kind
    none = client.get(url, {"theme": Theme.LEADERSHIP}).content.decode()
    assert "No lessons match these filters" in none

    assert "secret" in client_for(outsider).get(url).content.decode()


def test_browse_reads_the_same_queries_however_many_lessons_and_plans(
    client_for, plan, police_lead, fire_partner
):
    set_stage(plan, Stage.REVIEW)
    client = client_for(police_lead)
    url = reverse("lessons_browse")
    grow_lessons(plan, [police_lead, fire_partner], 2)
    few = count_queries(client, url)
    for i in range(3):
        other = PlanFactory(created_by=police_lead, title=f"Plan {i}")
        add_partner(other, fire_partner)
        grow_lessons(other, [police_lead, fire_partner], 4)
    assert count_queries(client, url) == few
    assert "14 lessons" in client.get(url).content.decode()


def test_the_review_page_drafts_the_benefits_realised_from_the_benefits_statuses(
    client_for, plan, police_lead
):
    from assessments.risks.models import BenefitStatus
    from tests.assessments.risks.factories import BenefitFactory

    set_stage(plan, Stage.REVIEW)
    BenefitFactory(
        plan=plan,
        created_by=police_lead,
        title="Shared running costs",
        status=BenefitStatus.NOT_REALISED,
        status_reason="The lease could not be ended",
    )
    client = client_for(police_lead)
    url = reverse("plan_review", args=[plan.pk])
    html = client.get(url).content.decode()
    assert "Benefits against their targets" in html
    assert "Shared running costs: not realised (The lease could not be ended)." in html
    few = count_queries(client, url)
    for i in range(5):
        BenefitFactory(plan=plan, created_by=police_lead, title=f"More {i}")
    assert count_queries(client, url) == few
