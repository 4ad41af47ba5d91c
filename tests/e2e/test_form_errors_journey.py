"""In Chromium: forms submitted empty show GOV.UK errors, and every form control on them has
an accessible name in the browser's accessibility tree (issue 18, acceptance line 2).

The tree is Chromium's own (CDP Accessibility.getFullAXTree), so a label that points at the
wrong id, a select with no label or a radio outside its fieldset shows as a nameless node.
"""

import pytest
from django.urls import reverse

from planner.models import Stage
from tests.factories import PASSWORD
from tests.helpers import check_axe, new_context, screenshot, set_stage, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CONTROLS = {"textbox", "combobox", "radio", "checkbox", "spinbutton", "listbox", "searchbox"}


def nameless_controls(page) -> list[str]:
    """The form controls on the page that the accessibility tree gives no name."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    nameless = []
    for node in nodes:
        role = (node.get("role") or {}).get("value")
        if node.get("ignored") or role not in CONTROLS:
            continue
        if not str((node.get("name") or {}).get("value") or "").strip():
            nameless.append(f"{role} (DOM node {node.get('backendDOMNodeId')})")
    return nameless


def controls_in_tree(page) -> int:
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    return sum(
        1 for n in nodes if not n.get("ignored") and (n.get("role") or {}).get("value") in CONTROLS
    )


def submit_empty(page, button: str) -> None:
    page.get_by_role("button", name=button).click()
    page.get_by_role("heading", name="There is a problem").wait_for()


def check_page(page, label: str) -> None:
    assert page.title().startswith("Error: "), f"{label}: title {page.title()!r}"
    assert controls_in_tree(page) > 0, f"{label}: no form controls in the tree"
    nameless = nameless_controls(page)
    assert not nameless, f"{label}: controls without an accessible name: {nameless}"
    # Every link in the error summary moves focus to a control that exists.
    for link in page.locator(".govuk-error-summary a").all():
        target = link.get_attribute("href")
        assert page.locator(target).count() == 1, f"{label}: {target} not on the page once"
    check_axe(page, label)


def test_empty_forms_show_govuk_errors_and_every_control_has_a_name(
    browser, live_server, plan, police_lead, orgs
):
    base = live_server.url
    page = new_context(browser).new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, police_lead.email, PASSWORD)
    page.get_by_role("heading", name="My plans").wait_for()

    page.goto(base + reverse("plan_create"))
    submit_empty(page, "Continue")
    page.get_by_role("link", name="Enter a title for the plan").wait_for()
    check_page(page, "start a new plan, submitted empty")
    screenshot(page, "error_page_1280")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "error_page_375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    # The summary's link reaches the field it names.
    page.get_by_role("link", name="Select the type of collaboration").click()
    assert page.evaluate("document.activeElement.id") == "id_collaboration_type"

    page.goto(base + reverse("plan_partners", args=[plan.pk]))
    submit_empty(page, "Send invitation")
    check_page(page, "partners page, invitation submitted empty")
    # The summary sits at the top of the page, before the heading.
    summary_top = page.locator(".govuk-error-summary").bounding_box()["y"]
    heading_top = page.get_by_role("heading", name="Partners and people").bounding_box()["y"]
    assert summary_top < heading_top

    page.goto(base + reverse("risk_create", args=[plan.pk]))
    submit_empty(page, "Add the risk")
    check_page(page, "add a risk, submitted empty")

    org = police_lead.organisation_id
    page.goto(base + reverse("assessment_org", args=[plan.pk, "scoping", org]))
    page.get_by_role("button", name="Submit").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert page.locator(".govuk-error-summary a", has_text="Select a score for").count() > 1
    assert page.locator(".govuk-form-group--error .govuk-radios").count() > 1
    check_page(page, "assessment, submitted with nothing answered")
    screenshot(page, "error_assessment_1280")

    set_stage(plan, Stage.GOVERNANCE)
    page.goto(base + reverse("plan_sign_off", args=[plan.pk]))
    page.locator("main form").get_by_role("button").first.click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    page.get_by_role("link", name="Enter the decision date").wait_for()
    check_page(page, "sign-off, submitted empty")
    # A date with no month: GOV.UK's message, linked to the month box, which is styled.
    date_group = page.get_by_role("group", name="Date of decision")
    date_group.get_by_label("Day").fill("2")
    date_group.get_by_label("Year").fill("2026")
    page.locator("main form").get_by_role("button").first.click()
    link = page.get_by_role("link", name="The decision date must include a month")
    link.wait_for()
    month = page.locator("#id_decided_on-month")
    assert "govuk-input--error" in month.get_attribute("class")
    assert "govuk-input--error" not in page.locator("#id_decided_on-day").get_attribute("class")
    link.click()
    assert page.evaluate("document.activeElement.id") == "id_decided_on-month"
    screenshot(page, "error_date_input_1280")
