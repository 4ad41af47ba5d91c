"""Personas and shared fixtures.

Access tests read as sentences: "an outsider gets 404 on the plan". The personas:
- police_lead: project lead, Testshire Police (the lead organisation)
- fire_partner: partner representative, Testshire Fire and Rescue Service
- ambulance_rep: partner representative, Testshire Ambulance Service NHS Trust
- council_viewer: read-only member, Testshire County Council
- fire_approver, ambulance_approver, council_approver: their organisations' governance
  approvers, the only people who record their governing bodies' decisions (the tests that
  need them give them the role)
- outsider: a superintendent in another force, on no shared plan
"""

import os

import pytest
from django.conf import settings
from django.db import connection

from planner.models import MemberRole, OrganisationKind
from tests.factories import OrganisationFactory, PlanFactory, UserFactory, add_partner


def pytest_report_header(config):
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = settings.REDIS_URL or "none (Celery tasks run in-process)"
    return [f"database engine: {engine}", f"celery broker: {broker}"]


def pytest_configure(config):
    # In CI every service must be there: a test must never be skipped for lack of one.
    if os.environ.get("CI") and not (
        os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")
    ):
        raise pytest.UsageError("CI runs need DATABASE_URL (PostgreSQL) and REDIS_URL set.")


def pytest_terminal_summary(terminalreporter):
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    terminalreporter.write_line(
        f"ran against database engine {engine}, broker {settings.REDIS_URL or 'in-process'}"
    )


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def orgs(db):
    return {
        "police": OrganisationFactory(
            name="Testshire Police",
            kind=OrganisationKind.POLICE,
            governing_body="Testshire Police and Crime Commissioner",
        ),
        "fire": OrganisationFactory(
            name="Testshire Fire and Rescue Service",
            kind=OrganisationKind.FIRE,
            governing_body="Testshire Fire and Rescue Authority",
        ),
        "ambulance": OrganisationFactory(
            name="Testshire Ambulance Service NHS Trust",
            kind=OrganisationKind.AMBULANCE,
            governing_body="Trust board",
        ),
        "council": OrganisationFactory(
            name="Testshire County Council",
            kind=OrganisationKind.LOCAL_AUTHORITY,
            governing_body="Council cabinet",
        ),
        "other_force": OrganisationFactory(
            name="Otherton Constabulary",
            kind=OrganisationKind.POLICE,
            governing_body="Otherton Police and Crime Commissioner",
        ),
    }


@pytest.fixture
def police_lead(orgs):
    return UserFactory(email="lead@police.test", full_name="Pat Lead", organisation=orgs["police"])


@pytest.fixture
def fire_partner(orgs):
    return UserFactory(email="rep@fire.test", full_name="Fran Fire", organisation=orgs["fire"])


@pytest.fixture
def ambulance_rep(orgs):
    return UserFactory(
        email="rep@ambulance.test", full_name="Amal Ambulance", organisation=orgs["ambulance"]
    )


@pytest.fixture
def council_viewer(orgs):
    return UserFactory(
        email="viewer@council.test", full_name="Cal Council", organisation=orgs["council"]
    )


@pytest.fixture
def fire_approver(orgs):
    return UserFactory(
        email="approver@fire.test", full_name="Fay Authority", organisation=orgs["fire"]
    )


@pytest.fixture
def ambulance_approver(orgs):
    return UserFactory(
        email="approver@ambulance.test", full_name="Abe Board", organisation=orgs["ambulance"]
    )


@pytest.fixture
def council_approver(orgs):
    return UserFactory(
        email="approver@council.test", full_name="Cora Cabinet", organisation=orgs["council"]
    )


@pytest.fixture
def outsider(orgs):
    return UserFactory(
        email="super@otherton.test", full_name="Oli Outsider", organisation=orgs["other_force"]
    )


@pytest.fixture
def personas(police_lead, fire_partner, ambulance_rep, council_viewer, outsider):
    return {
        "police_lead": police_lead,
        "fire_partner": fire_partner,
        "ambulance_rep": ambulance_rep,
        "council_viewer": council_viewer,
        "outsider": outsider,
    }


@pytest.fixture
def plan(personas):
    """A scoping plan led by police with fire, ambulance and a read-only council member."""
    plan = PlanFactory(
        created_by=personas["police_lead"], title="Shared station", reference="TST-PLAN"
    )
    add_partner(plan, personas["fire_partner"])
    add_partner(plan, personas["ambulance_rep"])
    add_partner(plan, personas["council_viewer"], member_role=MemberRole.READ_ONLY)
    return plan


@pytest.fixture
def client_for(client):
    """Sign a test client in as a persona: client_for(user)."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def workflow_gates_only(monkeypatch):
    """Keep only the gate checks owned by planner/workflows.

    Other apps (assessments, risks) add their own checks to the same gates and test them
    in their own suites; here we test the stage machine and its own evidence.
    """
    from tests.helpers import keep_gate_checks

    keep_gate_checks(monkeypatch, "workflows.checks")


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, one per test session.

    One session-wide instance: Playwright's sync API cannot run two event loops in a thread,
    so every browser test (journeys, the CSP check) shares this one.
    """
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the live server's database
    # work happens in its own thread, and fixtures' ORM calls are safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium.")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()
