"""A disagreement is resolved, not just discussed: notes keep its flag "discussed" and the
gate closed; a resolution counts once every organisation concerned (every partner
organisation that assesses the plan) has acknowledged it or re-scored; any of them can
reopen it with a reason, which closes the gate again. Each step is a decision-log row, and a
refusal is typed and writes nothing."""

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse

from assessments.models import Resolution, ResolutionAcknowledgement
from assessments.selectors import Round, round_state
from assessments.services import (
    AnswerInput,
    assessment_reopen,
    assessment_save,
    assessment_submit,
    discussion_note_add,
)
from planner.access import plan_access_for_user
from planner.dates import uk_today
from planner.models import MemberRole, PartnerRole
from tests.assessments.factories import answers_for, submit
from tests.factories import OrganisationFactory, UserFactory, add_partner
from tests.helpers import assert_unchanged, count_queries, gate_of, snapshot, state_models
from workflows.models import Decision

pytestmark = pytest.mark.django_db

CODE = "shared_vision"
TOPIC = f"assessment-resolution:scoping:{CODE}"


@pytest.fixture
def council_rep(plan, orgs):
    rep = UserFactory(
        email="rep@council.test", full_name="Cora Council", organisation=orgs["council"]
    )
    add_partner(plan, rep, member_role=MemberRole.PARTNER_REP)
    return rep


@pytest.fixture
def observer_rep(plan):
    """A representative of an observer organisation: it watches the plan, it does not assess."""
    org = OrganisationFactory(name="Testshire Office of the Coroner")
    rep = UserFactory(email="rep@coroner.test", full_name="Olu Observer", organisation=org)
    add_partner(plan, rep, partner_role=PartnerRole.OBSERVER)
    return rep


@pytest.fixture
def flagged(plan, police_lead, fire_partner, ambulance_rep, council_rep):
    """Every assessing partner has submitted; fire rated shared vision 1, the others 4."""
    for person in (police_lead, ambulance_rep, council_rep):
        submit(plan, person, 4)
    submit(plan, fire_partner, 4, **{CODE: 1})
    return plan


def url(plan, name="assessment_discuss", code=CODE):
    return reverse(name, args=[plan.pk, "scoping", code])


def disagreement(plan):
    """The gate's result for the flag on shared vision."""
    results = [r for r in gate_of(plan).results if r.code == f"assessment_disagreement:{CODE}"]
    assert len(results) == 1, [r.code for r in gate_of(plan).results]
    return results[0]


def record(client, plan, position="Fire's concern is written into the vision.", **extra):
    return client.post(url(plan, "assessment_resolution_record"), {"position": position, **extra})


def acknowledge(client, plan):
    return client.post(url(plan, "assessment_resolution_acknowledge"))


def reopen(client, plan, reason="The fire authority did not accept the redraft."):
    return client.post(url(plan, "assessment_resolution_reopen"), {"reason": reason})


def test_notes_alone_keep_the_flag_discussed_and_the_gate_closed(
    flagged, police_lead, fire_partner
):
    result = disagreement(flagged)
    assert not result.passed
    assert result.message.endswith("discuss it and record the agreed resolution.")
    for person in (police_lead, fire_partner):
        discussion_note_add(
            access=plan_access_for_user(person, flagged.pk),
            rnd=Round("scoping"),
            framework=flagged.assessments.first().framework,
            code=CODE,
            note="We do NOT agree: fire sees no shared vision yet.",
        )
    result = disagreement(flagged)
    assert not result.passed
    assert result.message.startswith("The partners disagree on Shared vision (")
    assert result.message.endswith("notes are recorded, but no agreed resolution yet.")
    assert result.fix_url == url(flagged)
    assert result.fix_label == "Record the resolution of Shared vision"
    assert not gate_of(flagged).is_open
    state = round_state(flagged, Round("scoping"))
    assert state.flag_state(CODE).status == "discussed"


