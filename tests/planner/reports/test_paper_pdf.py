"""Board papers printed by WeasyPrint and read back with pypdf: the cover, the numbered
recommendations, the implications and the Act's name as a governing body reads them."""

import re
from datetime import timedelta
from pathlib import Path

import pypdf
import pytest
from django.core.management import call_command

from planner.access import plan_access_for_user
from planner.dates import uk_today
from planner.models import Nation, PartnerRole, Plan, PlanPartner
from planner.reports.models import ReportStatus
from planner.reports.papers import board_paper_implications_save
from planner.reports.rendering import report_fonts_missing
from planner.selectors import governing_bodies_for_plan
from tests.factories import OrganisationFactory
from tests.helpers import ready_paper
from tests.planner.reports.test_papers import ENGLISH_IMPLICATIONS, body_of

pytestmark = pytest.mark.skipif(
    bool(report_fonts_missing()), reason="the report font is not installed (run the set-up)"
)

IMPLICATION_HEADINGS = [
    "Financial implications",
    "Legal implications",
    "Workforce and trade unions implications",
    "Equality (public sector equality duty) implications",
    "Data protection (DPIA) implications",
    "Environmental implications",
]


def pdf_pages(version) -> list[str]:
    reader = pypdf.PdfReader(Path(version.file.path))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


@pytest.fixture
def freeze_paper(django_capture_on_commit_callbacks):
    from planner.reports.papers import board_paper_freeze

    def run(access, paper):
        with django_capture_on_commit_callbacks(execute=True):
            version = board_paper_freeze(access=access, paper_id=paper.pk)
        version.refresh_from_db()
        assert version.status == ReportStatus.READY, version.failure_reason
        return version

    return run


@pytest.mark.usefixtures("own_sections")
def test_the_cover_names_the_body_meeting_author_and_marking(
    report_plan, police_lead, orgs, freeze_paper
):
    meeting = uk_today() + timedelta(days=21)
    access, paper = ready_paper(
        report_plan,
        police_lead,
        body_of(orgs["fire"]),
        meeting_date=meeting,
        agenda_item="4(b)",
        marking="OFFICIAL-SENSITIVE",
        author="Pat Lead, Chief Inspector",
        contact="pat.lead@police.test",
    )
    version = freeze_paper(access, paper)
    cover = pdf_pages(version)[0]
    assert "Report to Testshire Fire and Rescue Authority" in cover
    assert f"{meeting:%-d %B %Y}" in cover
    assert "agenda item 4(b)" in cover
    assert "Pat Lead, Chief Inspector" in cover and "pat.lead@police.test" in cover
    assert "OFFICIAL-SENSITIVE" in cover and "For decision" in cover
    assert "TST-PLAN · Version 1" in cover
    # The content hash, as stored, in 64 hex digits (pypdf may break the line inside it).
    assert version.content_sha256 in cover.replace(" ", "")


@pytest.mark.usefixtures("own_sections")
def test_every_recommendation_is_printed_with_its_number(
    report_plan, police_lead, orgs, freeze_paper
):
    access, paper = ready_paper(report_plan, police_lead, body_of(orgs["ambulance"]))
    version = freeze_paper(access, paper)
    text = " ".join(pdf_pages(version))
    assert len(version.recommendations) >= 3
    for number, recommendation in enumerate(version.recommendations, start=1):
        words = " ".join(recommendation.split()[:6])
        assert re.search(rf"\b{number}\. {re.escape(words)}", text), (number, words)
    assert f"recommendations 1 to {len(version.recommendations)}" in text


@pytest.mark.usefixtures("own_sections")
def test_each_implication_is_printed_and_welsh_language_only_with_a_welsh_partner(
    report_plan, police_lead, orgs, freeze_paper
):
    access, paper = ready_paper(report_plan, police_lead, body_of(orgs["fire"]))
    text = " ".join(pdf_pages(freeze_paper(access, paper)))
    for heading in IMPLICATION_HEADINGS:
        assert heading in text, heading
    assert "None identified." in text and "Within the approved budget." in text
    assert "Welsh language implications" not in text

    welsh = OrganisationFactory(
        name="Cwm Afon Fire and Rescue Service", kind="fire", nation=Nation.WALES
    )
    PlanPartner.objects.create(plan=report_plan, organisation=welsh, role=PartnerRole.OBSERVER)
    board_paper_implications_save(
        access=access,
        paper_id=paper.pk,
        implications={key: {"text": "", "none": True} for key in ENGLISH_IMPLICATIONS}
        | {"welsh_language": {"text": "Bilingual signs at the shared station.", "none": False}},
    )
    paper.refresh_from_db()
    text = " ".join(pdf_pages(freeze_paper(access, paper)))
    assert "Welsh language implications" in text
    assert "Bilingual signs at the shared station." in text


