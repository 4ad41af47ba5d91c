"""A closed or withdrawn plan goes to the case library with its outcome, figures and lessons."""

import pytest
from django.urls import reverse

from planner import plugins
from planner.cases.models import Case, CaseOutcome, CaseStatus, Provenance
from planner.cases.services import case_outcome_for_plan, case_proposal_initial
from planner.models import PartnerRole, PlanPartner, Stage
from tests.helpers import assert_unchanged, set_plan, set_stage, snapshot
from workflows.models import Decision

pytestmark = pytest.mark.django_db

WHY = "The ambulance trust could not fund its share of the control room after 2027."


@pytest.fixture
def lessons(monkeypatch):
    """Stand in for the app that keeps lessons: the lines its proposal_lessons hook gives."""
    lines: list[str] = []
    installed = plugins.plan_plugins()
    stub = plugins.PlanPlugin(proposal_lessons=lambda plan: list(lines))
    monkeypatch.setattr(plugins, "plan_plugins", lambda: (*installed, stub))
    return lines


def _form_data(response, **changes):
    data = {
        k: v
        for k, v in response.context["form"].initial.items()
        if v is not None and k in response.context["form"].fields
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    ("stage", "outcome"),
    [
        (Stage.WITHDRAWN, CaseOutcome.STOPPED),
        (Stage.CLOSED, CaseOutcome.COMPLETED),
        (Stage.DELIVERY, CaseOutcome.NOT_KNOWN),
    ],
)
def test_the_outcome_follows_the_plans_stage(plan, stage, outcome):
    set_stage(plan, stage)
    assert case_outcome_for_plan(plan) == outcome


def test_a_withdrawn_plans_initial_data_carries_its_figures_outcome_and_lessons(plan, lessons):
    set_stage(plan, Stage.WITHDRAWN)
    lessons += [
        f"Why it stopped: {WHY}",
        "Why it stopped: the exit costs were never agreed. What would have helped: agreeing them.",
        "What worked: the joint estates survey.",
        "What did not work: the cost split was agreed too late.",
    ]
    initial = case_proposal_initial(plan)
    assert initial["outcome"] == CaseOutcome.STOPPED
    assert initial["outcome_year"] == plan.stage_changed_at.year
    assert initial["start_year"] == plan.created_at.year
    assert initial["organisations"].splitlines()[0] == "Testshire Police"
    assert initial["services"] == ["ambulance", "fire", "local_authority", "police"]
    assert initial["why_stopped"] == WHY
    # The first reason is why it stopped; the lessons learnt at withdrawal stay lessons.
    assert initial["lessons"] == (
        "Why it stopped: the exit costs were never agreed. What would have helped: agreeing "
        "them.\n\n"
        "What worked: the joint estates survey.\n\n"
        "What did not work: the cost split was agreed too late."
    )


def test_a_closed_plans_initial_data_has_no_reason_it_stopped(plan, lessons):
    set_stage(plan, Stage.CLOSED)
    lessons.append("What worked: one team moved first.")
    initial = case_proposal_initial(plan)
    assert (initial["outcome"], initial["why_stopped"]) == (CaseOutcome.COMPLETED, "")
    assert initial["lessons"] == "What worked: one team moved first."


def test_without_an_app_that_keeps_lessons_the_initial_lessons_are_empty(plan, monkeypatch):
    monkeypatch.setattr(plugins, "plan_plugins", lambda: ())
    set_stage(plan, Stage.WITHDRAWN)
    initial = case_proposal_initial(plan)
    assert (initial["lessons"], initial["why_stopped"]) == ("", "")


