"""What became of a case: its outcome, the year, why a stopped scheme stopped, and its label."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from planner.cases.models import Case, CaseOutcome
from planner.cases.services import cases_import
from planner.cases.transfer import FIELDS, case_to_row, parse_rows, rows_to_csv
from planner.dates import uk_today
from tests.planner.cases.factories import CaseFactory

pytestmark = pytest.mark.django_db

WHY = "The partners could not agree revised terms, so the joint unit was wound up."


def _errors(case) -> dict:
    with pytest.raises(ValidationError) as caught:
        case.full_clean()
    return caught.value.message_dict


def test_the_outcomes_a_library_reader_sees_fit_the_researched_supplement():
    # shared/reference/schemes-supplement.json uses these values; blank is "not known".
    assert {c.value for c in CaseOutcome} == {"", "ongoing", "completed", "stopped"}
    assert CaseOutcome.ONGOING.label == "Still running"
    assert CaseOutcome.STOPPED.label == "Stopped"


def test_a_stopped_scheme_must_say_why():
    case = CaseFactory.build(outcome=CaseOutcome.STOPPED, why_stopped="  ")
    assert _errors(case)["why_stopped"] == [
        "Say why the scheme stopped, so others can learn from it."
    ]
    case.why_stopped = WHY
    case.full_clean(validate_unique=False)


def test_only_a_stopped_scheme_has_a_reason_it_stopped():
    case = CaseFactory.build(outcome=CaseOutcome.COMPLETED, why_stopped=WHY)
    assert _errors(case)["why_stopped"] == ["Only a scheme that stopped has a reason it stopped."]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"outcome": "", "outcome_year": 2019}, "Give the outcome the year belongs to."),
        (
            {"outcome": "completed", "start_year": 2016, "outcome_year": 2015},
            "The outcome's year must be 2016 or later, when the scheme started.",
        ),
        (
            {"outcome": "completed", "outcome_year": uk_today().year + 1},
            "The outcome's year must be this year or earlier.",
        ),
    ],
)
def test_the_outcomes_year_is_refused_when_it_cannot_be_true(fields, message):
    assert _errors(CaseFactory.build(**fields))["outcome_year"] == [message]


def test_the_outcome_round_trips_through_an_export_and_import_by_value_or_label():
    assert {"outcome", "outcome_year", "why_stopped"} <= set(FIELDS)
    row = case_to_row(
        CaseFactory.build(
            key="tri-force", outcome=CaseOutcome.STOPPED, outcome_year=2019, why_stopped=WHY
        )
    )
    (parsed,) = parse_rows(rows_to_csv([row]), "csv")
    parsed["outcome"] = "Stopped"  # the label, as a person types it in a spreadsheet
    assert cases_import(rows=[parsed]).errors == []
    (running,) = parse_rows(
        rows_to_csv([{**row, "key": "still", "outcome": "", "why_stopped": ""}]), "csv"
    )
    running["outcome"] = "still running"
    running["outcome_year"] = "2019"
    assert cases_import(rows=[running]).errors == []
    stopped, still = Case.objects.get(key="tri-force"), Case.objects.get(key="still")
    assert (stopped.outcome, stopped.outcome_year, stopped.why_stopped) == ("stopped", 2019, WHY)
    assert (still.outcome, still.outcome_year) == ("ongoing", 2019)


def test_an_import_of_a_stopped_scheme_without_its_reason_names_the_row_and_field():
    row = {**case_to_row(CaseFactory.build(key="bad")), "outcome": "stopped", "why_stopped": ""}
    result = cases_import(rows=[row])
    assert [(e.row, e.field) for e in result.errors] == [(1, "why_stopped")]
    assert not result.applied


def test_a_stopped_schemes_page_says_when_and_why_it_stopped(client_for, police_lead):
    case = CaseFactory(
        key="tri-force",
        title="Tri-force specialist operations",
        start_year=2012,
        outcome=CaseOutcome.STOPPED,
        outcome_year=2019,
        why_stopped=WHY,
        lessons="Line up HR, IT and briefing systems before merging teams.",
    )
    page = client_for(police_lead).get(reverse("case_detail", args=[case.key])).content.decode()
    assert "This scheme stopped in 2019:</strong> " + WHY in page
    assert '<strong class="govuk-tag govuk-tag--red">Stopped</strong>' in page
    assert "Line up HR, IT and briefing systems" in page


def test_a_running_schemes_page_shows_no_stopped_label(client_for, police_lead):
    case = CaseFactory(key="running", outcome=CaseOutcome.ONGOING, outcome_year=2019)
    page = client_for(police_lead).get(reverse("case_detail", args=[case.key])).content.decode()
    assert "Still running</strong> (as at 2019)" in page
    assert "This scheme stopped" not in page
    assert "Stopped</strong>" not in page


def test_the_library_lists_stopped_schemes_alone_and_labels_them(client_for, police_lead):
    CaseFactory(key="stopped", title="Stopped one", outcome="stopped", why_stopped=WHY)
    CaseFactory(key="done", title="Completed one", outcome="completed")
    client = client_for(police_lead)
    response = client.get(reverse("case_list"), {"outcome": "stopped"})
    assert [c.title for c in response.context["page"]] == ["Stopped one"]
    assert 'govuk-tag--red">Stopped</strong>' in response.content.decode()
    # The reason a scheme stopped is searched as its other text is.
    response = client.get(reverse("case_list"), {"q": "revised terms"})
    assert [c.title for c in response.context["page"]] == ["Stopped one"]


def test_a_case_from_a_withdrawn_plan_says_where_it_comes_from(client_for, police_lead, plan):
    case = CaseFactory(
        key="from-plan",
        provenance="contributed_from_plan",
        source_urls=[],
        outcome=CaseOutcome.STOPPED,
        why_stopped=WHY,
        source_plan=plan,
    )
    page = client_for(police_lead).get(reverse("case_detail", args=[case.key])).content.decode()
    assert "Contributed from a closed or withdrawn plan" in page
    assert "contributed by the partners of a plan that was withdrawn" in page
