"""Board papers: drafted for one governing body, edited by the lead, frozen into versions."""

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse

from planner.access import plan_access_for_user
from planner.dates import uk_today
from planner.models import GoverningBody, GoverningBodyKind, Nation, PartnerRole, PlanPartner
from planner.reports.models import BoardPaper, ReportPurpose, ReportStatus, ReportVersion
from planner.reports.papers import (
    PaperIncomplete,
    board_paper_draft_recommendations,
    board_paper_freeze,
    board_paper_implications_save,
    board_paper_recommendations_save,
    board_paper_start,
    board_paper_update,
)
from planner.reports.rendering import CONTENT_HASH_PLACEHOLDER
from tests.factories import OrganisationFactory
from tests.helpers import assert_unchanged, ready_paper, snapshot

pytestmark = pytest.mark.usefixtures("own_sections")

ENGLISH_IMPLICATIONS = [
    "financial",
    "legal",
    "workforce",
    "equality",
    "data_protection",
    "environmental",
]


def body_of(org):
    return GoverningBody.objects.exclude(kind=GoverningBodyKind.JOINT_BOARD).get(organisations=org)


@pytest.fixture
def freeze(django_capture_on_commit_callbacks):
    def run(access, paper):
        with django_capture_on_commit_callbacks(execute=True):
            version = board_paper_freeze(access=access, paper_id=paper.pk)
        version.refresh_from_db()
        return version

    return run


# Drafting the recommendations


def test_the_draft_recommendations_name_the_body_s_organisations_the_lead_and_the_act(
    report_plan, orgs
):
    from planner.context import PlanContext

    report_plan.agreement_form = "s1_agreement"
    report_plan.save(update_fields=["agreement_form"])
    texts = board_paper_draft_recommendations(
        PlanContext.for_plan(report_plan), body_of(orgs["fire"])
    )
    assert texts[0].startswith("Approve the participation of Testshire Fire and Rescue Service")
    assert "led by Testshire Police" in texts[0]
    agreement = next(t for t in texts if "agreement" in t and "Approve entry" in t)
    assert "section 1 of the Policing and Crime Act 2017" in agreement
    assert texts[-1].startswith("Delegate authority to agree the final terms")
    assert "Chief Fire Officer of Testshire Fire and Rescue Service" in texts[-1]


def test_a_paper_for_discussion_or_information_asks_to_comment_or_note_not_approve(
    report_plan, orgs
):
    from planner.context import PlanContext

    ctx = PlanContext.for_plan(report_plan)
    body = body_of(orgs["ambulance"])
    discussion = board_paper_draft_recommendations(ctx, body, purpose=ReportPurpose.DISCUSSION)
    information = board_paper_draft_recommendations(ctx, body, purpose=ReportPurpose.INFORMATION)
    assert all(t.startswith("Comment on") for t in discussion)
    assert all(t.startswith("Note") for t in information)


def test_each_apps_recommendations_hook_is_asked_for_the_body_s_organisations(
    report_plan, orgs, monkeypatch
):
    from planner import plugins
    from planner.context import PlanContext
    from planner.reports import papers

    seen = []

    def share(ctx, organisations, *, purpose):
        seen.append(([o.name for o in organisations], purpose))
        return ["Approve the body's share of the costs: £10,000."]

    monkeypatch.setattr(
        papers, "plan_plugins", lambda: (plugins.PlanPlugin(recommendations=share),)
    )
    texts = board_paper_draft_recommendations(
        PlanContext.for_plan(report_plan), body_of(orgs["fire"])
    )
    assert seen == [(["Testshire Fire and Rescue Service"], "decision")]
    assert texts[1] == "Approve the body's share of the costs: £10,000."


# The draft and its refusals


def test_starting_a_paper_twice_keeps_the_one_draft(report_plan, police_lead, orgs):
    access = plan_access_for_user(police_lead, report_plan.pk)
    body = body_of(orgs["fire"])
    first = board_paper_start(access=access, body_id=body.pk)
    assert first.title == report_plan.title and first.author == "Pat Lead"
    assert first.recommendations
    BoardPaper.objects.filter(pk=first.pk).update(title="Edited")
    assert board_paper_start(access=access, body_id=body.pk).title == "Edited"
    assert BoardPaper.objects.filter(plan=report_plan).count() == 1


def test_a_body_that_governs_no_partner_gets_no_paper(report_plan, police_lead, orgs, client_for):
    other = body_of(orgs["other_force"])
    before = snapshot(BoardPaper)
    response = client_for(police_lead).post(
        reverse("board_paper_start", args=[report_plan.pk, other.pk])
    )
    assert response.status_code == 302
    assert_unchanged(before)


