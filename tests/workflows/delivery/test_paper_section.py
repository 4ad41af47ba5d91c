"""The board paper's milestones, in its management case (issue 16 said they would join the
stage target dates there once they existed)."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from planner.context import PlanContext
from planner.models import Stage
from planner.plugins import REPORT_OUTLINE, report_sections
from tests.helpers import set_stage
from tests.workflows.delivery.factories import milestone

pytestmark = pytest.mark.django_db


def _html(plan) -> str:
    section = next(s for s in report_sections() if s.key == "milestones")
    return render_to_string(
        section.template, {**section.context(PlanContext.for_plan(plan)), "heading": "Milestones"}
    )


def test_the_paper_lists_milestones_in_the_management_case_with_how_late_they_are(
    plan, police_lead, fire_partner
):
    section = next(s for s in report_sections() if s.key == "milestones")
    assert section.five_case == "management"
    assert REPORT_OUTLINE.index("management") < REPORT_OUTLINE.index("milestones")
    set_stage(plan, Stage.DELIVERY)
    milestone(plan, fire_partner, title="Shared tasking live", baseline=20, forecast=35, fixed=True)
    milestone(plan, police_lead, title="Station open", baseline=90, fixed=True)
    html = _html(plan)
    assert "2 milestones: 0 done, 1 slipped" in html
    assert html.index("Shared tasking live") < html.index("Station open")
    assert "15 days" in html
    assert "Testshire Fire and Rescue Service" in html


def test_without_milestones_the_paper_says_they_are_still_to_come(plan):
    assert "No milestones are recorded yet." in _html(plan)


def test_the_section_reads_the_same_queries_however_many_milestones(plan, police_lead):
    counts = []
    for n in (2, 20):
        while plan.milestones.count() < n:
            milestone(plan, police_lead)
        with CaptureQueriesContext(connection) as captured:
            _html(plan)
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
