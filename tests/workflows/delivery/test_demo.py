"""The demo's plan in delivery: milestones with one slipped and one overdue, and a
confidence history ending in two reds, so its page shows the send-back prompt."""

import pytest
from django.urls import reverse

from planner.demo import DemoContext
from planner.models import Stage
from tests.factories import OrganisationFactory, UserFactory, add_partner
from tests.helpers import set_stage
from workflows.delivery import demo
from workflows.delivery.models import ConfidenceUpdate, Milestone
from workflows.delivery.selectors import milestone_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_ctx(plan, police_lead, fire_partner, orgs):
    set_stage(plan, Stage.DELIVERY)
    council = OrganisationFactory(name="Demo council")
    add_partner(plan, UserFactory(email="c@council.test", organisation=council), member_role=None)
    return DemoContext(
        orgs={"police": orgs["police"], "fire": orgs["fire"], "council": council},
        people={demo.LEAD: police_lead, demo.FIRE: fire_partner},
        plans={"delivery": plan},
    )


def test_the_delivery_plan_gets_slipped_and_overdue_milestones_and_two_reds(
    demo_ctx, client_for, police_lead, plan
):
    demo.build(demo_ctx)
    summary = milestone_summary(list(Milestone.objects.filter(plan=plan)))
    assert len(summary.slipped) == 1 and len(summary.overdue) == 1
    assert all(m.is_baselined for m in Milestone.objects.filter(plan=plan))
    page = client_for(police_lead).get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert 'id="confidence-send-back-prompt"' in page
    # This month's rating is still to come, as the demo's reminder says.
    assert "has not been recorded" in page


def test_running_the_demo_again_adds_nothing(demo_ctx, plan):
    demo.build(demo_ctx)
    counts = (Milestone.objects.count(), ConfidenceUpdate.objects.count())
    demo.build(demo_ctx)
    assert (Milestone.objects.count(), ConfidenceUpdate.objects.count()) == counts
