"""Readiness needs a quorum: until every voting partner organisation (observers excepted) has
submitted, the gate, the results page, the plan panel and the report say how many have, and
the readiness, low-score and disagreement checks fail with that reason instead of passing on
the scores of the few. Also the order of the weakest characteristics and the outlier wording
on the page."""

import re
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from planner.context import PlanContext
from planner.models import MemberRole, OrganisationKind, PartnerRole
from planner.plugins import report_sections
from tests.assessments.factories import stage_codes, submit
from tests.factories import OrganisationFactory, UserFactory, add_partner
from tests.helpers import gate_of

pytestmark = pytest.mark.django_db

AWAITING = "worked out when every partner organisation has submitted its assessment."


@pytest.fixture
def council_rep(plan, orgs):
    rep = UserFactory(
        email="rep@council.test", full_name="Cora Council", organisation=orgs["council"]
    )
    add_partner(plan, rep, member_role=MemberRole.PARTNER_REP)
    return rep


@pytest.fixture
def everyone(police_lead, fire_partner, ambulance_rep, council_rep):
    """The four voting partners' people, police first."""
    return [police_lead, fire_partner, ambulance_rep, council_rep]


def _assessment_checks(plan):
    return {r.code: r for r in gate_of(plan).results if r.code.startswith("assessment")}


def _body(client, plan, name="assessment_results", *args):
    url = reverse(name, args=[plan.pk, *args]) if args else reverse(name, args=[plan.pk])
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def _report(plan, key="readiness"):
    section = next(s for s in report_sections() if s.key == key)
    data = section.context(PlanContext.for_plan(plan))
    return unescape(render_to_string(section.template, {**data, "ctx": data}))


def test_before_anyone_submits_no_assessment_check_passes(plan, everyone):
    checks = _assessment_checks(plan)
    for code, what in (
        ("assessment_readiness", "readiness is"),
        ("assessment_floor", "low scores are"),
        ("assessment_disagreements", "disagreements are"),
    ):
        assert not checks[code].passed
        assert checks[code].message == f"0 of 4 organisations have submitted: {what} {AWAITING}"
        assert checks[code].fix_url == reverse("assessment_results", args=[plan.pk, "scoping"])
    assert not gate_of(plan).is_open


def test_one_of_four_at_full_marks_is_not_ready(plan, everyone):
    submit(plan, everyone[0], 5)
    checks = _assessment_checks(plan)
    assert not checks["assessment_readiness"].passed
    assert checks["assessment_readiness"].message == (
        f"1 of 4 organisations has submitted: readiness is {AWAITING}"
    )
    assert not checks["assessment_floor"].passed
    assert not checks["assessment_disagreements"].passed


def test_three_of_four_do_not_judge_low_scores_or_disagreements(plan, everyone):
    submit(plan, everyone[0], 4, shared_vision=1)
    submit(plan, everyone[1], 4, shared_vision=5)
    submit(plan, everyone[2], 4)
    checks = _assessment_checks(plan)
    for code in ("assessment_readiness", "assessment_floor", "assessment_disagreements"):
        assert not checks[code].passed
        assert checks[code].message.startswith("3 of 4 organisations have submitted: ")
    # The per-characteristic items wait for the quorum too: no half-judged flags.
    assert not any(c.startswith("assessment_disagreement:") for c in checks)
    assert not any(c.startswith("assessment_floor:") for c in checks)


def test_with_the_quorum_the_checks_judge_the_scores(plan, everyone):
    for person in everyone:
        submit(plan, person, 4)
    checks = _assessment_checks(plan)
    assert checks["assessment_readiness"].passed
    assert checks["assessment_readiness"].message == (
        "Readiness is 75 out of 100 (at least 60 needed)."
    )
    assert checks["assessment_floor"].passed and checks["assessment_disagreements"].passed


def test_an_observer_is_not_waited_for(plan, everyone):
    observer = UserFactory(
        email="obs@watch.test",
        organisation=OrganisationFactory(name="Testshire Watch", kind=OrganisationKind.OTHER),
    )
    add_partner(plan, observer, partner_role=PartnerRole.OBSERVER)
    for person in everyone:
        submit(plan, person, 4)
    checks = _assessment_checks(plan)
    assert checks["assessment_readiness"].passed
    assert not any("Testshire Watch" in r.message for r in checks.values())


