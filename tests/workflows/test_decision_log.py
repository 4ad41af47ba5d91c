import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from planner.models import User
from workflows.models import Decision
from workflows.services import decision_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(plan, police_lead):
    return decision_record(
        plan=plan, actor=police_lead, summary="Use the fire station", rationale="Cheapest option."
    )


def test_a_decision_row_cannot_be_changed(decision):
    decision.rationale = "Rewritten history"
    with pytest.raises(ValidationError):
        decision.save()
    with pytest.raises(ValidationError):
        Decision.objects.filter(pk=decision.pk).update(rationale="Rewritten")
    decision.refresh_from_db()
    assert decision.rationale == "Cheapest option."


def test_a_decision_row_cannot_be_deleted(decision):
    with pytest.raises(ValidationError):
        decision.delete()
    with pytest.raises(ValidationError):
        Decision.objects.filter(pk=decision.pk).delete()
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_the_admin_offers_no_way_to_add_change_or_delete_decisions(decision):
    admin_user = User.objects.create_superuser(
        email="root@example.test", password="x-long-password-1", full_name="Root"
    )
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    model_admin = site._registry[Decision]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, decision)
    assert not model_admin.has_delete_permission(request, decision)


def test_admin_change_form_is_read_only_and_delete_is_refused(client, decision):
    admin_user = User.objects.create_superuser(
        email="root@example.test", password="x-long-password-1", full_name="Root"
    )
    client.force_login(admin_user)
    url = reverse("admin:workflows_decision_change", args=[decision.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="rationale"' not in page.content
    client.post(url, {"rationale": "Changed"})
    delete = client.post(reverse("admin:workflows_decision_delete", args=[decision.pk]))
    assert delete.status_code == 403
    decision.refresh_from_db()
    assert decision.rationale == "Cheapest option."


def test_a_correction_is_a_new_row(plan, police_lead, decision):
    correction = decision_record(
        plan=plan,
        actor=police_lead,
        summary="Correction: the fire station option was second cheapest",
        rationale="Costs were re-checked.",
        kind="correction",
        corrects=decision,
    )
    assert Decision.objects.filter(plan=plan).count() == 2
    assert correction.corrects == decision


def test_logging_a_decision_through_the_page(client_for, plan, fire_partner):
    client = client_for(fire_partner)
    response = client.post(
        reverse("plan_decisions", args=[plan.pk]),
        {"summary": "Share the yard", "rationale": "Saves space", "options_considered": ""},
    )
    assert response.status_code == 302
    row = Decision.objects.get()
    assert row.actor_organisation == fire_partner.organisation
    page = client.get(reverse("plan_detail", args=[plan.pk]))
    assert b"Share the yard" in page.content


def test_a_decision_without_rationale_is_refused_and_nothing_saved(client_for, plan, police_lead):
    response = client_for(police_lead).post(
        reverse("plan_decisions", args=[plan.pk]), {"summary": "Something", "rationale": ""}
    )
    assert response.status_code == 400
    assert b"Enter the rationale for the decision." in response.content
    assert not Decision.objects.exists()


def test_read_only_member_cannot_log_decisions(client_for, plan, council_viewer):
    response = client_for(council_viewer).post(
        reverse("plan_decisions", args=[plan.pk]), {"summary": "x", "rationale": "y"}
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()
