"""The benefits register: bad input, actuals during delivery, totals and the chart."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.risks.charts import benefit_chart_svg
from assessments.risks.models import Benefit, BenefitActual
from assessments.risks.selectors import benefit_list_for_plan, cashable_totals
from assessments.risks.services import benefit_actual_record, benefit_create
from planner.access import plan_access_for_user
from planner.errors import DomainError
from planner.models import Plan, Stage
from tests.assessments.risks.factories import ActualFactory, BenefitFactory
from tests.helpers import assert_unchanged, set_stage, snapshot

pytestmark = pytest.mark.django_db


def benefit_post(owner, **overrides):
    data = {
        "title": "Overtime saved",
        "description": "",
        "kind": "cashable",
        "measure": "",
        "unit": "",
        "owner": owner.pk,
        "baseline_value": "0",
        "baseline_date": "2026-01-01",
        "target_value": "50000",
        "target_date": "2027-01-01",
    }
    data.update(overrides)
    return data


def test_partner_adds_a_cashable_benefit(risk_plan, fire_partner, client_for):
    response = client_for(fire_partner).post(
        reverse("benefit_create", args=[risk_plan.pk]), benefit_post(fire_partner)
    )
    assert response.status_code == 302
    benefit = Benefit.objects.get()
    assert benefit.target_value == Decimal("50000")
    assert benefit.unit_label == "£ a year"


def test_negative_money_is_refused(risk_plan, police_lead, client_for):
    response = client_for(police_lead).post(
        reverse("benefit_create", args=[risk_plan.pk]),
        benefit_post(police_lead, target_value="-100"),
    )
    assert response.status_code == 400
    assert "cannot be negative" in response.content.decode()
    assert Benefit.objects.count() == 0


def test_a_target_date_before_the_baseline_date_is_refused(risk_plan, police_lead, client_for):
    response = client_for(police_lead).post(
        reverse("benefit_create", args=[risk_plan.pk]),
        benefit_post(police_lead, target_date="2025-06-01"),
    )
    assert response.status_code == 400
    assert "The target date cannot be before the baseline date." in response.content.decode()
    assert Benefit.objects.count() == 0


def test_a_non_cashable_benefit_needs_a_measure_and_unit(risk_plan, police_lead):
    access = plan_access_for_user(police_lead, risk_plan.pk)
    with pytest.raises(DomainError, match="what is measured"):
        benefit_create(
            access=access,
            data={
                "title": "Faster response",
                "kind": "non_cashable",
                "owner": police_lead,
                "baseline_value": Decimal(12),
                "baseline_date": date(2026, 1, 1),
                "target_value": Decimal(9),
                "target_date": date(2027, 1, 1),
            },
        )
    assert Benefit.objects.count() == 0


def test_benefit_owner_must_be_on_a_partner_organisation(risk_plan, police_lead, outsider):
    access = plan_access_for_user(police_lead, risk_plan.pk)
    with pytest.raises(DomainError, match="partner on this plan"):
        benefit_create(
            access=access,
            data={
                "title": "x",
                "kind": "cashable",
                "owner": outsider,
                "baseline_value": Decimal(0),
                "baseline_date": date(2026, 1, 1),
                "target_value": Decimal(9),
                "target_date": date(2027, 1, 1),
            },
        )


def test_actuals_are_recorded_during_delivery_only(risk_plan, police_lead, client_for):
    benefit = BenefitFactory(plan=risk_plan, created_by=police_lead)
    client = client_for(police_lead)
    url = reverse("benefit_actual_add", args=[risk_plan.pk, benefit.pk])
    today = date.today().isoformat()
    before = snapshot(Benefit, BenefitActual)
    response = client.post(url, {"recorded_on": today, "value": "1000", "note": ""})
    assert response.status_code == 400
    assert "once the scheme is in delivery" in response.content.decode()
    assert_unchanged(before)
    set_stage(risk_plan, Stage.DELIVERY)
    assert (
        client.post(
            url, {"recorded_on": today, "value": "1000", "evidence": "Duty log"}
        ).status_code
        == 302
    )
    assert BenefitActual.objects.get().value == Decimal("1000")


def test_negative_actual_money_is_refused(risk_plan, police_lead):
    set_stage(risk_plan, Stage.DELIVERY)
    benefit = BenefitFactory(plan=risk_plan, created_by=police_lead)
    access = plan_access_for_user(police_lead, risk_plan.pk)
    with pytest.raises(DomainError, match="cannot be negative"):
        benefit_actual_record(
            access=access,
            benefit=benefit,
            recorded_on=date.today(),
            value=Decimal(-5),
            evidence="Duty log",
        )
    assert BenefitActual.objects.count() == 0


def test_other_partners_cannot_record_actuals_or_edit(
    risk_plan, police_lead, fire_partner, outsider, client_for
):
    set_stage(risk_plan, Stage.DELIVERY)
    benefit = BenefitFactory(plan=risk_plan, created_by=police_lead)
    url = reverse("benefit_actual_add", args=[risk_plan.pk, benefit.pk])
    data = {"recorded_on": date.today().isoformat(), "value": "5", "evidence": "Duty log"}
    before = snapshot(Benefit, BenefitActual)
    assert client_for(fire_partner).post(url, data).status_code == 403
    assert (
        client_for(fire_partner)
        .get(reverse("benefit_edit", args=[risk_plan.pk, benefit.pk]))
        .status_code
        == 403
    )
    assert client_for(outsider).post(url, data).status_code == 404
    assert_unchanged(before)


def test_cashable_totals_add_baselines_targets_and_latest_actuals(risk_plan, police_lead):
    first = BenefitFactory(plan=risk_plan, created_by=police_lead, target_value=Decimal(100000))
    second = BenefitFactory(plan=risk_plan, created_by=police_lead, target_value=Decimal(50000))
    BenefitFactory(
        plan=risk_plan,
        created_by=police_lead,
        kind="non_cashable",
        measure="Minutes",
        unit="minutes",
        target_value=Decimal(9),
    )
    ActualFactory(benefit=first, recorded_on=date.today() - timedelta(days=90), value=10000)
    ActualFactory(benefit=first, recorded_on=date.today(), value=40000)
    ActualFactory(benefit=second, value=5000)
    totals = cashable_totals(benefit_list_for_plan(risk_plan))
    assert (totals.count, totals.target, totals.latest) == (2, 150000, 45000)


def test_chart_plots_actuals_against_target_with_a_table_alternative(
    risk_plan, police_lead, client_for
):
    benefit = BenefitFactory(plan=risk_plan, created_by=police_lead, title="Overtime")
    ActualFactory(benefit=benefit, value=Decimal("25000"))
    svg = benefit_chart_svg(benefit, id_prefix="t")
    assert svg.startswith("<svg") and "<polyline" in svg and svg.count("<circle") == 1
    assert "Overtime: actuals against target" in svg
    html = client_for(police_lead).get(reverse("benefit_register", args=[risk_plan.pk]))
    text = html.content.decode()
    assert "Overtime: baseline, actuals and target" in text
    assert "£25,000" in text and "£100,000" in text


# Issue 13, finding 9: an actual is measured on a real day, between the plan's creation and
# today in the UK.


def plan_created_on(plan, when):
    Plan.objects.filter(pk=plan.pk).update(created_at=when)
    plan.refresh_from_db()


def test_an_actual_dated_in_the_future_is_refused_and_says_how_to_fix_it(risk_plan, police_lead):
    set_stage(risk_plan, Stage.DELIVERY)
    benefit = BenefitFactory(plan=risk_plan, created_by=police_lead)
    access = plan_access_for_user(police_lead, risk_plan.pk)
    for recorded_on in (date(9999, 12, 31), timezone.localdate() + timedelta(days=1)):
        with pytest.raises(DomainError) as refused:
            benefit_actual_record(
                access=access,
                benefit=benefit,
                recorded_on=recorded_on,
                value=Decimal(5),
                evidence="Duty log",
            )
        assert refused.value.field == "recorded_on"
        assert refused.value.message == "Date measured must be today or in the past"
    assert BenefitActual.objects.count() == 0


def test_the_model_itself_refuses_a_future_actual(risk_plan, police_lead):
    benefit = BenefitFactory(plan=risk_plan, created_by=police_lead)
    actual = BenefitActual(
        benefit=benefit, recorded_on=date(9999, 12, 31), value=Decimal(5), recorded_by=police_lead
    )
    with pytest.raises(ValidationError) as refused:
        actual.full_clean()
    assert refused.value.message_dict == {
        "recorded_on": ["Date measured must be today or in the past"]
    }


def test_today_is_the_day_in_the_uk_not_in_utc(risk_plan, police_lead, time_machine):
    # 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
    time_machine.move_to(datetime(2026, 6, 30, 23, 30, tzinfo=UTC), tick=False)
    plan_created_on(risk_plan, datetime(2026, 1, 1, 9, 0, tzinfo=UTC))
    set_stage(risk_plan, Stage.DELIVERY)
    benefit = BenefitFactory(plan=risk_plan, created_by=police_lead, baseline_date=date(2026, 1, 1))
    access = plan_access_for_user(police_lead, risk_plan.pk)
    benefit_actual_record(
        access=access,
        benefit=benefit,
        recorded_on=date(2026, 7, 1),
        value=Decimal(5),
        evidence="Duty log",
    )
    with pytest.raises(DomainError, match="today or in the past"):
        benefit_actual_record(
            access=access,
            benefit=benefit,
            recorded_on=date(2026, 7, 2),
            value=Decimal(6),
            evidence="Duty log",
        )
    assert list(BenefitActual.objects.values_list("recorded_on", flat=True)) == [date(2026, 7, 1)]


def test_an_actual_dated_before_the_plan_was_created_is_refused(risk_plan, police_lead):
    # Created at 23:30 UTC on 30 June, which is 00:30 on 1 July in the UK: the UK day counts.
    plan_created_on(risk_plan, datetime(2026, 6, 30, 23, 30, tzinfo=UTC))
    set_stage(risk_plan, Stage.DELIVERY)
    benefit = BenefitFactory(plan=risk_plan, created_by=police_lead, baseline_date=date(2025, 1, 1))
    access = plan_access_for_user(police_lead, risk_plan.pk)
    with pytest.raises(DomainError) as refused:
        benefit_actual_record(
            access=access,
            benefit=benefit,
            recorded_on=date(2026, 6, 30),
            value=Decimal(5),
            evidence="Duty log",
        )
    assert refused.value.field == "recorded_on"
    assert refused.value.message == (
        "Date measured must be the same as or after 1 July 2026, when the plan was created"
    )
    assert BenefitActual.objects.count() == 0
    benefit_actual_record(
        access=access,
        benefit=benefit,
        recorded_on=date(2026, 7, 1),
        value=Decimal(5),
        evidence="Duty log",
    )
    assert BenefitActual.objects.count() == 1
