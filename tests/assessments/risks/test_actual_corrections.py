"""Correcting a benefit actual: a confirmation page with a reason; the original stays, the
correction supersedes it and is logged; the chart, the totals and the report use the latest."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.risks.charts import benefit_chart_svg
from assessments.risks.models import Benefit, BenefitActual
from assessments.risks.panels import benefits_section
from assessments.risks.selectors import benefit_list_for_plan, cashable_totals
from assessments.risks.services import benefit_actual_correct
from planner.access import plan_access_for_user
from planner.context import PlanContext
from planner.errors import DomainError, Stale
from planner.models import Stage
from tests.assessments.risks.factories import ActualFactory, BenefitFactory
from tests.helpers import assert_unchanged, set_stage, snapshot
from workflows.models import Decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def wrong_actual(risk_plan, police_lead):
    """A value of £250,000 typed for £25,000, on a plan in delivery."""
    set_stage(risk_plan, Stage.DELIVERY)
    benefit = BenefitFactory(plan=risk_plan, created_by=police_lead, title="Overtime")
    return ActualFactory(benefit=benefit, value=Decimal("250000"))


def correct_url(actual):
    return reverse(
        "benefit_actual_correct", args=[actual.benefit.plan_id, actual.benefit_id, actual.pk]
    )


def correction_data(actual, **overrides):
    data = {
        "recorded_on": actual.recorded_on.isoformat(),
        "value": "25000",
        "note": "",
        "reason": "An extra zero was typed; the finance report says £25,000.",
    }
    data.update(overrides)
    return data


def test_the_confirmation_page_shows_the_value_as_recorded(client_for, police_lead, wrong_actual):
    response = client_for(police_lead).get(correct_url(wrong_actual))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Are you sure you want to correct this value?" in page
    assert "£250,000" in page
    assert "stays on the record" in page
    detail = client_for(police_lead).get(
        reverse("benefit_detail", args=[wrong_actual.benefit.plan_id, wrong_actual.benefit_id])
    )
    assert correct_url(wrong_actual) in detail.content.decode()


def test_a_correction_supersedes_the_original_keeps_it_and_logs_the_reason(
    client_for, police_lead, wrong_actual
):
    response = client_for(police_lead).post(
        correct_url(wrong_actual), correction_data(wrong_actual)
    )
    assert response.status_code == 302
    wrong_actual.refresh_from_db()
    correction = BenefitActual.objects.get(supersedes=wrong_actual)
    assert wrong_actual.value == Decimal("250000")  # the original is never edited
    assert correction.value == Decimal("25000")
    assert correction.correction_reason.startswith("An extra zero")
    assert correction.recorded_by == police_lead
    decision = Decision.objects.get(topic=f"benefit-actual-corrected:{wrong_actual.pk}")
    assert decision.actor == police_lead
    assert "250000" in decision.rationale and "25000" in decision.rationale
    assert "An extra zero was typed" in decision.rationale

    detail = client_for(police_lead).get(
        reverse("benefit_detail", args=[wrong_actual.benefit.plan_id, wrong_actual.benefit_id])
    )
    page = detail.content.decode()
    assert "Corrections" in page and "An extra zero was typed" in page
    assert "£250,000" in page  # shown as what the value was


def test_the_chart_totals_and_report_use_the_latest_correction(police_lead, wrong_actual):
    access = plan_access_for_user(police_lead, wrong_actual.benefit.plan_id, for_change=True)
    first = benefit_actual_correct(
        access=access,
        actual=wrong_actual,
        recorded_on=wrong_actual.recorded_on,
        value=Decimal("26000"),
        reason="Typed an extra zero.",
    )
    benefit_actual_correct(
        access=access,
        actual=first,
        recorded_on=wrong_actual.recorded_on,
        value=Decimal("25000"),
        reason="The finance report was revised.",
    )
    plan = wrong_actual.benefit.plan
    [benefit] = benefit_list_for_plan(plan)
    assert [a.value for a in benefit.actuals.all()] == [Decimal("25000")]
    assert cashable_totals([benefit]).latest == Decimal("25000")
    svg = benefit_chart_svg(benefit, id_prefix="t")
    assert svg.count("<circle") == 1 and "1 actual value recorded" in svg
    section = benefits_section(PlanContext.for_plan(plan))
    [(reported, latest)] = section["cashable"]
    assert latest.value == Decimal("25000")
    assert [a.value for a in reported.actuals.all()] == [Decimal("25000")]
    # Every value stays on record: the original and both corrections.
    assert BenefitActual.objects.filter(benefit=benefit).count() == 3


def test_a_correction_without_a_reason_is_refused_and_changes_nothing(
    client_for, police_lead, wrong_actual
):
    before = snapshot(Benefit, BenefitActual, Decision)
    response = client_for(police_lead).post(
        correct_url(wrong_actual), correction_data(wrong_actual, reason="  ")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the reason for the correction" in page
    assert_unchanged(before)


def test_a_corrected_value_dated_in_the_future_is_refused_and_changes_nothing(
    client_for, police_lead, wrong_actual
):
    tomorrow = timezone.localdate().toordinal() + 1
    data = correction_data(
        wrong_actual, recorded_on=wrong_actual.recorded_on.fromordinal(tomorrow).isoformat()
    )
    before = snapshot(Benefit, BenefitActual, Decision)
    response = client_for(police_lead).post(correct_url(wrong_actual), data)
    assert response.status_code == 400
    assert "Date measured must be today or in the past" in response.content.decode()
    assert_unchanged(before)


def test_a_value_already_corrected_cannot_be_corrected_again(police_lead, wrong_actual):
    access = plan_access_for_user(police_lead, wrong_actual.benefit.plan_id, for_change=True)
    benefit_actual_correct(
        access=access,
        actual=wrong_actual,
        recorded_on=wrong_actual.recorded_on,
        value=Decimal("25000"),
        reason="Typed an extra zero.",
    )
    before = snapshot(BenefitActual, Decision)
    with pytest.raises(Stale):
        benefit_actual_correct(
            access=access,
            actual=wrong_actual,
            recorded_on=wrong_actual.recorded_on,
            value=Decimal("24000"),
            reason="Second go from a stale page.",
        )
    assert_unchanged(before)


def test_the_superseded_value_has_no_correction_page(client_for, police_lead, wrong_actual):
    access = plan_access_for_user(police_lead, wrong_actual.benefit.plan_id, for_change=True)
    benefit_actual_correct(
        access=access,
        actual=wrong_actual,
        recorded_on=wrong_actual.recorded_on,
        value=Decimal("25000"),
        reason="Typed an extra zero.",
    )
    assert client_for(police_lead).get(correct_url(wrong_actual)).status_code == 404


def test_partners_and_read_only_members_cannot_correct(
    client_for, fire_partner, council_viewer, outsider, wrong_actual
):
    before = snapshot(BenefitActual, Decision)
    url = correct_url(wrong_actual)
    for person, status in ((fire_partner, 403), (council_viewer, 403), (outsider, 404)):
        assert client_for(person).post(url, correction_data(wrong_actual)).status_code == status
    assert_unchanged(before)


def test_corrections_are_made_in_delivery_or_review_only(police_lead, wrong_actual):
    plan = wrong_actual.benefit.plan
    set_stage(plan, Stage.RISK)
    access = plan_access_for_user(police_lead, plan.pk, for_change=True)
    before = snapshot(BenefitActual, Decision)
    with pytest.raises(DomainError, match="delivery or review"):
        benefit_actual_correct(
            access=access,
            actual=wrong_actual,
            recorded_on=wrong_actual.recorded_on,
            value=Decimal("25000"),
            reason="Typed an extra zero.",
        )
    assert_unchanged(before)


def test_the_benefit_page_reads_the_same_number_of_queries_however_many_corrections(
    client_for, police_lead, wrong_actual
):
    from tests.helpers import count_queries

    benefit = wrong_actual.benefit
    url = reverse("benefit_detail", args=[benefit.plan_id, benefit.pk])
    client = client_for(police_lead)
    access = plan_access_for_user(police_lead, benefit.plan_id, for_change=True)
    latest = benefit_actual_correct(
        access=access,
        actual=wrong_actual,
        recorded_on=wrong_actual.recorded_on,
        value=Decimal("25000"),
        reason="Typed an extra zero.",
    )
    few = count_queries(client, url)
    for n in range(5):
        ActualFactory(benefit=benefit, value=Decimal(1000 + n))
        latest = benefit_actual_correct(
            access=access,
            actual=latest,
            recorded_on=wrong_actual.recorded_on,
            value=Decimal(24000 - n),
            reason=f"Revision {n}.",
        )
    assert count_queries(client, url) == few
