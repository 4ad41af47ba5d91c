"""The scan's queries do not grow with the number of plans that are not due."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planner.models import Plan, Stage
from tests.factories import PlanFactory, UserFactory, add_partner
from tests.workflows.notifications.helpers import WEDNESDAY
from workflows.notifications.services import reminders_scan

pytestmark = pytest.mark.django_db


def make_plans(orgs, count, *, due, start):
    for i in range(start, start + count):
        lead = UserFactory(organisation=orgs["police"], email=f"l{i}@police.test")
        plan = PlanFactory(created_by=lead, reference=f"COST-{i}")
        add_partner(plan, UserFactory(organisation=orgs["fire"], email=f"f{i}@fire.test"))
        Plan.objects.filter(pk=plan.pk).update(
            stage=Stage.SCOPING,
            last_decision_at=WEDNESDAY,
            scoping_target=date(2027, 3, 1) if due else date(2027, 9, 1),
        )


def scan_queries():
    from workflows.notifications.models import Notification

    Notification.objects.all().delete()
    with time_machine.travel(WEDNESDAY, tick=False), CaptureQueriesContext(connection) as q:
        reminders_scan()
    return len(q)


def test_scan_query_count_is_the_same_for_few_and_many_plans_not_due(orgs):
    make_plans(orgs, 3, due=True, start=0)
    few = scan_queries()
    make_plans(orgs, 40, due=False, start=100)
    many = scan_queries()
    assert many == few


def test_run_reminders_once_scans_and_sends_in_process(
    orgs, capsys, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.core.management import call_command

    make_plans(orgs, 1, due=True, start=500)
    with (
        time_machine.travel(WEDNESDAY, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("run_reminders", "--once")
    assert "stage_overdue': 1" in capsys.readouterr().out
    assert [m.to for m in mail.outbox] == [["f500@fire.test"]]


def test_run_reminders_leaves_the_work_to_beat_when_a_broker_is_configured(capsys, settings):
    from django.core.management import call_command

    settings.CELERY_TASK_ALWAYS_EAGER = False
    call_command("run_reminders", "--every", "5")
    assert "make beat" in capsys.readouterr().out
