"""The service's own pages (accessibility statement, privacy notice, cookies): open to anyone,
linked from every page's footer; the phase banner's feedback link; e-mail links built from
SITE_URL; and the page frame that keeps every piece of content inside a landmark."""

import re
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse

from planner.models import Invitation
from tests.config.test_settings import production_env, run_manage
from tests.factories import PASSWORD, PlanFactory
from tests.hardening.matrix import MATRIX
from tests.hardening.urlwalk import all_routes
from tests.hardening.world import World
from tests.helpers import assert_unchanged, count_queries, snapshot

pytestmark = pytest.mark.django_db

SERVICE_PAGES = ("accessibility", "privacy", "cookies")
SITE = "https://planner.example.gov.uk"


class Frame(HTMLParser):
    """What a page's frame holds: its landmarks, headings and footer links, and any text or
    control found outside a landmark (the skip link excepted, as axe-core excepts it)."""

    LANDMARKS = {"header", "main", "footer", "nav", "aside"}
    VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr", "area", "col"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.counts = {"main": 0, "h1": 0}
        self.outside: list[str] = []
        self.footer_links: list[tuple[str, str]] = []
        self._link: str | None = None
        self._link_text = ""

    def _in(self, tag):
        return any(name == tag for name, _ in self.stack)

    def _in_landmark(self):
        return any(landmark for _, landmark in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.counts:
            self.counts[tag] += 1
        control = tag in ("button", "input", "select", "textarea", "a")
        skip_link = "govuk-skip-link" in (attrs.get("class") or "")
        if control and not skip_link and not self._in_landmark():
            self.outside.append(f"<{tag}>")
        if tag == "a" and self._in("footer"):
            self._link, self._link_text = attrs.get("href"), ""
        if tag not in self.VOID:
            landmark = tag in self.LANDMARKS or (
                attrs.get("role") == "region" and bool(attrs.get("aria-labelledby"))
            )
            self.stack.append((tag, landmark))

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.footer_links.append((" ".join(self._link_text.split()), self._link))
            self._link = None
        while self.stack:
            name, _ = self.stack.pop()
            if name == tag:
                break

    def handle_data(self, data):
        if self._link is not None:
            self._link_text += data
        inside_body = self._in("body") and not self._in("script") and not self._in("a")
        if data.strip() and inside_body and not self._in_landmark():
            self.outside.append(data.strip()[:60])


def frame_of(response) -> Frame:
    frame = Frame()
    frame.feed(response.content.decode())
    return frame


def assert_framed(response, label):
    """One <main>, one <h1>, nothing outside a landmark, and the three footer links."""
    frame = frame_of(response)
    assert frame.counts == {"main": 1, "h1": 1}, f"{label}: {frame.counts}"
    assert frame.outside == [], f"{label}: content outside every landmark: {frame.outside}"
    assert frame.footer_links[:3] == [
        ("Accessibility statement", "/accessibility/"),
        ("Privacy notice", "/privacy/"),
        ("Cookies", "/cookies/"),
    ], f"{label}: {frame.footer_links}"


@pytest.mark.parametrize("name", SERVICE_PAGES)
def test_a_service_page_opens_without_signing_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_framed(response, name)


@pytest.mark.parametrize("name", SERVICE_PAGES)
def test_a_service_page_opens_signed_in_too(client_for, police_lead, name):
    response = client_for(police_lead).get(reverse(name))
    assert response.status_code == 200
    assert b"Signed in as Pat Lead" in response.content
    assert_framed(response, name)


def test_every_kind_of_page_has_the_footer_links_and_keeps_its_content_in_landmarks(
    client, client_for, police_lead, plan
):
    anonymous = {
        "sign-in": client.get(reverse("login")),
        "password reset": client.get(reverse("password_reset")),
    }
    for label, response in anonymous.items():
        assert response.status_code == 200, label
        assert_framed(response, label)
    signed_in = client_for(police_lead)
    pages = {
        "dashboard": reverse("dashboard"),
        "account": reverse("account"),
        "plan": reverse("plan_detail", args=[plan.pk]),
        # A page with a back link above <main>: it sits in the header's banner landmark.
        "history": reverse("plan_history", args=[plan.pk]),
        "not found": "/plans/999999/",
    }
    for label, url in pages.items():
        response = signed_in.get(url)
        assert response.status_code in (200, 404), label
        assert_framed(response, label)


def test_a_refusal_page_has_the_frame_too(client_for, council_viewer, plan):
    response = client_for(council_viewer).get(reverse("plan_edit", args=[plan.pk]))
    assert response.status_code == 403
    assert_framed(response, "403")


def test_the_server_error_page_keeps_its_content_in_landmarks_and_links_the_service_pages():
    frame = Frame()
    frame.feed(render_to_string("500.html"))
    assert frame.counts == {"main": 1, "h1": 1}
    assert frame.outside == []
    assert [href for _, href in frame.footer_links] == ["/accessibility/", "/privacy/", "/cookies/"]


def test_the_service_pages_read_nothing_of_their_own_from_the_database(
    client, client_for, police_lead, plan
):
    """Signed out they run no query; signed in, only what every page's frame reads (the
    session, the person, the header's badges), however many plans the person has."""
    assert [count_queries(client, reverse(name)) for name in SERVICE_PAGES] == [0, 0, 0]
    signed_in = client_for(police_lead)
    counts = {count_queries(signed_in, reverse(name)) for name in SERVICE_PAGES}
    assert len(counts) == 1
    for _ in range(3):
        PlanFactory(created_by=police_lead)
    assert {count_queries(signed_in, reverse(name)) for name in SERVICE_PAGES} == counts


def test_the_accessibility_statement_names_the_standard_the_gaps_the_contact_and_the_dates(
    client, settings
):
    settings.SUPPORT_EMAIL = "help@planner.example.gov.uk"
    text = client.get(reverse("accessibility")).content.decode()
    assert "WCAG" in text and "2.2 at level AA" in text
    assert "PDF" in text and "Word copy" in text and "preview of a board paper" in text
    assert 'href="mailto:help@planner.example.gov.uk"' in text
    assert "Equality and Human Rights Commission" in text
    assert "Equality Commission for Northern Ireland" in text
    assert "prepared on 1 December 2026" in text and "last reviewed on" in text


def test_the_privacy_notice_names_the_controller_the_records_the_periods_and_the_ico(
    client, settings
):
    settings.SERVICE_OPERATOR = "Testshire Blue Light Collaboration Unit"
    text = client.get(reverse("privacy")).content.decode()
    assert "The data controller is Testshire Blue Light Collaboration Unit" in text
    for words in ("public task", "decision log", "failed attempt", "e-mail we tried to send"):
        assert words in text
    assert "7 years after the plan is closed or withdrawn" in text
    # No retention job exists yet, and the notice says so rather than implying one does.
    assert "does not yet delete records automatically" in text
    assert "partner organisations" in text
    assert "Information Commissioner" in text and "ico.org.uk" in text


def test_the_cookies_page_names_the_cookies_the_settings_name(client, settings):
    settings.SESSION_COOKIE_NAME = "planner_session"
    settings.CSRF_COOKIE_NAME = "planner_csrf"
    text = client.get(reverse("cookies")).content.decode()
    assert "<code>planner_session</code>" in text and "<code>planner_csrf</code>" in text
    assert "<code>messages</code>" in text
    assert "no cookie banner" in text
    assert "after 30 minutes" in text and "8 hours" in text and "52 weeks" in text


def test_every_cookie_the_service_sets_while_someone_signs_in_is_on_the_cookies_page(
    client, police_lead
):
    client.get(reverse("login"))
    response = client.post(
        reverse("login"), {"username": "lead@police.test", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200 and response.wsgi_request.user.is_authenticated
    client.post(reverse("logout"), follow=True)
    listed = set(re.findall(r"<code>([^<]+)</code>", client.get(reverse("cookies")).text))
    assert set(client.cookies) <= listed, set(client.cookies) - listed


def test_the_phase_banner_asks_for_feedback_by_e_mail_to_support_by_default(client):
    html = client.get(reverse("login")).content.decode()
    banner = html[
        html.index("govuk-phase-banner__text") : html.index(
            "</span>", html.index("govuk-phase-banner__text")
        )
    ]
    assert "This is a new service. Help us improve it and" in banner
    assert 'href="mailto:support@localhost?subject=Feedback%20on%20the%20Blue%20Light' in banner
    assert "give your feedback by e-mail" in banner
    assert "target=" not in banner


@override_settings(FEEDBACK_URL="https://forms.example.gov.uk/planner-feedback")
def test_a_feedback_survey_opens_in_a_new_tab_and_says_so(client):
    html = client.get(reverse("login")).content.decode()
    assert (
        '<a class="govuk-link" href="https://forms.example.gov.uk/planner-feedback" '
        'target="_blank" rel="noopener noreferrer">give your feedback (opens in new tab)</a>'
    ) in html


@override_settings(SITE_URL=SITE)
def test_the_invitation_e_mail_links_to_the_configured_site_address(
    client_for, police_lead, plan, orgs, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to("2026-03-02 10:00:00+00:00", tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(police_lead).post(
            reverse("plan_invitation_create", args=[plan.pk]),
            {
                "full_name": "Nia New",
                "email": "nia@fire.test",
                "organisation": orgs["fire"].pk,
                "role": "partner_rep",
            },
        )
    assert response.status_code == 302
    assert Invitation.objects.filter(email="nia@fire.test").exists()
    (message,) = mail.outbox
    links = re.findall(r"https?://\S+", message.body)
    assert links and all(link.startswith(f"{SITE}/invitations/") for link in links), links


@override_settings(SITE_URL=SITE + "/")
def test_the_password_reset_e_mail_links_to_the_site_address_not_the_request_host(
    client, police_lead, time_machine
):
    time_machine.move_to("2026-03-02 10:00:00+00:00", tick=False)
    client.post(reverse("password_reset"), {"email": "lead@police.test"}, HTTP_HOST="localhost")
    (message,) = mail.outbox
    links = re.findall(r"https?://\S+", message.body)
    assert links and all(link.startswith(f"{SITE}/accounts/reset/") for link in links), links


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"SUPPORT_EMAIL": "support at example"}, "SUPPORT_EMAIL"),
        ({"FEEDBACK_URL": "javascript:alert(1)"}, "FEEDBACK_URL"),
    ],
)
def test_production_refuses_a_bad_support_address_or_feedback_link(changes, named):
    result = run_manage(["check"], **production_env(**changes))
    assert result.returncode != 0
    assert named in result.stderr


def test_production_without_a_support_address_or_operator_starts_and_prints_no_placeholder():
    """A deployment made before these settings existed keeps serving; its pages must not
    print the development placeholders as if they were real."""
    code = (
        "from django.conf import settings; "
        "print(repr(settings.SUPPORT_EMAIL), repr(settings.SERVICE_OPERATOR), "
        "settings.FEEDBACK_URL)"
    )
    result = run_manage(
        ["shell", "-c", code], **production_env(SUPPORT_EMAIL=None, SERVICE_OPERATOR=None)
    )
    assert result.returncode == 0, result.stderr
    # The last line: Django 5.2's shell first says how many objects it imported.
    assert result.stdout.splitlines()[-1].split() == [
        "''",
        "''",
        "/accessibility/#reporting-a-problem",
    ]


def test_a_service_page_refuses_a_post_and_changes_nothing(client_for, police_lead, plan):
    before = snapshot(Invitation, plan)
    response = client_for(police_lead).post(reverse("privacy"), {"anything": "x"})
    assert response.status_code == 405
    assert_unchanged(before)


# The board paper's HTML (what the printer is given, shown as a preview) is a document of its
# own, not a page of the service: it has no header or footer, and a heading 1 per part.
OWN_DOCUMENTS = {"report_live_preview", "report_version_preview"}


def test_every_page_in_the_access_matrix_keeps_its_content_in_landmarks(plan, personas, orgs):
    """Every GET page of the access matrix that answers with HTML, as the lead and signed
    out: one <main>, one <h1>, nothing outside a landmark, the footer's three links."""
    world = World(plan, personas, orgs)
    checked, problems, built = 0, [], {}
    for route in all_routes():
        entry = MATRIX[route.name]
        if "GET" not in entry.methods or route.name in OWN_DOCUMENTS:
            continue
        # Entries sharing a builder share its objects (the condition pages make one sign-off).
        if entry.kwargs not in built:
            built[entry.kwargs] = entry.kwargs(world)
        url = reverse(route.name, kwargs=built[entry.kwargs])
        for persona in ("police_lead", "anonymous"):
            client = Client()
            if persona != "anonymous":
                client.force_login(personas[persona])
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            checked += 1
            frame = frame_of(response)
            if frame.counts != {"main": 1, "h1": 1} or frame.outside:
                problems.append(f"{url} ({persona}): {frame.counts} outside={frame.outside[:3]}")
            elif [text for text, _ in frame.footer_links[:3]] != [
                "Accessibility statement",
                "Privacy notice",
                "Cookies",
            ]:
                problems.append(f"{url} ({persona}): footer {frame.footer_links}")
    assert checked > 50  # the walk really reached the pages
    assert not problems, "\n".join(problems)