def test_the_act_is_capitalised_everywhere_in_a_whole_paper(
    report_plan, police_lead, orgs, freeze_paper
):
    report_plan.agreement_form = "s1_agreement"
    report_plan.save(update_fields=["agreement_form"])
    access, paper = ready_paper(report_plan, police_lead, body_of(orgs["police"]))
    text = " ".join(pdf_pages(freeze_paper(access, paper)))
    assert "section 1 of the Policing and Crime Act 2017" in text
    assert not re.search(
        r"policing and crime act", text.replace("Policing and Crime Act", ""), re.I
    )


def test_a_paper_for_each_body_of_the_demo_plan_is_its_own_version_with_its_own_asks(
    db, freeze_paper
):
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    plan = Plan.objects.get(reference="WLD-CTL-02")
    lead = plan.members.get(role="project_lead").user
    bodies = governing_bodies_for_plan(plan)
    assert "Wealdshire Blue Light Collaboration Board" in [b.name for b in bodies]
    already = plan.report_versions.count()  # the demo's own paper, to the joint board
    versions = []
    for body in bodies:
        access = plan_access_for_user(lead, plan.pk)
        _, paper = ready_paper(plan, lead, body)
        versions.append((body, freeze_paper(access, paper)))
    numbers = [v.number for _, v in versions]
    assert numbers == list(range(already + 1, already + 1 + len(bodies)))
    assert len({tuple(v.recommendations) for _, v in versions}) == len(bodies)
    for body, version in versions:
        cover = pdf_pages(version)[0]
        assert f"Report to {body.name}" in cover
        for organisation in body.plan_organisations:
            assert organisation.name in version.recommendations[0]


def test_the_printed_financial_tables_total_the_cost_and_funding_lines(
    report_plan, police_lead, fire_partner, orgs, freeze_paper
):
    """Read back from the PDF, not the HTML: each year's total costs and funding, and the
    period's totals, are the sums of the lines as stored (in pence)."""
    from assessments.finance.models import CostAmount, CostKind, FundingAmount, Recurrence
    from assessments.finance.templatetags.finance import pounds
    from tests.assessments.finance.factories import cost_line, funding_line, period
    from tests.helpers import state_costs

    period(report_plan, first_year=2026, years=5)
    cost_line(report_plan, fire_partner, {2026: 120_000}, kind=CostKind.CAPITAL)
    cost_line(
        report_plan,
        fire_partner,
        {y: 45_500 for y in range(2026, 2031)},
        kind=CostKind.REVENUE,
        recurrence=Recurrence.RECURRING,
        description="Crew time",
    )
    cost_line(report_plan, police_lead, {2027: 10_000}, kind=CostKind.REVENUE)
    funding_line(report_plan, fire_partner, {2026: 50_000})
    funding_line(report_plan, police_lead, {y: 45_000 for y in range(2026, 2031)})
    state_costs(report_plan)
    access, paper = ready_paper(report_plan, police_lead, body_of(orgs["fire"]))
    text = " ".join(pdf_pages(freeze_paper(access, paper)))

    def row(label, model, years):
        by_year = [
            sum(a.pence for a in model.objects.filter(line__plan=report_plan, year=y))
            for y in years
        ]
        return " ".join([label, *(pounds(p) for p in by_year), pounds(sum(by_year))])

    years = range(2026, 2031)
    assert row("Total costs", CostAmount, years) in text, text
    assert row("Funding", FundingAmount, years) in text, text
    # The figures, worked by hand: £165,500 in the first year, £357,500 over the period.
    assert "Total costs £165,500 £55,500 £45,500 £45,500 £45,500 £357,500" in text
