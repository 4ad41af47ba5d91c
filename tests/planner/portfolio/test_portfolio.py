"""The portfolio: an organisation's plans and a governing body's, with the other apps'
columns, filters, search and a CSV of the same rows; constant queries; nobody sees a plan
their organisation is not part of."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from planner.models import GoverningBody, GoverningBodyKind, PlanPartner, Stage
from planner.portfolio.columns import PORTFOLIO_COLUMNS
from planner.portfolio.selectors import PORTFOLIO_PAGE_SIZE
from tests.factories import PlanFactory
from tests.helpers import count_queries, set_plan

pytestmark = pytest.mark.django_db

PORTFOLIO = reverse("portfolio")
CSV = reverse("portfolio_csv")


def page_references(response) -> list[str]:
    """The references in the page's table, top to bottom."""
    return re.findall(r'data-label="Reference">([^<]+)</td>', response.content.decode())


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_query_count_is_the_same_with_5_and_with_100_plans(client_for, police_lead, grow):
    client = client_for(police_lead)
    grow(5)
    small = count_queries(client, PORTFOLIO)
    grow(95)
    large = count_queries(client, PORTFOLIO)
    assert small == large
    # And the CSV, which has every row rather than a page of them.
    grow_csv = count_queries(client, CSV)
    grow(5)
    assert count_queries(client, CSV) == grow_csv


def test_every_column_shows_the_facts_of_the_apps_that_own_them(client_for, police_lead, grow):
    in_delivery = next(p for p in grow(5) if p.stage == Stage.DELIVERY)
    rows = {r["Reference"]: r for r in csv_rows(client_for(police_lead).get(CSV))}
    row = rows[in_delivery.reference]
    assert row["Stage"] == "Delivery"
    assert row["Delivery confidence"] == f"Amber ({date.today():%B %Y})"
    assert row["Overdue"] == "1 milestone overdue"
    assert row["Next gate's blockers"] == "Blocker of 3"
    assert row["Costs over the period"] == "1003"
    assert row["Cashable benefits a year"] == "100000"
    assert row["Benefits"] == "1 benefit"
    assert row["Partners"] == "Testshire Police; Testshire Fire and Rescue Service"
    # Where nothing is recorded the cell is empty, and the page says so in words.
    scoping = next(r for r in rows.values() if r["Stage"] == "Scoping")
    assert scoping["Delivery confidence"] == ""
    page = client_for(police_lead).get(PORTFOLIO).content.decode()
    assert "Not rated" in page
    assert "£1,003" in page
    assert [c.heading for c in PORTFOLIO_COLUMNS] == list(row)
    assert [c.heading for c in PORTFOLIO_COLUMNS][:2] == ["Plan", "Reference"]


def test_the_csv_has_the_same_rows_as_the_page_in_the_same_order_under_the_same_filters(
    client_for, police_lead, grow
):
    grow(12)
    client = client_for(police_lead)
    for query in ("", "?stage=delivery", "?collaboration_type=training_together", "?q=north"):
        page = client.get(PORTFOLIO + query)
        rows = csv_rows(client.get(CSV + query))
        assert page_references(page) == [r["Reference"] for r in rows], query
        assert rows, query
    # The page's link to the CSV carries its filters.
    page = client.get(PORTFOLIO + "?stage=delivery&q=north").content.decode()
    assert f'href="{CSV}?stage=delivery&amp;q=north"' in page


def test_the_csv_has_every_page_of_rows_in_the_pages_order(client_for, police_lead, grow):
    grow(PORTFOLIO_PAGE_SIZE + 3)
    client = client_for(police_lead)
    first, second = (
        page_references(client.get(PORTFOLIO)),
        page_references(client.get(PORTFOLIO + "?page=2")),
    )
    assert len(first) == PORTFOLIO_PAGE_SIZE and len(second) == 3
    assert [r["Reference"] for r in csv_rows(client.get(CSV))] == first + second


def test_filters_by_stage_type_and_partner_and_search_by_title_reference_and_area(
    client_for, police_lead, grow, orgs
):
    plans = grow(10)
    with_council = plans[4]
    PlanPartner.objects.create(plan=with_council, organisation=orgs["council"])
    client = client_for(police_lead)

    def refs(query):
        return {r["Reference"] for r in csv_rows(client.get(CSV + query))}

    assert refs("?stage=joint_risk_assessment") == {
        p.reference for p in plans if p.stage == Stage.RISK
    }
    assert refs("?collaboration_type=data_sharing") == {
        p.reference for p in plans if p.collaboration_type == "data_sharing"
    }
    assert refs(f"?partner={orgs['council'].pk}") == {with_council.reference}
    assert refs("?q=scheme 007") == {plans[7].reference}
    assert refs(f"?q={plans[2].reference.lower()}") == {plans[2].reference}
    assert refs("?q=southshire") == {p.reference for p in plans if p.area == "Southshire"}
    assert refs("?stage=delivery&q=northshire") == {
        p.reference for p in plans if p.stage == Stage.DELIVERY and p.area == "Northshire"
    }