def test_the_results_page_before_the_quorum_shows_no_verdict(plan, everyone, client_for):
    submit(plan, everyone[0], 5)
    submit(plan, everyone[1], 5, shared_vision=1)
    body = _body(client_for(everyone[2]), plan, "assessment_results", "scoping")
    assert "2 of 4 organisations have submitted" in body
    assert "Not worked out yet" in body
    assert 'govuk-tag--green">Ready' not in body and "out of 100" not in body
    assert "No disagreement" not in body
    assert "Weakest characteristics" not in body
    # The ratings submitted so far are still there to read.
    assert "ratings by characteristic and organisation" in body


def test_the_plan_panel_says_how_many_have_submitted(plan, everyone, client_for):
    submit(plan, everyone[1], 5)
    body = _body(client_for(everyone[0]), plan, "plan_detail")
    assert "1 of 4 organisations has submitted. Readiness is worked out when every partner" in (
        body
    )
    assert "Readiness:" not in body and "Readiness so far" not in body
    for person in everyone:
        if person != everyone[1]:
            submit(plan, person, 5)
    body = _body(client_for(everyone[0]), plan, "plan_detail")
    assert "Readiness: <strong>100 out of 100</strong>" in body


def test_the_report_before_the_quorum_says_how_many_have_submitted(plan, everyone):
    submit(plan, everyone[0], 5)
    submit(plan, everyone[1], 5)
    report = _report(plan)
    assert "2 of 4 organisations have submitted" in report
    assert "out of 100" not in report
    assert report.count('role="img"') == 1  # the round's radar chart, with its table
    appendix = _report(plan, "assessment_appendix")
    assert "Not worked out until every partner organisation has submitted" in appendix
    assert 'role="img"' not in appendix  # no trend without a round that has its quorum
    for person in everyone[2:]:
        submit(plan, person, 5)
    report = _report(plan)
    assert "100 out of 100" in report and report.count('role="img"') == 1
    assert "4 of 4 organisations have submitted" in _report(plan, "assessment_appendix")


def test_the_trend_page_plots_only_rounds_with_their_quorum(plan, everyone, client_for):
    submit(plan, everyone[0], 5)
    body = _body(client_for(everyone[0]), plan, "assessment_trend")
    assert "1 of 4 organisations has submitted" in body
    assert "Not worked out until every partner organisation has submitted" in body
    assert 'role="img"' not in body
    for person in everyone[1:]:
        submit(plan, person, 5)
    body = _body(client_for(everyone[0]), plan, "assessment_trend")
    assert "4 of 4 organisations have submitted" in body
    assert 'role="img"' in body and ">100<" in body


def test_weakest_characteristics_are_listed_lowest_first(plan, everyone, client_for):
    codes = stage_codes("scoping")
    first, last = codes[0], codes[-1]
    # first averages 3.25 (shown 3.3), last 3.0; everything else is 5.
    submit(plan, everyone[0], 5, **{first: 4, last: 3})
    for person in everyone[1:]:
        submit(plan, person, 5, **{first: 3, last: 3})
    body = _body(client_for(everyone[0]), plan, "assessment_results", "scoping")
    weakest = re.search(r"Weakest characteristics</dt>(.*?)</dd>", body, re.S).group(1)
    names = re.findall(r"([A-Z][^<(]*?) \((\d\.\d)\)", weakest)
    assert [mean for _, mean in names] == ["3.0", "3.3", "5.0"]


def test_an_outlier_is_named_as_far_from_the_others(plan, everyone, client_for):
    submit(plan, everyone[0], 4, shared_vision=1)
    for person in everyone[1:]:
        submit(plan, person, 4, shared_vision=5)
    body = _body(client_for(everyone[1]), plan, "assessment_results", "scoping")
    assert (
        "Testshire Police rated Shared vision 1, far from the others (Testshire Ambulance "
        "Service NHS Trust 5, Testshire County Council 5, Testshire Fire and Rescue Service 5)."
    ) in body
    assert "outlier" not in body


def test_two_far_apart_are_a_split_not_outliers(plan, everyone, client_for):
    submit(plan, everyone[0], 4, shared_vision=1)
    submit(plan, everyone[1], 4, shared_vision=5)
    submit(plan, everyone[2], 4, shared_vision=3)
    submit(plan, everyone[3], 4, shared_vision=3)
    body = _body(client_for(everyone[1]), plan, "assessment_results", "scoping")
    assert "rated Shared vision" not in body
    assert "The ratings are 4 points apart." in body
