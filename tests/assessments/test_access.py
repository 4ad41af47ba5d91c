"""The assessment access helper (assessments/access.py), rule by rule: who sees an
organisation's assessment, who may change it, and that a refused change writes nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from assessments.access import assessment_access_for, assessment_access_for_reopen
from assessments.models import Answer, Assessment
from assessments.selectors import Round
from assessments.services import assessment_reopen, assessment_save
from planner.access import plan_access_for_user
from planner.models import PartnerRole, Plan
from tests.assessments.factories import answers_for, draft, stage_codes, submit
from tests.factories import OrganisationFactory, UserFactory, add_partner
from tests.helpers import assert_unchanged, snapshot

pytestmark = pytest.mark.django_db

SCOPING = Round("scoping")
OTHER_MEMBERS = ["police_lead", "ambulance_rep", "council_viewer"]


def _access(user, plan, org, *, for_change=False, rnd=SCOPING):
    return assessment_access_for(
        plan_access_for_user(user, plan.pk), org.pk, rnd, for_change=for_change
    )


def _page_url(plan, org):
    return reverse("assessment_org", args=[plan.pk, SCOPING.slug, org.pk])


def _submit_url(plan, org):
    return reverse("assessment_submit", args=[plan.pk, SCOPING.slug, org.pk])


def _form_data(value="5"):
    data = {}
    for code in stage_codes("scoping"):
        data[f"rating-{code}"] = value
        data[f"evidence-{code}"] = "Changed by someone else."
    return data


@pytest.fixture
def fire_draft(plan, fire_partner):
    assessment = draft(plan, fire_partner)
    assessment_save(
        access=plan_access_for_user(fire_partner, plan.pk),
        assessment=assessment,
        answers=answers_for("scoping", 2),
    )
    return assessment


@pytest.fixture
def observer(plan):
    watcher = UserFactory(
        email="watch@coastguard.test",
        organisation=OrganisationFactory(name="Testshire Coastguard"),
    )
    add_partner(plan, watcher, partner_role=PartnerRole.OBSERVER)
    return watcher


# Seeing.


def test_a_partner_sees_its_own_draft_and_may_edit_it(plan, fire_partner, fire_draft):
    access = _access(fire_partner, plan, fire_partner.organisation)
    assert access.assessment == fire_draft
    assert access.is_own and access.is_open and access.may_edit
    assert access.organisation == fire_partner.organisation
    assert access.read_only_reason == ""


def test_a_partner_sees_its_own_assessment_before_anyone_started_it(plan, fire_partner):
    access = _access(fire_partner, plan, fire_partner.organisation)
    assert access.assessment is None
    assert access.is_own and access.may_edit
    assert access.organisation == fire_partner.organisation


@pytest.mark.parametrize("persona", OTHER_MEMBERS)
def test_another_partner_never_sees_a_draft(plan, personas, fire_draft, persona):
    with pytest.raises(Http404):
        _access(personas[persona], plan, fire_draft.organisation)


@pytest.mark.parametrize("persona", OTHER_MEMBERS)
def test_another_partner_cannot_tell_a_draft_from_an_assessment_never_started(
    plan, personas, orgs, fire_draft, client_for, persona
):
    client = client_for(personas[persona])
    drafted = client.get(_page_url(plan, fire_draft.organisation))
    never_started = client.get(_page_url(plan, orgs["ambulance"]))
    if persona == "ambulance_rep":
        # Ambulance's own page, before it started: shown to its own people.
        assert never_started.status_code == 200
    else:
        assert never_started.status_code == 404
    assert drafted.status_code == 404


@pytest.mark.parametrize("persona", [*OTHER_MEMBERS, "outsider"])
def test_a_draft_is_404_on_both_pages_whatever_the_method(
    plan, personas, fire_draft, client_for, persona
):
    before = snapshot(Assessment, Answer)
    client = client_for(personas[persona])
    page, submit_url = (
        _page_url(plan, fire_draft.organisation),
        _submit_url(plan, fire_draft.organisation),
    )
    assert client.get(page).status_code == 404
    # Read-only members are refused before anything is read (403), so they learn nothing
    # about the draft either; everyone else is told it does not exist.
    expected = 403 if persona == "council_viewer" else 404
    assert client.post(page, _form_data()).status_code == expected
    assert client.post(submit_url, _form_data()).status_code == expected
    assert_unchanged(before)


def test_an_outsider_is_404_before_the_assessment_is_read(plan, outsider, fire_draft):
    with pytest.raises(Http404):
        plan_access_for_user(outsider, plan.pk)


@pytest.mark.parametrize("persona", OTHER_MEMBERS)
def test_a_submitted_assessment_is_seen_by_every_partner_read_only(
    plan, personas, fire_partner, persona
):
    submitted = submit(plan, fire_partner, 4)
    access = _access(personas[persona], plan, fire_partner.organisation)
    assert access.assessment == submitted
    assert not access.is_own and not access.may_edit
    assert access.organisation == fire_partner.organisation
    assert access.read_only_reason == ""


def test_a_reopened_assessment_is_hidden_again(plan, police_lead, ambulance_rep, fire_partner):
    submitted = submit(plan, fire_partner, 4)
    assert _access(ambulance_rep, plan, fire_partner.organisation).assessment == submitted
    assessment_reopen(
        access=plan_access_for_user(police_lead, plan.pk),
        assessment=submitted,
        reason="Fire asked to revise.",
    )
    with pytest.raises(Http404):
        _access(ambulance_rep, plan, fire_partner.organisation)
    assert _access(fire_partner, plan, fire_partner.organisation).may_edit


# Changing.


def test_a_read_only_member_is_refused_a_change_before_anything_is_read(
    plan, council_viewer, fire_draft, django_assert_num_queries
):
    access = plan_access_for_user(council_viewer, plan.pk)
    with django_assert_num_queries(0), pytest.raises(PermissionDenied, match="read-only"):
        assessment_access_for(access, fire_draft.organisation_id, SCOPING, for_change=True)


def test_a_read_only_member_sees_its_own_organisations_page_without_the_form(plan, council_viewer):
    access = _access(council_viewer, plan, council_viewer.organisation)
    assert access.is_own and not access.may_edit
    assert "read-only" in access.read_only_reason


def test_a_read_only_members_post_writes_nothing(plan, council_viewer, client_for):
    before = snapshot(Assessment, Answer)
    client = client_for(council_viewer)
    org = council_viewer.organisation
    assert client.post(_page_url(plan, org), _form_data()).status_code == 403
    assert client.post(_submit_url(plan, org), _form_data()).status_code == 403
    assert_unchanged(before)


def test_changing_another_organisations_submitted_assessment_is_refused(
    plan, fire_partner, ambulance_rep, client_for
):
    submit(plan, ambulance_rep, 3)
    before = snapshot(Assessment, Answer)
    with pytest.raises(PermissionDenied, match="only fill in Testshire Fire"):
        _access(fire_partner, plan, ambulance_rep.organisation, for_change=True)
    client = client_for(fire_partner)
    for url in (
        _page_url(plan, ambulance_rep.organisation),
        _submit_url(plan, ambulance_rep.organisation),
    ):
        response = client.post(url, _form_data())
        assert response.status_code == 403
        assert "nothing was saved" in response.content.decode()
    assert_unchanged(before)


def test_an_observer_organisation_sees_its_page_but_may_not_assess(plan, observer, client_for):
    access = _access(observer, plan, observer.organisation)
    assert access.is_own and not access.may_edit
    assert "observer" in access.read_only_reason
    with pytest.raises(PermissionDenied, match="observer"):
        _access(observer, plan, observer.organisation, for_change=True)
    before = snapshot(Assessment, Answer)
    client = client_for(observer)
    assert client.post(_page_url(plan, observer.organisation), _form_data()).status_code == 403
    assert client.post(_submit_url(plan, observer.organisation), _form_data()).status_code == 403
    assert_unchanged(before)


def test_a_closed_round_is_shown_without_the_form_and_a_save_writes_nothing(
    plan, fire_partner, fire_draft, client_for
):
    Plan.objects.filter(pk=plan.pk).update(stage="governance_alignment")
    access = _access(fire_partner, plan, fire_partner.organisation)
    assert not access.is_open and not access.may_edit
    assert "closed" in access.read_only_reason
    before = snapshot(Assessment, Answer)
    response = client_for(fire_partner).post(
        _page_url(plan, fire_partner.organisation), _form_data("1")
    )
    assert response.status_code == 400
    assert "is closed" in response.content.decode()
    assert_unchanged(before)


def test_a_submitted_assessment_is_not_editable_by_its_own_organisation(
    plan, fire_partner, client_for
):
    submit(plan, fire_partner, 4)
    access = _access(fire_partner, plan, fire_partner.organisation)
    assert access.is_own and not access.may_edit
    # The page says so itself (ask the lead to reopen it), so there is no extra reason.
    assert access.read_only_reason == ""
    before = snapshot(Assessment, Answer)
    response = client_for(fire_partner).post(
        _submit_url(plan, fire_partner.organisation), _form_data("1")
    )
    assert response.status_code == 400
    assert_unchanged(before)


def test_a_refused_submit_before_anyone_started_leaves_no_draft_behind(
    plan, fire_partner, client_for
):
    code = stage_codes("scoping")[0]
    before = snapshot(Assessment, Answer)
    response = client_for(fire_partner).post(
        _submit_url(plan, fire_partner.organisation), {f"rating-{code}": "4"}
    )
    assert response.status_code == 400
    assert "Answer every question before submitting" in response.content.decode()
    assert_unchanged(before)


def test_the_page_form_saves_and_its_second_button_goes_to_check_your_answers(
    plan, fire_partner, client_for
):
    html = client_for(fire_partner).get(_page_url(plan, fire_partner.organisation)).content
    html = html.decode()
    check_url = reverse(
        "assessment_check", args=[plan.pk, SCOPING.slug, fire_partner.organisation.pk]
    )
    assert f'action="{_page_url(plan, fire_partner.organisation)}"' in html
    assert f'formaction="{check_url}"' in html


def test_the_helper_reads_the_assessment_in_one_query_with_its_answers(
    plan, fire_partner, fire_draft, django_assert_num_queries
):
    access = plan_access_for_user(fire_partner, plan.pk)
    questions = len(stage_codes("scoping"))
    # The assessment (with its organisation, framework and submitter), then its answers.
    with django_assert_num_queries(2):
        result = assessment_access_for(access, fire_partner.organisation.pk, SCOPING)
        assert len(result.assessment.answers.all()) == questions


# Reopening.


@pytest.mark.parametrize("persona", ["fire_partner", "ambulance_rep", "council_viewer"])
def test_only_the_lead_gets_reopen_access(plan, personas, fire_partner, persona):
    submit(plan, fire_partner, 4)
    with pytest.raises(PermissionDenied, match="project lead"):
        assessment_access_for_reopen(
            plan_access_for_user(personas[persona], plan.pk), fire_partner.organisation.pk, SCOPING
        )


def test_reopening_a_draft_is_404_even_for_the_lead(plan, police_lead, fire_draft, client_for):
    with pytest.raises(Http404):
        assessment_access_for_reopen(
            plan_access_for_user(police_lead, plan.pk), fire_draft.organisation_id, SCOPING
        )
    before = snapshot(Assessment, Answer)
    url = reverse("assessment_reopen", args=[plan.pk, "scoping", fire_draft.organisation_id])
    client = client_for(police_lead)
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Probing."}).status_code == 404
    assert_unchanged(before)


def test_the_lead_gets_reopen_access_to_a_submitted_assessment(plan, police_lead, fire_partner):
    submitted = submit(plan, fire_partner, 4)
    access = assessment_access_for_reopen(
        plan_access_for_user(police_lead, plan.pk), fire_partner.organisation.pk, SCOPING
    )
    assert access.assessment == submitted and not access.may_edit
