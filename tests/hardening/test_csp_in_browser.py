"""The Content Security Policy as a real browser enforces it: no page breaks it.

The journey tests bypass CSP so axe-core can be injected; this test does not, so any inline
script, inline style or foreign source on these pages shows up as a violation.
"""

import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_pages_load_under_the_content_security_policy_without_violations(
    browser, live_server, plan, police_lead
):
    pages = [
        "/",
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/partners/",
        f"/plans/{plan.pk}/decisions/",
        f"/plans/{plan.pk}/risks/",
        f"/plans/{plan.pk}/assessments/scoping/",
        f"/plans/{plan.pk}/cases/",
        f"/plans/{plan.pk}/reports/",
        "/cases/",
        "/inbox/",
    ]
    violations: list[str] = []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.on(
            "console",
            lambda msg: (
                violations.append(f"{page.url}: {msg.text}")
                if "Content Security Policy" in msg.text
                else None
            ),
        )
        page.goto(f"{live_server.url}/accounts/sign-in/")
        page.get_by_label("E-mail address").fill(police_lead.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")
        for path in pages:
            response = page.goto(live_server.url + path)
            assert response.status == 200, f"{path} answered {response.status}"
            assert "script-src 'self'" in response.headers["content-security-policy"]
            page.wait_for_load_state("networkidle")
            # The site's own script (a file from 'self') still runs under the policy.
            assert "js-enabled" in page.eval_on_selector("body", "b => b.className")
    finally:
        context.close()
    assert not violations, "\n".join(violations)
