"""The gate leaving governance alignment asks every partner for its costs; the finance page
and the plan page read the money in a fixed number of queries."""

from django.urls import reverse

from assessments.finance.models import CostKind, FundingSource, Recurrence
from planner.models import PartnerRole
from tests.assessments.finance.factories import cost_line, funding_line
from tests.factories import UserFactory, add_partner
from tests.helpers import count_queries, gate_of, state_costs


def _costs_result(plan):
    return next(r for r in gate_of(plan).results if r.code == "costs_stated")


def test_the_gate_names_every_partner_that_has_not_stated_its_costs(
    finance_plan, police_lead, fire_partner
):
    cost_line(finance_plan, police_lead, {2026: 1000})
    result = _costs_result(finance_plan)
    assert not result.passed
    assert result.message == (
        "Testshire Ambulance Service NHS Trust, Testshire County Council and Testshire Fire "
        "and Rescue Service have not stated their costs: add a cost line, or state "
        "“no costs” with a reason."
    )
    assert result.fix_url == reverse("plan_finance", args=[finance_plan.pk])


def test_a_cost_line_or_no_costs_with_a_reason_satisfies_the_gate(
    finance_plan, police_lead, fire_partner
):
    cost_line(finance_plan, police_lead, {2026: 1000})
    cost_line(finance_plan, fire_partner, {2027: 1000})
    state_costs(finance_plan)
    result = _costs_result(finance_plan)
    assert result.passed
    assert result.message == (
        "Every partner organisation (4) has stated its costs; 2 state it bears none."
    )


def test_observers_are_not_asked(finance_plan, orgs):
    watcher = UserFactory(email="rep@other.test", organisation=orgs["other_force"])
    add_partner(finance_plan, watcher, member_role=None, partner_role=PartnerRole.OBSERVER)
    state_costs(finance_plan)
    assert _costs_result(finance_plan).passed


def test_the_check_is_on_the_gate_leaving_governance_alignment_only(plan, police_lead):
    # At scoping the gate leaving scoping applies: no costs are asked for yet.
    assert all(r.code != "costs_stated" for r in gate_of(plan).results)


def _lines(plan, people, n):
    """n cost lines and n funding lines spread across the partners, over several years."""
    for i in range(n):
        person = people[i % len(people)]
        cost_line(
            plan,
            person,
            {2026 + (i % 5): 1000 + i, 2027: 50},
            description=f"Cost {i}",
            kind=CostKind.CAPITAL if i % 2 else CostKind.REVENUE,
            recurrence=Recurrence.RECURRING,
        )
        funding_line(
            plan,
            person,
            {2026 + (i % 5): 900 + i},
            description=f"Funding {i}",
            source=FundingSource.GRANT if i % 3 == 0 else FundingSource.PARTNER,
        )


def test_the_finance_page_and_plan_page_read_a_fixed_number_of_queries(
    finance_plan, police_lead, fire_partner, ambulance_rep, client_for
):
    from tests.assessments.risks.factories import BenefitFactory

    people = [police_lead, fire_partner, ambulance_rep]
    client = client_for(police_lead)
    finance = reverse("plan_finance", args=[finance_plan.pk])
    detail = reverse("plan_detail", args=[finance_plan.pk])
    _lines(finance_plan, people, 2)
    BenefitFactory(plan=finance_plan, created_by=police_lead)
    few = (count_queries(client, finance), count_queries(client, detail))
    _lines(finance_plan, people, 18)
    for person in people:
        BenefitFactory(plan=finance_plan, created_by=person)
    state_costs(finance_plan)
    many = (count_queries(client, finance), count_queries(client, detail))
    assert few == many
    page = client.get(finance).content.decode()
    assert page.count('data-lines="cost"') == 3  # police, fire and ambulance have costs


def test_a_partner_rep_is_offered_only_its_own_lines_to_change(
    finance_plan, police_lead, fire_partner, client_for
):
    mine = cost_line(finance_plan, fire_partner, {2026: 1000})
    theirs = cost_line(finance_plan, police_lead, {2026: 1000})
    page = client_for(fire_partner).get(reverse("plan_finance", args=[finance_plan.pk]))
    text = page.content.decode()
    assert reverse("cost_line_edit", args=[finance_plan.pk, mine.pk]) in text
    assert reverse("cost_line_edit", args=[finance_plan.pk, theirs.pk]) not in text


def test_the_plan_page_panel_shows_the_totals_and_links_to_the_page(
    finance_plan, police_lead, fire_partner, client_for
):
    cost_line(finance_plan, fire_partner, {2026: 120_000}, kind=CostKind.CAPITAL)
    cost_line(finance_plan, police_lead, {2027: 45_000}, kind=CostKind.REVENUE)
    funding_line(finance_plan, police_lead, {2026: 100_000})
    page = client_for(police_lead).get(reverse("plan_detail", args=[finance_plan.pk]))
    text = page.content.decode()
    assert "costs £165,000 (£120,000 capital, £45,000 revenue), funding £100,000" in text
    assert "Funding differs from costs in 2026/27, 2027/28" in text
    assert "2 of 4 partner organisations have stated their costs" in text
    assert reverse("plan_finance", args=[finance_plan.pk]) in text
