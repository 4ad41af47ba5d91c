"""Hostile input on every form: never a 500, never a partial write, oversized posts refused.

The forms are found from the access matrix (every URL that accepts POST), so a new form is
attacked as soon as its URL has a matrix entry. Each is posted a fixed, derandomised set of
generated bodies by the person most able to change things (the project lead; anonymous on
open pages): the field names and offered values scraped from the page's own form, mixed with
text of every kind, huge strings, wrong types, missing fields and unknown fields.
"""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hardening.matrix import MATRIX
from tests.hardening.test_access_matrix import ROUTES, World
from tests.helpers import assert_unchanged, row_counts, snapshot, state_models

EXAMPLES_PER_FORM = 25
SUCCESS = {301, 302, 303}

FORM_ROUTES = [r for r in ROUTES if r.name in MATRIX and "POST" in MATRIX[r.name].methods]

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "99999999999999999999999999",
    "2026-02-30",
    "31/12/2026",
    "null",
    "[]",
    "{}",
    "true",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "\x00",
    "a\x00b",
    "\u202egnp.exe",
    "😀" * 50,
    "Ā" * 300,
    "\r\n\r\n",
]

FIELD = re.compile(r"<(input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", re.IGNORECASE)
OPTION = re.compile(r"<option\b[^>]*\bvalue=\"([^\"]*)\"", re.IGNORECASE)
VALUE = re.compile(r"\bvalue=\"([^\"]*)\"", re.IGNORECASE)


def form_fields(html: str) -> dict[str, set[str]]:
    """Field names in the page's forms, with the values the page offers for each."""
    fields: dict[str, set[str]] = {}
    for match in FIELD.finditer(html):
        tag, name = match.group(1).lower(), unescape(match.group(2))
        if name == "csrfmiddlewaretoken":
            continue
        offered = fields.setdefault(name, set())
        if tag == "select":
            rest = html[match.end() : html.find("</select>", match.end())]
            offered.update(unescape(v) for v in OPTION.findall(rest))
        else:
            element = html[match.start() : html.find(">", match.start())]
            offered.update(unescape(v) for v in VALUE.findall(element))
    return fields


def value_for(offered: set[str]):
    generic = st.one_of(
        st.text(max_size=40),
        st.sampled_from(NASTY),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.builds(lambda ch, n: ch * n, st.characters(), st.integers(2_000, 300_000)),
        st.lists(st.text(max_size=10), min_size=2, max_size=4),
    )
    if offered:
        return st.one_of(st.sampled_from(sorted(offered)), generic)
    return generic


@st.composite
def hostile_body(draw, fields: dict[str, set[str]]):
    body = {}
    for name, offered in fields.items():
        if draw(st.booleans()) or draw(st.booleans()):  # a quarter of fields left out
            body[name] = draw(value_for(offered))
    extras = draw(
        st.dictionaries(st.text(min_size=1, max_size=20), st.text(max_size=20), max_size=3)
    )
    for key, value in extras.items():
        body.setdefault(key, value)
    return body


@pytest.fixture
def world(plan, personas, orgs):
    return World(plan, personas, orgs)


@pytest.mark.django_db
@pytest.mark.parametrize("route", FORM_ROUTES, ids=lambda r: r.name)
def test_hostile_posts_never_crash_and_never_write_half_a_change(route, world, personas):
    entry = MATRIX[route.name]
    client = Client()
    if entry.scope != "open":
        client.force_login(personas["police_lead"])
    url = reverse(route.name, kwargs=entry.kwargs(world))
    fields = {name: {str(value)} for name, value in entry.data(world).items()}
    if "GET" in entry.methods:
        page = client.get(url)
        if page.status_code == 200:
            for name, offered in form_fields(page.content.decode()).items():
                fields.setdefault(name, set()).update(offered)

    @settings(
        max_examples=EXAMPLES_PER_FORM,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(body=hostile_body(fields))
    def post_it(body):
        before = row_counts()
        response = client.post(url, body)
        assert response.status_code < 500, f"{route.name} answered {response.status_code}"
        if response.status_code not in SUCCESS:
            after = row_counts()
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
            assert not changed, (
                f"{route.name} refused the post ({response.status_code}) but wrote {changed}"
            )

    post_it()


OVERSIZED = "x" * (3 * 1024 * 1024)


@pytest.mark.django_db
@pytest.mark.parametrize("enforce_csrf", [False, True], ids=["view", "csrf-middleware"])
def test_an_oversized_post_is_refused_with_a_clear_page_and_saves_nothing(
    enforce_csrf, police_lead
):
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.force_login(police_lead)
    # As a browser would: the form page sets the CSRF cookie, the post carries the token, so
    # with checks on it is the CSRF middleware that first reads (and refuses) the body.
    client.get(reverse("plan_create"))
    token = client.cookies["csrftoken"].value
    before = row_counts()
    response = client.post(
        reverse("plan_create"),
        {"csrfmiddlewaretoken": token, "title": "Huge", "summary": OVERSIZED},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "too large" in text
    assert "Nothing was saved" in text
    assert "at most 2 MB" in text
    assert "Your account" in text  # the full page, rendered for the signed-in person
    assert row_counts() == before


@pytest.mark.django_db
def test_a_post_with_thousands_of_fields_is_refused(police_lead):
    client = Client()
    client.force_login(police_lead)
    before = snapshot(*state_models())
    response = client.post(reverse("plan_create"), {f"f{i}": "x" for i in range(3000)})
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert_unchanged(before)
