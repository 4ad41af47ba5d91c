"""The delivery pages and panels read a fixed number of queries however many milestones and
ratings there are, and the panels read nothing at a stage where they do not apply."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planner.dates import uk_today
from planner.models import Stage
from tests.factories import OrganisationFactory, UserFactory, add_partner
from tests.helpers import count_queries, set_stage
from tests.workflows.delivery.factories import milestone, rating
from workflows.delivery.models import Rating
from workflows.delivery.selectors import months_back

pytestmark = pytest.mark.django_db


def grow(plan, lead, start, n):
    """n more milestones, each owned by a new partner, slipped or overdue by turns, and n more
    months of ratings with a partner's view each."""
    month = uk_today().replace(day=1)
    for i in range(start, start + n):
        org = OrganisationFactory(name=f"Grown partner {i}")
        rep = UserFactory(email=f"grown{i}@example.test", organisation=org)
        add_partner(plan, rep)
        milestone(plan, rep, baseline=(-5 if i % 2 else 10), forecast=20, fixed=True)
        rating(plan, lead, months_back(month, i), Rating.RED if i % 2 else Rating.AMBER)
        rating(plan, rep, months_back(month, i), Rating.GREEN, lead=False)


@pytest.mark.parametrize(
    "name", ["plan_milestones", "plan_timeline", "plan_confidence", "plan_detail"]
)
def test_pages_read_the_same_number_of_queries_as_rows_grow(client_for, police_lead, plan, name):
    set_stage(plan, Stage.DELIVERY)
    client = client_for(police_lead)
    url = reverse(name, args=[plan.pk])
    counts = []
    for start, n in ((0, 2), (2, 10)):
        grow(plan, police_lead, start, n)
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1], counts


def _tables_read(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return " ".join(q["sql"] for q in ctx.captured_queries)


@pytest.mark.parametrize("stage", [Stage.SCOPING, Stage.GOVERNANCE])
def test_the_panels_read_nothing_before_joint_risk_assessment(client_for, police_lead, plan, stage):
    set_stage(plan, stage)
    sql = _tables_read(client_for(police_lead), reverse("plan_detail", args=[plan.pk]))
    assert "delivery_milestone" not in sql
    assert "delivery_confidenceupdate" not in sql


def test_at_joint_risk_assessment_the_gate_and_the_panel_share_one_read(
    client_for, police_lead, plan
):
    set_stage(plan, Stage.RISK)
    client = client_for(police_lead)
    client.get(reverse("plan_detail", args=[plan.pk]))
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("plan_detail", args=[plan.pk]))
    reads = [q["sql"] for q in ctx.captured_queries if 'FROM "delivery_' in q["sql"]]
    assert len(reads) == 1 and "delivery_milestone" in reads[0]


def test_in_delivery_each_panel_reads_one_query(client_for, police_lead, plan):
    set_stage(plan, Stage.DELIVERY)
    client = client_for(police_lead)
    client.get(reverse("plan_detail", args=[plan.pk]))
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("plan_detail", args=[plan.pk]))
    reads = [q["sql"] for q in ctx.captured_queries if 'FROM "delivery_' in q["sql"]]
    assert len(reads) == 2
