"""The highlight report's confidence and milestones parts, as the board reads them."""

from datetime import timedelta

import pytest
from django.urls import reverse

from planner.dates import uk_today
from planner.models import Stage
from tests.helpers import set_stage
from tests.workflows.delivery.factories import milestone, rating
from workflows.delivery.models import Rating
from workflows.delivery.selectors import months_back

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivering(plan, police_lead, fire_partner):
    set_stage(plan, Stage.DELIVERY)
    month = uk_today().replace(day=1)
    rating(plan, police_lead, months_back(month, 1), Rating.RED)
    update = rating(plan, police_lead, month, Rating.RED)
    update.top_issues = "Supplier late\nRota thin"
    update.save()
    rating(plan, fire_partner, month, Rating.AMBER, lead=False)
    due = (month + timedelta(days=40)).replace(day=1) - timedelta(days=1)  # this month's end
    milestone(plan, police_lead, title="Due this month", baseline=(due - uk_today()).days)
    milestone(plan, fire_partner, title="Slipped", baseline=60, forecast=75, fixed=True)
    return plan


def test_the_parts_show_the_rating_issues_views_and_milestones(client_for, police_lead, delivering):
    page = client_for(police_lead).get(reverse("highlight_report", args=[delivering.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Red: delivery in doubt." in text
    assert "Supplier late" in text
    assert "Testshire Fire and Rescue Service: Amber" in text
    assert "The last two monthly ratings are red" in text
    assert "Due this month" in text
    assert "15 days" in text  # the slipped milestone's slippage
