"""Browsing, access, pinning and proposing, as the personas see them."""

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planner.cases.models import Case, CaseStatus, PlanCase, PlanCaseDecision, Provenance
from planner.cases.panels import cases_section
from planner.context import PlanContext
from planner.models import CollaborationType, Stage
from planner.plugins import REPORT_OUTLINE, report_sections
from tests.factories import UserFactory
from tests.planner.cases.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(db):
    return UserFactory(email="admin@planner.test", organisation=None, is_staff=True)


@pytest.fixture
def library(db):
    return {
        "published": CaseFactory(
            key="shared-hq",
            title="Shared police and fire headquarters",
            collaboration_type=CollaborationType.PREMISES,
            services=["police", "fire"],
            region="South East",
            start_year=2015,
            summary="Police moved into the fire headquarters.",
        ),
        "control": CaseFactory(
            key="control-room",
            title="Joint control room",
            collaboration_type=CollaborationType.CONTACT,
            services=["police", "fire", "ambulance"],
            region="North West",
            start_year=2014,
            summary="One control room for 999 calls.",
        ),
        "draft": CaseFactory(key="draft-case", title="Draft scheme", status=CaseStatus.DRAFT),
        "proposed": CaseFactory(
            key="proposed-case",
            title="Proposed scheme",
            status=CaseStatus.PROPOSED,
            provenance=Provenance.CONTRIBUTED_FROM_PLAN,
        ),
    }


def _titles(response):
    return [case.title for case in response.context["page"]]


def test_anyone_signed_in_may_browse_published_cases(client_for, outsider, library):
    client = client_for(outsider)
    response = client.get(reverse("case_list"))
    assert response.status_code == 200
    assert _titles(response) == ["Joint control room", "Shared police and fire headquarters"]
    assert client.get(reverse("case_detail", args=["shared-hq"])).status_code == 200


def test_people_who_are_not_signed_in_are_sent_to_sign_in(client, library):
    response = client.get(reverse("case_detail", args=["shared-hq"]))
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response.url


@pytest.mark.parametrize("key", ["draft-case", "proposed-case"])
def test_drafts_and_proposals_are_404_to_everyone_but_administrators(
    client_for, police_lead, administrator, library, key
):
    assert client_for(police_lead).get(reverse("case_detail", args=[key])).status_code == 404
    assert client_for(administrator).get(reverse("case_detail", args=[key])).status_code == 200


def test_administrators_see_drafts_and_proposals_in_the_list(client_for, administrator, library):
    response = client_for(administrator).get(reverse("case_list"), {"status": "proposed"})
    assert _titles(response) == ["Proposed scheme"]
    assert len(_titles(client_for(administrator).get(reverse("case_list")))) == 4


def test_a_non_administrator_cannot_list_drafts_by_asking(client_for, police_lead, library):
    response = client_for(police_lead).get(reverse("case_list"), {"status": "draft"})
    assert "Draft scheme" not in _titles(response)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"collaboration_type": "sharing_premises"}, ["Shared police and fire headquarters"]),
        ({"service": "ambulance"}, ["Joint control room"]),
        ({"region": "North West"}, ["Joint control room"]),
        ({"year": "2015"}, ["Shared police and fire headquarters"]),
        ({"q": "control room"}, ["Joint control room"]),
        ({"q": "headquarters", "service": "fire"}, ["Shared police and fire headquarters"]),
        ({"q": "coastguard"}, []),
    ],
)
def test_the_library_filters_and_searches(client_for, police_lead, library, params, expected):
    assert _titles(client_for(police_lead).get(reverse("case_list"), params)) == expected


def test_the_library_list_query_count_does_not_grow(client_for, police_lead, library):
    client = client_for(police_lead)
    client.get(reverse("case_list"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("case_list"), {"q": "police"})
    for i in range(30):
        CaseFactory(key=f"more-{i}", summary="Another police scheme.")
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("case_list"), {"q": "police"})
    assert len(small.captured_queries) == len(large.captured_queries)


def test_the_header_has_a_case_library_link(client_for, police_lead):
    response = client_for(police_lead).get(reverse("dashboard"))
    assert f'href="{reverse("case_list")}"' in response.content.decode()
    assert "Case library" in response.content.decode()


def test_the_lead_sees_suggestions_with_reasons(client_for, police_lead, plan, library):
    response = client_for(police_lead).get(reverse("plan_cases", args=[plan.pk]))
    assert response.status_code == 200
    first = response.context["suggestions"][0].match
    assert first.key == "shared-hq"
    assert "same type: sharing premises" in response.content.decode()


def test_the_lead_pins_a_case_and_finds_it_on_the_plan_and_in_the_report(
    client_for, police_lead, plan, library
):
    client = client_for(police_lead)
    case = library["published"]
    response = client.post(
        reverse("plan_cases", args=[plan.pk]),
        {"action": "pin", "case_id": case.pk, "lessons_note": "Agree the cost split first."},
    )
    assert response.status_code == 302
    link = PlanCase.objects.get(plan=plan, case=case)
    assert (link.decision, link.decided_by) == (PlanCaseDecision.PINNED, police_lead)
    page = client.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert "Shared police and fire headquarters" in page
    assert "Agree the cost split first." in page
    assert [link.lessons_note for link in cases_section(PlanContext.for_plan(plan))["pinned"]] == [
        "Agree the cost split first."
    ]
    section = next(s for s in report_sections() if s.key == "cases")
    assert section.five_case == "appendix"
    assert REPORT_OUTLINE.index("cases") > REPORT_OUTLINE.index("decision_log")
    html = render_to_string(
        section.template,
        {**section.context(PlanContext.for_plan(plan)), "heading": "Appendix E: Comparable"},
    )
    assert "<h2>Appendix E: Comparable</h2>" in html
    assert "Agree the cost split first." in html


