"""Errors that help, on every form (issue 18): an empty submission of each POST in the access
matrix, by someone allowed to make it, gets one GOV.UK message per field, never Django's own;
the page title starts "Error: "; the error summary sits at the top and each of its links
reaches an id that exists once; no id appears twice on the page.
"""

import re
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse
from lxml import html

from planner.models import Stage
from tests.hardening.matrix import ALLOWED, MATRIX
from tests.hardening.world import World
from tests.helpers import changed_tables, snapshot, state_models

# Django's own wording, which no page may show (django/forms/fields.py, core/validators.py).
DJANGO_DEFAULTS = (
    "This field is required",
    "Ensure that there are no more than",
    "Ensure this value",
    "Select a valid choice",
    "Enter a valid",
    "Enter a whole number",
    "Enter a number.",
    "Enter a list of values",
    "is not one of the available choices",
    "This field cannot be",
    "---------",
)

# Posts whose empty submission is legitimately valid: a button that is the whole answer.
EMPTY_IS_AN_ANSWER = {
    "logout": "Signing out has nothing to fill in.",
    "notifications_mark_read": "The button marks one notification read.",
    "notifications_mark_all_read": "The button marks every notification read.",
    "notifications_preferences": "Nothing ticked is a choice: the frequency's default holds.",
    "cost_line_delete": "An 'Are you sure?' page: the button is the answer.",
    "funding_line_delete": "An 'Are you sure?' page: the button is the answer.",
    "board_paper_freeze": "Freezing a version is one button.",
    "board_paper_redraft": "Drafting again is a confirmation button.",
    "board_paper_recommendations": "Emptying every box removes the recommendations.",
    "board_paper_implications": "Every implication may be left to write later.",
    "board_paper_start": "Starting a paper is one button.",
    "report_retry": "Retrying a failed version is one button.",
    "health_check_start": "Opening a health check is one button.",
    "risk_prompt_adopt": "Adopting a suggested risk is one button.",
    "risk_prompt_dismiss": "Dismissing a suggested risk is one button.",
    "assessment_org": "Saving a draft with nothing answered is allowed: it is a draft.",
    "plan_cases": "The case list's POST needs a case chosen from the page's buttons.",
    "assessment_resolution_acknowledge": "Acknowledging a resolution is one button.",
    # Forms the page shows only in a state the matrix's world does not build.
    "assessment_resolution_record": "Shown only on a disagreement (tests/assessments).",
    "assessment_resolution_reopen": "Shown only on a resolved disagreement (tests/assessments).",
    "password_reset_confirm": "The matrix's reset link is not a real one, so no form is shown.",
}


def _at(stage):
    def put(world):
        from tests.helpers import set_stage

        set_stage(world.plan, stage)

    return put


def _very_high_risk(world):
    from assessments.risks.models import Risk

    Risk.objects.filter(pk=world.risk_kwargs["risk_id"]).update(
        residual_likelihood=5, residual_impact=5
    )


# Where a form is shown only at some stage or state, the plan is put there first.
SETUP = {
    "benefit_status": _at(Stage.DELIVERY),
    "benefit_actual_add": _at(Stage.DELIVERY),
    "plan_review": _at(Stage.REVIEW),
    "plan_sign_off": _at(Stage.GOVERNANCE),
    "plan_sign_off_check": _at(Stage.GOVERNANCE),
    "plan_sign_off_supersede": _at(Stage.GOVERNANCE),
    "plan_case_propose": _at(Stage.CLOSED),
    "risk_acceptance": _very_high_risk,
}

POSTS = sorted(name for name, entry in MATRIX.items() if "POST" in entry.methods)


def poster(entry) -> str | None:
    """Someone the matrix allows to post here."""
    if entry.scope == "open":
        return "anonymous" if entry.expected("POST", "anonymous") == ALLOWED else None
    for persona in ("police_lead", "fire_partner", "ambulance_rep", "outsider"):
        if entry.expected("POST", persona) == ALLOWED:
            return persona
    return None


# The posts walked: every one in the matrix, less the buttons whose empty post is an answer and
# the administrators' own (no persona of the matrix may post there). Left out at collection,
# not skipped, so the suite's count of skips stays an honest zero.
WALKED = [
    name for name in POSTS if name not in EMPTY_IS_AN_ANSWER and poster(MATRIX[name]) is not None
]


def test_every_post_left_out_of_the_walk_is_a_real_post_with_a_reason():
    """A renamed or removed URL must not linger in the list, hiding nothing."""
    assert set(EMPTY_IS_AN_ANSWER) <= set(POSTS)
    admin_only = [
        name for name in POSTS if name not in EMPTY_IS_AN_ANSWER and poster(MATRIX[name]) is None
    ]
    assert admin_only == ["notifications_retry"], admin_only
    assert len(WALKED) + len(EMPTY_IS_AN_ANSWER) + len(admin_only) == len(POSTS)