def test_the_filters_are_govuk_selects_with_a_prompt(client_for, police_lead, grow):
    grow(2)
    page = client_for(police_lead).get(PORTFOLIO).content.decode()
    assert "---------" not in page
    for prompt in ("Any stage", "Any type", "Any partner"):
        assert f'<option value="" selected>{prompt}</option>' in page
    assert '<label class="govuk-label govuk-label--s" for="id_stage">' in page


def test_a_bad_filter_is_explained_and_exports_nothing(client_for, police_lead, grow):
    grow(3)
    client = client_for(police_lead)
    response = client.get(PORTFOLIO + "?stage=nonsense&partner=999999")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: " in html
    assert '<a href="#id_stage">Choose a stage from the list</a>' in html
    assert '<a href="#id_partner">Choose a partner organisation from the list</a>' in html
    # The rows are those of the filters that were valid (here, none): all three.
    assert len(page_references(response)) == 3
    export = client.get(CSV + "?stage=nonsense")
    assert export.status_code == 400
    assert export["Content-Type"].startswith("text/html")
    long = client.get(PORTFOLIO + "?q=" + "x" * 101)
    assert "Search for 100 characters or fewer" in long.content.decode()


def test_an_outsider_organisations_plans_never_appear(client_for, police_lead, outsider, grow):
    mine = grow(3)
    theirs = grow(2, lead=outsider, partners=())
    client = client_for(police_lead)
    shown = set(page_references(client.get(PORTFOLIO)))
    exported = {r["Reference"] for r in csv_rows(client.get(CSV))}
    assert shown == exported == {p.reference for p in mine}
    # Not by searching for them, nor through the partner filter (not even a choice there).
    assert page_references(client.get(PORTFOLIO + f"?q={theirs[0].reference}")) == []
    other = outsider.organisation
    response = client.get(PORTFOLIO + f"?partner={other.pk}")
    assert response.status_code == 400
    assert other.name not in response.content.decode()
    assert {r["Reference"] for r in csv_rows(client_for(outsider).get(CSV))} == {
        p.reference for p in theirs
    }


def test_a_partner_sees_the_plans_their_organisation_is_on_not_only_those_it_leads(
    client_for, fire_partner, grow
):
    plans = grow(3)
    refs = {r["Reference"] for r in csv_rows(client_for(fire_partner).get(CSV))}
    assert refs == {p.reference for p in plans}


@pytest.fixture
def joint_board(orgs):
    board = GoverningBody.objects.create(
        name="Testshire Blue Light Board", kind=GoverningBodyKind.JOINT_BOARD
    )
    board.organisations.add(orgs["police"], orgs["fire"])
    return board


def test_a_body_portfolio_is_open_to_people_of_the_organisations_it_governs(
    client_for, police_lead, fire_partner, ambulance_rep, outsider, joint_board, grow
):
    grow(2)
    url = reverse("portfolio_body", args=[joint_board.pk])
    for person in (police_lead, fire_partner):
        response = client_for(person).get(url)
        assert response.status_code == 200
        assert "Testshire Blue Light Board" in response.content.decode()
    # The ambulance trust is on the plans but the board does not govern it; the outsider
    # is on none of them: both get 404, as for a body that does not exist.
    for person in (ambulance_rep, outsider):
        assert client_for(person).get(url).status_code == 404
        csv_url = reverse("portfolio_body_csv", args=[joint_board.pk])
        assert client_for(person).get(csv_url).status_code == 404
    assert client_for(police_lead).get("/portfolio/bodies/999999/").status_code == 404


def test_a_body_portfolio_lists_only_plans_of_its_organisations_the_person_is_part_of(
    client_for, police_lead, fire_partner, ambulance_rep, joint_board, grow, orgs
):
    # Police with fire, police alone, and ambulance with fire (police not on it).
    with_fire = grow(2)
    police_only = grow(1, partners=())
    fire_without_police = grow(1, lead=ambulance_rep, partners=("fire",))
    csv_url = reverse("portfolio_body_csv", args=[joint_board.pk])

    def refs(person):
        return {r["Reference"] for r in csv_rows(client_for(person).get(csv_url))}

    assert refs(police_lead) == {p.reference for p in with_fire + police_only}
    # Fire's people see fire's plans under the board, never police's alone.
    assert refs(fire_partner) == {p.reference for p in with_fire + fire_without_police}
    # A body governing only the ambulance trust's organisation lists nothing police-only.
    trust = GoverningBody.objects.get(organisations=orgs["ambulance"])
    url = reverse("portfolio_body_csv", args=[trust.pk])
    assert {r["Reference"] for r in csv_rows(client_for(ambulance_rep).get(url))} == {
        fire_without_police[0].reference
    }


