"""The six barriers offered as starting risks."""

import pytest
from django.urls import reverse

from assessments.risks.models import PromptDismissal, Risk
from assessments.risks.prompts import BARRIERS

pytestmark = pytest.mark.django_db


def test_the_six_barriers_are_offered(risk_plan, police_lead, client_for):
    page = client_for(police_lead).get(reverse("risk_register", args=[risk_plan.pk]))
    html = page.content.decode()
    assert len(BARRIERS) == 6
    for barrier in BARRIERS:
        assert barrier.barrier in html


def test_adopting_creates_a_prefilled_risk_for_the_adopters_organisation(
    risk_plan, fire_partner, client_for
):
    client = client_for(fire_partner)
    response = client.post(reverse("risk_prompt_adopt", args=[risk_plan.pk, "funding"]))
    risk = Risk.objects.get()
    assert response.url == reverse("risk_detail", args=[risk_plan.pk, risk.pk])
    assert (risk.organisation, risk.owner, risk.prompt_key) == (
        fire_partner.organisation,
        fire_partner,
        "funding",
    )
    assert risk.title == "Partners' funding streams and budget cycles do not line up"
    assert "ESCWG-commissioned research, 2015" in risk.cause
    assert risk.changes.filter(field="Risk raised").exists()
    html = client.get(reverse("risk_register", args=[risk_plan.pk])).content.decode()
    assert 'data-prompt="funding"' not in html
    # Adopting twice is refused and adds nothing.
    client.post(reverse("risk_prompt_adopt", args=[risk_plan.pk, "funding"]))
    assert Risk.objects.count() == 1


def test_dismissing_stays_dismissed_for_the_plan(risk_plan, police_lead, fire_partner, client_for):
    client_for(police_lead).post(reverse("risk_prompt_dismiss", args=[risk_plan.pk, "legislation"]))
    assert PromptDismissal.objects.filter(plan=risk_plan, prompt_key="legislation").exists()
    html = client_for(fire_partner).get(reverse("risk_register", args=[risk_plan.pk]))
    assert 'data-prompt="legislation"' not in html.content.decode()
    assert 'data-prompt="funding"' in html.content.decode()


def test_read_only_and_outsiders_cannot_adopt(risk_plan, council_viewer, outsider, client_for):
    url = reverse("risk_prompt_adopt", args=[risk_plan.pk, "funding"])
    assert client_for(council_viewer).post(url).status_code == 403
    assert client_for(outsider).post(url).status_code == 404
    assert Risk.objects.count() == 0


def test_an_unknown_prompt_is_refused(risk_plan, police_lead, client_for):
    client = client_for(police_lead)
    response = client.post(reverse("risk_prompt_adopt", args=[risk_plan.pk, "nope"]), follow=True)
    assert "not one of the suggested risks" in response.content.decode()
    assert Risk.objects.count() == 0


def test_read_only_and_outsiders_cannot_dismiss(risk_plan, council_viewer, outsider, client_for):
    url = reverse("risk_prompt_dismiss", args=[risk_plan.pk, "funding"])
    assert client_for(council_viewer).post(url).status_code == 403
    assert client_for(outsider).post(url).status_code == 404
    assert not PromptDismissal.objects.exists()


def test_each_suggested_risk_action_is_a_post_of_its_own(risk_plan, police_lead, client_for):
    client = client_for(police_lead)
    for name in ("risk_prompt_adopt", "risk_prompt_dismiss"):
        assert client.get(reverse(name, args=[risk_plan.pk, "funding"])).status_code == 405
    assert Risk.objects.count() == 0 and not PromptDismissal.objects.exists()
