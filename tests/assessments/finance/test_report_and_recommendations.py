"""The board paper's financial case and its appendix of lines, and the recommendations the
finance app drafts for a body's paper."""

import re
from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string

from assessments.finance.models import CostKind, FundingSource, Recurrence
from assessments.finance.recommendations import finance_recommendations
from planner.context import PlanContext
from planner.plugins import plan_plugins, report_sections
from tests.assessments.finance.factories import cost_line, funding_line
from tests.assessments.risks.factories import BenefitFactory
from tests.helpers import state_costs


def _render(plan, key):
    section = next(s for s in report_sections() if s.key == key)
    data = section.context(PlanContext.for_plan(plan))
    return render_to_string(
        section.template,
        {**data, "ctx": data, "plan": plan, "section": section, "heading": section.title},
    )


def _row(html, label):
    """The cells of the table row whose header is `label`, as text."""
    match = re.search(rf"<th scope=\"row\">{re.escape(label)}</th>(.*?)</tr>", html, re.S)
    assert match, label
    return re.findall(r"<td class=\"num\">(.*?)</td>", match[1])


def _money(plan, police_lead, fire_partner):
    cost_line(plan, fire_partner, {2026: 120_000}, kind=CostKind.CAPITAL)
    cost_line(
        plan,
        fire_partner,
        {y: 45_000 for y in range(2026, 2031)},
        kind=CostKind.REVENUE,
        recurrence=Recurrence.RECURRING,
        description="Crew time",
    )
    cost_line(plan, police_lead, {2027: 10_000}, kind=CostKind.REVENUE)
    funding_line(plan, fire_partner, {2026: 50_000})
    funding_line(plan, police_lead, {y: 45_000 for y in range(2026, 2031)})
    funding_line(
        plan, police_lead, {2026: 70_000}, source=FundingSource.GRANT, grant_body="Home Office"
    )
    BenefitFactory(
        plan=plan,
        created_by=police_lead,
        target_value=Decimal("100000"),
        target_date=date(2026, 4, 1),
    )


def test_the_financial_case_totals_by_year_and_partner_match_the_lines(
    finance_plan, police_lead, fire_partner
):
    _money(finance_plan, police_lead, fire_partner)
    state_costs(finance_plan)
    html = _render(finance_plan, "finance")
    assert _row(html, "Total costs") == [
        "£165,000",
        "£55,000",
        "£45,000",
        "£45,000",
        "£45,000",
        "£355,000",
    ]
    assert _row(html, "Capital costs")[-1] == "£120,000"
    assert _row(html, "Funding") == [
        "£165,000",
        "£45,000",
        "£45,000",
        "£45,000",
        "£45,000",
        "£345,000",
    ]
    assert _row(html, "Funding less costs") == ["£0", "-£10,000", "£0", "£0", "£0", "-£10,000"]
    assert _row(html, "Cashable benefits")[-1] == "£500,000"
    assert _row(html, "Net (benefits less costs)")[-1] == "£145,000"
    assert "in 2027/28 funding is £10,000 short of costs" in html
    # Cumulative net: -65,000, -20,000, +35,000: paid back in 2028/29.
    assert "it pays back in 2028/29" in html
    assert _row(html, "Testshire Fire and Rescue Service") == [
        "£345,000",
        "£50,000",
        "£0",
        "-£345,000",
    ]
    assert _row(html, "Testshire Police") == ["£10,000", "£225,000", "£500,000", "£490,000"]
    assert _row(html, "Total") == ["£355,000", "£275,000", "£500,000", "£145,000"]
    assert "The benefit flows one way" in html
    assert "<caption>" in html and "<tfoot>" in html and 'class="total"' in html


def test_the_appendix_lists_every_line_by_year_with_totals(finance_plan, police_lead, fire_partner):
    _money(finance_plan, police_lead, fire_partner)
    html = _render(finance_plan, "finance_lines")
    assert html.count("<tr><td>") == 6  # three cost lines and three funding lines
    assert "Crew time (Testshire Fire and Rescue Service; revenue, recurring)" in html
    assert "grant: Home Office" in html
    assert _row(html, "Total costs")[-1] == "£355,000"
    assert _row(html, "Total funding")[-1] == "£345,000"


def test_with_nothing_stated_the_sections_say_so(finance_plan):
    assert "No costs or funding have been stated." in _render(finance_plan, "finance")
    assert "No cost or funding lines have been stated." in _render(finance_plan, "finance_lines")


def test_the_finance_plugin_drafts_each_bodys_share_of_the_costs(
    finance_plan, police_lead, fire_partner, orgs
):
    _money(finance_plan, police_lead, fire_partner)
    ctx = PlanContext.for_plan(finance_plan)
    (hook,) = [p.recommendations for p in plan_plugins() if p.recommendations]
    assert hook is finance_recommendations
    fire = hook(ctx, [orgs["fire"]])
    assert fire == [
        "Agree Testshire Fire and Rescue Service's share of the scheme's costs: £120,000 "
        "capital and £45,000 a year revenue from 2026/27 (total £345,000 over 2026/27 to "
        "2030/31), and its contribution of £50,000 to the funding.",
        "Note that the scheme's funding falls short of its costs by £10,000 in 2027/28, and "
        "ask the partners' finance officers to report how the shortfall will be met.",
    ]
    police = hook(ctx, [orgs["police"]])
    assert police[0] == (
        "Agree Testshire Police's share of the scheme's costs: £10,000 revenue (total £10,000 "
        "over 2026/27 to 2030/31), and its contribution of £225,000 to the funding."
    )
    both = hook(ctx, [orgs["police"], orgs["fire"]])
    assert len(both) == 3


def test_a_body_whose_partners_state_nothing_gets_no_finance_recommendation(
    finance_plan, police_lead, fire_partner, orgs
):
    cost_line(finance_plan, fire_partner, {2026: 1000})
    ctx = PlanContext.for_plan(finance_plan)
    assert finance_recommendations(ctx, [orgs["council"]]) == []
    assert finance_recommendations(ctx, [orgs["other_force"]]) == []


def test_a_partner_that_only_funds_is_asked_to_agree_its_contribution(
    finance_plan, police_lead, fire_partner, orgs
):
    cost_line(finance_plan, fire_partner, {2026: 1000})
    funding_line(finance_plan, police_lead, {2026: 1000}, source=FundingSource.RESERVES)
    ctx = PlanContext.for_plan(finance_plan)
    assert finance_recommendations(ctx, [orgs["police"]]) == [
        "Agree Testshire Police's contribution of £1,000 to the scheme's funding over "
        "2026/27 to 2030/31."
    ]


def test_a_paper_not_for_decision_asks_to_comment_on_or_note_the_money_not_agree_it(
    finance_plan, police_lead, fire_partner, orgs
):
    cost_line(finance_plan, fire_partner, {2026: 1000})
    funding_line(finance_plan, police_lead, {2026: 1000}, source=FundingSource.RESERVES)
    ctx = PlanContext.for_plan(finance_plan)
    discussion = finance_recommendations(ctx, [orgs["police"]], purpose="discussion")
    information = finance_recommendations(ctx, [orgs["police"]], purpose="information")
    assert discussion == [
        "Comment on Testshire Police's contribution of £1,000 to the scheme's funding over "
        "2026/27 to 2030/31."
    ]
    assert information[0].startswith("Note Testshire Police's contribution of £1,000")
