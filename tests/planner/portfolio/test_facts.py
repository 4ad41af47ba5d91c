"""The apps' portfolio facts agree with what their own pages show for the plan."""

from datetime import date, timedelta

import pytest

from assessments.finance.selectors import finance_for_plan, finance_portfolio_facts
from assessments.risks.models import BenefitKind, BenefitStatus
from assessments.risks.selectors import benefits_portfolio_facts
from planner.models import Stage
from planner.selectors import plan_partners
from tests.assessments.finance.factories import cost_line, period
from tests.assessments.risks.factories import BenefitFactory
from tests.helpers import set_stage
from tests.workflows.delivery.factories import milestone, rating
from workflows.delivery.models import MilestoneStatus
from workflows.delivery.selectors import delivery_portfolio_facts

pytestmark = pytest.mark.django_db


def test_costs_are_those_the_finance_summary_totals_over_the_plans_period(plan, police_lead):
    period(plan, first_year=2026, years=2)
    cost_line(plan, police_lead, {2026: 1000, 2027: 500, 2028: 9999})  # 2028 is outside
    facts = finance_portfolio_facts([plan])
    summary = finance_for_plan(plan, plan_partners(plan)).summary
    assert facts[plan.pk]["costs_pence"] == summary.total_costs == 150_000


def test_benefits_count_those_at_risk_and_add_up_the_cashable_ones(plan, police_lead):
    BenefitFactory(plan=plan, created_by=police_lead, target_value=1250)
    BenefitFactory(
        plan=plan,
        created_by=police_lead,
        target_value="99.50",
        status=BenefitStatus.AT_RISK,
        status_reason="Slipping.",
    )
    BenefitFactory(
        plan=plan,
        created_by=police_lead,
        kind=BenefitKind.NON_CASHABLE,
        measure="Minutes",
        unit="minutes",
        target_value=5,
    )
    facts = benefits_portfolio_facts([plan])[plan.pk]
    assert facts == {"benefits": "3 benefits, 1 at risk", "cashable_benefits_pence": 134_950}


def test_confidence_is_the_leads_latest_month_and_overdue_milestones_are_not_done_ones(
    plan, police_lead, fire_partner
):
    set_stage(plan, Stage.DELIVERY)
    this_month = date.today().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    rating(plan, police_lead, last_month, "red")
    rating(plan, police_lead, this_month, "green")
    rating(plan, fire_partner, this_month, "red", lead=False)  # a partner's view, not the lead's
    milestone(plan, police_lead, baseline=-5)
    milestone(plan, police_lead, baseline=-20, forecast=10)  # forecast moved on: not overdue
    done = milestone(plan, police_lead, baseline=-30, status=MilestoneStatus.DONE)
    done.actual_on = date.today()
    done.save()
    facts = delivery_portfolio_facts([plan])[plan.pk]
    assert facts == {
        "confidence": "Green",
        "confidence_month": f"{this_month:%B %Y}",
        "milestones_overdue": 1,
    }


def test_no_plans_no_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert finance_portfolio_facts([]) == {}
        assert benefits_portfolio_facts([]) == {}
        assert delivery_portfolio_facts([]) == {}