def test_pinning_without_a_note_is_refused_with_a_message(client_for, police_lead, plan, library):
    response = client_for(police_lead).post(
        reverse("plan_cases", args=[plan.pk]),
        {"action": "pin", "case_id": library["published"].pk, "lessons_note": "  "},
    )
    assert response.status_code == 400
    assert "Write the lessons to apply" in response.content.decode()
    assert not PlanCase.objects.exists()


def test_pinning_a_draft_case_is_refused(client_for, police_lead, plan, library):
    response = client_for(police_lead).post(
        reverse("plan_cases", args=[plan.pk]),
        {"action": "pin", "case_id": library["draft"].pk, "lessons_note": "Something."},
    )
    assert response.status_code == 400
    assert not PlanCase.objects.exists()


def test_the_lead_dismisses_a_suggestion_and_it_stays_dismissed(
    client_for, police_lead, plan, library
):
    client = client_for(police_lead)
    url = reverse("plan_cases", args=[plan.pk])
    client.post(url, {"action": "dismiss", "case_id": library["published"].pk})
    for _ in range(2):
        keys = [s.match.key for s in client.get(url).context["suggestions"]]
        assert "shared-hq" not in keys


@pytest.mark.parametrize(
    ("persona", "status"),
    [("outsider", 404), ("council_viewer", 403), ("fire_partner", 403)],
)
def test_only_the_lead_may_pin_or_dismiss(client_for, personas, plan, library, persona, status):
    client = client_for(personas[persona])
    url = reverse("plan_cases", args=[plan.pk])
    for data in (
        {"action": "pin", "case_id": library["published"].pk, "lessons_note": "x"},
        {"action": "dismiss", "case_id": library["published"].pk},
    ):
        assert client.post(url, data).status_code == status
    assert not PlanCase.objects.exists()


def test_an_outsider_cannot_see_a_plans_suggestions(client_for, outsider, plan, library):
    assert client_for(outsider).get(reverse("plan_cases", args=[plan.pk])).status_code == 404


def test_the_plan_cases_page_query_count_does_not_grow(client_for, police_lead, plan, library):
    client = client_for(police_lead)
    url = reverse("plan_cases", args=[plan.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(40):
        CaseFactory(
            key=f"more-{i}",
            collaboration_type=CollaborationType.PREMISES,
            services=["police", "fire"],
        )
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small.captured_queries) == len(large.captured_queries)


def _close(plan):
    type(plan).objects.filter(pk=plan.pk).update(stage=Stage.CLOSED)
    plan.refresh_from_db()


def _proposal(response):
    data = {k: v for k, v in response.context["form"].initial.items() if v is not None}
    data["benefits"] = "Running costs down by a fifth."
    data["lessons"] = "Agree the cost split before the move."
    return data


def test_a_plan_that_is_not_closed_cannot_be_proposed(client_for, police_lead, plan):
    client = client_for(police_lead)
    url = reverse("plan_case_propose", args=[plan.pk])
    data = _proposal(client.get(url))
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Only a closed or withdrawn plan" in response.content.decode()
    assert not Case.objects.exists()


def test_the_lead_proposes_a_closed_plan_and_an_administrator_publishes_it(
    client_for, police_lead, fire_partner, administrator, plan, rf
):
    _close(plan)
    client = client_for(police_lead)
    url = reverse("plan_case_propose", args=[plan.pk])
    response = client.get(url)
    initial = response.context["form"].initial
    assert initial["title"] == plan.title
    assert initial["collaboration_type"] == plan.collaboration_type
    assert initial["services"] == ["ambulance", "fire", "local_authority", "police"]
    assert initial["organisations"].splitlines()[0] == "Testshire Police"
    assert client.post(url, _proposal(response)).status_code == 302
    case = Case.objects.get()
    assert (case.status, case.provenance, case.source_plan) == (
        CaseStatus.PROPOSED,
        Provenance.CONTRIBUTED_FROM_PLAN,
        plan,
    )
    assert case.lessons == "Agree the cost split before the move."
    detail = reverse("case_detail", args=[case.key])
    assert client_for(fire_partner).get(detail).status_code == 404
    # A second proposal of the same plan (from a page opened before the first) is a conflict.
    assert client_for(police_lead).post(url, _proposal(response)).status_code == 409
    assert Case.objects.count() == 1
    # The administrator publishes it with the admin action.
    request = rf.post("/admin/cases/case/")
    request.user = administrator
    request._messages = []

    class Messages(list):
        def add(self, level, message, extra_tags=""):
            self.append(message)

    request._messages = Messages()
    site._registry[Case].publish(request, Case.objects.all())
    assert Case.objects.get().status == CaseStatus.PUBLISHED
    assert client_for(fire_partner).get(detail).status_code == 200


def test_only_the_lead_may_propose(client_for, personas, plan):
    _close(plan)
    url = reverse("plan_case_propose", args=[plan.pk])
    assert client_for(personas["fire_partner"]).get(url).status_code == 403
    assert client_for(personas["council_viewer"]).get(url).status_code == 403
    assert client_for(personas["outsider"]).get(url).status_code == 404