def test_a_resolution_opens_the_gate_once_every_organisation_concerned_acknowledges(
    flagged, police_lead, fire_partner, ambulance_rep, council_rep, client, client_for
):
    lead = client_for(police_lead)
    due = uk_today() + timedelta(days=30)
    response = record(
        lead,
        flagged,
        action="Redraft the vision with the fire service's outcome in it.",
        action_owner=flagged.partners.get(organisation=fire_partner.organisation).organisation_id,
        action_due=due.isoformat(),
    )
    assert response.status_code == 302
    resolution = Resolution.objects.get()
    assert resolution.action_owner == fire_partner.organisation and resolution.action_due == due
    assert resolution.ratings[str(fire_partner.organisation_id)] == 1
    # The recorder's organisation has acknowledged it; the other three have not.
    result = disagreement(flagged)
    assert not result.passed
    assert result.message.endswith(
        "a resolution is recorded, but Testshire Ambulance Service NHS Trust, Testshire County "
        "Council and Testshire Fire and Rescue Service have not yet acknowledged it or "
        "re-scored."
    )
    assert result.fix_label == "Acknowledge the resolution of Shared vision"
    for person in (fire_partner, ambulance_rep):
        client.force_login(person)
        assert acknowledge(client, flagged).status_code == 302
    assert disagreement(flagged).message.endswith(
        "but Testshire County Council has not yet acknowledged it or re-scored."
    )
    client.force_login(council_rep)
    assert acknowledge(client, flagged).status_code == 302
    result = disagreement(flagged)
    assert result.passed
    assert "agreed a resolution, which every organisation concerned has acknowledged" in (
        result.message
    )
    assessment_checks = [r for r in gate_of(flagged).results if r.code.startswith("assessment")]
    assert [r.message for r in assessment_checks if not r.passed] == []
    logged = list(Decision.objects.filter(topic=TOPIC).order_by("pk"))
    assert [d.actor for d in logged] == [police_lead, fire_partner, ambulance_rep, council_rep]
    assert "Redraft the vision" in logged[0].rationale
    assert logged[1].summary == (
        "Testshire Fire and Rescue Service acknowledged the resolution of Shared vision in the "
        "scoping assessment"
    )


def _resolved(plan, police_lead, others, client):
    client.force_login(police_lead)
    assert record(client, plan).status_code == 302
    for person in others:
        client.force_login(person)
        assert acknowledge(client, plan).status_code == 302
    assert disagreement(plan).passed


def test_a_reopen_with_a_reason_closes_the_gate_again_and_a_new_resolution_can_follow(
    flagged, police_lead, fire_partner, ambulance_rep, council_rep, client
):
    _resolved(flagged, police_lead, [fire_partner, ambulance_rep, council_rep], client)
    client.force_login(ambulance_rep)
    before = snapshot(*state_models())
    response = reopen(client, flagged, reason="  ")
    assert response.status_code == 400
    assert "Enter why the resolution no longer holds" in response.content.decode()
    assert_unchanged(before)
    assert reopen(client, flagged).status_code == 302
    result = disagreement(flagged)
    assert not result.passed
    assert result.message.endswith(
        "Testshire Ambulance Service NHS Trust reopened the agreed resolution (“The fire "
        "authority did not accept the redraft.”), so a new one must be recorded."
    )
    assert result.fix_label == "Record a new resolution of Shared vision"
    reopened = Resolution.objects.get()
    assert reopened.reopened_organisation == ambulance_rep.organisation
    assert reopened.reopened_by == ambulance_rep and reopened.reopen_reason
    logged = Decision.objects.filter(topic=TOPIC).latest("pk")
    assert logged.actor == ambulance_rep
    assert logged.rationale == "The fire authority did not accept the redraft."
    # Acknowledging the reopened resolution is refused as stale; a new one starts afresh.
    client.force_login(council_rep)
    before = snapshot(*state_models())
    assert acknowledge(client, flagged).status_code == 409
    assert_unchanged(before)
    client.force_login(fire_partner)
    assert record(client, flagged, position="The vision names the fire outcome.").status_code == (
        302
    )
    assert Resolution.objects.count() == 2
    page = client.get(url(flagged)).content.decode()
    assert "Earlier resolutions, reopened" in page
    assert "The fire authority did not accept the redraft." in page
    assert not disagreement(flagged).passed


