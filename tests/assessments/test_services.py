"""Assessments through the services and pages: the happy path, and bad input refused with a
clear message and nothing changed."""

from html import unescape

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessments.models import Answer, Assessment, AssessmentStatus
from assessments.selectors import Round, round_state
from assessments.services import (
    AnswerInput,
    assessment_reopen,
    assessment_save,
    assessment_start,
    assessment_submit,
)
from planner.access import plan_access_for_user
from planner.errors import DomainError
from planner.models import PartnerRole, Plan
from tests.assessments.factories import answers_for, draft, stage_codes, submit
from tests.factories import UserFactory, add_partner
from tests.helpers import assert_unchanged, snapshot
from workflows.models import Decision

pytestmark = pytest.mark.django_db

SCOPING = Round("scoping")


def _snapshot(assessment):
    assessment.refresh_from_db()
    return (
        assessment.status,
        sorted(
            Answer.objects.filter(assessment=assessment).values_list(
                "characteristic__code", "rating", "dont_know", "evidence"
            )
        ),
    )


def _form_data(stage, default="4", **overrides):
    data = {}
    for code in stage_codes(stage):
        data[f"rating-{code}"] = overrides.get(code, default)
        data[f"evidence-{code}"] = f"Because of {code}."
    return data


def _org_url(plan, org, rnd=SCOPING):
    """The organisation's assessment page; a POST there saves the draft."""
    return reverse("assessment_org", args=[plan.pk, rnd.slug, org.pk])


def _submit_url(plan, org, rnd=SCOPING):
    return reverse("assessment_submit", args=[plan.pk, rnd.slug, org.pk])


