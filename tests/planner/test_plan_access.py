"""Who may see and change each plan page: outsiders 404, read-only 403 on POST, lead 200."""

import pytest
from django.urls import reverse

from planner.models import Stage
from tests.helpers import assert_unchanged, snapshot, state_models

pytestmark = pytest.mark.django_db

PLAN_PAGES = [
    ("plan_detail", {}),
    ("plan_edit", {}),
    ("plan_partners", {}),
    ("plan_s2", {}),
    ("plan_transition", {"name": "advance"}),
    ("plan_sign_off", {}),
    ("plan_decisions", {}),
]
# Pages that only the project lead may open, even to look.
LEAD_ONLY_GET = {"plan_edit"}
# Pages that take no POST themselves (the partners page's forms post to their own actions).
GET_ONLY = {"plan_detail", "plan_partners"}
POSTABLE = [name for name, _ in PLAN_PAGES if name not in GET_ONLY]
# POST-only actions, one URL each. Removing a partner or a role, changing a role and
# withdrawing an invitation have confirmation pages (GET and POST) instead: their access is in
# tests/hardening/matrix.py and tests/planner/test_partners_confirm.py.
PLAN_ACTIONS = [
    "plan_partner_add",
    "plan_member_add",
    "plan_invitation_create",
]


def url(name, plan, extra):
    return reverse(name, kwargs={"plan_id": plan.pk, **extra})


@pytest.fixture
def governance_plan(plan):
    type(plan).objects.filter(pk=plan.pk).update(stage=Stage.GOVERNANCE)
    plan.refresh_from_db()
    return plan


@pytest.mark.parametrize(("name", "extra"), PLAN_PAGES)
def test_an_outsider_gets_404_on_every_plan_page(client_for, outsider, plan, name, extra):
    client = client_for(outsider)
    before = snapshot(*state_models())
    assert client.get(url(name, plan, extra)).status_code == 404
    if name in POSTABLE:
        assert client.post(url(name, plan, extra), {"x": "y"}).status_code == 404
    assert_unchanged(before)


@pytest.mark.parametrize(("name", "extra"), PLAN_PAGES)
def test_anonymous_people_are_sent_to_sign_in(client, plan, name, extra):
    response = client.get(url(name, plan, extra))
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


@pytest.mark.parametrize(("name", "extra"), PLAN_PAGES)
def test_the_lead_can_open_every_plan_page(client_for, police_lead, governance_plan, name, extra):
    assert client_for(police_lead).get(url(name, governance_plan, extra)).status_code == 200


@pytest.mark.parametrize(("name", "extra"), PLAN_PAGES)
@pytest.mark.parametrize("persona", ["fire_partner", "ambulance_rep", "council_viewer"])
def test_members_can_look_at_every_plan_page_except_lead_only_ones(
    client_for, personas, governance_plan, name, extra, persona
):
    status = client_for(personas[persona]).get(url(name, governance_plan, extra)).status_code
    expected = 403 if name in LEAD_ONLY_GET else 200
    assert status == expected


@pytest.mark.parametrize(("name", "extra"), [p for p in PLAN_PAGES if p[0] in POSTABLE])
def test_a_read_only_member_gets_403_on_every_state_change(
    client_for, council_viewer, governance_plan, name, extra
):
    client = client_for(council_viewer)
    before = snapshot(*state_models())
    response = client.post(url(name, governance_plan, extra), {"x": "y"})
    assert response.status_code == 403
    assert_unchanged(before)


@pytest.mark.parametrize("name", sorted(GET_ONLY))
def test_get_only_pages_take_no_post(client_for, police_lead, plan, name):
    client = client_for(police_lead)
    before = snapshot(*state_models())
    assert client.post(url(name, plan, {})).status_code == 405
    assert_unchanged(before)


@pytest.mark.parametrize("name", PLAN_ACTIONS)
def test_plan_actions_are_post_only_and_keep_the_access_rules(
    client_for, personas, governance_plan, name
):
    action = url(name, governance_plan, {})
    assert client_for(personas["police_lead"]).get(action).status_code == 405
    for persona, refused in (("outsider", 404), ("council_viewer", 403), ("fire_partner", 403)):
        client = client_for(personas[persona])
        before = snapshot(*state_models())
        assert client.post(action, {"x": "y"}).status_code == refused, persona
        assert_unchanged(before)


def test_dashboard_lists_only_my_organisations_plans(client_for, plan, outsider, police_lead):
    assert b"Shared station" in client_for(police_lead).get("/").content
    assert b"Shared station" not in client_for(outsider).get("/").content
