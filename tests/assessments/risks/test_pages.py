"""Page query counts, the heat map, the plan-page panels, the report sections and the demo."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from assessments.risks.bands import risk_bands
from assessments.risks.charts import heat_map_svg
from assessments.risks.selectors import heat_maps, risk_list_for_plan
from planner.context import PlanContext
from planner.plugins import REPORT_OUTLINE, report_sections
from tests.assessments.risks.factories import (
    ActualFactory,
    BenefitFactory,
    ExitStrategyFactory,
    MitigationFactory,
    RiskFactory,
)
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def fill(plan, people, n):
    for i in range(n):
        user = people[i % len(people)]
        risk = RiskFactory(
            plan=plan,
            created_by=user,
            likelihood=1 + i % 5,
            impact=1 + (i // 5) % 5,
            residual_likelihood=1,
            residual_impact=1 + i % 5,
        )
        MitigationFactory(risk=risk)
        benefit = BenefitFactory(plan=plan, created_by=user, target_value=Decimal(1000 + i))
        ActualFactory(benefit=benefit)
        ActualFactory(benefit=benefit)


@pytest.mark.parametrize("name", ["risk_register", "benefit_register", "plan_detail"])
def test_page_query_count_is_the_same_with_5_and_100_risks(
    name, risk_plan, police_lead, fire_partner, ambulance_rep, client_for
):
    people = [police_lead, fire_partner, ambulance_rep]
    client = client_for(police_lead)
    url = reverse(name, args=[risk_plan.pk])
    fill(risk_plan, people, 5)
    ExitStrategyFactory(plan=risk_plan, updated_by=police_lead)
    client.get(url)  # warm caches (sessions, content types)
    small = count_queries(client, url)
    fill(risk_plan, people, 95)
    large = count_queries(client, url)
    assert small == large, f"{name}: {small} queries with 5 risks, {large} with 100"


def test_heat_map_counts_each_cell_before_and_after_mitigation(risk_plan, police_lead, client_for):
    RiskFactory(plan=risk_plan, created_by=police_lead, likelihood=4, impact=5)
    RiskFactory(
        plan=risk_plan,
        created_by=police_lead,
        likelihood=4,
        impact=5,
        residual_likelihood=2,
        residual_impact=2,
    )
    RiskFactory(plan=risk_plan, created_by=police_lead, likelihood=1, impact=1, status="closed")
    before, after = heat_maps(risk_list_for_plan(risk_plan))
    assert before.counts == {(4, 5): 2}
    assert after.counts == {(4, 5): 1, (2, 2): 1}
    svg = heat_map_svg(before, id_prefix="t")
    # The 25 cells and the legend's swatch for each band.
    assert svg.count("<rect") == 25 + len(risk_bands())
    assert 'data-cell="4-5">2</text>' in svg
    html = client_for(police_lead).get(reverse("risk_register", args=[risk_plan.pk]))
    text = html.content.decode()
    assert "Number of risks by likelihood and impact, before mitigation" in text
    assert '<td class="govuk-table__cell govuk-table__cell--numeric" data-cell="4-5">2</td>' in text


def test_plan_page_shows_the_risk_benefit_and_exit_panels(risk_plan, police_lead, client_for):
    RiskFactory(plan=risk_plan, created_by=police_lead, likelihood=5, impact=5)
    html = client_for(police_lead).get(reverse("plan_detail", args=[risk_plan.pk]))
    text = html.content.decode()
    assert "Open the joint risk register" in text
    assert "Open the benefits register" in text
    assert "Record the exit strategy" in text
    assert "Before mitigation: 1 very high." in text


def test_report_sections_render_risks_benefits_and_exit(risk_plan, police_lead):
    RiskFactory(plan=risk_plan, created_by=police_lead, title="Budget gap", likelihood=5, impact=4)
    benefit = BenefitFactory(plan=risk_plan, created_by=police_lead, title="Overtime saved")
    ActualFactory(benefit=benefit, value=Decimal("30000"))
    ExitStrategyFactory(plan=risk_plan, updated_by=police_lead, notice_months=9)
    sections = {s.key: s for s in report_sections()}
    # In short form in the main body, in full in the appendices.
    assert sections["economic"].five_case == "economic"
    assert sections["exit"].five_case == "commercial"
    assert sections["top_risks"].five_case == "management"
    assert sections["risks"].five_case == sections["benefits"].five_case == "appendix"
    keys = ("economic", "exit", "top_risks", "risks", "benefits")
    assert [k for k in REPORT_OUTLINE if k in keys] == list(keys)
    ctx = PlanContext.for_plan(risk_plan)
    rendered = {
        key: render_to_string(
            sections[key].template, {**sections[key].context(ctx), "heading": sections[key].title}
        )
        for key in keys
    }
    assert "<h2>Joint risk register</h2>" in rendered["risks"]
    assert "Budget gap" in rendered["risks"] and "Budget gap" in rendered["top_risks"]
    # Charts only where a reader needs one: none in the registers or the top risks.
    assert "<svg" not in rendered["risks"] + rendered["top_risks"] + rendered["benefits"]
    assert "Overtime saved" in rendered["benefits"] and "£30,000" in rendered["benefits"]
    assert "Overtime saved" in rendered["economic"]
    assert "9 months" in rendered["exit"]


def test_demo_builds_risks_benefits_and_exit_strategies_once():
    from django.core.management import call_command

    from assessments.risks.models import Benefit, BenefitActual, ExitStrategy, Risk
    from planner.models import Plan

    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (
        Risk.objects.count(),
        Benefit.objects.count(),
        BenefitActual.objects.count(),
        ExitStrategy.objects.count(),
    )
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (
        Risk.objects.count(),
        Benefit.objects.count(),
        BenefitActual.objects.count(),
        ExitStrategy.objects.count(),
    )
    assert counts[3] == 3 and counts[2] > 0
    risk_plan = Plan.objects.get(reference="WLD-ENT-03")
    owners = set(Risk.objects.filter(plan=risk_plan).values_list("organisation__name", flat=True))
    assert len(owners) == 3
