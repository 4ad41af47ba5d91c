"""A draft is seen only by its own organisation: every other persona gets 404 on it and never
sees its answers on any page."""

import pytest
from django.urls import reverse

from assessments.models import Answer, Assessment
from assessments.services import assessment_save
from planner.access import plan_access_for_user
from tests.assessments.factories import answers_for, draft
from tests.helpers import assert_unchanged, snapshot

pytestmark = pytest.mark.django_db

SECRET = "A private worry about the rota change, known only to fire"


@pytest.fixture
def fire_draft(plan, fire_partner):
    assessment = draft(plan, fire_partner)
    answers = answers_for("scoping", 2)
    code = next(iter(answers))
    answers[code] = answers[code].__class__(rating=1, evidence=SECRET)
    assessment_save(
        access=plan_access_for_user(fire_partner, plan.pk), assessment=assessment, answers=answers
    )
    return assessment


def _pages(plan, fire_org):
    return [
        reverse("plan_detail", args=[plan.pk]),
        reverse("assessment_results", args=[plan.pk, "scoping"]),
        reverse("assessment_trend", args=[plan.pk]),
        reverse("assessment_discuss", args=[plan.pk, "scoping", "shared_vision"]),
    ]


@pytest.mark.parametrize("persona", ["police_lead", "ambulance_rep", "council_viewer", "outsider"])
def test_a_draft_is_404_for_every_other_persona(plan, personas, fire_draft, client_for, persona):
    client = client_for(personas[persona])
    url = reverse("assessment_org", args=[plan.pk, "scoping", fire_draft.organisation_id])
    assert client.get(url).status_code == 404
    before = snapshot(Assessment, Answer)
    assert client.post(url, {"action": "save"}).status_code in (403, 404)
    assert_unchanged(before)


@pytest.mark.parametrize("persona", ["police_lead", "ambulance_rep", "council_viewer", "outsider"])
def test_no_other_persona_sees_the_drafts_answers_anywhere(
    plan, personas, fire_draft, client_for, persona
):
    client = client_for(personas[persona])
    for url in _pages(plan, fire_draft.organisation):
        response = client.get(url)
        body = response.content.decode()
        assert SECRET not in body, url
        if persona == "outsider":
            assert response.status_code == 404
        else:
            assert response.status_code == 200
            # The draft's organisation shows only as not submitted (no draft tag).
            assert "govuk-tag--yellow" not in body, url


def test_the_drafting_organisation_sees_its_own_draft(plan, fire_partner, fire_draft, client_for):
    client = client_for(fire_partner)
    url = reverse("assessment_org", args=[plan.pk, "scoping", fire_draft.organisation_id])
    response = client.get(url)
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    # ...but even its own results page leaves the draft out of the comparison.
    results = client.get(reverse("assessment_results", args=[plan.pk, "scoping"]))
    assert SECRET not in results.content.decode()
    assert "No organisation has submitted yet" in results.content.decode()


def test_a_reopened_assessment_becomes_private_again(
    plan, police_lead, ambulance_rep, fire_partner, client_for
):
    from assessments.services import assessment_reopen
    from tests.assessments.factories import submit

    assessment = submit(plan, fire_partner, 4)
    url = reverse("assessment_org", args=[plan.pk, "scoping", fire_partner.organisation.pk])
    assert client_for(ambulance_rep).get(url).status_code == 200
    assessment_reopen(
        access=plan_access_for_user(police_lead, plan.pk),
        assessment=assessment,
        reason="Fire asked to revise.",
    )
    assert client_for(ambulance_rep).get(url).status_code == 404


def test_the_governance_report_leaves_drafts_out(plan, police_lead, fire_draft):
    from django.template.loader import render_to_string

    from assessments.reports import appendix_section, readiness_section
    from planner.context import PlanContext
    from tests.assessments.factories import submit

    submit(plan, police_lead, 4)
    for template, context in (
        ("reports/sections/readiness.html", readiness_section),
        ("reports/sections/assessment_appendix.html", appendix_section),
    ):
        data = context(PlanContext.for_plan(plan))
        html = render_to_string(template, {**data, "ctx": data})
        assert SECRET not in html
        assert "Testshire Fire and Rescue Service" not in html
