"""Gate integration: the gate leaving an assessed stage opens only when every partner has
submitted, readiness is high enough, low scores are justified and disagreements resolved;
the checklist names each failing item."""

from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse

from assessments.models import HealthCheck
from assessments.selectors import Round
from assessments.services import (
    ResolutionInput,
    discussion_note_add,
    floor_justification_record,
    resolution_acknowledge,
    resolution_record,
)
from planner.access import plan_access_for_user
from planner.context import PlanContext
from planner.models import MemberRole, Plan, S2Notice, S2Response
from tests.assessments.factories import submit
from tests.factories import UserFactory, add_partner
from tests.helpers import gate_of
from workflows.services import GateClosed, plan_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def council_rep(plan, orgs):
    rep = UserFactory(
        email="rep@council.test", full_name="Cora Council", organisation=orgs["council"]
    )
    add_partner(plan, rep, member_role=MemberRole.PARTNER_REP)
    return rep


@pytest.fixture
def ready_plan(plan, orgs, police_lead):
    """The scoping plan with every non-assessment scoping check passing."""
    for key in ("fire", "ambulance", "council"):
        S2Notice.objects.create(
            plan=plan,
            organisation=orgs[key],
            notified_on=date(2026, 1, 5),
            response=S2Response.AGREED,
            responded_on=date(2026, 1, 20),
            recorded_by=police_lead,
        )
    return plan


def _assessment_results(plan):
    return [r for r in gate_of(plan).results if r.code.startswith("assessment")]


def _failing(plan):
    return [r.message for r in _assessment_results(plan) if not r.passed]


def _everyone(plan, people, default=4, **overrides):
    for person in people:
        submit(plan, person, default, **overrides.get(person.email, {}))


def test_the_gate_names_each_organisation_that_has_not_submitted(
    ready_plan, police_lead, fire_partner, ambulance_rep, council_rep
):
    submit(ready_plan, fire_partner, 4)
    failing = _failing(ready_plan)
    assert "Testshire Police has not submitted its scoping assessment." in failing
    assert "Testshire Ambulance Service NHS Trust has not submitted its scoping assessment." in (
        failing
    )
    assert "Testshire County Council has not submitted its scoping assessment." in failing
    assert not any("Fire and Rescue" in m for m in failing if "submitted" in m)
    fix = next(r for r in _assessment_results(ready_plan) if not r.passed)
    assert fix.fix_url == reverse("assessment_mine", args=[ready_plan.pk, "scoping"])
    assert not gate_of(ready_plan).is_open


def test_the_gate_opens_when_every_assessment_check_passes(
    ready_plan, police_lead, fire_partner, ambulance_rep, council_rep
):
    _everyone(ready_plan, [police_lead, fire_partner, ambulance_rep, council_rep], 4)
    assert _failing(ready_plan) == []
    report = gate_of(ready_plan)
    assert report.is_open, [r.message for r in report.failed]
    plan_transition(
        ctx=PlanContext.for_access(plan_access_for_user(police_lead, ready_plan.pk)),
        name="advance",
        expected_stage="scoping",
        rationale="Every partner is ready.",
    )
    ready_plan.refresh_from_db()
    assert ready_plan.stage == "governance_alignment"


