"""Check your answers before recording a governing body's decision: the check page lists
every answer with a "Change" link, nothing is written before "Record decision", and a
repeated or refused confirmation records nothing."""

import pytest
from django.urls import reverse

from planner.models import Organisation
from tests.helpers import assert_unchanged, snapshot, state_models
from tests.planner.test_check_answers import hidden_answers
from tests.workflows.test_sign_off import FIRE, decision_data, governance_plan  # noqa: F401
from workflows.models import SignOff

pytestmark = pytest.mark.django_db


def check_url(plan):
    return reverse("plan_sign_off_check", args=[plan.pk])


def sign_off_url(plan):
    return reverse("plan_sign_off", args=[plan.pk])


def to_check_page(client, plan, **overrides):
    response = client.post(check_url(plan), decision_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == check_url(plan)
    return client.get(check_url(plan))


def test_the_form_leads_to_the_check_page_listing_every_answer(
    client_for,
    fire_approver,
    governance_plan,  # noqa: F811
):
    client = client_for(fire_approver)
    form = client.get(sign_off_url(governance_plan)).content.decode()
    assert f'action="{check_url(governance_plan)}"' in form
    before = snapshot(*state_models())
    page = to_check_page(
        client, governance_plan, decision="approved_with_conditions", conditions="Share the rota."
    )
    text = page.content.decode()
    assert "<title>Check your answers before recording the decision" in text
    assert 'class="govuk-back-link"' in text
    assert "govuk-summary-list" in text
    for answer in (
        FIRE,
        "Testshire Fire and Rescue Authority",
        "Approved with conditions",
        "1 February 2026",
        "FRA/2026/14",
        "Share the rota.",
        "governance approver",
    ):
        assert answer in text, answer
    assert 'Change<span class="govuk-visually-hidden"> date of decision</span>' in text
    assert f'href="{sign_off_url(governance_plan)}?change#id_decision_0"' in text
    assert ">Record decision</button>" in text
    assert_unchanged(before)


def test_the_lead_sees_whose_decision_and_that_it_is_on_its_behalf(
    client_for,
    police_lead,
    governance_plan,  # noqa: F811
):
    fire = Organisation.objects.get(name=FIRE)
    page = to_check_page(client_for(police_lead), governance_plan, organisation=fire.pk)
    text = page.content.decode()
    assert f"on {FIRE}&#x27;s behalf" in text or f"on {FIRE}'s behalf" in text
    assert 'Change<span class="govuk-visually-hidden"> organisation</span>' in text


def test_record_decision_records_exactly_what_was_checked(
    client_for,
    fire_approver,
    governance_plan,  # noqa: F811
):
    client = client_for(fire_approver)
    data = hidden_answers(
        to_check_page(client, governance_plan).content.decode(), sign_off_url(governance_plan)
    )
    response = client.post(sign_off_url(governance_plan), data)
    assert response.status_code == 302
    sign_off = SignOff.objects.get()
    assert (sign_off.organisation.name, sign_off.reference, str(sign_off.decided_on)) == (
        FIRE,
        "FRA/2026/14",
        "2026-02-01",
    )


def test_change_reopens_the_form_with_every_answer_kept(
    client_for,
    fire_approver,
    governance_plan,  # noqa: F811
):
    client = client_for(fire_approver)
    to_check_page(client, governance_plan, body="The Fire Authority", reference="FA-99")
    form = client.get(sign_off_url(governance_plan) + "?change").content.decode()
    assert 'value="The Fire Authority"' in form
    assert 'value="FA-99"' in form
    assert "There is a problem" not in form


def test_a_wrong_answer_is_shown_on_the_form_and_writes_nothing(
    client_for,
    fire_approver,
    governance_plan,  # noqa: F811
):
    client = client_for(fire_approver)
    before = snapshot(*state_models())
    response = client.post(check_url(governance_plan), decision_data(reference=""))
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert b"Check your answers" not in response.content
    assert_unchanged(before)


def test_a_double_click_or_resubmit_records_one_decision(
    client_for,
    fire_approver,
    governance_plan,  # noqa: F811
):
    client = client_for(fire_approver)
    data = hidden_answers(
        to_check_page(client, governance_plan).content.decode(), sign_off_url(governance_plan)
    )
    first = client.post(sign_off_url(governance_plan), data)
    before = snapshot(*state_models())
    second = client.post(sign_off_url(governance_plan), data)
    assert second.status_code == 302
    assert second.url == first.url
    assert SignOff.objects.count() == 1
    assert_unchanged(before)
    # Without the token (another tab's page), the service refuses a second first decision.
    third = client.post(sign_off_url(governance_plan), decision_data())
    assert third.status_code in (400, 409)
    assert SignOff.objects.count() == 1
    assert_unchanged(before)


def test_a_partner_representative_cannot_reach_the_check_page(
    client_for,
    fire_partner,
    governance_plan,  # noqa: F811
):
    client = client_for(fire_partner)
    before = snapshot(*state_models())
    assert client.get(check_url(governance_plan)).status_code == 403
    assert client.post(check_url(governance_plan), decision_data()).status_code == 403
    assert_unchanged(before)


def test_a_partner_representative_cannot_confirm_an_approvers_check_page(
    client_for,
    fire_approver,
    fire_partner,
    governance_plan,  # noqa: F811
):
    page = to_check_page(client_for(fire_approver), governance_plan)
    data = hidden_answers(page.content.decode(), sign_off_url(governance_plan))
    partner = client_for(fire_partner)
    before = snapshot(*state_models())
    response = partner.post(sign_off_url(governance_plan), data)
    assert response.status_code == 403
    assert_unchanged(before)


def test_a_stale_check_page_is_refused_once_the_stage_has_moved(
    client_for,
    fire_approver,
    governance_plan,  # noqa: F811
):
    """The plan left governance alignment between the check and the confirmation."""
    from planner.models import Stage
    from tests.helpers import set_stage

    client = client_for(fire_approver)
    data = hidden_answers(
        to_check_page(client, governance_plan).content.decode(), sign_off_url(governance_plan)
    )
    set_stage(governance_plan, Stage.RISK)
    before = snapshot(*state_models())
    response = client.post(sign_off_url(governance_plan), data)
    assert response.status_code in (400, 409)
    assert not SignOff.objects.exists()
    assert_unchanged(before)


def test_a_future_date_is_refused_before_the_check_page(
    client_for,
    fire_approver,
    governance_plan,  # noqa: F811
):
    """The sign-off's own date rule, applied before the person is asked to confirm."""
    from datetime import timedelta

    from planner.dates import uk_today

    client = client_for(fire_approver)
    before = snapshot(*state_models())
    tomorrow = (uk_today() + timedelta(days=1)).isoformat()
    response = client.post(check_url(governance_plan), decision_data(decided_on=tomorrow))
    assert response.status_code == 400
    assert b"must be today or in the past" in response.content
    assert b"Check your answers" not in response.content
    assert_unchanged(before)
