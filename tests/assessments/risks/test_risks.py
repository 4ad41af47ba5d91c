"""Scoring, bands, bad input, permissions and history of the joint risk register."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse
from django.utils.timezone import localtime

from assessments.risks.bands import band_for
from assessments.risks.models import MitigationAction, Risk, RiskChange, RiskStatus
from assessments.risks.services import mitigation_add, risk_create, risk_update
from planner.access import plan_access_for_user
from planner.errors import DomainError
from tests.assessments.risks.factories import RiskFactory
from tests.factories import UserFactory
from tests.helpers import assert_unchanged, snapshot

pytestmark = pytest.mark.django_db


def risk_post(org, owner=None, **overrides):
    data = {
        "title": "Crews injured forcing entry",
        "cause": "Aggressive occupants.",
        "effect": "Injured staff.",
        "category": "operational",
        "organisation": org.pk,
        "owner": owner.pk if owner else "",
        "likelihood": "3",
        "impact": "5",
        "residual_likelihood": "",
        "residual_impact": "",
        "status": "open",
        "acceptance_reason": "",
        "review_date": "",
    }
    data.update(overrides)
    return data


# Scoring and bands


@pytest.mark.parametrize(
    "likelihood, impact, score, band",
    [
        (1, 1, 1, "low"),
        (2, 2, 4, "low"),
        (1, 5, 5, "medium"),
        (3, 3, 9, "medium"),
        (2, 5, 10, "high"),
        (3, 5, 15, "high"),
        (4, 4, 16, "very_high"),
        (5, 5, 25, "very_high"),
    ],
)
def test_score_is_likelihood_times_impact_and_falls_in_its_band(
    likelihood, impact, score, band, risk_plan, police_lead
):
    risk = RiskFactory(plan=risk_plan, created_by=police_lead, likelihood=likelihood, impact=impact)
    assert risk.score == score
    assert risk.band.key == band


def test_residual_score_uses_the_after_mitigation_scores_when_assessed(risk_plan, police_lead):
    risk = RiskFactory(
        plan=risk_plan,
        created_by=police_lead,
        likelihood=4,
        impact=5,
        residual_likelihood=2,
        residual_impact=3,
    )
    assert (risk.score, risk.residual_score) == (20, 6)
    assert (risk.band.key, risk.residual_band.key) == ("very_high", "medium")
    unassessed = RiskFactory(plan=risk_plan, created_by=police_lead, likelihood=4, impact=5)
    assert unassessed.residual_score == 20


@override_settings(RISK_BANDS=[(6, "low"), (12, "medium"), (19, "high"), (25, "very_high")])
def test_band_thresholds_come_from_settings():
    assert band_for(6).key == "low"
    assert band_for(12).key == "medium"
    assert band_for(16).key == "high"
    assert band_for(20).key == "very_high"


# Bad input


@pytest.mark.parametrize("field, value", [("likelihood", 0), ("impact", 6), ("likelihood", 9)])
def test_scores_outside_one_to_five_are_refused_by_the_service(
    field, value, risk_plan, police_lead
):
    access = plan_access_for_user(police_lead, risk_plan.pk)
    data = {
        "title": "Bad",
        "cause": "c",
        "effect": "e",
        "category": "operational",
        "organisation": police_lead.organisation,
        "owner": police_lead,
        "likelihood": 3,
        "impact": 3,
        field: value,
    }
    with pytest.raises(DomainError) as exc:
        risk_create(access=access, data=data)
    assert exc.value.field == field
    assert Risk.objects.count() == 0


@pytest.mark.parametrize("field", ["likelihood", "impact", "residual_impact"])
def test_scores_outside_one_to_five_are_refused_by_the_page(
    field, risk_plan, police_lead, client_for
):
    client = client_for(police_lead)
    data = risk_post(police_lead.organisation, police_lead, **{field: "7"})
    if field == "residual_impact":
        data["residual_likelihood"] = "2"
    response = client.post(reverse("risk_create", args=[risk_plan.pk]), data)
    assert response.status_code == 400
    assert "must be a whole number from 1 to 5" in response.content.decode()
    assert Risk.objects.count() == 0


def test_owner_from_another_organisation_than_the_owning_one_is_refused(
    risk_plan, police_lead, fire_partner, client_for
):
    response = client_for(police_lead).post(
        reverse("risk_create", args=[risk_plan.pk]),
        risk_post(police_lead.organisation, fire_partner),
    )
    assert response.status_code == 400
    assert "The named owner must work for Testshire Police" in response.content.decode()
    assert Risk.objects.count() == 0


def test_owning_organisation_must_be_a_partner_on_the_plan(risk_plan, police_lead, outsider):
    access = plan_access_for_user(police_lead, risk_plan.pk)
    with pytest.raises(DomainError, match="must be a partner on this plan"):
        risk_create(
            access=access,
            data={
                "title": "t",
                "cause": "c",
                "effect": "e",
                "category": "legal",
                "organisation": outsider.organisation,
                "owner": None,
                "likelihood": 2,
                "impact": 2,
            },
        )
    assert Risk.objects.count() == 0


def test_accepted_status_needs_a_reason(risk_plan, police_lead, client_for):
    response = client_for(police_lead).post(
        reverse("risk_create", args=[risk_plan.pk]),
        risk_post(police_lead.organisation, police_lead, status="accepted"),
    )
    assert response.status_code == 400
    assert "Enter the reason the partners accept this risk." in response.content.decode()
    assert Risk.objects.count() == 0


def test_mitigation_owner_from_an_organisation_not_on_the_plan_is_refused(
    risk_plan, police_lead, outsider, client_for
):
    risk = RiskFactory(plan=risk_plan, created_by=police_lead)
    response = client_for(police_lead).post(
        reverse("risk_mitigation_add", args=[risk_plan.pk, risk.pk]),
        {"description": "Brief crews", "owner": outsider.pk, "due_date": "2030-01-01"},
    )
    assert response.status_code == 400
    assert "must work for an organisation that is a partner on this plan" in (
        response.content.decode()
    )
    access = plan_access_for_user(police_lead, risk_plan.pk)
    with pytest.raises(DomainError, match="partner on this plan"):
        mitigation_add(
            access=access, risk=risk, description="x", owner=outsider, due_date=date.today()
        )
    assert MitigationAction.objects.count() == 0


# Permissions


def test_every_partner_who_can_change_may_add_a_risk(risk_plan, fire_partner, client_for):
    response = client_for(fire_partner).post(
        reverse("risk_create", args=[risk_plan.pk]),
        risk_post(fire_partner.organisation, fire_partner),
    )
    assert response.status_code == 302
    risk = Risk.objects.get()
    assert (risk.organisation, risk.owner, risk.created_by) == (
        fire_partner.organisation,
        fire_partner,
        fire_partner,
    )


def test_read_only_member_gets_403_adding_a_risk(risk_plan, council_viewer, client_for):
    client = client_for(council_viewer)
    url = reverse("risk_create", args=[risk_plan.pk])
    assert client.get(url).status_code == 403
    before = snapshot(Risk, RiskChange, MitigationAction)
    assert client.post(url, risk_post(council_viewer.organisation)).status_code == 403
    assert_unchanged(before)
    assert client.get(reverse("risk_register", args=[risk_plan.pk])).status_code == 200


def test_outsider_gets_404_on_every_risk_page(risk_plan, police_lead, outsider, client_for):
    risk = RiskFactory(plan=risk_plan, created_by=police_lead)
    client = client_for(outsider)
    for url in [
        reverse("risk_register", args=[risk_plan.pk]),
        reverse("risk_create", args=[risk_plan.pk]),
        reverse("risk_detail", args=[risk_plan.pk, risk.pk]),
        reverse("risk_edit", args=[risk_plan.pk, risk.pk]),
        reverse("benefit_register", args=[risk_plan.pk]),
        reverse("exit_strategy", args=[risk_plan.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    before = snapshot(Risk, RiskChange, MitigationAction)
    assert client.post(reverse("risk_edit", args=[risk_plan.pk, risk.pk]), {}).status_code == 404
    assert_unchanged(before)


def test_risk_of_another_plan_is_404(risk_plan, police_lead, client_for):
    from tests.factories import PlanFactory

    other = PlanFactory(created_by=police_lead)
    risk = RiskFactory(plan=other, created_by=police_lead)
    response = client_for(police_lead).get(reverse("risk_detail", args=[risk_plan.pk, risk.pk]))
    assert response.status_code == 404


def test_named_owner_may_edit_their_risk(risk_plan, fire_partner, client_for):
    risk = RiskFactory(plan=risk_plan, created_by=fire_partner)
    response = client_for(fire_partner).post(
        reverse("risk_edit", args=[risk_plan.pk, risk.pk]),
        risk_post(fire_partner.organisation, fire_partner, likelihood="4"),
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.likelihood == 4


def test_project_lead_may_edit_any_risk(risk_plan, police_lead, fire_partner, client_for):
    risk = RiskFactory(plan=risk_plan, created_by=fire_partner)
    response = client_for(police_lead).post(
        reverse("risk_edit", args=[risk_plan.pk, risk.pk]),
        risk_post(fire_partner.organisation, fire_partner, impact="1"),
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.impact == 1


def test_other_partners_get_403_editing_a_risk_they_do_not_own(
    risk_plan, fire_partner, ambulance_rep, client_for
):
    risk = RiskFactory(plan=risk_plan, created_by=fire_partner)
    client = client_for(ambulance_rep)
    url = reverse("risk_edit", args=[risk_plan.pk, risk.pk])
    assert client.get(url).status_code == 403
    before = snapshot(Risk, RiskChange, MitigationAction)
    response = client.post(url, risk_post(fire_partner.organisation, fire_partner, impact="1"))
    assert response.status_code == 403
    mitigation = reverse("risk_mitigation_add", args=[risk_plan.pk, risk.pk])
    assert client.post(mitigation, {}).status_code == 403
    assert_unchanged(before)
    risk.refresh_from_db()
    assert risk.impact == 2
    access = plan_access_for_user(ambulance_rep, risk_plan.pk)
    with pytest.raises(PermissionDenied):
        risk_update(access=access, risk=risk, data={"impact": 1})


def test_a_colleague_of_the_owner_who_is_not_the_named_owner_may_not_edit(
    risk_plan, fire_partner, client_for
):
    from planner.models import MemberRole
    from tests.factories import add_partner

    colleague = UserFactory(email="other@fire.test", organisation=fire_partner.organisation)
    add_partner(risk_plan, colleague, member_role=MemberRole.PARTNER_REP)
    risk = RiskFactory(plan=risk_plan, created_by=fire_partner)
    response = client_for(colleague).get(reverse("risk_edit", args=[risk_plan.pk, risk.pk]))
    assert response.status_code == 403


def test_read_only_member_gets_403_editing(risk_plan, police_lead, council_viewer, client_for):
    risk = RiskFactory(plan=risk_plan, created_by=police_lead)
    client = client_for(council_viewer)
    before = snapshot(Risk, RiskChange, MitigationAction)
    assert client.post(reverse("risk_edit", args=[risk_plan.pk, risk.pk]), {}).status_code == 403
    assert_unchanged(before)
    assert client.get(reverse("risk_detail", args=[risk_plan.pk, risk.pk])).status_code == 200


# History


def test_history_records_every_change_with_who_and_when(
    risk_plan, police_lead, fire_partner, client_for
):
    client = client_for(fire_partner)
    client.post(
        reverse("risk_create", args=[risk_plan.pk]),
        risk_post(fire_partner.organisation, fire_partner),
    )
    risk = Risk.objects.get()
    client.post(
        reverse("risk_edit", args=[risk_plan.pk, risk.pk]),
        risk_post(
            fire_partner.organisation,
            fire_partner,
            likelihood="2",
            residual_likelihood="1",
            residual_impact="4",
            review_date=(date.today() + timedelta(days=30)).isoformat(),
        ),
    )
    client.post(
        reverse("risk_mitigation_add", args=[risk_plan.pk, risk.pk]),
        {"description": "Door-entry card", "owner": fire_partner.pk, "due_date": "2030-06-01"},
    )
    lead_client = client_for(police_lead)
    lead_client.post(
        reverse("risk_edit", args=[risk_plan.pk, risk.pk]),
        risk_post(
            fire_partner.organisation,
            fire_partner,
            likelihood="2",
            residual_likelihood="1",
            residual_impact="4",
            review_date=(date.today() + timedelta(days=30)).isoformat(),
            status="mitigated",
        ),
    )
    changes = {(c.field, c.old_value, c.new_value, c.changed_by_id) for c in risk.changes.all()}
    assert ("Likelihood", "3", "2", fire_partner.pk) in changes
    assert ("Likelihood after mitigation", "", "1", fire_partner.pk) in changes
    assert ("Impact after mitigation", "", "4", fire_partner.pk) in changes
    assert ("Status", "Open", "Mitigated", police_lead.pk) in changes
    assert any(c[0] == "Review date" and c[1] == "" for c in changes)
    assert any(c[0] == "Mitigation action added" for c in changes)
    assert any(c[0] == "Risk raised" for c in changes)
    assert all(c.changed_at for c in risk.changes.all())
    assert RiskChange.objects.filter(risk=risk).count() == 7

    page = lead_client.get(reverse("risk_detail", args=[risk_plan.pk, risk.pk])).content.decode()
    assert page.count('<tr class="govuk-table__row"><td class="govuk-table__cell">') >= 7
    assert "Pat Lead, Testshire Police" in page
    assert "Fran Fire, Testshire Fire and Rescue Service" in page
    assert "Open → Mitigated" in page
    for change in risk.changes.all():
        assert f"{localtime(change.changed_at):%-d %b %Y %H:%M}" in page
    assert "3 → 2" in page


def test_saving_without_a_change_writes_no_history(risk_plan, fire_partner):
    risk = RiskFactory(plan=risk_plan, created_by=fire_partner)
    access = plan_access_for_user(fire_partner, risk_plan.pk)
    assert risk_update(access=access, risk=risk, data={"likelihood": 2}) == []
    assert risk.changes.count() == 0


def test_a_refused_change_saves_nothing(risk_plan, fire_partner):
    risk = RiskFactory(plan=risk_plan, created_by=fire_partner)
    access = plan_access_for_user(fire_partner, risk_plan.pk)
    with pytest.raises(DomainError):
        risk_update(access=access, risk=risk, data={"likelihood": 5, "status": RiskStatus.ACCEPTED})
    risk.refresh_from_db()
    assert (risk.likelihood, risk.status, risk.changes.count()) == (2, "open", 0)


def test_unchanged_text_sent_with_browser_line_breaks_writes_no_history(
    risk_plan, fire_partner, client_for
):
    risk = RiskFactory(plan=risk_plan, created_by=fire_partner, cause="Line one.\n\nLine two.")
    response = client_for(fire_partner).post(
        reverse("risk_edit", args=[risk_plan.pk, risk.pk]),
        risk_post(
            fire_partner.organisation,
            fire_partner,
            title=risk.title,
            cause="Line one.\r\n\r\nLine two.",
            effect=risk.effect,
            likelihood="2",
            impact="2",
        ),
    )
    assert response.status_code == 302
    assert risk.changes.count() == 0