def empty_submission(name: str, world) -> dict:
    """What the browser sends for the form left empty: its hidden fields and the button (and
    the CSRF token, which makes the post non-empty even with nothing filled in)."""
    data = {"csrfmiddlewaretoken": "not-checked-by-the-test-client"}
    if name == "plan_transition":
        data["expected_stage"] = world.plan.stage
    if name == "plan_withdraw":
        data["expected_stage"] = world.plan.stage
    if name == "assessment_submit":
        data["submitting"] = "yes"
    return data


def page_problems(body: str) -> list[str]:
    """What a page showing form errors gets wrong, against GOV.UK's error pattern."""
    problems = []
    doc = html.fromstring(body)
    text = doc.text_content()
    for default in DJANGO_DEFAULTS:
        if default in text:
            problems.append(f"shows Django's {default!r}")
    title = doc.findtext(".//title") or ""
    if not title.startswith("Error: ") or title.startswith("Error: Error:"):
        problems.append(f"title {title!r} does not start with one 'Error: '")
    ids = Counter(el.get("id") for el in doc.iter() if el.get("id"))
    if twice := sorted(i for i, n in ids.items() if n > 1):
        problems.append(f"ids on the page more than once: {twice}")
    summaries = doc.find_class("govuk-error-summary")
    if len(summaries) != 1:
        problems.append(f"{len(summaries)} error summaries")
        return problems
    main = doc.get_element_by_id("main-content", None)
    heading = main.find(".//h1") if main is not None else None
    if heading is not None:
        order = list(main.iter())
        if order.index(summaries[0]) > order.index(heading):
            problems.append("the error summary comes after the page's heading")
    for link in summaries[0].iter("a"):
        target = link.get("href", "")[1:]
        if ids[target] != 1:
            problems.append(f"summary link {link.get('href')!r} reaches {ids[target]} elements")
    for message in doc.find_class("govuk-error-message"):
        count = len(re.findall(r"Error:", message.text_content()))
        if count != 1:
            problems.append(f"{count} messages on one field: {message.text_content().strip()!r}")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("name", WALKED)
def test_an_empty_submission_gets_one_govuk_message_per_field(name, plan, personas, orgs):
    world = World(plan, personas, orgs)
    entry = MATRIX[name]
    persona = poster(entry)
    client = Client()
    if persona != "anonymous":
        client.force_login(personas[persona])
    url = reverse(name, kwargs=entry.kwargs(world))
    if name in SETUP:
        SETUP[name](world)
    before = snapshot(*state_models())
    response = client.post(url, empty_submission(name, world))
    assert response.status_code in (200, 400, 409), (
        f"{name}: an empty submission answered {response.status_code}"
    )
    assert not changed_tables(before), f"{name}: the refused submission changed something"
    problems = page_problems(response.content.decode())
    assert not problems, f"{name} ({url}) as {persona}:\n" + "\n".join(problems)


PLAN = {
    "title": "Joint station at Eastgate",
    "reference": "tst-est-9",
    "summary": "Police move into the fire station.",
    "collaboration_type": "sharing_premises",
    "area": "Testshire",
    "objectives": "Share a building.",
    "public_outcome": "Visible services.",
}


def summary_links(response) -> dict[str, str]:
    (summary,) = html.fromstring(response.content).find_class("govuk-error-summary")
    return {a.text_content().strip(): a.get("href") for a in summary.iter("a")}


@pytest.mark.django_db
def test_every_target_date_out_of_order_is_named_at_once_against_its_own_field(
    client_for, police_lead
):
    client = client_for(police_lead)
    before = snapshot(*state_models())
    response = client.post(
        reverse("plan_create"),
        {
            **PLAN,
            "scoping_target": "2027-06-01",
            "governance_alignment_target": "2027-05-01",
            "joint_risk_assessment_target": "2027-09-01",
            "delivery_target": "2027-08-01",
        },
    )
    assert response.status_code == 400
    links = summary_links(response)
    assert links == {
        "The governance alignment target date cannot be before the scoping target date.": (
            "#id_governance_alignment_target-day"
        ),
        "The delivery target date cannot be before the joint risk assessment target date.": (
            "#id_delivery_target-day"
        ),
    }
    assert not changed_tables(before)


@pytest.mark.django_db
def test_an_s2_record_with_several_problems_names_each_against_its_field(
    client_for, police_lead, plan, orgs
):
    client = client_for(police_lead)
    before = snapshot(*state_models())
    response = client.post(
        reverse("plan_s2", args=[plan.pk]),
        {"organisation": orgs["fire"].pk, "notified_on": "2099-01-01", "response": "declined"},
    )
    assert response.status_code == 400
    links = summary_links(response)
    assert links["Date notified must be today or in the past"] == "#id_notified_on-day"
    assert links["Enter the date of the response."] == "#id_responded_on-day"
    assert links["Enter the reason the service gave for declining."] == "#id_reason"
    assert not changed_tables(before)
