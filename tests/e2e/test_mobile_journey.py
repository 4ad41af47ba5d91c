"""Issue 18, mobile: at 375 px no page of the tables and charts scrolls sideways, axe-core
passes, and the heat map's text stays legible.

The demo's plans are the data: real organisation names are long ("Weald and Downs Ambulance
Service NHS Trust"), the finance tables span five financial years and the delivery plan has
months of milestones, which is what widened these pages. The lead of every demo plan visits
each of them; a wide table must stack or scroll inside its own labelled region, never widen
the page.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from planner.demo import DEMO_PASSWORD
from planner.models import Plan, Stage
from tests.helpers import SHOTS, check_axe, screenshot, sign_in

# The success framework each demo needs is reloaded after every flush by tests/e2e/conftest.py.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
LEAD = "lead@police.example"
# The plan-scoped pages whose tables and charts this part made fit a phone.
PLAN_PAGES = (
    "plan_partners",
    "plan_history",
    "plan_decisions",
    "plan_conditions",
    "assessment_trend",
    "risk_register",
    "benefit_register",
    "plan_finance",
    "plan_milestones",
    "plan_timeline",
    "plan_confidence",
    "highlight_report",
    "plan_review",
    "plan_lessons",
    "plan_cases",
    "plan_reports",
    "report_live_preview",
)
# Links followed from those pages to the records they list (the first of each).
DETAIL_LINKS = {
    "assessment_trend": "main a[href*='/assessments/']:not([href$='/assessments/'])",
    "risk_register": "#risk-table a[href*='/risks/']",
    "benefit_register": "main a[href*='/benefits/']:not([href$='/benefits/'])",
}


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _wider_than_the_page(page) -> list[str]:
    """What sticks out past the viewport outside any scroll region, to name in a failure."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .filter(e => !e.closest('.app-table-scroll'))
            .slice(0, 5)
            .map(e => e.tagName + '.' + (e.className.baseVal ?? e.className))"""
    )


def _axe(page, label: str) -> None:
    """axe-core with every impact, as issue 18's acceptance 1 asks."""
    check_axe(page, label, impacts=None)


def _fits(page, label: str) -> None:
    width = _scroll_width(page)
    assert width <= PHONE["width"], f"{label} is {width} px wide: {_wider_than_the_page(page)}"


# A reference pasted into a title: one unbroken word wider than a phone, which must break.
LONG_WORD = "https://www.example.gov.uk/collaboration/schemes/2026/shared-estate-business-case"


@pytest.fixture
def demo():
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    delivering = Plan.objects.filter(stage=Stage.DELIVERY).order_by("pk").first()
    Plan.objects.filter(pk=delivering.pk).update(title=f"{delivering.title} {LONG_WORD}")
    return list(Plan.objects.order_by("pk"))


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, LEAD, DEMO_PASSWORD)
    page.get_by_role("heading", name="My plans").wait_for()
    yield page
    context.close()


def test_every_table_page_fits_a_phone_for_every_demo_plan(demo, phone, live_server):
    """Each page on each demo plan: no sideways scroll at 375 px; axe-core on the first plan
    each page is shown for, and on the first record each register lists."""
    axed, followed = set(), set()
    for plan in demo:
        for name in PLAN_PAGES:
            response = phone.goto(live_server.url + reverse(name, args=[plan.pk]))
            if response.status != 200:
                continue  # the lead is not on this plan, or the page is not for its stage
            label = f"{name} of {plan.reference}"
            _fits(phone, label)
            if name not in axed:
                _axe(phone, label)
                axed.add(name)
            selector = DETAIL_LINKS.get(name)
            if selector is None or name in followed or not phone.locator(selector).count():
                continue
            followed.add(name)
            phone.locator(selector).first.click()
            phone.wait_for_load_state()
            _fits(phone, f"{phone.url} (from {label})")
            _axe(phone, phone.url)
    assert axed == set(PLAN_PAGES) and followed == set(DETAIL_LINKS)
    for name in ("case_list", "lessons_browse"):
        phone.goto(live_server.url + reverse(name))
        _fits(phone, name)
        _axe(phone, name)


def _delivery_plan(demo):
    return next(p for p in demo if p.stage == Stage.DELIVERY)


def test_results_and_risk_register_at_375_px_with_a_legible_heat_map(demo, phone, live_server):
    plan = _delivery_plan(demo)
    # The delivery stage's assessment: every partner has submitted.
    phone.goto(f"{live_server.url}{reverse('assessment_results', args=[plan.pk, Stage.DELIVERY])}")
    phone.get_by_role("heading", name="Heat map").wait_for()
    _fits(phone, "assessment results")
    _axe(phone, "assessment results at 375 px")
    screenshot(phone, "results_375")

    heat = phone.locator("svg.app-chart--heatmap")
    # Scaled to the column, never past it, with its legend.
    box = heat.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert heat.locator(".app-chart-legend").count() == 1
    # Every piece of text at least 12 px as drawn on this screen: the font size in SVG units
    # times the SVG's scale (its drawn width over its viewBox width).
    sizes = heat.evaluate(
        """svg => { const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return [...svg.querySelectorAll('text')].map(t =>
                [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale]); }"""
    )
    small = [(text, round(size, 1)) for text, size in sizes if size < 12]
    assert sizes and not small, f"heat-map text under 12 px at 375 px: {small[:5]}"
    fonts = heat.evaluate(
        "svg => [...new Set([...svg.querySelectorAll('text')]"
        ".map(t => getComputedStyle(t).fontFamily))]"
    )
    assert fonts == ["arial, sans-serif"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    heat.screenshot(path=str(SHOTS / "heatmap_375.png"))

    # A scroll region is keyboard-reachable and named by its table's caption.
    region = phone.locator(".app-table-scroll[role='region']").first
    region.focus()
    assert phone.evaluate("document.activeElement.classList.contains('app-table-scroll')")
    assert phone.get_by_role("region", name="ratings by characteristic").count() == 1

    phone.goto(f"{live_server.url}{reverse('risk_register', args=[plan.pk])}")
    phone.get_by_role("heading", name="Joint risk register").wait_for()
    _fits(phone, "risk register")
    _axe(phone, "risk register at 375 px")
    # Stacked: each risk's values keep their column's name.
    card = phone.locator("#risk-table tbody tr").first
    assert card.locator("td[data-label='Owner']").count() == 1
    assert card.evaluate("row => getComputedStyle(row).display") == "block"
    screenshot(phone, "risks_375")


def test_the_same_tables_stay_tables_on_a_desktop(demo, browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, LEAD, DEMO_PASSWORD)
    page.get_by_role("heading", name="My plans").wait_for()
    plan = _delivery_plan(demo)
    page.goto(f"{live_server.url}{reverse('risk_register', args=[plan.pk])}")
    row = page.locator("#risk-table tbody tr").first
    assert row.evaluate("row => getComputedStyle(row).display") == "table-row"
    # The hint shows only where a table overflows its region.
    page.goto(f"{live_server.url}{reverse('plan_finance', args=[plan.pk])}")
    for region in page.locator(".app-table-scroll:has(table)").all():
        overflows = region.evaluate("r => r.scrollWidth > r.clientWidth + 1")
        assert region.locator(".app-table-scroll__hint").is_visible() == overflows
    _axe(page, "finance at 1280 px")
    context.close()