def _rescore(plan, police_lead, person, rating):
    """The lead reopens the person's organisation's assessment; it submits again."""
    own = plan.assessments.get(organisation=person.organisation)
    assessment_reopen(
        access=plan_access_for_user(police_lead, plan.pk, for_change=True),
        assessment=own,
        reason="To re-score after the resolution.",
    )
    access = plan_access_for_user(person, plan.pk, for_change=True)
    assessment_submit(
        access=access,
        assessment=own,
        answers=answers_for("scoping", 4, own.framework, **{CODE: rating}),
    )


def test_a_re_score_counts_for_its_organisation_the_same_rating_again_does_not(
    flagged, police_lead, fire_partner, ambulance_rep, council_rep, client
):
    client.force_login(police_lead)
    assert record(client, flagged).status_code == 302
    for person in (ambulance_rep, council_rep):
        client.force_login(person)
        assert acknowledge(client, flagged).status_code == 302
    _rescore(flagged, police_lead, fire_partner, 1)
    result = disagreement(flagged)
    assert not result.passed and "Testshire Fire and Rescue Service has not yet" in result.message
    # Fire moves from 1 to 2: still a disagreement, now answered by a re-score.
    _rescore(flagged, police_lead, fire_partner, 2)
    state = round_state(flagged, Round("scoping"))
    assert state.aggregate.for_code(CODE).flagged
    flag = state.flag_state(CODE)
    assert [o.name for o in flag.rescored] == ["Testshire Fire and Rescue Service"]
    assert flag.status == "resolved"
    assert disagreement(flagged).passed
    assert not ResolutionAcknowledgement.objects.filter(
        organisation=fire_partner.organisation
    ).exists()


def test_an_organisation_that_does_not_assess_is_refused_with_nothing_written(
    flagged, police_lead, observer_rep, council_viewer, client_for, client
):
    client.force_login(observer_rep)
    for response in (
        (lambda: record(client, flagged)),
        (lambda: acknowledge(client, flagged)),
        (lambda: reopen(client, flagged)),
    ):
        before = snapshot(*state_models())
        refused = response()
        assert refused.status_code == 403
        assert "not one of the organisations concerned" in refused.content.decode()
        assert_unchanged(before)
    # With a resolution in force, the observer still cannot acknowledge or reopen it, and a
    # read-only member of an organisation concerned cannot either.
    assert record(client_for(police_lead), flagged).status_code == 302
    for person in (observer_rep, council_viewer):
        client.force_login(person)
        for act in (acknowledge, reopen):
            before = snapshot(*state_models())
            assert act(client, flagged).status_code == 403
            assert_unchanged(before)
    # The observer may read the page, without the forms.
    client.force_login(observer_rep)
    page = client.get(url(flagged)).content.decode()
    assert "Acknowledge the resolution" not in page and "Reopen the resolution" not in page


def test_invalid_or_repeated_resolutions_are_refused_with_nothing_written(
    flagged, police_lead, fire_partner, client
):
    client.force_login(fire_partner)
    owner = fire_partner.organisation_id
    yesterday = (uk_today() - timedelta(days=1)).isoformat()
    cases = [
        ({"position": " "}, 400, "Enter the position the partners agreed"),
        (
            {"position": "Agreed.", "action": "Redraft it."},
            400,
            "Choose the organisation that owns the action.",
        ),
        (
            {"position": "Agreed.", "action": "Redraft it.", "action_owner": owner},
            400,
            "Enter the date the action is due.",
        ),
        (
            {
                "position": "Agreed.",
                "action": "Redraft it.",
                "action_owner": owner,
                "action_due": yesterday,
            },
            400,
            "The action's due date must be today or later",
        ),
        (
            {"position": "Agreed.", "action_owner": owner},
            400,
            "Describe the action, or leave its owner and due date empty.",
        ),
    ]
    for data, status, message in cases:
        before = snapshot(*state_models())
        response = client.post(url(flagged, "assessment_resolution_record"), data)
        assert response.status_code == status, data
        assert message in unescape(response.content.decode()), data
        assert_unchanged(before)
    # A characteristic the partners agree on has nothing to resolve.
    before = snapshot(*state_models())
    response = client.post(
        url(flagged, "assessment_resolution_record", "public_outcome"), {"position": "Agreed."}
    )
    assert response.status_code == 400
    assert "do not disagree, so there is nothing to resolve" in response.content.decode()
    assert_unchanged(before)
    # One resolution in force at a time; an organisation acknowledges once.
    assert record(client, flagged).status_code == 302
    for again in (lambda: record(client, flagged), lambda: acknowledge(client, flagged)):
        before = snapshot(*state_models())
        assert again().status_code == 409
        assert_unchanged(before)


