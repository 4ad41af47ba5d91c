"""Acceptance 3: the withdrawn demo plan, proposed to the library and published, is a stopped
comparable with its lesson on a similar demo plan's comparable-schemes page."""

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.urls import reverse

from planner import plugins
from planner.cases import demo as cases_demo
from planner.cases.models import Case, CaseOutcome, CaseStatus
from planner.cases.selectors import case_matches_for_plan
from planner.cases.services import plan_case_proposal_key
from planner.management.commands import demo_data as demo_command
from planner.models import TERMINAL_STAGES, Plan, Stage, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _demo():
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _publish_as_administrator(rf, administrator, case):
    class Messages(list):
        def add(self, level, message, extra_tags=""):
            self.append(message)

    request = rf.post("/admin/cases/case/")
    request.user = administrator
    request._messages = Messages()
    site._registry[Case].publish(request, Case.objects.filter(pk=case.pk))


def test_the_withdrawn_demo_plan_teaches_a_similar_plan_through_the_library(
    client_for, monkeypatch, rf
):
    # The demo without the library's own finishing step, so the test does that step by hand.
    monkeypatch.setattr(
        demo_command,
        "demo_steps",
        lambda: [step for step in plugins.demo_steps() if step is not cases_demo.finish],
    )
    _demo()
    withdrawn = Plan.objects.filter(stage=Stage.WITHDRAWN, reference__startswith="WLD-").first()
    assert withdrawn is not None, "the review app's demo step withdraws a plan with its lessons"
    lead = User.objects.get(email="lead@police.example")
    client = client_for(lead)

    # 1. The lead proposes it from the form the plan fills in.
    url = reverse("plan_case_propose", args=[withdrawn.pk])
    response = client.get(url)
    form = response.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    assert data["why_stopped"], "the withdrawn demo plan's lessons say why it stopped"
    assert client.post(url, data).status_code == 302
    case = Case.objects.get(key=plan_case_proposal_key(withdrawn))
    assert (case.status, case.outcome) == (CaseStatus.PROPOSED, CaseOutcome.STOPPED)

    # 2. A library administrator publishes it.
    _publish_as_administrator(rf, UserFactory(organisation=None, is_staff=True), case)
    case.refresh_from_db()
    assert case.status == CaseStatus.PUBLISHED

    # 3. A similar demo plan still under way shows it as stopped, with why and its lesson.
    similar = [
        plan
        for plan in Plan.objects.filter(reference__startswith="WLD-").exclude(
            stage__in=TERMINAL_STAGES
        )
        if case.key in {s.match.key for s in case_matches_for_plan(plan)}
    ]
    assert similar, "no demo plan under way has the stopped scheme among its comparables"
    page = client.get(reverse("plan_cases", args=[similar[0].pk])).content.decode()
    assert case.title in page
    assert 'govuk-tag--red">Stopped</strong>' in page
    assert "A scheme like yours stopped" in page
    assert case.why_stopped.split()[0] in page
    assert not case.lessons or case.lessons.split()[0] in page

    # The demo's own finishing step does the same, and does it once.
    monkeypatch.undo()
    _demo()
    assert Case.objects.filter(key=case.key).count() == 1


def test_the_demo_publishes_each_withdrawn_demo_plan_as_a_stopped_scheme(db):
    _demo()
    withdrawn = list(Plan.objects.filter(stage=Stage.WITHDRAWN, reference__startswith="WLD-"))
    assert withdrawn, "the review app's demo step withdraws a plan with its lessons"
    for plan in withdrawn:
        case = Case.objects.get(key=plan_case_proposal_key(plan))
        assert (case.status, case.outcome, case.source_plan) == (
            CaseStatus.PUBLISHED,
            CaseOutcome.STOPPED,
            plan,
        )
        assert case.why_stopped
