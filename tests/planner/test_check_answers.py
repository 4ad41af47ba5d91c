"""Check your answers before creating a plan: nothing is written before "Create plan", a
"Change" link keeps every answer, the final POST revalidates, and a repeat creates nothing."""

import re
from html import unescape

import pytest
from django.urls import reverse

from planner.models import Plan
from tests.helpers import assert_unchanged, snapshot, state_models
from tests.planner.test_plans import PLAN_DATA

pytestmark = pytest.mark.django_db


def hidden_answers(page: str, action: str) -> dict:
    """What a check page's confirm form (posting to `action`) sends, read from its hidden
    fields, so tests confirm exactly what the page would."""
    form = page[page.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    data = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form):
        data.setdefault(name, []).append(unescape(value))
    return data


def to_check_page(client):
    response = client.post(reverse("plan_create_check"), PLAN_DATA)
    assert response.status_code == 302
    assert response.url == reverse("plan_create_check")
    return client.get(reverse("plan_create_check"))


def test_the_form_leads_to_a_check_page_and_writes_nothing(client_for, police_lead):
    client = client_for(police_lead)
    before = snapshot(*state_models())
    page = to_check_page(client)
    assert page.status_code == 200
    text = page.content.decode()
    assert "<title>Check your answers before creating the plan" in text
    assert 'class="govuk-back-link"' in text
    assert "govuk-summary-list" in text
    assert "Joint station at Eastgate" in text
    # The choice's label and the date as people read them, not the stored values.
    assert "Sharing premises" in text
    assert "10 January 2027" in text
    assert 'Change<span class="govuk-visually-hidden"> title</span>' in text
    assert f'href="{reverse("plan_create")}?change#id_title"' in text
    assert ">Create plan</button>" in text
    assert_unchanged(before)


def test_create_plan_on_the_check_page_creates_exactly_what_was_checked(client_for, police_lead):
    client = client_for(police_lead)
    data = hidden_answers(to_check_page(client).content.decode(), reverse("plan_create"))
    response = client.post(reverse("plan_create"), data)
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("plan_partners", args=[plan.pk])
    assert (plan.title, plan.reference, plan.collaboration_type) == (
        "Joint station at Eastgate",
        "TST-EST-9",
        "sharing_premises",
    )
    assert str(plan.scoping_target) == "2027-01-10"


def test_change_reopens_the_form_with_every_answer_kept(client_for, police_lead):
    client = client_for(police_lead)
    to_check_page(client)
    form = client.get(reverse("plan_create") + "?change").content.decode()
    for value in ("Joint station at Eastgate", "tst-est-9", "Police move into the fire station."):
        assert value in form
    assert re.search(r'value="sharing_premises"[^>]*(selected|checked)', form)
    assert "There is a problem" not in form
    assert f'action="{reverse("plan_create_check")}"' in form
    # A fresh start, not a change, begins empty.
    assert "Joint station at Eastgate" not in client.get(reverse("plan_create")).content.decode()


def test_a_wrong_answer_is_shown_on_the_form_not_the_check_page(client_for, police_lead):
    client = client_for(police_lead)
    before = snapshot(*state_models())
    response = client.post(reverse("plan_create_check"), {**PLAN_DATA, "title": ""})
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert b"Check your answers" not in response.content
    assert_unchanged(before)


def test_a_double_click_or_resubmit_creates_one_plan(client_for, police_lead):
    client = client_for(police_lead)
    data = hidden_answers(to_check_page(client).content.decode(), reverse("plan_create"))
    first = client.post(reverse("plan_create"), data)
    before = snapshot(*state_models())
    second = client.post(reverse("plan_create"), data)
    assert second.status_code == 302
    assert second.url == first.url
    assert Plan.objects.count() == 1
    assert_unchanged(before)


def test_tampered_hidden_answers_are_revalidated_and_change_nothing(client_for, police_lead):
    client = client_for(police_lead)
    data = hidden_answers(to_check_page(client).content.decode(), reverse("plan_create"))
    before = snapshot(*state_models())
    tampered = {**data, "title": [""], "governance_alignment_target": ["2026-01-01"]}
    response = client.post(reverse("plan_create"), tampered)
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert_unchanged(before)


def test_stale_answers_go_back_to_the_form_with_the_error(client_for, police_lead, plan):
    """Someone else took the reference between the form and the check: the check page sends
    the person back to fix it, and confirming the old page is refused."""
    client = client_for(police_lead)
    page = to_check_page(client)
    data = hidden_answers(page.content.decode(), reverse("plan_create"))
    Plan.objects.filter(pk=plan.pk).update(reference="TST-EST-9")
    before = snapshot(*state_models())
    response = client.post(reverse("plan_create"), data)
    assert response.status_code == 400
    assert b"reference already exists" in response.content
    assert_unchanged(before)
    again = client.get(reverse("plan_create_check"))
    assert again.status_code == 302
    assert again.url == reverse("plan_create") + "?change"


def test_the_check_page_without_answers_goes_to_the_form(client_for, police_lead):
    response = client_for(police_lead).get(reverse("plan_create_check"))
    assert response.status_code == 302
    assert response.url == reverse("plan_create")
