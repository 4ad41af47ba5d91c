"""Results, trend and panel pages, the SVG charts, the report sections and the demo."""

import xml.etree.ElementTree as ET
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from assessments import demo as assessments_demo
from assessments.charts import heatmap_svg, radar_svg, trend_svg
from assessments.models import Assessment, HealthCheck
from assessments.reports import appendix_section, readiness_section
from assessments.scoring import OrgRatings, aggregate
from assessments.selectors import Round, round_state
from planner import demo as planner_demo
from planner.context import PlanContext
from planner.models import MemberRole, Plan
from planner.plugins import REPORT_OUTLINE, report_sections
from tests.assessments.factories import submit
from tests.factories import UserFactory, add_partner
from tests.helpers import assert_unchanged, snapshot, state_models

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def _agg():
    return aggregate(
        ["a", "b", "c"],
        [
            OrgRatings("Police <HQ>", {"a": 5, "b": 4, "c": None}),
            OrgRatings("Fire & Rescue", {"a": 2, "b": 4}),
        ],
    )


@pytest.mark.parametrize("chart", [radar_svg, heatmap_svg])
def test_charts_are_well_formed_accessible_svg_with_escaped_text(chart):
    svg = chart(
        _agg(), {"a": "Shared vision", "b": "Trust", "c": "Funding"}, chart_id="x", title="T"
    )
    root = ET.fromstring(svg)  # noqa: S314 (our own output, parsed to check it is well formed)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-labelledby") == "x-title x-desc"
    assert root.find(f"{SVG}title").text == "T"
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Fire & Rescue" in texts or chart is heatmap_svg
    assert "style=" not in svg and "<script" not in svg


def test_trend_chart_has_a_point_per_round_and_the_threshold():
    svg = trend_svg(
        [("Scoping assessment", 55), ("Health check 1", 80)], 60, chart_id="t", title="T"
    )
    root = ET.fromstring(svg)  # noqa: S314 (our own output, parsed to check it is well formed)
    assert len(root.findall(f"{SVG}circle")) == 2
    assert "Threshold 60" in " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


def test_results_page_shows_charts_tables_and_the_disagreement(
    plan, police_lead, fire_partner, ambulance_rep, client_for
):
    submit(plan, police_lead, 4)
    submit(plan, fire_partner, 4, shared_vision=1)
    response = client_for(ambulance_rep).get(
        reverse("assessment_results", args=[plan.pk, "scoping"])
    )
    body = unescape(response.content.decode())
    assert response.status_code == 200
    assert body.count('role="img"') == 2
    assert "ratings by characteristic and organisation" in body
    assert "Where the partners disagree" in body and "Not yet discussed" in body
    assert "Testshire Fire and Rescue Service 1; Testshire Police 4" in body
    # Ambulance may add a note; only the lead gets reopen links.
    assert reverse("assessment_discuss", args=[plan.pk, "scoping", "shared_vision"]) in body
    assert "/reopen/" not in body
    lead_body = (
        client_for(police_lead)
        .get(reverse("assessment_results", args=[plan.pk, "scoping"]))
        .content.decode()
    )
    assert "/reopen/" in lead_body


def test_a_partner_records_a_discussion_note_on_the_page(
    plan, police_lead, fire_partner, client_for
):
    submit(plan, police_lead, 4)
    submit(plan, fire_partner, 4, shared_vision=1)
    url = reverse("assessment_discuss", args=[plan.pk, "scoping", "shared_vision"])
    client = client_for(fire_partner)
    before = snapshot(*state_models())
    assert client.post(url, {"note": "  "}).status_code == 400
    assert_unchanged(before)
    assert client.post(url, {"note": "Agreed to redraft the vision together."}).status_code == 302
    body = client.get(reverse("assessment_results", args=[plan.pk, "scoping"])).content.decode()
    assert "Agreed to redraft the vision together." in body
    bad = reverse("assessment_discuss", args=[plan.pk, "scoping", "sustainable_funding"])
    before = snapshot(*state_models())
    assert client.post(bad, {"note": "x"}).status_code == 404
    assert_unchanged(before)


def test_the_lead_justifies_a_low_score_on_the_page(plan, police_lead, fire_partner, client_for):
    submit(plan, police_lead, 4, legal_fit=1)
    url = reverse("assessment_justify", args=[plan.pk, "scoping", "realistic_timetable"])
    assert client_for(fire_partner).get(url).status_code == 403
    client = client_for(police_lead)
    before = snapshot(*state_models())
    assert client.post(url, {"rationale": ""}).status_code == 400
    assert_unchanged(before)
    assert client.post(url, {"rationale": "A new timetable is due."}).status_code == 302
    state = round_state(plan, Round("scoping"))
    assert state.justified["realistic_timetable"].rationale == "A new timetable is due."