def test_the_organisation_portfolio_links_to_its_bodies_portfolios(
    client_for, police_lead, joint_board
):
    page = client_for(police_lead).get(PORTFOLIO).content.decode()
    assert f'href="{reverse("portfolio_body", args=[joint_board.pk])}"' in page
    pcc = GoverningBody.objects.get(name="Testshire Police and Crime Commissioner")
    assert f'href="{reverse("portfolio_body", args=[pcc.pk])}"' in page


def test_the_portfolio_link_is_in_the_header_for_people_with_an_organisation(
    client_for, police_lead
):
    page = client_for(police_lead).get(reverse("dashboard")).content.decode()
    assert f'<a class="govuk-header__link" href="{PORTFOLIO}">Portfolio</a>' in page


def test_a_closed_plan_and_a_plan_on_hold_say_why_nothing_blocks_them(
    client_for, police_lead, grow
):
    closed, held = grow(2)
    set_plan(closed, stage=Stage.CLOSED)
    set_plan(held, stage=Stage.ON_HOLD, held_from_stage=Stage.SCOPING)
    rows = {r["Reference"]: r for r in csv_rows(client_for(police_lead).get(CSV))}
    assert rows[closed.reference]["Next gate's blockers"] == "None: the plan is closed"
    assert rows[held.reference]["Stage"] == "On hold (from scoping)"


def test_a_passed_stage_target_is_overdue(client_for, police_lead, grow):
    (plan,) = grow(1)
    set_plan(plan, scoping_target=date.today() - timedelta(days=3), delivery_target=None)
    row = csv_rows(client_for(police_lead).get(CSV))[0]
    assert row["Overdue"].startswith("Scoping target (")
    assert row["Overdue"].endswith(") passed")


def test_a_title_a_spreadsheet_would_run_as_a_formula_is_exported_as_text(client_for, police_lead):
    PlanFactory(created_by=police_lead, title='=HYPERLINK("http://x")', reference="PF-EVIL")
    row = csv_rows(client_for(police_lead).get(CSV))[0]
    assert row["Plan"] == '\'=HYPERLINK("http://x")'


def test_a_body_portfolio_query_count_is_the_same_with_5_and_with_100_plans(
    client_for, police_lead, joint_board, grow
):
    client = client_for(police_lead)
    url = reverse("portfolio_body", args=[joint_board.pk])
    grow(5)
    small = count_queries(client, url)
    grow(95)
    assert count_queries(client, url) == small


def test_an_administrator_with_no_organisation_has_an_empty_portfolio_and_no_body_portfolio(
    client_for, joint_board, grow
):
    from tests.factories import UserFactory

    grow(2)
    admin = UserFactory(email="admin@planner.test", organisation=None, is_staff=True)
    client = client_for(admin)
    response = client.get(PORTFOLIO)
    assert response.status_code == 200
    assert page_references(response) == []
    assert "do not belong to a partner organisation" in response.content.decode()
    assert csv_rows(client.get(CSV)) == []
    assert client.get(reverse("portfolio_body", args=[joint_board.pk])).status_code == 404


def test_the_page_shows_three_blockers_and_counts_the_rest_the_csv_has_them_all(
    client_for, police_lead, grow
):
    (plan,) = grow(1)
    failed = [f"Missing thing {n}" for n in range(1, 6)]
    set_plan(plan, gate_summary={"stage": plan.stage, "is_open": False, "failed": failed})
    client = client_for(police_lead)
    page = client.get(PORTFOLIO).content.decode()
    assert "Missing thing 3" in page and "Missing thing 4" not in page
    assert "and 2 more" in page
    assert csv_rows(client.get(CSV))[0]["Next gate's blockers"] == "; ".join(failed)


def test_a_summary_of_another_stage_is_not_shown_as_the_next_gates_blockers(
    client_for, police_lead, grow
):
    (plan,) = grow(1)
    set_plan(plan, stage=Stage.GOVERNANCE, gate_summary={"stage": "scoping", "failed": ["Old"]})
    client = client_for(police_lead)
    assert "Not worked out yet" in client.get(PORTFOLIO).content.decode()
    assert csv_rows(client.get(CSV))[0]["Next gate's blockers"] == ""
