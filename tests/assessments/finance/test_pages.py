"""The finance page and its forms: money typed in pounds, stored in pence; bad input shown
the GOV.UK way with nothing saved; a year whose funding differs from its costs warned of and
saved; each organisation changes only its own lines."""

import pytest
from django.urls import reverse

from assessments.finance.models import (
    CostAmount,
    CostLine,
    CostStatement,
    FinanceChange,
    FundingAmount,
    FundingLine,
    PlanFinance,
)
from tests.assessments.finance.factories import cost_line, funding_line
from tests.helpers import assert_unchanged, snapshot

FINANCE_TABLES = (
    PlanFinance,
    CostLine,
    CostAmount,
    FundingLine,
    FundingAmount,
    CostStatement,
    FinanceChange,
)


def _cost(**amounts):
    data = {"description": "Mobilising system link", "kind": "capital", "recurrence": "one_off"}
    return {**data, **{f"amount_{y}": v for y, v in amounts.items()}}


def _amounts(line):
    return dict(line.amounts.values_list("year", "pence"))


def test_a_partner_adds_a_cost_typed_in_pounds_and_it_is_kept_in_pence(
    finance_plan, fire_partner, client_for
):
    client = client_for(fire_partner)
    url = reverse("cost_line_create", args=[finance_plan.pk])
    response = client.post(url, _cost(**{"2026": "£12,500", "2027": "12500.50", "2028": ""}))
    assert response.status_code == 302
    line = CostLine.objects.get(plan=finance_plan)
    assert line.organisation == fire_partner.organisation
    assert _amounts(line) == {2026: 1_250_000, 2027: 1_250_050}
    page = client.get(reverse("plan_finance", args=[finance_plan.pk])).content.decode()
    assert "£12,500" in page and "£12,500.50" in page and "£25,000.50" in page
    added = FinanceChange.objects.filter(plan=finance_plan, summary__startswith="Cost added")
    assert added.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-500", "The amount for 2027/28 must be £0 or more"),
        ("£-500", "The amount for 2027/28 must be £0 or more"),
        ("twelve", "Enter the amount for 2027/28 in pounds, like 12,500 or 12500.50"),
        ("12.345", "Enter the amount for 2027/28 in pounds, like 12,500 or 12500.50"),
        ("5000000000", "The amount for 2027/28 must be £1,000,000,000 or less"),
    ],
)
def test_a_bad_amount_is_shown_against_its_year_and_nothing_is_saved(
    finance_plan, fire_partner, client_for, typed, message
):
    before = snapshot(*FINANCE_TABLES)
    response = client_for(fire_partner).post(
        reverse("cost_line_create", args=[finance_plan.pk]), _cost(**{"2026": "100", "2027": typed})
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert 'href="#id_amount_2027"' in page
    assert message in page
    assert_unchanged(before)


def test_a_year_outside_the_plans_period_is_refused_and_nothing_is_saved(
    finance_plan, fire_partner, client_for
):
    before = snapshot(*FINANCE_TABLES)
    response = client_for(fire_partner).post(
        reverse("cost_line_create", args=[finance_plan.pk]), _cost(**{"2026": "100", "2034": "50"})
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "2034/35 is outside the plan&#x27;s financial period (2026/27 to 2030/31)" in page
    assert_unchanged(before)


def test_a_line_with_no_amount_is_refused(finance_plan, fire_partner, client_for):
    before = snapshot(*FINANCE_TABLES)
    response = client_for(fire_partner).post(
        reverse("cost_line_create", args=[finance_plan.pk]), _cost(**{"2026": "", "2027": "0"})
    )
    assert response.status_code == 400
    assert "Enter an amount for at least one financial year" in response.content.decode()
    assert_unchanged(before)


def test_missing_description_and_type_are_shown_with_their_fields(
    finance_plan, fire_partner, client_for
):
    response = client_for(fire_partner).post(
        reverse("cost_line_create", args=[finance_plan.pk]), {"amount_2026": "100"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Enter what the cost is",
        "Choose whether the cost is capital or revenue",
        "Choose whether the cost is one-off or recurring",
    ):
        assert message in page


def test_funding_that_does_not_match_the_costs_is_saved_and_flagged(
    finance_plan, police_lead, fire_partner, client_for
):
    cost_line(finance_plan, fire_partner, {2026: 100_000, 2027: 20_000})
    client = client_for(fire_partner)
    response = client.post(
        reverse("funding_line_create", args=[finance_plan.pk]),
        {
            "source": "partner",
            "description": "Fire authority budget",
            "amount_2026": "100,000",
            "amount_2027": "5,000",
        },
    )
    assert response.status_code == 302
    assert FundingLine.objects.filter(plan=finance_plan).count() == 1
    page = client.get(reverse("plan_finance", args=[finance_plan.pk])).content.decode()
    assert 'data-gap-year="2027"' in page
    assert "In 2027/28 funding is £15,000 less than costs" in page
    assert 'data-gap-year="2026"' not in page


def test_a_grant_keeps_the_name_of_its_body_and_other_sources_do_not(
    finance_plan, police_lead, client_for
):
    client = client_for(police_lead)
    url = reverse("funding_line_create", args=[finance_plan.pk])
    client.post(
        url,
        {
            "source": "grant",
            "grant_body": "Home Office",
            "description": "Transformation fund",
            "amount_2026": "50000",
        },
    )
    client.post(
        url,
        {
            "source": "reserves",
            "grant_body": "Not a grant",
            "description": "Reserves",
            "amount_2026": "1000",
        },
    )
    bodies = dict(FundingLine.objects.values_list("description", "grant_body"))
    assert bodies == {"Transformation fund": "Home Office", "Reserves": ""}


def test_a_partner_changes_its_own_line_and_the_history_keeps_before_and_after(
    finance_plan, fire_partner, client_for
):
    line = cost_line(finance_plan, fire_partner, {2026: 1000})
    client = client_for(fire_partner)
    url = reverse("cost_line_edit", args=[finance_plan.pk, line.pk])
    form = client.get(url).content.decode()
    assert 'value="1,000"' in form
    response = client.post(
        url, {**_cost(**{"2026": "1,000", "2027": "250"}), "description": line.description}
    )
    assert response.status_code == 302
    assert _amounts(line) == {2026: 100_000, 2027: 25_000}
    change = FinanceChange.objects.get(summary__startswith="Cost changed")
    assert "2026/27 £1,000" in change.detail and "2027/28 £250" in change.detail


@pytest.mark.parametrize("persona", ["police_lead", "ambulance_rep", "council_viewer"])
def test_nobody_changes_or_deletes_another_organisations_line(
    finance_plan, fire_partner, personas, client_for, persona
):
    cost = cost_line(finance_plan, fire_partner, {2026: 1000})
    funding = funding_line(finance_plan, fire_partner, {2026: 1000})
    client = client_for(personas[persona])
    before = snapshot(*FINANCE_TABLES)
    for url, data in (
        (reverse("cost_line_edit", args=[finance_plan.pk, cost.pk]), _cost(**{"2026": "5"})),
        (reverse("cost_line_delete", args=[finance_plan.pk, cost.pk]), {}),
        (
            reverse("funding_line_edit", args=[finance_plan.pk, funding.pk]),
            {"source": "partner", "description": "x", "amount_2026": "5"},
        ),
        (reverse("funding_line_delete", args=[finance_plan.pk, funding.pk]), {}),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    assert_unchanged(before)


def test_a_read_only_member_reads_the_page_without_the_forms(
    finance_plan, fire_partner, council_viewer, client_for
):
    cost_line(finance_plan, fire_partner, {2026: 1000})
    client = client_for(council_viewer)
    page = client.get(reverse("plan_finance", args=[finance_plan.pk])).content.decode()
    assert "£1,000" in page
    assert reverse("cost_line_create", args=[finance_plan.pk]) not in page
    before = snapshot(*FINANCE_TABLES)
    url = reverse("cost_line_create", args=[finance_plan.pk])
    assert client.post(url, _cost(**{"2026": "5"})).status_code == 403
    assert_unchanged(before)


def test_an_observer_organisation_does_not_state_costs(finance_plan, orgs, client_for):
    from planner.models import MemberRole, PartnerRole
    from tests.factories import UserFactory, add_partner

    watcher = UserFactory(email="rep@other.test", organisation=orgs["other_force"])
    add_partner(
        finance_plan, watcher, member_role=MemberRole.PARTNER_REP, partner_role=PartnerRole.OBSERVER
    )
    before = snapshot(*FINANCE_TABLES)
    client = client_for(watcher)
    assert client.get(reverse("plan_finance", args=[finance_plan.pk])).status_code == 200
    response = client.post(
        reverse("cost_line_create", args=[finance_plan.pk]), _cost(**{"2026": "5"})
    )
    assert response.status_code == 403
    assert_unchanged(before)


def test_deleting_asks_first_and_then_records_who_deleted_what(
    finance_plan, fire_partner, client_for
):
    line = cost_line(finance_plan, fire_partner, {2026: 1000}, description="Old kit")
    client = client_for(fire_partner)
    url = reverse("cost_line_delete", args=[finance_plan.pk, line.pk])
    page = client.get(url).content.decode()
    assert "Are you sure you want to delete “Old kit”?" in page
    assert CostLine.objects.filter(pk=line.pk).exists()
    assert client.post(url).status_code == 302
    assert not CostLine.objects.filter(pk=line.pk).exists()
    deleted = FinanceChange.objects.get(summary="Cost deleted: Old kit")
    assert deleted.changed_by == fire_partner
    assert "2026/27 £1,000" in deleted.detail


def test_no_costs_is_stated_with_a_reason_and_withdrawn_when_a_cost_is_added(
    finance_plan, ambulance_rep, client_for
):
    client = client_for(ambulance_rep)
    url = reverse("cost_statement", args=[finance_plan.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Enter why the organisation bears no costs" in response.content.decode()
    assert client.post(url, {"reason": "Staff time only."}).status_code == 302
    assert CostStatement.objects.get(organisation=ambulance_rep.organisation).reason == (
        "Staff time only."
    )
    client.post(reverse("cost_line_create", args=[finance_plan.pk]), _cost(**{"2026": "5"}))
    assert not CostStatement.objects.filter(organisation=ambulance_rep.organisation).exists()
    assert FinanceChange.objects.filter(summary__contains="withdrawn").exists()
    # With a cost line, "no costs" is refused, changing nothing.
    before = snapshot(*FINANCE_TABLES)
    response = client.post(url, {"reason": "Nothing after all."})
    assert response.status_code == 400
    assert "delete them before stating it bears no costs" in response.content.decode()
    assert_unchanged(before)


def test_the_lead_sets_the_period_but_not_one_that_drops_stated_amounts(
    finance_plan, police_lead, fire_partner, client_for
):
    cost_line(finance_plan, fire_partner, {2030: 1000})
    client = client_for(police_lead)
    url = reverse("finance_period", args=[finance_plan.pk])
    before = snapshot(*FINANCE_TABLES)
    response = client.post(url, {"first_year": "2026", "years": "3"})
    assert response.status_code == 400
    assert "Lines have amounts in 2030/31, outside 2026/27 to 2028/29" in response.content.decode()
    assert_unchanged(before)
    assert client.post(url, {"first_year": "2027", "years": "4"}).status_code == 302
    assert PlanFinance.objects.get(plan=finance_plan).label == "2027/28 to 2030/31"
    response = client.post(url, {"first_year": "2027", "years": "11"})
    assert response.status_code == 400
    assert "Choose from 1 to 10 years" in response.content.decode()


def test_a_partner_may_not_set_the_period(finance_plan, fire_partner, client_for):
    before = snapshot(*FINANCE_TABLES)
    url = reverse("finance_period", args=[finance_plan.pk])
    response = client_for(fire_partner).post(url, {"first_year": "2027", "years": "4"})
    assert response.status_code == 403
    assert_unchanged(before)


def test_the_empty_page_says_what_to_do(finance_plan, police_lead, client_for):
    page = client_for(police_lead).get(reverse("plan_finance", args=[finance_plan.pk]))
    text = page.content.decode()
    assert 'id="finance-empty"' in text
    assert "Every partner must have done one or the other" in text


def test_the_period_defaults_to_five_years_from_this_financial_year(plan, police_lead, client_for):
    from assessments.finance.calculations import financial_year_of, period_label
    from planner.dates import uk_today

    page = client_for(police_lead).get(reverse("plan_finance", args=[plan.pk])).content.decode()
    assert period_label(financial_year_of(uk_today()), 5) in page


def test_saving_a_line_unchanged_records_nothing(finance_plan, fire_partner, client_for):
    line = funding_line(finance_plan, fire_partner, {2026: 1000}, description="Budget")
    client = client_for(fire_partner)
    before = snapshot(*FINANCE_TABLES)
    response = client.post(
        reverse("funding_line_edit", args=[finance_plan.pk, line.pk]),
        {"source": "partner", "description": "Budget", "amount_2026": "£1,000"},
        follow=True,
    )
    assert "Nothing had changed." in response.content.decode()
    assert_unchanged(before)
