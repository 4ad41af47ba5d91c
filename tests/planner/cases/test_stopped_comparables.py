"""A stopped scheme among a plan's comparable schemes: labelled, with why it stopped and its
lesson, and ranked as it would be had it succeeded."""

import pytest
from django.urls import reverse

from planner.cases.models import CaseOutcome
from planner.cases.selectors import case_matches_for_plan
from planner.models import CollaborationType
from tests.helpers import count_queries
from tests.planner.cases.factories import CaseFactory

pytestmark = pytest.mark.django_db

WHY = "Each force wanted to keep control of its own officers, so the joint unit was wound up."
LESSON = "Line up HR, IT and briefing systems before merging the teams."


def _alike(key, **fields):
    """A case like the `plan` fixture: sharing premises, police and fire, in Testshire."""
    defaults = {
        "title": f"Shared station {key}",
        "collaboration_type": CollaborationType.PREMISES,
        "services": ["police", "fire"],
        "area": "Testshire",
        "summary": "Police moved into the fire station.",
    }
    return CaseFactory(key=key, **{**defaults, **fields})


def test_a_stopped_scheme_ranks_as_it_would_had_it_succeeded(plan):
    # The same words each: the running one tells in its lessons what the stopped one tells
    # as why it stopped.
    _alike("a-running", title="Shared station", outcome=CaseOutcome.ONGOING, lessons=WHY)
    _alike(
        "b-stopped",
        title="Shared station",
        outcome=CaseOutcome.STOPPED,
        outcome_year=2019,
        why_stopped=WHY,
    )
    scores = {s.match.key: s.match.score for s in case_matches_for_plan(plan)}
    assert scores["a-running"] == scores["b-stopped"] > 0


def test_the_comparable_schemes_page_labels_a_stopped_scheme_with_why_and_its_lesson(
    client_for, police_lead, plan
):
    _alike(
        "tri-force",
        outcome=CaseOutcome.STOPPED,
        outcome_year=2019,
        why_stopped=WHY,
        lessons=LESSON,
    )
    _alike("running", outcome=CaseOutcome.ONGOING)
    response = client_for(police_lead).get(reverse("plan_cases", args=[plan.pk]))
    page = response.content.decode()
    assert {s.match.key for s in response.context["suggestions"]} >= {"tri-force", "running"}
    assert page.count('govuk-tag--red">Stopped</strong>') == 1
    assert f"A scheme like yours stopped in 2019.</strong> Why it stopped: {WHY}" in page
    assert f"<strong>Its lesson:</strong> {LESSON}" in page
    assert "Still running</strong>" in page


def test_the_comparable_schemes_page_reads_the_same_queries_with_many_stopped_schemes(
    client_for, police_lead, plan
):
    client = client_for(police_lead)
    url = reverse("plan_cases", args=[plan.pk])
    _alike("first", outcome=CaseOutcome.STOPPED, why_stopped=WHY, lessons=LESSON)
    few = count_queries(client, url)
    for i in range(30):
        _alike(f"more-{i}", outcome=CaseOutcome.STOPPED, why_stopped=WHY, lessons=LESSON)
    assert count_queries(client, url) == few


def test_a_pinned_stopped_scheme_keeps_its_label_on_the_plan(client_for, police_lead, plan):
    case = _alike("tri-force", outcome=CaseOutcome.STOPPED, why_stopped=WHY, lessons=LESSON)
    client = client_for(police_lead)
    client.post(
        reverse("plan_cases", args=[plan.pk]),
        {"action": "pin", "case_id": case.pk, "lessons_note": "Agree the exit costs first."},
    )
    for url in (plan.get_absolute_url(), reverse("plan_cases", args=[plan.pk])):
        page = client.get(url).content.decode()
        assert f'{case.title}</a> <strong class="govuk-tag govuk-tag--red">Stopped</strong>' in page


def test_the_board_paper_appendix_labels_a_pinned_stopped_scheme_with_why_it_stopped(
    client_for, police_lead, plan
):
    from django.template.loader import render_to_string

    from planner.context import PlanContext
    from planner.plugins import report_sections

    case = _alike("tri-force", outcome=CaseOutcome.STOPPED, why_stopped=WHY, outcome_year=2019)
    client_for(police_lead).post(
        reverse("plan_cases", args=[plan.pk]),
        {"action": "pin", "case_id": case.pk, "lessons_note": "Agree the exit costs first."},
    )
    section = next(s for s in report_sections() if s.key == "cases")
    html = render_to_string(
        section.template,
        {**section.context(PlanContext.for_plan(plan)), "heading": "Appendix F: Comparable"},
    )
    assert "<strong>Stopped in 2019</strong>" in html
    assert f"<strong>Why it stopped:</strong> {WHY}" in html
