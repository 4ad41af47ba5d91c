"""Hostile dates on a benefit's actual value: the page refuses them, says why, and saves nothing."""

from datetime import date

import pytest
from django.urls import reverse

from assessments.risks.models import BenefitActual
from planner.models import Stage
from tests.assessments.risks.factories import BenefitFactory
from tests.helpers import row_counts, set_stage


@pytest.mark.django_db
@pytest.mark.parametrize(
    "recorded_on, message",
    [
        ("9999-12-31", "Date measured must be today or in the past"),
        ("1900-01-01", "Date measured must be the same as or after"),
    ],
    ids=["year 9999", "year 1900"],
)
def test_an_actual_dated_outside_the_plan_s_life_is_refused_on_the_page(
    recorded_on, message, plan, police_lead, client_for
):
    set_stage(plan, Stage.DELIVERY)
    # A baseline long ago, so it is the plan's creation that bounds the past, not the baseline.
    benefit = BenefitFactory(plan=plan, created_by=police_lead, baseline_date=date(1899, 1, 1))
    before = row_counts()
    response = client_for(police_lead).post(
        reverse("benefit_actual_add", args=[plan.pk, benefit.pk]),
        {"recorded_on": recorded_on, "value": "1000", "note": "", "evidence": "Duty log"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert row_counts() == before
    assert not BenefitActual.objects.exists()
