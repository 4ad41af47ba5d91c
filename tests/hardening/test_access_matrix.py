"""Every URL of the project, requested by every persona with every method that matters.

The URL list comes from the resolver, so a new page is covered the moment it is routed: it
fails here, naming itself, until it has an entry in tests/hardening/matrix.py.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.hardening.matrix import ALLOWED, ALLOWED_STATUSES, LOGIN, MATRIX, PERSONAS
from tests.hardening.urlwalk import all_routes
from tests.hardening.world import World
from tests.helpers import changed_tables, snapshot, state_models

ROUTES = all_routes()
METHODS = ("GET", "POST", "DELETE")


@pytest.fixture
def world(plan, personas, orgs):
    return World(plan, personas, orgs)


def outcome_matches(response, expected) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and response.url.startswith(reverse("login"))
    if expected == ALLOWED:
        redirected_to_sign_in = response.status_code == 302 and response.url.startswith(
            reverse("login")
        )
        return response.status_code in ALLOWED_STATUSES and not redirected_to_sign_in
    return response.status_code == expected


def test_every_url_pattern_has_an_entry_in_the_access_matrix():
    missing = sorted({r.name for r in ROUTES} - set(MATRIX))
    assert not missing, (
        "These URLs have no entry in tests/hardening/matrix.py; add one saying who may use "
        "them: " + ", ".join(missing)
    )


def test_the_matrix_has_no_entry_for_a_url_that_no_longer_exists():
    stale = sorted(set(MATRIX) - {r.name for r in ROUTES})
    assert not stale, "Matrix entries for URLs that are gone: " + ", ".join(stale)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_the_matrix_entry_keeps_the_access_rules(route):
    """Nobody can make the matrix pass by writing down a leak as the expected result."""
    entry = MATRIX.get(route.name)
    assert entry is not None, f"No access-matrix entry for the URL {route.name!r} ({route.route})"
    if "plan_id" in route.route:
        assert entry.scope == "plan", f"{route.name} is plan-scoped"
    if entry.scope == "plan":
        for method in entry.methods:
            assert entry.expected(method, "outsider") == 404
            if method != "GET":
                assert entry.expected(method, "council_viewer") == 403
    if entry.scope != "open":
        assert all(entry.expected(m, "anonymous") == LOGIN for m in METHODS)
    for method in METHODS:
        if method not in entry.methods:
            for persona in PERSONAS:
                assert entry.expected(method, persona) in {405, LOGIN}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_each_persona_gets_exactly_the_access_the_matrix_says(route, persona, world, personas):
    entry = MATRIX.get(route.name)
    assert entry is not None, f"No access-matrix entry for the URL {route.name!r} ({route.route})"
    url = reverse(route.name, kwargs=entry.kwargs(world))
    data = entry.data(world)
    failures = []
    for method in METHODS:
        client = Client()
        if persona != "anonymous":
            client.force_login(personas[persona])
        before = snapshot(*state_models())
        if method == "GET":
            response = client.get(url)
        elif method == "POST":
            response = client.post(url, data)
        else:
            response = client.generic(method, url)
        expected = entry.expected(method, persona)
        if not outcome_matches(response, expected):
            where = f" -> {response.url}" if response.status_code in (301, 302) else ""
            failures.append(
                f"{method} {url} as {persona}: expected {expected}, got "
                f"{response.status_code}{where}"
            )
        elif expected != ALLOWED and (changed := changed_tables(before)):
            # A refusal that still wrote something is a leak the status code hides.
            failures.append(f"{method} {url} as {persona}: refused but changed {changed}")
    assert not failures, "\n".join(failures)