def test_the_discussion_page_shows_submitted_scores_and_evidence_never_a_draft(
    plan, police_lead, fire_partner, ambulance_rep, client_for
):
    submit(plan, police_lead, 4)
    access = plan_access_for_user(fire_partner, plan.pk)
    answers = answers_for("scoping", 4, **{CODE: 1})
    answers[CODE] = AnswerInput(rating=1, evidence="Fire's board has not seen the vision.")
    assessment_submit(access=access, answers=answers, rnd=Round("scoping"))
    assessment_save(
        access=plan_access_for_user(ambulance_rep, plan.pk),
        rnd=Round("scoping"),
        answers={CODE: AnswerInput(rating=5, evidence="Ambulance draft, private.")},
    )
    page = unescape(client_for(police_lead).get(url(plan)).content.decode())
    assert "Each partner's score and evidence" in page
    assert "Fire's board has not seen the vision." in page
    assert "Evidence about shared_vision." in page  # police's
    assert "Ambulance draft, private." not in page
    assert page.count("Not submitted") >= 1


def test_the_results_page_and_the_plan_panel_say_where_each_flag_stands(
    flagged, police_lead, fire_partner, ambulance_rep, council_rep, client
):
    results = reverse("assessment_results", args=[flagged.pk, "scoping"])
    plan_page = reverse("plan_detail", args=[flagged.pk])
    client.force_login(police_lead)
    assert "0 resolved, 0 discussed, 1 open" in client.get(results).content.decode()
    assert "(0 resolved, 0 discussed, 1 open)" in client.get(plan_page).content.decode()
    assert record(client, flagged).status_code == 302
    assert "0 resolved, 1 discussed, 0 open" in client.get(results).content.decode()
    for person in (fire_partner, ambulance_rep, council_rep):
        client.force_login(person)
        acknowledge(client, flagged)
    body = client.get(results).content.decode()
    assert "1 resolved, 0 discussed, 0 open" in body and "Resolved" in body
    assert "(1 resolved, 0 discussed, 0 open)" in client.get(plan_page).content.decode()


def test_pages_issue_the_same_queries_however_many_resolutions_and_acknowledgements(
    flagged, police_lead, fire_partner, ambulance_rep, council_rep, client
):
    pages = [
        url(flagged),
        reverse("assessment_results", args=[flagged.pk, "scoping"]),
        reverse("plan_detail", args=[flagged.pk]),
    ]
    client.force_login(police_lead)
    before = [count_queries(client, page) for page in pages]
    # A reopened resolution and the one that followed it, acknowledged by every organisation,
    # and resolutions of two more characteristics.
    _resolved(flagged, police_lead, [fire_partner, ambulance_rep, council_rep], client)
    client.force_login(ambulance_rep)
    assert reopen(client, flagged).status_code == 302
    _resolved(flagged, fire_partner, [police_lead, ambulance_rep, council_rep], client)
    state = round_state(flagged, Round("scoping"))
    for q in state.questions[1:3]:
        resolution = Resolution.objects.create(
            plan=flagged,
            stage="scoping",
            characteristic=q.characteristic,
            position="Agreed.",
            recorded_by=police_lead,
            organisation=police_lead.organisation,
        )
        for person in (police_lead, fire_partner, ambulance_rep, council_rep):
            ResolutionAcknowledgement.objects.create(
                resolution=resolution, organisation=person.organisation, acknowledged_by=person
            )
    client.force_login(police_lead)
    assert [count_queries(client, page) for page in pages] == before
