"""An invitation's e-mail goes after the invitation is saved; if it cannot be sent the failure
is recorded on the invitation, the lead is told, and inviting again sends a new one."""

import pytest
from django.core import mail
from django.core.mail import BadHeaderError
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from planner.models import Invitation, Plan

pytestmark = pytest.mark.django_db


class BrokenBackend(EmailBackend):
    def send_messages(self, messages):
        raise BadHeaderError("Header values can't contain newlines")


def invite(client, plan, orgs, capture):
    with capture(execute=True):
        return client.post(
            reverse("plan_invitation_create", args=[plan.pk]),
            {
                "full_name": "Nia New",
                "email": "nia@fire.test",
                "organisation": orgs["fire"].pk,
                "role": "partner_rep",
            },
            follow=True,
        )


def test_an_invitation_whose_e_mail_fails_is_recorded_and_inviting_again_sends_it(
    client_for, police_lead, plan, orgs, settings, django_capture_on_commit_callbacks
):
    client = client_for(police_lead)
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    response = invite(client, plan, orgs, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    first = Invitation.objects.get()
    assert first.email_failed_at is not None
    assert first.email_failure == "BadHeaderError: Header values can't contain newlines"
    page = client.get(reverse("plan_partners", args=[plan.pk]))
    assert b"E-mail not sent" in page.content
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = invite(client, plan, orgs, django_capture_on_commit_callbacks)

    assert b"already has a pending invitation" not in response.content
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nia@fire.test"]
    first.refresh_from_db()
    assert first.withdrawn_at is not None  # its link was never received; the new one replaces it
    pending = Invitation.objects.filter(withdrawn_at=None, accepted_at=None).get()
    assert pending.pk != first.pk and pending.email_failed_at is None


def test_an_invitation_whose_e_mail_went_still_blocks_a_second_invitation(
    client_for, police_lead, plan, orgs, django_capture_on_commit_callbacks
):
    client = client_for(police_lead)
    invite(client, plan, orgs, django_capture_on_commit_callbacks)
    response = invite(client, plan, orgs, django_capture_on_commit_callbacks)
    assert b"already has a pending invitation" in response.content
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1


def test_an_invitation_subject_never_carries_a_line_break_from_a_stored_reference(
    client_for, police_lead, plan, orgs, django_capture_on_commit_callbacks
):
    # Stored before references were checked (the data migration rewrites these).
    Plan.objects.filter(pk=plan.pk).update(reference="TST\r\nBcc: x@e.test")
    response = invite(client_for(police_lead), plan, orgs, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    (sent,) = mail.outbox
    assert sent.subject == "You are invited to the plan TST Bcc: x@e.test"
    message = sent.message()
    assert message["Bcc"] is None and sent.bcc == []
    assert Invitation.objects.get().email_failed_at is None
