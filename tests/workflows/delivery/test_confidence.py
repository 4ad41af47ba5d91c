"""Delivery confidence: the lead's monthly rating, the partners' own views, the trend, and
the prompt after two reds."""

import pytest
from django.urls import reverse

from planner.dates import uk_today
from planner.models import Stage
from tests.helpers import assert_unchanged, set_stage, snapshot
from tests.workflows.delivery.factories import rating
from workflows.delivery.models import ConfidenceUpdate, Rating
from workflows.delivery.selectors import months_back

pytestmark = pytest.mark.django_db

GOOD = {"rating": Rating.AMBER, "rationale": "Supplier late.", "top_issues": "Supplier\nRota"}


@pytest.fixture
def delivery_plan(plan):
    return set_stage(plan, Stage.DELIVERY)


def this_month():
    return uk_today().replace(day=1)


def test_the_lead_records_the_plans_rating_for_this_month(client_for, police_lead, delivery_plan):
    response = client_for(police_lead).post(
        reverse("confidence_record", args=[delivery_plan.pk]), GOOD
    )
    assert response.status_code == 302
    saved = ConfidenceUpdate.objects.get(plan=delivery_plan)
    assert saved.is_lead_view and saved.month == this_month()
    assert saved.issues == ["Supplier", "Rota"]


def test_recording_again_in_the_month_replaces_that_months_rating(
    client_for, police_lead, delivery_plan
):
    client = client_for(police_lead)
    url = reverse("confidence_record", args=[delivery_plan.pk])
    client.post(url, GOOD)
    client.post(url, {**GOOD, "rating": Rating.RED})
    assert list(ConfidenceUpdate.objects.values_list("rating", flat=True)) == [Rating.RED]


def test_a_partner_adds_its_own_organisations_view_beside_the_leads(
    client_for, fire_partner, police_lead, delivery_plan
):
    rating(delivery_plan, police_lead, this_month(), Rating.GREEN)
    response = client_for(fire_partner).post(
        reverse("confidence_record", args=[delivery_plan.pk]), GOOD
    )
    assert response.status_code == 302
    view = ConfidenceUpdate.objects.get(plan=delivery_plan, is_lead_view=False)
    assert view.organisation == fire_partner.organisation
    page = client_for(fire_partner).get(reverse("plan_confidence", args=[delivery_plan.pk]))
    text = page.content.decode()
    assert "Green: on track" in text and "Testshire Fire and Rescue Service: " in text


def test_a_rating_needs_its_rationale_and_changes_nothing_without(
    client_for, police_lead, delivery_plan
):
    before = snapshot(ConfidenceUpdate)
    response = client_for(police_lead).post(
        reverse("confidence_record", args=[delivery_plan.pk]), {"rating": Rating.RED}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Enter the rationale for the rating" in page
    assert_unchanged(before)


def test_a_rating_is_recorded_only_in_delivery(client_for, police_lead, plan):
    before = snapshot(ConfidenceUpdate)
    response = client_for(police_lead).post(reverse("confidence_record", args=[plan.pk]), GOOD)
    assert response.status_code == 400
    assert "recorded while the plan is in delivery" in response.content.decode()
    assert_unchanged(before)


def test_a_read_only_member_records_nothing(client_for, council_viewer, delivery_plan):
    before = snapshot(ConfidenceUpdate)
    response = client_for(council_viewer).post(
        reverse("confidence_record", args=[delivery_plan.pk]), GOOD
    )
    assert response.status_code == 403
    assert_unchanged(before)


def _two_reds(plan, lead):
    month = this_month()
    rating(plan, lead, months_back(month, 2), Rating.AMBER)
    rating(plan, lead, months_back(month, 1), Rating.RED)
    rating(plan, lead, month, Rating.RED)


def test_two_reds_in_a_row_prompt_the_lead_with_the_send_back_link(
    client_for, police_lead, delivery_plan
):
    _two_reds(delivery_plan, police_lead)
    page = client_for(police_lead).get(reverse("plan_detail", args=[delivery_plan.pk]))
    text = page.content.decode()
    assert 'id="confidence-send-back-prompt"' in text
    assert reverse("plan_transition", args=[delivery_plan.pk, "send_back"]) in text


def test_the_prompt_is_the_leads_alone(client_for, fire_partner, police_lead, delivery_plan):
    _two_reds(delivery_plan, police_lead)
    page = client_for(fire_partner).get(reverse("plan_detail", args=[delivery_plan.pk]))
    assert 'id="confidence-send-back-prompt"' not in page.content.decode()


def test_a_red_after_an_amber_does_not_prompt(client_for, police_lead, delivery_plan):
    month = this_month()
    rating(delivery_plan, police_lead, months_back(month, 2), Rating.RED)
    rating(delivery_plan, police_lead, months_back(month, 1), Rating.AMBER)
    rating(delivery_plan, police_lead, month, Rating.RED)
    page = client_for(police_lead).get(reverse("plan_detail", args=[delivery_plan.pk]))
    assert 'id="confidence-send-back-prompt"' not in page.content.decode()


def test_a_partners_red_views_do_not_count_towards_the_prompt(
    client_for, police_lead, fire_partner, delivery_plan
):
    month = this_month()
    rating(delivery_plan, police_lead, months_back(month, 1), Rating.RED)
    rating(delivery_plan, fire_partner, month, Rating.RED, lead=False)
    page = client_for(police_lead).get(reverse("plan_detail", args=[delivery_plan.pk]))
    assert 'id="confidence-send-back-prompt"' not in page.content.decode()


def test_the_history_is_a_trend_chart_with_a_table(client_for, police_lead, delivery_plan):
    _two_reds(delivery_plan, police_lead)
    page = client_for(police_lead).get(reverse("plan_confidence", args=[delivery_plan.pk]))
    text = page.content.decode()
    assert 'role="img"' in text and "<title" in text
    assert 'id="confidence-table"' in text
    assert text.count("Red: delivery in doubt") >= 2
