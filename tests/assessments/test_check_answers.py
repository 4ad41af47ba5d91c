"""Check your answers before submitting an assessment: every question's score and evidence
with a "Change" link, nothing written before "Submit assessment", saving a draft as before,
and a repeated or stale confirmation submits nothing."""

from html import unescape

import pytest
from django.urls import reverse

from assessments.models import Assessment, AssessmentStatus
from assessments.selectors import Round, framework_current, questions_for
from tests.assessments.factories import draft, stage_codes, submit
from tests.helpers import assert_unchanged, set_stage, snapshot, state_models
from tests.planner.test_check_answers import hidden_answers

pytestmark = pytest.mark.django_db

SCOPING = Round("scoping")


def urls(plan, org):
    args = [plan.pk, SCOPING.slug, org.pk]
    return (
        reverse("assessment_org", args=args),
        reverse("assessment_check", args=args),
        reverse("assessment_submit", args=args),
    )


def form_data(default="4", **overrides):
    data = {}
    for code in stage_codes("scoping"):
        data[f"rating-{code}"] = overrides.get(code, default)
        data[f"evidence-{code}"] = f"Because of {code}."
    return data


def to_check_page(client, plan, org, **overrides):
    _, check, _ = urls(plan, org)
    response = client.post(check, form_data(**overrides))
    assert response.status_code == 302, unescape(response.content.decode())[:3000]
    assert response.url == check
    return client.get(check)


def test_submit_leads_to_a_check_page_of_every_question_and_writes_nothing(
    plan, fire_partner, client_for
):
    client = client_for(fire_partner)
    org = fire_partner.organisation
    codes = stage_codes("scoping")
    before = snapshot(*state_models())
    page = to_check_page(client, plan, org, **{codes[1]: "dk"})
    text = unescape(page.content.decode())
    assert "<title>Check your answers before submitting the assessment" in text
    assert 'class="govuk-back-link"' in text
    assert "govuk-summary-list" in text
    for q in questions_for(framework_current(), "scoping"):
        assert q.characteristic.name in text
        assert q.prompt in text
        assert f"Because of {q.characteristic.code}." in text
        assert (
            f'Change<span class="govuk-visually-hidden"> the score and evidence for '
            f"{q.characteristic.name}</span>"
        ) in text
    assert "4 out of 5" in text
    assert "Don't know" in text
    form_url, _, _ = urls(plan, org)
    assert f'href="{form_url}?change#id_rating-{codes[0]}_0"' in text
    assert ">Submit assessment</button>" in text
    assert_unchanged(before)


def test_submit_assessment_on_the_check_page_submits_what_was_checked(
    plan, fire_partner, client_for
):
    client = client_for(fire_partner)
    org = fire_partner.organisation
    _, _, submit_url = urls(plan, org)
    data = hidden_answers(to_check_page(client, plan, org).content.decode(), submit_url)
    response = client.post(submit_url, data)
    assert response.status_code == 302
    assert response.url == reverse("assessment_results", args=[plan.pk, SCOPING.slug])
    assessment = Assessment.objects.get(plan=plan, organisation=org)
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert {a.rating for a in assessment.answers.all()} == {4}


def test_change_reopens_the_form_with_every_answer_kept(plan, fire_partner, client_for):
    client = client_for(fire_partner)
    org = fire_partner.organisation
    codes = stage_codes("scoping")
    to_check_page(client, plan, org, **{codes[0]: "2"})
    form_url, check_url, _ = urls(plan, org)
    form = client.get(form_url + "?change").content.decode()
    assert 'value="2" checked' in form or f'id="id_rating-{codes[0]}_1"' in form
    assert f"Because of {codes[0]}." in form
    assert f'formaction="{check_url}"' in form
    assert "There is a problem" not in form


def test_an_unanswered_question_is_shown_on_the_form_and_nothing_is_written(
    plan, fire_partner, client_for
):
    client = client_for(fire_partner)
    org = fire_partner.organisation
    codes = stage_codes("scoping")
    _, check_url, _ = urls(plan, org)
    before = snapshot(*state_models())
    response = client.post(check_url, form_data(**{codes[2]: ""}))
    assert response.status_code == 400
    text = unescape(response.content.decode())
    assert "There is a problem" in text
    assert "Select a score for" in text
    assert "Check your answers before" not in text
    assert_unchanged(before)


def test_saving_a_draft_stays_as_it_was(plan, fire_partner, client_for):
    client = client_for(fire_partner)
    org = fire_partner.organisation
    form_url, _, _ = urls(plan, org)
    codes = stage_codes("scoping")
    response = client.post(form_url, {f"rating-{codes[0]}": "3"})
    assert response.status_code == 302
    assessment = Assessment.objects.get(plan=plan, organisation=org)
    assert assessment.status == AssessmentStatus.DRAFT


def test_a_double_click_or_resubmit_submits_once(plan, fire_partner, client_for):
    client = client_for(fire_partner)
    org = fire_partner.organisation
    _, _, submit_url = urls(plan, org)
    data = hidden_answers(to_check_page(client, plan, org).content.decode(), submit_url)
    first = client.post(submit_url, data)
    submitted_at = Assessment.objects.get(plan=plan, organisation=org).submitted_at
    before = snapshot(*state_models())
    second = client.post(submit_url, data)
    assert second.status_code == 302
    assert second.url == first.url
    assert Assessment.objects.get(plan=plan, organisation=org).submitted_at == submitted_at
    assert_unchanged(before)


def test_a_stale_check_page_is_refused_after_a_colleague_submitted(plan, fire_partner, client_for):
    """The page was checked, then someone else from fire submitted first."""
    client = client_for(fire_partner)
    org = fire_partner.organisation
    _, _, submit_url = urls(plan, org)
    data = hidden_answers(to_check_page(client, plan, org).content.decode(), submit_url)
    submit(plan, fire_partner, 2)
    before = snapshot(*state_models())
    response = client.post(submit_url, data)
    assert response.status_code == 400
    assert {a.rating for a in Assessment.objects.get(organisation=org).answers.all()} == {2}
    assert_unchanged(before)


def test_a_stale_check_page_is_refused_once_the_round_closed(plan, fire_partner, client_for):
    client = client_for(fire_partner)
    org = fire_partner.organisation
    draft(plan, fire_partner)
    _, check_url, submit_url = urls(plan, org)
    data = hidden_answers(to_check_page(client, plan, org).content.decode(), submit_url)
    set_stage(plan, "delivery")
    before = snapshot(*state_models())
    assert client.post(submit_url, data).status_code == 400
    assert client.get(check_url).status_code == 302
    assert_unchanged(before)


def test_other_partners_and_read_only_members_cannot_reach_the_check_page(
    plan, fire_partner, ambulance_rep, council_viewer, client_for
):
    org = fire_partner.organisation
    _, check_url, _ = urls(plan, org)
    # client_for signs the one test client in as each person in turn (a sign-in writes
    # last_login), so each is checked after signing in.
    for person, status in ((ambulance_rep, 404), (council_viewer, 403)):
        client = client_for(person)
        before = snapshot(*state_models())
        assert client.get(check_url).status_code == status
        assert client.post(check_url, form_data()).status_code == status
        assert_unchanged(before)