def test_a_partner_saves_a_draft_then_submits(plan, fire_partner, client_for):
    client = client_for(fire_partner)
    url = reverse("assessment_mine", args=[plan.pk, "scoping"])
    page = client.get(url, follow=True)
    assert page.status_code == 200
    assert "6 of 6 questions left to answer" in unescape(page.content.decode())
    codes = stage_codes("scoping")
    response = client.post(
        _org_url(plan, fire_partner.organisation),
        {
            f"rating-{codes[0]}": "3",
            f"evidence-{codes[0]}": "Agreed at the board.",
        },
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(plan=plan, organisation=fire_partner.organisation)
    assert assessment.status == AssessmentStatus.DRAFT
    page = unescape(client.get(_org_url(plan, fire_partner.organisation)).content.decode())
    assert "5 of 6 questions left to answer" in page
    response = client.post(
        _submit_url(plan, fire_partner.organisation),
        _form_data("scoping", **{codes[1]: "dk"}),
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_submitted and assessment.submitted_by == fire_partner
    answer = assessment.answers.get(characteristic__code=codes[1])
    assert answer.dont_know and answer.rating is None


@pytest.mark.parametrize("bad", ["0", "6", "-1", "4.5", "five"])
def test_a_rating_outside_1_to_5_is_refused_and_nothing_changes(
    plan, fire_partner, client_for, bad
):
    assessment = draft(plan, fire_partner)
    before = _snapshot(assessment)
    code = stage_codes("scoping")[0]
    response = client_for(fire_partner).post(
        _org_url(plan, fire_partner.organisation),
        _form_data("scoping", **{code: bad}),
    )
    assert response.status_code == 400
    assert "Choose a rating from 1 to 5" in unescape(response.content.decode())
    assert _snapshot(assessment) == before


@pytest.mark.parametrize("bad", [0, 6, 99])
def test_the_service_refuses_a_rating_outside_1_to_5(plan, fire_partner, bad):
    assessment = draft(plan, fire_partner)
    before = _snapshot(assessment)
    access = plan_access_for_user(fire_partner, plan.pk)
    code = stage_codes("scoping")[0]
    with pytest.raises(DomainError, match="from 1 to 5"):
        assessment_save(access=access, assessment=assessment, answers={code: AnswerInput(bad)})
    assert _snapshot(assessment) == before


def test_an_answer_for_a_characteristic_not_in_the_stage_is_refused(plan, fire_partner, client_for):
    assessment = draft(plan, fire_partner)
    before = _snapshot(assessment)
    assert "sustainable_funding" not in stage_codes("scoping")
    response = client_for(fire_partner).post(
        _org_url(plan, fire_partner.organisation),
        {**_form_data("scoping"), "rating-sustainable_funding": "3"},
    )
    assert response.status_code == 400
    assert "“sustainable_funding” is not a question in this assessment" in unescape(
        response.content.decode()
    )
    assert _snapshot(assessment) == before
    access = plan_access_for_user(fire_partner, plan.pk)
    with pytest.raises(DomainError, match="not a question in the scoping assessment"):
        assessment_save(
            access=access,
            assessment=assessment,
            answers={"sustainable_funding": AnswerInput(3)},
        )
    assert _snapshot(assessment) == before


def test_submitting_for_another_organisation_is_refused(
    plan, fire_partner, ambulance_rep, client_for
):
    submit(plan, ambulance_rep, 3)
    other = Assessment.objects.get(organisation=ambulance_rep.organisation)
    reopen_access = plan_access_for_user(plan.created_by, plan.pk)
    assessment_reopen(access=reopen_access, assessment=other, reason="Needs a second look.")
    before = _snapshot(other)
    # Through the service...
    access = plan_access_for_user(fire_partner, plan.pk)
    with pytest.raises(DomainError, match="only fill in Testshire Fire and Rescue Service's"):
        assessment_submit(access=access, assessment=other, answers=answers_for("scoping", 5))
    assert _snapshot(other) == before
    # ...and through the page: the other organisation's draft is not even disclosed.
    response = client_for(fire_partner).post(
        _submit_url(plan, ambulance_rep.organisation), _form_data("scoping")
    )
    assert response.status_code == 404
    assert _snapshot(other) == before


def test_posting_to_another_organisations_submitted_assessment_is_refused(
    plan, fire_partner, ambulance_rep, client_for
):
    other = submit(plan, ambulance_rep, 3)
    before = _snapshot(other)
    response = client_for(fire_partner).post(
        _org_url(plan, ambulance_rep.organisation), _form_data("scoping", "5")
    )
    assert response.status_code == 403
    assert "You can only fill in Testshire Fire and Rescue Service's assessment" in (
        unescape(response.content.decode())
    )
    assert _snapshot(other) == before


def test_editing_after_submission_is_refused(plan, fire_partner, client_for):
    assessment = submit(plan, fire_partner, 4)
    before = _snapshot(assessment)
    response = client_for(fire_partner).post(
        _org_url(plan, fire_partner.organisation), _form_data("scoping", "1")
    )
    assert response.status_code == 400
    assert "has been submitted and can no longer be changed" in unescape(response.content.decode())
    assert _snapshot(assessment) == before
    access = plan_access_for_user(fire_partner, plan.pk)
    with pytest.raises(DomainError, match="submitted"):
        assessment_submit(access=access, assessment=assessment, answers=answers_for("scoping", 1))
    assert _snapshot(assessment) == before


def test_submitting_with_answers_missing_is_refused_and_saves_nothing(
    plan, fire_partner, client_for
):
    assessment = draft(plan, fire_partner)
    before = _snapshot(assessment)
    codes = stage_codes("scoping")
    partial = {f"rating-{codes[0]}": "4", f"evidence-{codes[0]}": "Yes."}
    response = client_for(fire_partner).post(_submit_url(plan, fire_partner.organisation), partial)
    assert response.status_code == 400
    assert "Answer every question before submitting: 5 still to answer" in (
        unescape(response.content.decode())
    )
    assert _snapshot(assessment) == before


def test_a_double_submit_changes_nothing_the_second_time(plan, fire_partner):
    assessment = submit(plan, fire_partner, 4)
    submitted_at = assessment.submitted_at
    access = plan_access_for_user(fire_partner, plan.pk)
    stale = Assessment.objects.get(pk=assessment.pk)
    stale.status = AssessmentStatus.DRAFT  # as a second browser tab still believes
    with pytest.raises(DomainError, match="already submitted"):
        assessment_submit(access=access, assessment=stale, answers=answers_for("scoping", 1))
    assessment.refresh_from_db()
    assert assessment.submitted_at == submitted_at
    assert set(assessment.answers.values_list("rating", flat=True)) == {4}


def test_two_colleagues_starting_at_once_share_one_draft(plan, fire_partner, orgs):
    colleague = UserFactory(email="second@fire.test", organisation=orgs["fire"])
    add_partner(plan, colleague)
    first = draft(plan, fire_partner)
    second = draft(plan, colleague)
    assert first.pk == second.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            plan=plan,
            organisation=orgs["fire"],
            stage="scoping",
            framework=first.framework,
            created_by=colleague,
        )
    assert Assessment.objects.filter(plan=plan, organisation=orgs["fire"]).count() == 1


def test_read_only_members_cannot_post(plan, council_viewer, client_for):
    response = client_for(council_viewer).post(
        _org_url(plan, council_viewer.organisation), _form_data("scoping")
    )
    assert response.status_code == 403
    assert not Assessment.objects.filter(organisation=council_viewer.organisation).exists()


def test_an_observer_organisation_does_not_assess(plan, orgs):
    watcher = UserFactory(email="watch@other.test", organisation=orgs["other_force"])
    add_partner(plan, watcher, partner_role=PartnerRole.OBSERVER)
    access = plan_access_for_user(watcher, plan.pk)
    with pytest.raises(DomainError, match="observer"):
        assessment_start(access=access, rnd=SCOPING)
    assert [p.organisation for p in round_state(plan, SCOPING).partners] == sorted(
        [orgs["ambulance"], orgs["council"], orgs["fire"], orgs["police"]], key=lambda o: o.name
    )


def test_the_lead_reopens_with_a_reason_in_the_decision_log(
    plan, police_lead, fire_partner, client_for
):
    assessment = submit(plan, fire_partner, 4)
    url = reverse("assessment_reopen", args=[plan.pk, "scoping", fire_partner.organisation.pk])
    client = client_for(police_lead)
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assessment.refresh_from_db()
    assert assessment.is_submitted
    response = client.post(url, {"reason": "Fire's ratings predate the board meeting."})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    decision = Decision.objects.get(plan=plan, topic=f"assessment-reopen:{assessment.pk}")
    assert decision.rationale == "Fire's ratings predate the board meeting."
    assert decision.actor == police_lead


def test_only_the_lead_may_reopen(plan, fire_partner, ambulance_rep, client_for):
    submit(plan, fire_partner, 4)
    url = reverse("assessment_reopen", args=[plan.pk, "scoping", fire_partner.organisation.pk])
    client = client_for(ambulance_rep)
    before = snapshot(Assessment, Answer, Decision)
    assert client.post(url, {"reason": "Why not"}).status_code == 403
    assert_unchanged(before)
    assert Assessment.objects.get(organisation=fire_partner.organisation).is_submitted


def test_a_closed_round_cannot_be_changed(plan, fire_partner):
    assessment = draft(plan, fire_partner)

    Plan.objects.filter(pk=plan.pk).update(stage="governance_alignment")
    access = plan_access_for_user(fire_partner, plan.pk)
    with pytest.raises(DomainError, match="closed"):
        assessment_save(access=access, assessment=assessment, answers=answers_for("scoping", 3))
    assert not assessment.answers.exists()


def test_an_unknown_round_is_404(plan, fire_partner, client_for):
    client = client_for(fire_partner)
    assert client.get(reverse("assessment_results", args=[plan.pk, "review"])).status_code == 404
    url = reverse("assessment_results", args=[plan.pk, "scoping-health-check-2"])
    assert client.get(url).status_code == 404


def test_health_checks_are_only_opened_by_the_lead_in_delivery(plan, police_lead):
    from assessments.services import health_check_open

    access = plan_access_for_user(police_lead, plan.pk)
    with pytest.raises(DomainError, match="during delivery"):
        health_check_open(access=access)
    Plan.objects.filter(pk=plan.pk).update(stage="delivery")
    access = plan_access_for_user(police_lead, plan.pk)
    assert health_check_open(access=access).number == 1
    assert health_check_open(access=access).number == 2


def test_a_health_check_that_was_never_opened_is_404(plan, police_lead, client_for):
    Plan.objects.filter(pk=plan.pk).update(stage="delivery")
    client = client_for(police_lead)
    url = reverse("assessment_results", args=[plan.pk, "delivery-health-check-1"])
    assert client.get(url).status_code == 404
    client.post(reverse("health_check_start", args=[plan.pk]))
    assert client.get(url).status_code == 200
