"""The monthly confidence reminder fires once per missing month."""

from datetime import date

import pytest

from planner.models import Stage
from tests.helpers import set_stage
from tests.workflows.delivery.factories import rating
from tests.workflows.notifications.helpers import reminders, scan_at, uk
from workflows.delivery.models import Rating
from workflows.notifications.models import Kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery_plan(plan):
    return set_stage(plan, Stage.DELIVERY)


def test_a_missing_month_reminds_the_lead_once_however_many_scans(
    delivery_plan, police_lead, django_capture_on_commit_callbacks
):
    scan_at(uk(2027, 3, 10, 10, 0), django_capture_on_commit_callbacks)
    scan_at(uk(2027, 3, 17, 10, 0), django_capture_on_commit_callbacks)
    [reminder] = reminders(Kind.CONFIDENCE_DUE)
    assert reminder.recipient == police_lead
    assert "March 2027" in reminder.title


def test_each_missing_month_gets_its_own_reminder(
    delivery_plan, django_capture_on_commit_callbacks
):
    scan_at(uk(2027, 3, 10, 10, 0), django_capture_on_commit_callbacks)
    scan_at(uk(2027, 4, 7, 10, 0), django_capture_on_commit_callbacks)
    scan_at(uk(2027, 4, 14, 10, 0), django_capture_on_commit_callbacks)
    titles = sorted(reminders(Kind.CONFIDENCE_DUE).values_list("title", flat=True))
    assert len(titles) == 2
    assert "April 2027" in titles[0] and "March 2027" in titles[1]


def test_a_rated_month_reminds_no_one(
    delivery_plan, police_lead, fire_partner, django_capture_on_commit_callbacks
):
    rating(delivery_plan, police_lead, date(2027, 3, 1), Rating.GREEN)
    scan_at(uk(2027, 3, 10, 10, 0), django_capture_on_commit_callbacks)
    assert not reminders(Kind.CONFIDENCE_DUE).exists()


def test_a_partners_view_alone_does_not_count_as_the_months_rating(
    delivery_plan, fire_partner, django_capture_on_commit_callbacks
):
    rating(delivery_plan, fire_partner, date(2027, 3, 1), Rating.GREEN, lead=False)
    scan_at(uk(2027, 3, 10, 10, 0), django_capture_on_commit_callbacks)
    assert reminders(Kind.CONFIDENCE_DUE).count() == 1


def test_plans_not_in_delivery_are_not_reminded(plan, django_capture_on_commit_callbacks):
    scan_at(uk(2027, 3, 10, 10, 0), django_capture_on_commit_callbacks)
    assert not reminders(Kind.CONFIDENCE_DUE).exists()
