"""Ids beyond the database's integer range are no page (404), never a database error (500).

Runs on SQLite locally and on PostgreSQL in CI: both store ids as signed 64-bit integers.
"""

import re

import pytest

from tests.hardening.urlwalk import all_routes
from tests.helpers import assert_unchanged, snapshot, state_models

ID_PARAMETER = re.compile(r"<(\w+):(\w+)>")
HUGE_IDS = [str(2**63), "99999999999999999999", "0"]


def id_routes():
    routes = []
    for route in all_routes():
        parameters = ID_PARAMETER.findall(route.route)
        if any(converter == "id" for converter, _ in parameters):
            routes.append(route)
    return routes


def test_every_numeric_url_parameter_uses_the_id_converter():
    numeric = [
        route.route
        for route in all_routes()
        for converter, _ in ID_PARAMETER.findall(route.route)
        if converter == "int"
    ]
    assert numeric == [], "use <id:…> for ids, so out-of-range ids are a 404"
    assert len(id_routes()) > 30


def _url(route: str, value: str) -> str:
    def fill(match):
        converter, _ = match.groups()
        return value if converter == "id" else "x"

    return "/" + ID_PARAMETER.sub(fill, route)


@pytest.mark.parametrize("value", HUGE_IDS)
def test_a_huge_or_zero_id_is_a_404_on_every_url_for_get_and_post(client, police_lead, value):
    client.force_login(police_lead)
    before = snapshot(*state_models())
    answers = {}
    for route in id_routes():
        url = _url(route.route, value)
        answers[url] = (client.get(url).status_code, client.post(url).status_code)
    wrong = {url: codes for url, codes in answers.items() if codes != (404, 404)}
    assert wrong == {}
    assert_unchanged(before)


def test_the_largest_real_id_is_looked_up_and_not_found(client, police_lead):
    client.force_login(police_lead)
    assert client.get(f"/plans/{2**63 - 1}/").status_code == 404
