"""Dashboard and plan page issue the same number of queries whatever the amount of data."""

import pytest
from django.urls import reverse

from planner.models import OrganisationKind, PlanPartner, S2Notice
from tests.factories import OrganisationFactory, PlanFactory, UserFactory, add_partner
from tests.helpers import count_queries
from workflows.services import decision_record

pytestmark = pytest.mark.django_db


def grow_plans(lead, partners, n):
    for _ in range(n):
        plan = PlanFactory(created_by=lead)
        for org in partners:
            PlanPartner.objects.create(plan=plan, organisation=org)


@pytest.fixture
def partner_orgs(db):
    return [OrganisationFactory(name=f"Partner {i}", kind=OrganisationKind.FIRE) for i in range(3)]


def test_dashboard_queries_do_not_grow_with_plans(client_for, police_lead, partner_orgs):
    client = client_for(police_lead)
    grow_plans(police_lead, partner_orgs, 5)
    small = count_queries(client, "/")
    grow_plans(police_lead, partner_orgs, 45)
    large = count_queries(client, "/")
    assert small == large
    # The session and the person (2), the organisation's plan ids, the page's plans and their
    # partners' names (3), the inbox badge and the person's organisation in the header (2);
    # "Waiting for you": the plans the person has a role on, and (the lead fills in the lead
    # organisation's assessment) the submitted assessments of those at an assessed stage (2).
    assert large <= 9


def grow_plan(plan, lead, start, n):
    for i in range(start, start + n):
        org = OrganisationFactory(name=f"Grown partner {i}", kind=OrganisationKind.AMBULANCE)
        person = UserFactory(email=f"grown{i}@example.test", organisation=org)
        add_partner(plan, person)
        S2Notice.objects.create(
            plan=plan,
            organisation=org,
            notified_on="2026-01-01",
            response="agreed",
            responded_on="2026-01-02",
            recorded_by=lead,
        )
        decision_record(plan=plan, actor=lead, summary=f"Decision {i}", rationale="Because.")


@pytest.mark.parametrize("stage", ["scoping", "governance_alignment"])
def test_plan_page_queries_do_not_grow_with_partners_and_decisions(
    client_for, police_lead, plan, stage
):
    type(plan).objects.filter(pk=plan.pk).update(stage=stage)
    client = client_for(police_lead)
    path = reverse("plan_detail", args=[plan.pk])
    grow_plan(plan, police_lead, 0, 5)
    small = count_queries(client, path)
    grow_plan(plan, police_lead, 5, 45)
    large = count_queries(client, path)
    assert small == large


def test_dashboard_pages_plans_in_stage_order(client_for, police_lead, partner_orgs):
    from planner.models import Plan

    grow_plans(police_lead, partner_orgs, 35)
    first = Plan.objects.order_by("pk").first()
    Plan.objects.filter(pk=first.pk).update(stage="delivery")
    client = client_for(police_lead)
    page_one = client.get("/").content.decode()
    page_two = client.get("/?page=2").content.decode()
    assert "Showing plans 1 to 30 of 35." in page_one
    assert "Showing plans 31 to 35 of 35." in page_two
    # Scoping comes first; the one plan in delivery is on the last page.
    assert f'href="/plans/{first.pk}/"' in page_two
    assert f'href="/plans/{first.pk}/"' not in page_one
    assert client.get("/?page=99").status_code == 200


def test_dashboard_shows_each_plans_partners_by_role_then_name(
    client_for, police_lead, partner_orgs
):
    grow_plans(police_lead, partner_orgs, 2)
    text = client_for(police_lead).get("/").content.decode()
    assert text.count("Partner 0, Partner 1, Partner 2") == 2
