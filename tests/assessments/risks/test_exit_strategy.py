import pytest
from django.urls import reverse

from assessments.risks.models import ExitStrategy

pytestmark = pytest.mark.django_db

VALID = {
    "triggers": "A governing body withdraws support.",
    "assets": "Divided by contribution.",
    "staff": "Secondees return.",
    "data": "Records go back to their owner.",
    "notice_months": "12",
}


def test_lead_records_the_exit_strategy(risk_plan, police_lead, client_for):
    client = client_for(police_lead)
    url = reverse("exit_strategy", args=[risk_plan.pk])
    assert client.post(url, VALID).status_code == 302
    strategy = ExitStrategy.objects.get(plan=risk_plan)
    assert (strategy.notice_months, strategy.updated_by) == (12, police_lead)
    assert client.post(url, {**VALID, "notice_months": "6"}).status_code == 302
    assert ExitStrategy.objects.get().notice_months == 6
    assert "6 months" in client.get(url).content.decode()


@pytest.mark.parametrize("months", ["0", "-3", "1.5", "many"])
def test_notice_period_must_be_a_positive_whole_number_of_months(
    months, risk_plan, police_lead, client_for
):
    response = client_for(police_lead).post(
        reverse("exit_strategy", args=[risk_plan.pk]), {**VALID, "notice_months": months}
    )
    assert response.status_code == 400
    assert "notice period" in response.content.decode().lower()
    assert not ExitStrategy.objects.exists()


def test_only_the_lead_edits_the_exit_strategy(
    risk_plan, fire_partner, council_viewer, outsider, client_for
):
    url = reverse("exit_strategy", args=[risk_plan.pk])
    assert client_for(fire_partner).get(url).status_code == 200
    assert client_for(fire_partner).post(url, VALID).status_code == 403
    assert client_for(council_viewer).post(url, VALID).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert not ExitStrategy.objects.exists()
