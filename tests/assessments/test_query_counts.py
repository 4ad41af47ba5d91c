"""Results, form, trend and plan pages issue the same number of queries whatever the number of
organisations and characteristics."""

import pytest
from django.urls import reverse

from assessments.models import Characteristic, StageQuestion
from assessments.selectors import framework_current
from assessments.services import framework_copy, framework_publish
from planner.models import OrganisationKind
from tests.assessments.factories import draft, submit
from tests.factories import OrganisationFactory, PlanFactory, UserFactory, add_partner
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def _big_framework():
    """A version whose scoping questionnaire asks about all 16 characteristics."""
    new = framework_copy(framework=framework_current())
    asked = set(
        StageQuestion.objects.filter(framework=new, stage="scoping").values_list(
            "characteristic_id", flat=True
        )
    )
    for c in Characteristic.objects.filter(framework=new).exclude(pk__in=asked):
        StageQuestion.objects.create(
            framework=new, stage="scoping", characteristic=c, prompt=f"How is {c.name}?", order=50
        )
    return framework_publish(framework=new)


def _plan_with(n_orgs: int, tag: str):
    kinds = list(OrganisationKind)
    people = []
    for i in range(n_orgs):
        org = OrganisationFactory(name=f"{tag} org {i}", kind=kinds[i % len(kinds)])
        people.append(UserFactory(email=f"p{i}@{tag}.test", organisation=org))
    plan = PlanFactory(created_by=people[0], reference=f"QC-{tag}")
    for person in people[1:]:
        add_partner(plan, person)
    for i, person in enumerate(people):
        submit(plan, person, 1 + i % 5)
    return plan, people


def _urls(plan, people):
    org = people[0].organisation
    return {
        "results": reverse("assessment_results", args=[plan.pk, "scoping"]),
        "form (submitted)": reverse("assessment_org", args=[plan.pk, "scoping", org.pk]),
        "trend": reverse("assessment_trend", args=[plan.pk]),
        "plan page": reverse("plan_detail", args=[plan.pk]),
        "discussion": reverse("assessment_discuss", args=[plan.pk, "scoping", "shared_vision"]),
    }


def test_page_queries_do_not_grow_with_organisations_or_characteristics(client):
    small, small_people = _plan_with(2, "small")
    _big_framework()
    large, large_people = _plan_with(7, "large")
    client.force_login(small_people[0])
    small_counts = {k: count_queries(client, u) for k, u in _urls(small, small_people).items()}
    client.force_login(large_people[0])
    large_counts = {k: count_queries(client, u) for k, u in _urls(large, large_people).items()}
    assert large_counts == small_counts


def test_the_draft_form_page_has_a_constant_query_count(client):
    small_lead = UserFactory(email="lead@s.test", organisation=OrganisationFactory(name="S"))
    small = PlanFactory(created_by=small_lead, reference="QC-S")
    draft(small, small_lead)
    _big_framework()
    large_lead = UserFactory(email="lead@l.test", organisation=OrganisationFactory(name="L"))
    large = PlanFactory(created_by=large_lead, reference="QC-L")
    for i in range(6):
        add_partner(
            large,
            UserFactory(
                email=f"x{i}@l.test", organisation=OrganisationFactory(name=f"L partner {i}")
            ),
        )
    draft(large, large_lead)

    def url(plan, person):
        return reverse("assessment_org", args=[plan.pk, "scoping", person.organisation_id])

    client.force_login(small_lead)
    small_count = count_queries(client, url(small, small_lead))
    client.force_login(large_lead)
    large_count = count_queries(client, url(large, large_lead))
    assert small_count == large_count