def test_a_disagreement_needs_an_agreed_resolution_not_only_a_note(
    ready_plan, police_lead, fire_partner, ambulance_rep, council_rep
):
    _everyone(
        ready_plan,
        [police_lead, fire_partner, ambulance_rep, council_rep],
        4,
        **{"rep@fire.test": {"shared_vision": 2}},
    )
    failing = _failing(ready_plan)
    assert len(failing) == 1
    assert failing[0].startswith("The partners disagree on Shared vision (")
    assert "Testshire Fire and Rescue Service 2" in failing[0]
    with pytest.raises(GateClosed):
        plan_transition(
            ctx=PlanContext.for_access(plan_access_for_user(police_lead, ready_plan.pk)),
            name="advance",
            expected_stage="scoping",
            rationale="Try.",
        )
    ready_plan.refresh_from_db()
    assert ready_plan.stage == "scoping"
    discussion_note_add(
        access=plan_access_for_user(fire_partner, ready_plan.pk),
        rnd=Round("scoping"),
        framework=ready_plan.assessments.first().framework,
        code="shared_vision",
        note="Fire wants the public outcome written into the vision; agreed at the board.",
    )
    # A note alone is a discussion, not an agreement (tests/assessments/test_resolutions.py).
    assert _failing(ready_plan)[0].endswith("notes are recorded, but no agreed resolution yet.")
    rnd = Round("scoping")
    resolution_record(
        access=plan_access_for_user(fire_partner, ready_plan.pk),
        rnd=rnd,
        code="shared_vision",
        data=ResolutionInput(position="The vision names the public outcome fire asked for."),
    )
    for person in (police_lead, ambulance_rep, council_rep):
        resolution_acknowledge(
            access=plan_access_for_user(person, ready_plan.pk), rnd=rnd, code="shared_vision"
        )
    assert _failing(ready_plan) == []
    assert gate_of(ready_plan).is_open


def test_low_readiness_keeps_the_gate_closed(
    ready_plan, police_lead, fire_partner, ambulance_rep, council_rep
):
    _everyone(ready_plan, [police_lead, fire_partner, ambulance_rep, council_rep], 3)
    failing = _failing(ready_plan)
    assert failing == [
        "Readiness is 50 out of 100, below the 60 needed: strengthen the weakest characteristics "
        "and ask partners to reassess."
    ]
    with override_settings(ASSESSMENT_READINESS_THRESHOLD=50):
        assert _failing(ready_plan) == []


def test_a_score_below_the_floor_needs_the_leads_justification(
    ready_plan, police_lead, fire_partner, ambulance_rep, council_rep
):
    _everyone(
        ready_plan,
        [police_lead, fire_partner, ambulance_rep, council_rep],
        5,
        **{
            p.email: {"realistic_timetable": 1}
            for p in (police_lead, fire_partner, ambulance_rep, council_rep)
        },
    )
    failing = _failing(ready_plan)
    assert failing == [
        "Realistic timetable averages 1.0, below the floor of 2: the project lead must log a "
        "justification, or partners must reassess."
    ]
    floor_justification_record(
        access=plan_access_for_user(police_lead, ready_plan.pk),
        rnd=Round("scoping"),
        framework=ready_plan.assessments.first().framework,
        code="realistic_timetable",
        rationale="The timetable is being rewritten with the new chief fire officer.",
    )
    assert _failing(ready_plan) == []


def test_readiness_cannot_pass_before_anyone_submits(ready_plan):
    assert (
        "0 of 4 organisations have submitted: readiness is worked out when every partner "
        "organisation has submitted its assessment." in _failing(ready_plan)
    )


def test_delivery_gate_uses_the_latest_health_check(
    plan, police_lead, fire_partner, ambulance_rep, council_rep
):
    Plan.objects.filter(pk=plan.pk).update(stage="delivery")
    plan.refresh_from_db()
    people = [police_lead, fire_partner, ambulance_rep, council_rep]
    _everyone(plan, people, 4)
    assert _failing(plan) == []
    HealthCheck.objects.create(plan=plan, number=1, opened_by=police_lead)
    failing = _failing(plan)
    assert "Testshire Police has not submitted its health check 1." in failing
    for person in people:
        submit(plan, person, 4, rnd=Round("delivery", 1))
    assert _failing(plan) == []


def test_the_gate_panel_lists_the_failing_assessment_checks(
    ready_plan, police_lead, fire_partner, client_for
):
    body = client_for(police_lead).get(reverse("plan_detail", args=[ready_plan.pk]))
    text = body.content.decode()
    assert "Testshire Ambulance Service NHS Trust has not submitted its scoping assessment." in text
    # The plan page's task for it, linked to where the assessment is filled in.
    assert "Every partner assessed</a>" in text
