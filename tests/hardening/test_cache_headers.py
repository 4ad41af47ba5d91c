"""No page of the service is kept by a browser or a proxy cache; static assets still are.

Plan pages, previews and OFFICIAL-SENSITIVE report downloads must not be left in a shared
computer's browser cache or a proxy, so every response the application itself makes (not the
static files WhiteNoise serves) says `Cache-Control: private, no-store`.
"""

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.hardening.matrix import MATRIX
from tests.hardening.test_access_matrix import ROUTES, World

NO_STORE = "private, no-store"


def not_stored(response) -> bool:
    """Private and no-store, whatever else the view added (never_cache adds no-cache etc.)."""
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


PAGES = [r for r in ROUTES if r.name in MATRIX and "GET" in MATRIX[r.name].methods]


@pytest.fixture
def world(plan, personas, orgs):
    return World(plan, personas, orgs)


@pytest.mark.django_db
@pytest.mark.parametrize("route", PAGES, ids=lambda r: r.name)
def test_every_page_and_download_for_a_signed_in_person_is_private_and_not_stored(
    route, world, personas
):
    client = Client()
    client.force_login(personas["police_lead"])
    url = reverse(route.name, kwargs=MATRIX[route.name].kwargs(world))
    response = client.get(url)
    assert response["Cache-Control"] == NO_STORE, f"{url} answered {response.status_code}"


@pytest.mark.django_db
def test_an_official_sensitive_report_download_is_not_stored(world, personas):
    client = Client()
    client.force_login(personas["council_viewer"])
    response = client.get(reverse("report_download", kwargs=world.report_kwargs))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == NO_STORE


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["login", "password_reset"])
def test_open_pages_with_a_csrf_token_are_not_stored_either(name):
    response = Client().get(reverse(name))
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert not_stored(response)


@pytest.mark.django_db
def test_an_invitation_link_page_is_not_stored(world):
    response = Client().get(reverse("invitation_accept", args=[world.invitation_token]))
    assert not_stored(response)


@pytest.mark.django_db
def test_a_view_cannot_make_a_signed_in_response_public(police_lead):
    from config.security import NoStoreMiddleware

    def careless_view(request):
        response = HttpResponse("plan")
        response["Cache-Control"] = "public, max-age=3600"
        return response

    request = RequestFactory().get("/")
    request.user = police_lead
    response = NoStoreMiddleware(careless_view)(request)
    assert response["Cache-Control"] == NO_STORE


@pytest.mark.django_db
def test_static_assets_keep_their_public_cache_headers(settings, police_lead):
    # WhiteNoise serves from the finders here, as it does from STATIC_ROOT after collectstatic.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()
    client.force_login(police_lead)
    response = client.get("/static/app.css")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "max-age" in response["Cache-Control"]
    assert "no-store" not in response["Cache-Control"]