def test_health_checks_build_a_trend(
    plan, orgs, police_lead, fire_partner, ambulance_rep, client_for
):
    Plan.objects.filter(pk=plan.pk).update(stage="delivery")
    plan.refresh_from_db()
    # Every voting partner assesses each round: a round has a readiness only with them all.
    council_rep = UserFactory(email="rep@council.test", organisation=orgs["council"])
    add_partner(plan, council_rep, member_role=MemberRole.PARTNER_REP)
    others = (ambulance_rep, council_rep)
    for person in (police_lead, fire_partner, *others):
        submit(plan, person, 3)
    assert (
        client_for(fire_partner).post(reverse("health_check_start", args=[plan.pk])).status_code
        == 403
    )
    client = client_for(police_lead)
    response = client.post(reverse("health_check_start", args=[plan.pk]))
    assert response.status_code == 302
    assert HealthCheck.objects.get(plan=plan).number == 1
    for person in (police_lead, fire_partner, *others):
        submit(plan, person, 5, rnd=Round("delivery", 1))
    body = client.get(reverse("assessment_trend", args=[plan.pk])).content.decode()
    assert "Delivery assessment" in body and "Health check 1" in body
    assert 'role="img"' in body
    assert ">50<" in body and ">100<" in body


def test_the_plan_panel_shows_the_rounds_status(plan, police_lead, fire_partner, client_for):
    submit(plan, fire_partner, 4)
    body = client_for(police_lead).get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert "Partner assessment: scoping assessment" in body
    assert "Fill in your organisation's assessment" in body
    assert reverse("assessment_results", args=[plan.pk, "scoping"]) in body


def _render(section, data):
    # As planner.reports.rendering does it.
    return render_to_string(section.template, {**data, "ctx": data, "heading": section.title})


def test_report_sections_are_registered_and_render(
    plan, orgs, police_lead, fire_partner, ambulance_rep
):
    # Every voting partner submits: readiness (and so the trend chart) needs the quorum.
    council_rep = UserFactory(email="rep@council.test", organisation=orgs["council"])
    add_partner(plan, council_rep, member_role=MemberRole.PARTNER_REP)
    for person in (police_lead, ambulance_rep, council_rep):
        submit(plan, person, 4)
    submit(plan, fire_partner, 4, shared_vision=1)
    sections = {s.key: s for s in report_sections()}
    assert sections["readiness"].five_case == "strategic"
    assert sections["assessment_appendix"].five_case == "appendix"
    assert REPORT_OUTLINE[-1] == "document_control"
    assert REPORT_OUTLINE.index("assessment_appendix") > REPORT_OUTLINE.index("decision")
    for section, context in (
        (sections["readiness"], readiness_section),
        (sections["assessment_appendix"], appendix_section),
    ):
        assert f"<h2>{section.title}</h2>" in _render(section, context(PlanContext.for_plan(plan)))
    readiness = _render(sections["readiness"], readiness_section(PlanContext.for_plan(plan)))
    assert readiness.count('role="img"') == 1  # one chart for the round, with its table
    assert "1 disagreement (0 resolved, 0 discussed, 1 open)" in readiness
    appendix = _render(
        sections["assessment_appendix"], appendix_section(PlanContext.for_plan(plan))
    )
    assert "https://skillsforjustice.org.uk" in appendix and "PCA17" in appendix
    # Every organisation's rating, in one table for the round: fire's 1 among the others' 4s.
    assert "Scoping assessment: ratings by characteristic and organisation" in appendix
    assert '<td class="num">1</td>' in appendix


def test_the_demo_has_submitted_assessments_with_one_clear_disagreement():
    ctx = planner_demo.DemoContext()
    planner_demo.build(ctx)
    assessments_demo.build(ctx)
    count = Assessment.objects.count()
    assessments_demo.build(ctx)
    assert Assessment.objects.count() == count > 0
    scoping = ctx.plans["scoping"]
    state = round_state(scoping, Round("scoping"))
    assert [c.code for c in state.aggregate.flags] == ["organisational_differences"]
    assert dict(state.aggregate.for_code("organisational_differences").ratings) == {
        "Wealdshire Police": 4,
        "Wealdshire Fire and Rescue Service": 1,
    }
    for key in ("governance", "risk", "delivery", "review"):
        plan = ctx.plans[key]
        assert Assessment.objects.filter(plan=plan, status="submitted").exists(), key
    delivery = ctx.plans["delivery"]
    assert round_state(delivery, Round("delivery", 1)).all_submitted
