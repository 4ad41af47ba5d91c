"""Every URL of the project, requested by every persona with every method that matters.

The URL list comes from the resolver, so a new page is covered the moment it is routed: it
fails here, naming itself, until it has an entry in tests/hardening/matrix.py.
"""

from functools import cached_property

import pytest
from django.test import Client
from django.urls import reverse

from planner.access import plan_access_for_user
from planner.models import Invitation, MemberRole, PlanMember, PlanPartner
from planner.services import invitation_create
from tests.hardening.matrix import ALLOWED, ALLOWED_STATUSES, LOGIN, MATRIX, PERSONAS
from tests.hardening.urlwalk import all_routes
from tests.helpers import changed_tables, snapshot, state_models

ROUTES = all_routes()
METHODS = ("GET", "POST", "DELETE")


class World:
    """The real objects URL arguments are built from, made on first use."""

    def __init__(self, plan, personas, orgs):
        self.plan = plan
        self.personas = personas
        self.orgs = orgs
        self.lead = personas["police_lead"]

    def access(self, user=None):
        return plan_access_for_user(user or self.lead, self.plan.pk, for_change=True)

    @cached_property
    def invitation_token(self):
        _, token = invitation_create(
            access=self.access(),
            full_name="Ina Invitee",
            email="invitee@fire.test",
            organisation=self.orgs["fire"],
            role=MemberRole.PARTNER_REP,
        )
        return token

    @cached_property
    def invitation_id(self):
        self.invitation_token  # noqa: B018 (made on first use)
        return Invitation.objects.get(plan=self.plan, email="invitee@fire.test").pk

    @cached_property
    def fire_partnership_id(self):
        return PlanPartner.objects.get(plan=self.plan, organisation=self.orgs["fire"]).pk

    @cached_property
    def fire_member_id(self):
        return PlanMember.objects.get(plan=self.plan, user=self.personas["fire_partner"]).pk

    @cached_property
    def sign_off_id(self):
        """The lead organisation's governing-body decision, for the supersede page."""
        from workflows.models import SignOff

        police = self.orgs["police"]
        return SignOff.objects.create(
            plan=self.plan,
            organisation=police,
            body=police.governing_body,
            decision="deferred",
            decided_on="2026-02-01",
            reference="PCC-DN-1",
            recorded_by=self.lead,
            on_behalf=True,
        ).pk

    @cached_property
    def round_kwargs(self):
        return {"plan_id": self.plan.pk, "round_slug": "scoping"}

    @cached_property
    def submitted_fire_assessment_kwargs(self):
        """Fire's scoping assessment, submitted, so the lead has something to reopen."""
        from tests.assessments.factories import submit

        submit(self.plan, self.personas["fire_partner"])
        return {**self.round_kwargs, "org_id": self.orgs["fire"].pk}

    @cached_property
    def characteristic_code(self):
        from assessments.selectors import framework_current, questions_for

        return questions_for(framework_current(), "scoping")[0].characteristic.code

    @cached_property
    def risk_kwargs(self):
        from tests.assessments.risks.factories import RiskFactory

        risk = RiskFactory(plan=self.plan, created_by=self.lead)
        return {"plan_id": self.plan.pk, "risk_id": risk.pk}

    @cached_property
    def benefit_kwargs(self):
        from tests.assessments.risks.factories import BenefitFactory

        benefit = BenefitFactory(plan=self.plan, created_by=self.lead)
        return {"plan_id": self.plan.pk, "benefit_id": benefit.pk}

    @cached_property
    def case_key(self):
        from tests.planner.cases.factories import CaseFactory

        return CaseFactory().key

    @cached_property
    def report_kwargs(self):
        """A rendered version, so preview and download have something to serve."""
        from django.core.files.base import ContentFile
        from django.utils import timezone

        from planner.reports.models import ReportStatus, ReportVersion

        now = timezone.now()
        version = ReportVersion(
            plan=self.plan,
            number=1,
            status=ReportStatus.READY,
            requested_by=self.lead,
            requested_at=now,
            data_as_at=now,
            html="<h1>Report</h1>",
            rendered_at=now,
        )
        version.file.save("report-v1.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
        version.docx_file.save("report-v1.docx", ContentFile(b"PK test"), save=False)
        version.save()
        return {"plan_id": self.plan.pk, "version_id": version.pk}

    @cached_property
    def body_kwargs(self):
        """The fire and rescue authority, which governs a partner of the plan."""
        from planner.models import GoverningBody

        body = GoverningBody.objects.get(organisations=self.orgs["fire"])
        return {"plan_id": self.plan.pk, "body_id": body.pk}

    @cached_property
    def paper_kwargs(self):
        """The lead's draft paper to the fire and rescue authority."""
        from planner.reports.papers import board_paper_start

        paper = board_paper_start(access=self.access(), body_id=self.body_kwargs["body_id"])
        return {"plan_id": self.plan.pk, "paper_id": paper.pk}

    @cached_property
    def notification_id(self):
        from workflows.notifications.models import Kind, Notification

        return Notification.objects.create(
            recipient=self.lead,
            kind=Kind.STAGE_CHANGED,
            plan=self.plan,
            title="Plan moved on",
            url="/",
            dedupe_key="hardening:1",
        ).pk

    @cached_property
    def delivery_id(self):
        from django.utils import timezone

        from workflows.notifications.models import Delivery, DeliveryStatus, Notification

        note = Notification.objects.get(pk=self.notification_id)
        return Delivery.objects.create(
            notification=note,
            recipient=self.lead,
            status=DeliveryStatus.FAILED,
            send_after=timezone.now(),
        ).pk


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
