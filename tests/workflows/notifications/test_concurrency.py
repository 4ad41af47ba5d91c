"""Two scans, or two senders, at the same moment send each reminder once.

On PostgreSQL the scans run in two threads with their own connections, released together by
a barrier; SQLite serialises writers, so there they run one after the other.
"""

import threading
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.db import connection

from planner.models import Plan, Stage
from tests.factories import PlanFactory, UserFactory, add_partner
from tests.workflows.notifications.helpers import WEDNESDAY
from workflows.notifications.models import Delivery, DeliveryStatus, Notification
from workflows.notifications.rules import reminder_rules
from workflows.notifications.services import delivery_send, notifications_create, reminders_scan

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(func, times=2):
    """Run func in `times` threads at once (PostgreSQL) or in turn (SQLite)."""
    results, errors = [], []
    if connection.vendor != "postgresql":
        return [func() for _ in range(times)]
    barrier = threading.Barrier(times)

    def work():
        try:
            barrier.wait(timeout=10)
            results.append(func())
        except Exception as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(times)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    return results


@pytest.fixture
def many_due(orgs):
    """Five overdue scoping plans, each with a lead and two partner representatives."""
    for i in range(5):
        lead = UserFactory(organisation=orgs["police"], email=f"lead{i}@police.test")
        plan = PlanFactory(created_by=lead, reference=f"CONC-{i}")
        add_partner(plan, UserFactory(organisation=orgs["fire"], email=f"f{i}@fire.test"))
        add_partner(plan, UserFactory(organisation=orgs["ambulance"], email=f"a{i}@amb.test"))
    Plan.objects.update(
        stage=Stage.SCOPING, scoping_target=date(2027, 3, 1), last_decision_at=WEDNESDAY
    )


def test_two_scans_at_once_send_each_reminder_once(many_due):
    with time_machine.travel(WEDNESDAY, tick=False):
        run_together(reminders_scan)
    assert Notification.objects.count() == 10
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 10
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == 10 and len(set(recipients)) == 10


def test_two_senders_racing_for_one_delivery_send_it_once(many_due):
    with time_machine.travel(WEDNESDAY, tick=False):
        for rule in reminder_rules():
            notifications_create(rule.find(WEDNESDAY), now=WEDNESDAY)
        pk = Delivery.objects.order_by("pk").values_list("pk", flat=True).first()
        outcomes = run_together(lambda: delivery_send(delivery_id=pk), times=4)
    assert sorted(outcomes) == [False, False, False, True]
    assert len(mail.outbox) == 1
