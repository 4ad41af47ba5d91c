"""The demo's finished plans: a closed one whose close gate is open (its review and lessons of
both kinds), and a withdrawn one with the reason in the decision log and its lesson."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.review.demo import CLOSED, WITHDRAWAL_REASON, WITHDRAWN
from assessments.review.lessons import proposal_lessons
from assessments.review.models import Lesson, LessonKind
from planner.models import Plan, Stage, User
from tests.helpers import gate_of

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_closed_plan_through_its_gate_and_a_withdrawn_one_that_teaches(
    client_for,
):
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    closed = Plan.objects.get(reference=CLOSED["reference"])
    assert closed.stage == Stage.CLOSED
    assert closed.post_implementation_review.benefits_realised
    assert {lesson.kind for lesson in closed.lessons.all()} == set(LessonKind)
    # The gate it closed through, every app's checks included, is open.
    gate = gate_of(closed, Stage.REVIEW)
    assert gate.results and gate.is_open, [r.message for r in gate.failed]

    withdrawn = Plan.objects.get(reference=WITHDRAWN["reference"])
    assert withdrawn.stage == Stage.WITHDRAWN
    assert Lesson.objects.filter(plan=withdrawn, at_withdrawal=True).count() == 1
    assert proposal_lessons(withdrawn)[0] == f"Why it stopped: {WITHDRAWAL_REASON}"

    lead = User.objects.get(email="lead@police.example")
    client = client_for(lead)
    for plan in (closed, withdrawn):
        page = client.get(reverse("plan_detail", args=[plan.pk]))
        assert page.status_code == 200
        assert "Lessons learned" in page.content.decode()
    browse = client.get(reverse("lessons_browse")).content.decode()
    assert "not precise enough on exit costs" in browse

    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Lesson.objects.filter(plan__reference__in=["WLD-CCT-07", "WLD-BKO-08"]).count() == 3