@pytest.mark.parametrize("persona", ["fire_partner", "council_viewer"])
def test_only_the_lead_drafts_a_paper_and_others_change_nothing(
    report_plan, personas, orgs, client_for, persona
):
    body = body_of(orgs["fire"])
    client = client_for(personas[persona])
    before = snapshot(BoardPaper)
    assert (
        client.post(reverse("board_paper_start", args=[report_plan.pk, body.pk])).status_code == 403
    )
    assert_unchanged(before)


def test_an_outsider_gets_404_on_a_paper(report_plan, police_lead, outsider, orgs, client_for):
    _, paper = ready_paper(report_plan, police_lead, body_of(orgs["fire"]))
    client = client_for(outsider)
    before = snapshot(BoardPaper, ReportVersion)
    assert client.get(reverse("board_paper", args=[report_plan.pk, paper.pk])).status_code == 404
    for name in ("board_paper_details", "board_paper_freeze", "board_paper_implications"):
        assert client.post(reverse(name, args=[report_plan.pk, paper.pk])).status_code == 404
    assert_unchanged(before)


@pytest.mark.parametrize(
    ("meeting_date", "message"),
    [
        ("2026-02-30", "The meeting date must be a real date"),
        ("1999-01-01", "when the plan was created"),
        ((uk_today() + timedelta(days=3 * 365)).isoformat(), "within the next two years"),
    ],
)
def test_a_meeting_date_that_is_not_real_or_absurd_is_refused_and_nothing_changes(
    report_plan, police_lead, orgs, client_for, meeting_date, message
):
    _, paper = ready_paper(report_plan, police_lead, body_of(orgs["fire"]))
    before = snapshot(BoardPaper)
    response = client_for(police_lead).post(
        reverse("board_paper_details", args=[report_plan.pk, paper.pk]),
        {
            "meeting_date": meeting_date,
            "title": "A title",
            "marking": "OFFICIAL",
            "purpose": "decision",
            "author": "Pat Lead",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and message in body
    assert_unchanged(before)


def test_a_meeting_date_in_the_past_is_saved_with_a_warning(report_plan, police_lead, orgs):
    # The plan started a while ago: a meeting before it existed would be refused.
    type(report_plan).objects.filter(pk=report_plan.pk).update(
        created_at=report_plan.created_at - timedelta(days=100)
    )
    access, paper = ready_paper(report_plan, police_lead, body_of(orgs["fire"]))
    yesterday = uk_today() - timedelta(days=1)
    saved, warnings = board_paper_update(
        access=access,
        paper_id=paper.pk,
        meeting_date=yesterday,
        agenda_item="",
        title="T",
        marking="OFFICIAL",
        purpose="information",
        author="Pat Lead",
        contact="",
    )
    assert saved.meeting_date == yesterday
    assert "in the past" in warnings[0]


def test_emptying_every_recommendation_of_a_paper_for_decision_is_refused(
    report_plan, police_lead, orgs, client_for
):
    _, paper = ready_paper(report_plan, police_lead, body_of(orgs["fire"]))
    before = snapshot(BoardPaper)
    data = {f"recommendation_{n}": "" for n in range(1, len(paper.recommendations) + 2)}
    response = client_for(police_lead).post(
        reverse("board_paper_recommendations", args=[report_plan.pk, paper.pk]), data
    )
    assert response.status_code == 400
    assert "Enter at least one recommendation" in response.content.decode()
    assert_unchanged(before)


def test_the_lead_edits_removes_and_adds_recommendations_in_order(
    report_plan, police_lead, orgs, client_for
):
    _, paper = ready_paper(report_plan, police_lead, body_of(orgs["fire"]))
    count = len(paper.recommendations)
    data = {f"recommendation_{n}": t for n, t in enumerate(paper.recommendations, start=1)}
    data["recommendation_1"] = "Approve the scheme as amended."
    data["recommendation_2"] = ""  # removed
    data[f"recommendation_{count + 1}"] = "Ask for a report back in six months."
    response = client_for(police_lead).post(
        reverse("board_paper_recommendations", args=[report_plan.pk, paper.pk]), data
    )
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.recommendations[0] == "Approve the scheme as amended."
    assert paper.recommendations[-1] == "Ask for a report back in six months."
    assert len(paper.recommendations) == count


def test_an_implication_with_text_and_none_identified_is_refused(
    report_plan, police_lead, orgs, client_for
):
    _, paper = ready_paper(report_plan, police_lead, body_of(orgs["fire"]))
    before = snapshot(BoardPaper)
    response = client_for(police_lead).post(
        reverse("board_paper_implications", args=[report_plan.pk, paper.pk]),
        {"legal": "", "legal_text": "An s.1 agreement.", "legal_none": "on"},
    )
    assert response.status_code == 400
    assert "not both" in response.content.decode()
    assert_unchanged(before)


def test_the_welsh_language_implication_is_asked_only_with_a_welsh_partner(
    report_plan, police_lead, orgs, client_for
):
    _, paper = ready_paper(report_plan, police_lead, body_of(orgs["fire"]))
    client = client_for(police_lead)
    url = reverse("board_paper", args=[report_plan.pk, paper.pk])
    assert "Welsh language implications" not in client.get(url).content.decode()
    welsh = OrganisationFactory(
        name="Cwm Afon Council", kind="local_authority", nation=Nation.WALES
    )
    PlanPartner.objects.create(plan=report_plan, organisation=welsh, role=PartnerRole.OBSERVER)
    assert "Welsh language implications" in client.get(url).content.decode()


# Freezing


def test_freezing_a_paper_for_decision_with_an_implication_unstated_is_refused_naming_it(
    report_plan, police_lead, orgs, client_for
):
    access, paper = ready_paper(report_plan, police_lead, body_of(orgs["fire"]))
    stated = dict(paper.implications)
    del stated["equality"]
    board_paper_implications_save(access=access, paper_id=paper.pk, implications=stated)
    before = snapshot(BoardPaper, ReportVersion)
    response = client_for(police_lead).post(
        reverse("board_paper_freeze", args=[report_plan.pk, paper.pk])
    )
    assert response.status_code == 400
    assert "State the equality (public sector equality duty) implications" in (
        response.content.decode()
    )
    assert_unchanged(before)


def test_a_paper_for_discussion_may_be_frozen_with_implications_still_to_state(
    report_plan, police_lead, orgs, freeze
):
    access, paper = ready_paper(
        report_plan, police_lead, body_of(orgs["fire"]), purpose=ReportPurpose.DISCUSSION
    )
    board_paper_implications_save(access=access, paper_id=paper.pk, implications={})
    assert freeze(access, paper).status == ReportStatus.READY


def test_a_paper_without_a_meeting_date_is_not_frozen(report_plan, police_lead, orgs):
    access = plan_access_for_user(police_lead, report_plan.pk)
    paper = board_paper_start(access=access, body_id=body_of(orgs["fire"]).pk)
    with pytest.raises(PaperIncomplete) as refused:
        board_paper_freeze(access=access, paper_id=paper.pk)
    assert ("meeting_date", "Enter the date of the meeting") in refused.value.problems


def test_a_paper_for_each_body_is_its_own_version_with_its_addressee_and_recommendations(
    report_plan, police_lead, orgs, freeze
):
    versions = []
    for key in ("police", "fire", "ambulance"):
        access, paper = ready_paper(report_plan, police_lead, body_of(orgs[key]))
        versions.append(freeze(access, paper))
    assert [v.number for v in versions] == [1, 2, 3]
    assert len({v.governing_body_id for v in versions}) == 3
    assert len({tuple(v.recommendations) for v in versions}) == 3
    for version, key in zip(versions, ("police", "fire", "ambulance"), strict=True):
        assert version.status == ReportStatus.READY
        assert body_of(orgs[key]).name in version.html
        assert orgs[key].name in version.recommendations[0]


def test_a_ready_version_never_changes_when_the_draft_is_edited_and_frozen_again(
    report_plan, police_lead, orgs, freeze
):
    access, paper = ready_paper(report_plan, police_lead, body_of(orgs["fire"]))
    first = freeze(access, paper)
    before = snapshot(first)
    board_paper_update(
        access=access,
        paper_id=paper.pk,
        meeting_date=uk_today() + timedelta(days=60),
        agenda_item="9",
        title="Second thoughts",
        marking="OFFICIAL",
        purpose="decision",
        author="Pat Lead",
        contact="",
    )
    paper.refresh_from_db()
    second = freeze(access, paper)
    assert_unchanged(before)
    assert second.number == 2 and second.title == "Second thoughts"
    assert "Second thoughts" not in ReportVersion.objects.get(pk=first.pk).html


def test_the_content_hash_on_the_cover_is_of_the_snapshot_with_the_placeholder(
    report_plan, police_lead, orgs, freeze
):
    access, paper = ready_paper(report_plan, police_lead, body_of(orgs["fire"]))
    version = freeze(access, paper)
    assert len(version.content_sha256) == 64
    assert version.content_sha256 in version.html
    assert CONTENT_HASH_PLACEHOLDER not in version.html
    original = version.html.replace(version.content_sha256, CONTENT_HASH_PLACEHOLDER)
    assert hashlib.sha256(original.encode()).hexdigest() == version.content_sha256
    assert version.sha256 and version.sha256 != version.content_sha256  # the PDF's own


def test_a_paper_for_decision_does_not_print_a_decision_as_recorded(
    report_plan, police_lead, orgs, freeze
):
    # The fire authority has approved (the fixture's sign-off); the ambulance board has not.
    access, paper = ready_paper(report_plan, police_lead, body_of(orgs["ambulance"]))
    html = freeze(access, paper).html
    assert "Decisions recorded" not in html
    assert "Signed:" in html
    access, paper = ready_paper(
        report_plan, police_lead, body_of(orgs["ambulance"]), purpose=ReportPurpose.INFORMATION
    )
    html = freeze(access, paper).html
    assert "Decisions recorded" in html
    assert "no decision recorded yet" in html


def test_a_paper_to_a_body_that_has_decided_prints_its_decision(
    report_plan, police_lead, orgs, freeze
):
    access, paper = ready_paper(report_plan, police_lead, body_of(orgs["fire"]))
    html = freeze(access, paper).html
    assert "Decisions recorded" in html and "FRA-2026-014" in html


def test_the_versions_list_shows_each_version_s_body_and_meeting_date(
    report_plan, police_lead, orgs, freeze, client_for
):
    access, paper = ready_paper(
        report_plan,
        police_lead,
        body_of(orgs["fire"]),
        meeting_date=uk_today() + timedelta(days=10),
    )
    freeze(access, paper)
    page = client_for(police_lead).get(reverse("plan_reports", args=[report_plan.pk]))
    text = page.content.decode()
    when = (uk_today() + timedelta(days=10)).strftime("%-d %B %Y")
    assert f"To Testshire Fire and Rescue Authority, meeting {when}" in text


def test_the_lead_freezes_through_the_page_and_others_cannot(
    report_plan, police_lead, fire_partner, orgs, client_for, django_capture_on_commit_callbacks
):
    _, paper = ready_paper(report_plan, police_lead, body_of(orgs["fire"]))
    url = reverse("board_paper_freeze", args=[report_plan.pk, paper.pk])
    before = snapshot(ReportVersion)
    assert client_for(fire_partner).post(url).status_code == 403
    assert (
        client_for(fire_partner)
        .get(reverse("board_paper", args=[report_plan.pk, paper.pk]))
        .status_code
        == 403
    )
    assert_unchanged(before)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(police_lead).post(url)
    assert response.status_code == 302
    assert ReportVersion.objects.get(plan=report_plan).governing_body == body_of(orgs["fire"])


def test_the_reports_page_and_a_paper_read_the_same_queries_however_many_bodies_and_papers(
    report_plan, police_lead, orgs, client_for, freeze
):
    from tests.helpers import count_queries

    client = client_for(police_lead)
    access, paper = ready_paper(report_plan, police_lead, body_of(orgs["fire"]))
    freeze(access, paper)
    reports = reverse("plan_reports", args=[report_plan.pk])
    page = reverse("board_paper", args=[report_plan.pk, paper.pk])
    before = count_queries(client, reports), count_queries(client, page)
    for key in ("police", "ambulance", "council"):
        freeze(*ready_paper(report_plan, police_lead, body_of(orgs[key])))
    joint = GoverningBody.objects.create(name="Joint board", kind=GoverningBodyKind.JOINT_BOARD)
    joint.organisations.add(orgs["police"], orgs["fire"])
    access, paper = ready_paper(report_plan, police_lead, body_of(orgs["fire"]))
    board_paper_recommendations_save(
        access=access, paper_id=paper.pk, texts=[f"Recommendation {n}" for n in range(12)]
    )
    assert (count_queries(client, reports), count_queries(client, page)) == before


def test_the_live_preview_shows_the_lead_s_draft_and_only_to_the_lead(
    report_plan, police_lead, fire_partner, orgs, client_for
):
    _, paper = ready_paper(report_plan, police_lead, body_of(orgs["fire"]), agenda_item="12")
    url = reverse("report_live_preview", args=[report_plan.pk]) + f"?paper={paper.pk}"
    html = client_for(police_lead).get(url).content.decode()
    assert "Report to Testshire Fire and Rescue Authority" in html
    assert "agenda item 12" in html and "Preview (not a numbered version)" in html
    # A partner representative sees the plan's preview, not the lead's draft.
    other = client_for(fire_partner).get(url).content.decode()
    assert "agenda item 12" not in other


def test_drafting_again_asks_first_and_only_the_post_replaces_the_edits(
    report_plan, police_lead, orgs, client_for
):
    access, paper = ready_paper(report_plan, police_lead, body_of(orgs["fire"]))
    board_paper_recommendations_save(
        access=access, paper_id=paper.pk, texts=["Ask for a report back after six months."]
    )
    url = reverse("board_paper_redraft", args=[report_plan.pk, paper.pk])
    client = client_for(police_lead)
    before = snapshot(BoardPaper.objects.filter(pk=paper.pk))
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Draft the recommendations again?" in body
    assert "Ask for a report back after six months." in body
    assert_unchanged(before)

    assert client.post(url).status_code == 302
    paper.refresh_from_db()
    assert paper.recommendations[0].startswith("Approve the participation of")
    assert "Ask for a report back after six months." not in paper.recommendations