def test_the_lead_proposes_a_withdrawn_plan_labelled_as_stopped_and_it_is_logged(
    client_for, police_lead, plan, lessons
):
    set_stage(plan, Stage.WITHDRAWN)
    lessons += [f"Why it stopped: {WHY}", "What did not work: funding was never agreed."]
    client = client_for(police_lead)
    url = reverse("plan_case_propose", args=[plan.pk])
    response = client.get(url)
    page = response.content.decode()
    assert "labelled “Stopped”" in page
    assert 'govuk-tag--red">Stopped</strong>' in page
    assert 'name="why_stopped"' in page
    assert client.post(url, _form_data(response)).status_code == 302
    case = Case.objects.get()
    assert (case.status, case.provenance, case.source_plan) == (
        CaseStatus.PROPOSED,
        Provenance.CONTRIBUTED_FROM_PLAN,
        plan,
    )
    assert (case.outcome, case.why_stopped) == (CaseOutcome.STOPPED, WHY)
    assert case.lessons == "What did not work: funding was never agreed."
    decision = Decision.objects.get(plan=plan, topic="case-proposal")
    assert decision.actor == police_lead
    assert "as a stopped scheme" in decision.rationale


def test_the_outcome_comes_from_the_plan_not_the_form(client_for, police_lead, plan, lessons):
    set_stage(plan, Stage.CLOSED)
    client = client_for(police_lead)
    url = reverse("plan_case_propose", args=[plan.pk])
    data = _form_data(client.get(url), outcome="stopped", why_stopped="Made up.")
    assert client.post(url, data).status_code == 302
    case = Case.objects.get()
    assert (case.outcome, case.why_stopped) == (CaseOutcome.COMPLETED, "")


def test_a_withdrawn_plan_without_why_it_stopped_is_refused_and_nothing_changes(
    client_for, police_lead, plan, lessons
):
    set_stage(plan, Stage.WITHDRAWN)
    client = client_for(police_lead)
    url = reverse("plan_case_propose", args=[plan.pk])
    data = _form_data(client.get(url), why_stopped="  ")
    before = snapshot(Case, Decision, plan)
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Say why the scheme stopped, so others can learn from it." in page
    assert_unchanged(before)


def test_an_outcome_year_before_the_start_year_given_is_refused(
    client_for, police_lead, plan, lessons
):
    set_stage(plan, Stage.CLOSED)
    client = client_for(police_lead)
    url = reverse("plan_case_propose", args=[plan.pk])
    data = _form_data(client.get(url), start_year=plan.stage_changed_at.year + 1)
    before = snapshot(Case, Decision)
    response = client.post(url, data)
    assert response.status_code == 400
    assert "or later, when the scheme started" in response.content.decode()
    assert_unchanged(before)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("fire_partner", 403), ("council_viewer", 403), ("outsider", 404)],
)
def test_only_the_lead_proposes_a_withdrawn_plan_and_a_refusal_changes_nothing(
    client_for, personas, police_lead, plan, persona, status
):
    set_stage(plan, Stage.WITHDRAWN)
    url = reverse("plan_case_propose", args=[plan.pk])
    data = _form_data(client_for(police_lead).get(url), why_stopped=WHY)
    client = client_for(personas[persona])
    before = snapshot(Case, Decision, plan)
    assert client.get(url).status_code == status
    assert client.post(url, data).status_code == status
    assert_unchanged(before)


def test_the_plan_page_offers_the_proposal_once_the_plan_is_withdrawn(
    client_for, police_lead, fire_partner, plan
):
    propose = reverse("plan_case_propose", args=[plan.pk])
    assert propose not in client_for(police_lead).get(plan.get_absolute_url()).content.decode()
    set_plan(plan, stage=Stage.WITHDRAWN)
    for url in (plan.get_absolute_url(), reverse("plan_cases", args=[plan.pk])):
        assert propose in client_for(police_lead).get(url).content.decode()
        assert propose not in client_for(fire_partner).get(url).content.decode()


def test_an_observer_is_not_one_of_the_schemes_organisations(plan, orgs):
    observer = orgs["other_force"]
    PlanPartner.objects.create(plan=plan, organisation=observer, role=PartnerRole.OBSERVER)
    set_stage(plan, Stage.CLOSED)
    assert observer.name not in case_proposal_initial(plan)["organisations"]
