"""The dashboard counts each delivering plan's slipped and overdue milestones, in the same
number of queries however many plans and milestones there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planner.models import Stage
from tests.factories import PlanFactory
from tests.helpers import count_queries, set_stage
from tests.workflows.delivery.factories import milestone

pytestmark = pytest.mark.django_db


def test_a_delivering_plans_row_counts_its_slipped_and_overdue_milestones(
    client_for, police_lead, plan
):
    set_stage(plan, Stage.DELIVERY)
    milestone(plan, police_lead, baseline=10, forecast=20, fixed=True)
    milestone(plan, police_lead, baseline=12, forecast=30, fixed=True)
    milestone(plan, police_lead, baseline=-2, fixed=True)
    page = client_for(police_lead).get(reverse("dashboard")).content.decode()
    assert "2 milestones slipped" in page
    assert "1 milestone overdue" in page


def test_the_dashboard_reads_no_milestones_when_no_plan_is_delivering(
    client_for, police_lead, plan
):
    milestone(plan, police_lead, baseline=-2)
    client = client_for(police_lead)
    client.get(reverse("dashboard"))
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("dashboard"))
    assert not [q for q in ctx.captured_queries if 'FROM "delivery_' in q["sql"]]


def test_the_dashboards_queries_stay_constant_as_plans_and_milestones_grow(
    client_for, police_lead, plan
):
    set_stage(plan, Stage.DELIVERY)
    client = client_for(police_lead)
    counts = []
    for n in (1, 6):
        for i in range(n):
            more = set_stage(PlanFactory(created_by=police_lead), Stage.DELIVERY)
            milestone(more, police_lead, baseline=-2 - i, fixed=True)
            milestone(more, police_lead, baseline=5, forecast=9 + i, fixed=True)
        counts.append(count_queries(client, reverse("dashboard")))
    assert counts[0] == counts[1], counts
