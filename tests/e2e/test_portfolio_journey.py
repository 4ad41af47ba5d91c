"""The police lead opens the portfolio from the header, filters it, downloads the CSV of the
same rows, and reads it on a phone without the page scrolling sideways; axe-core on each."""

import csv
import io
from pathlib import Path

import pytest

from tests.factories import PASSWORD
from tests.helpers import check_axe, screenshot, sign_in
from tests.planner.portfolio.factories import portfolio_plans

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def table_references(page) -> list[str]:
    return page.locator('.app-portfolio-table td[data-label="Reference"]').all_inner_texts()


def test_portfolio_at_1280_and_375_px(page, live_server, police_lead, orgs):
    portfolio_plans(police_lead, [orgs["fire"], orgs["ambulance"]], 0, 8)
    sign_in(page, live_server, police_lead.email, PASSWORD)
    page.get_by_role("link", name="Portfolio", exact=True).click()
    page.get_by_role("heading", name="Testshire Police", level=1).wait_for()
    check_axe(page, "portfolio")
    assert len(table_references(page)) == 8

    page.get_by_label("Stage (optional)").select_option(label="Delivery")
    page.get_by_role("button", name="Apply the filters").click()
    page.get_by_role("heading", name="plan matching the filters").wait_for()
    shown = table_references(page)
    assert len(shown) == 1
    check_axe(page, "portfolio filtered")
    with page.expect_download() as download:
        page.get_by_role("link", name="as a spreadsheet (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert [r["Reference"] for r in csv.DictReader(io.StringIO(text))] == shown

    page.get_by_role("link", name="Clear the filters").first.click()
    page.get_by_role("heading", name="8 plans").wait_for()
    # On a desktop the columns scroll in the table's own region, which says so.
    assert page.get_by_text("Scroll sideways to see every column").is_visible()
    screenshot(page, "portfolio_1280")

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    page.get_by_role("heading", name="8 plans").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # On a phone each plan is a card with every column's name and value: nothing to scroll.
    region = page.get_by_role("region", name="Plans, by stage")
    assert region.evaluate("r => r.scrollWidth <= r.clientWidth")
    assert not page.get_by_text("Scroll sideways to see every column").is_visible()
    # The references carry the lead's id (portfolio_plans), which depends on the tests before.
    card = page.get_by_role("row").filter(has_text=f"PF-{police_lead.pk}-003")
    assert card.get_by_text("Amber").is_visible()
    check_axe(page, "portfolio at 375 px")
    screenshot(page, "portfolio_375")
