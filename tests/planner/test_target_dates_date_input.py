"""A target date typed in the GOV.UK date input's boxes survives the "Are you sure" page: the
page carries it as one ISO value, and confirming moves the date."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html

from planner.models import Plan

pytestmark = pytest.mark.django_db

FIELDS = ("title", "reference", "summary", "collaboration_type", "area", "objectives")


def test_a_moved_target_typed_in_boxes_is_carried_through_the_confirmation(
    plan, client_for, police_lead
):
    first = timezone.localdate() + timedelta(days=30)
    later = first + timedelta(weeks=6)
    Plan.objects.filter(pk=plan.pk).update(
        governance_alignment_target=first,
        target_baselines={"governance_alignment": first.isoformat()},
    )
    client = client_for(police_lead)
    data = {name: getattr(plan, name) for name in FIELDS}
    data["public_outcome"] = plan.public_outcome
    data.update(
        {
            "governance_alignment_target-day": str(later.day),
            "governance_alignment_target-month": str(later.month),
            "governance_alignment_target-year": str(later.year),
        }
    )
    url = reverse("plan_edit", args=[plan.pk])
    confirm = client.post(url, data)
    assert confirm.status_code == 200
    doc = html.fromstring(confirm.content)
    (carried,) = doc.xpath('//input[@type="hidden"][@name="governance_alignment_target"]')
    assert carried.get("value") == later.isoformat()

    form = {
        i.get("name"): i.get("value") or ""
        for i in doc.xpath("//main//form//input[@type='hidden']")
    }
    response = client.post(url, {**form, "reason": "The fire authority meets later."})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.governance_alignment_target == later
