"""One e-mail that can never be sent is recorded against its delivery and stops nothing else.

A mail server that is down is retried with backoff (tests/workflows/notifications/test_faults.py);
an e-mail the mail library refuses (a bad header, a broken template) would fail the same way
every time, so it is marked failed at once with the reason, and every other due e-mail of the
same scan still goes.
"""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.mail import BadHeaderError
from django.core.mail.backends.locmem import EmailBackend

from tests.factories import PlanFactory, add_partner
from tests.helpers import set_plan
from tests.workflows.notifications.helpers import WEDNESDAY, deliveries, scan_at
from workflows.notifications.models import DeliveryStatus

pytestmark = pytest.mark.django_db


class RefusesTheFirstMessage(EmailBackend):
    """The in-memory backend, except that the first message it is given raises."""

    refused: list = []

    def send_messages(self, messages):
        if not type(self).refused:
            type(self).refused.append(messages[0])
            raise BadHeaderError("Header values can't contain newlines")
        return super().send_messages(messages)


@pytest.fixture
def refusing_backend(settings):
    RefusesTheFirstMessage.refused = []
    settings.EMAIL_BACKEND = f"{__name__}.RefusesTheFirstMessage"
    return RefusesTheFirstMessage


@pytest.fixture
def three_overdue_plans(plan, police_lead, fire_partner, ambulance_rep):
    plans = [plan]
    for _ in range(2):
        other = PlanFactory(created_by=police_lead)
        add_partner(other, fire_partner)
        add_partner(other, ambulance_rep)
        plans.append(other)
    for each in plans:
        set_plan(each, scoping_target=date(2027, 3, 9), last_decision_at=WEDNESDAY)
    return plans


def test_an_e_mail_that_raises_is_failed_with_the_reason_and_the_others_still_go(
    three_overdue_plans, refusing_backend, django_capture_on_commit_callbacks
):
    scan_at(WEDNESDAY, django_capture_on_commit_callbacks)

    assert deliveries().count() == 6
    (refused,) = refusing_backend.refused
    failed = deliveries().get(status=DeliveryStatus.FAILED)
    assert failed.recipient.email == refused.to[0]
    assert failed.notification.title == refused.subject
    assert failed.last_error == "BadHeaderError: Header values can't contain newlines"
    assert failed.claimed_at is None
    others = deliveries().exclude(pk=failed.pk)
    assert set(others.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert len(mail.outbox) == 5

    # Not retried: the next scan leaves it failed and sends nothing more.
    scan_at(WEDNESDAY.replace(hour=11), django_capture_on_commit_callbacks)
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.FAILED and failed.attempts == 1
    assert len(mail.outbox) == 5


def test_a_digest_that_raises_is_failed_with_the_reason(
    plan, fire_partner, refusing_backend, django_capture_on_commit_callbacks
):
    from workflows.notifications.models import Frequency, Preference
    from workflows.notifications.services import digest_send

    Preference.objects.create(user=fire_partner, frequency=Frequency.DIGEST, quiet_hours=False)
    set_plan(plan, scoping_target=date(2027, 3, 9), last_decision_at=WEDNESDAY)
    scan_at(WEDNESDAY, django_capture_on_commit_callbacks)
    row = deliveries(recipient=fire_partner).get()
    assert row.digest
    refusing_backend.refused = []  # the scan sent the others' e-mails; refuse the digest

    with time_machine.travel(row.send_after, tick=False):
        assert digest_send(recipient_id=fire_partner.pk) == 0

    row.refresh_from_db()
    assert row.status == DeliveryStatus.FAILED
    assert row.last_error.startswith("BadHeaderError")
