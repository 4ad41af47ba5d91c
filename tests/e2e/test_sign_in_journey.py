import pytest

from tests.factories import PASSWORD
from tests.helpers import check_axe, screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_demo_user_signs_in_reaches_dashboard_and_signs_out(page, live_server, police_lead):
    page.goto(f"{live_server.url}/")
    assert "/accounts/sign-in/" in page.url
    check_axe(page, "sign-in page")
    sign_in(page, live_server, "lead@police.test", PASSWORD)
    page.get_by_role("heading", name="My plans").wait_for()
    check_axe(page, "dashboard")
    screenshot(page, "foundation-dashboard")
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("heading", name="Your account").wait_for()
    check_axe(page, "account page")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    page.goto(f"{live_server.url}/")
    assert "/accounts/sign-in/" in page.url
