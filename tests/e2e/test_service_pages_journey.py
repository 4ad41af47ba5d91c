"""Chromium: the home page, the sign-in page and the service's own pages, signed out and in, at
desktop and phone widths; axe-core reports nothing of any impact (so no "region": every
piece of content is inside a landmark), nothing scrolls sideways, and the footer links work."""

import pytest

from tests.factories import PASSWORD
from tests.helpers import AXE, check_axe, screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 375)
SERVICE_PAGES = {
    "/accessibility/": "Accessibility statement",
    "/privacy/": "Privacy notice",
    "/cookies/": "Cookies",
}


def visit(page, url, heading, label, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    page.get_by_role("heading", level=1, name=heading).wait_for()
    check_axe(page, f"{label} at {width} px", impacts=None)
    assert page.locator("main").count() == 1 and page.locator("h1").count() == 1, label
    if width == 375:
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{label} is {scroll} px wide at {width} px"


def follow_the_footer(page, live_server, label):
    """Each footer link opens its page, from whichever page the person is on."""
    footer = page.get_by_role("contentinfo")
    for path, heading in SERVICE_PAGES.items():
        footer.get_by_role("link", name=heading).click()
        page.get_by_role("heading", level=1, name=heading).wait_for()
        assert page.url == f"{live_server.url}{path}", label


def test_signed_out_the_sign_in_and_service_pages_pass_axe_at_both_widths(page, live_server):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/")
        assert "/accounts/sign-in/" in page.url  # the home page asks a stranger to sign in
        visit(page, page.url, "Sign in", "sign-in page", width)
        for path, heading in SERVICE_PAGES.items():
            visit(page, f"{live_server.url}{path}", heading, heading, width)
    page.goto(f"{live_server.url}/accounts/sign-in/")
    follow_the_footer(page, live_server, "signed out")
    banner = page.get_by_role("banner")
    feedback = banner.get_by_role("link", name="give your feedback by e-mail")
    assert feedback.get_attribute("href").startswith("mailto:")


def test_signed_in_the_home_and_service_pages_pass_axe_at_both_widths(
    page, live_server, police_lead
):
    sign_in(page, live_server, "lead@police.test", PASSWORD)
    page.get_by_role("heading", name="My plans").wait_for()
    for width in WIDTHS:
        visit(page, f"{live_server.url}/", "My plans", "home page", width)
        for path, heading in SERVICE_PAGES.items():
            visit(page, f"{live_server.url}{path}", heading, heading, width)
    # Who is signed in, and the way out, are in the banner landmark with the header.
    banner = page.get_by_role("banner")
    assert "Signed in as Pat Lead" in banner.inner_text()
    banner.get_by_role("button", name="Sign out").wait_for()
    page.goto(f"{live_server.url}/")
    follow_the_footer(page, live_server, "signed in")
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(f"{live_server.url}/cookies/")
    screenshot(page, "service_footer_375")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accessibility/")
    screenshot(page, "service_accessibility_1280")


# axe-core's landmark and heading rules, for a page whose other content others are changing.
LANDMARK_RULES = ["region", "landmark-one-main", "page-has-heading-one", "landmark-unique"]


def landmark_violations(page):
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        "async (rules) => await axe.run(document, {runOnly: {type: 'rule', values: rules}})",
        LANDMARK_RULES,
    )
    return [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]]


def test_a_success_banner_and_a_back_link_sit_inside_landmarks(page, live_server, plan):
    sign_in(page, live_server, "lead@police.test", PASSWORD)
    page.get_by_role("heading", name="My plans").wait_for()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/plans/{plan.pk}/edit/")
        # The back link above <main> is in the banner landmark, with the header.
        assert page.get_by_role("banner").locator(".govuk-back-link").count() == 1
        assert landmark_violations(page) == [], f"plan form at {width} px"
        screenshot(page, f"service_back_link_{width}")
        page.get_by_role("button", name="Save changes").click()
        page.get_by_text("Plan details saved.").wait_for()
        assert page.get_by_role("main").get_by_role("alert").count() == 1
        assert landmark_violations(page) == [], f"plan page with its banner at {width} px"
        screenshot(page, f"service_success_banner_{width}")
