import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from planner.models import Organisation, Plan, User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_in_with_email_and_password_reaches_the_dashboard(client, police_lead):
    response = client.post(
        reverse("login"), {"username": "lead@police.test", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert b"My plans" in response.content
    assert b"Pat Lead" in response.content


def test_wrong_password_shows_the_error_summary(client, police_lead):
    response = client.post(reverse("login"), {"username": "lead@police.test", "password": "no"})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"Enter a correct e-mail address and password" in response.content


def test_sign_out_is_a_post_and_ends_the_session(client_for, police_lead):
    client = client_for(police_lead)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get("/").status_code == 302


def test_password_reset_sends_a_link_by_email(client, police_lead):
    response = client.post(reverse("password_reset"), {"email": "lead@police.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_account_page_shows_the_persons_organisation(client_for, police_lead):
    response = client_for(police_lead).get(reverse("account"))
    assert b"Testshire Police" in response.content
    assert b"Testshire Police and Crime Commissioner" in response.content


def test_friendly_404_page(client_for, police_lead):
    response = client_for(police_lead).get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_demo_data_is_idempotent():
    call_command("demo_data")
    counts = (Organisation.objects.count(), User.objects.count(), Plan.objects.count())
    call_command("demo_data")
    assert counts == (Organisation.objects.count(), User.objects.count(), Plan.objects.count())
    assert User.objects.filter(email="lead@police.example").exists()
    assert Plan.objects.values("stage").distinct().count() >= 5
