"""Cross-site request forgery: a state change without the page's token is refused."""

import pytest
from django.test import Client
from django.urls import reverse

from planner.models import Plan
from tests.helpers import row_counts


@pytest.mark.django_db
def test_a_post_from_another_site_without_the_csrf_token_is_refused_and_changes_nothing(
    police_lead, plan
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(police_lead)
    before = row_counts()
    plan_before = Plan.objects.values().get(pk=plan.pk)
    response = client.post(
        reverse("plan_edit", args=[plan.pk]), {"title": "Forged", "summary": "Forged"}
    )
    assert response.status_code == 403
    assert row_counts() == before
    assert Plan.objects.values().get(pk=plan.pk) == plan_before
