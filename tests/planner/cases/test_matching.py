"""Ranking comparable cases: crafted libraries where the right answer is known."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planner.cases.matching import CaseProfile, PlanProfile, rank_cases, text_terms
from planner.cases.models import CaseStatus, PlanCase, PlanCaseDecision
from planner.cases.selectors import case_matches_for_plan
from planner.models import CollaborationType
from tests.planner.cases.factories import CaseFactory

WEIGHTS = {"type": 0.4, "services": 0.3, "text": 0.2, "region": 0.1}


def _plan_profile(**kw):
    defaults = {
        "collaboration_type": CollaborationType.PREMISES,
        "services": frozenset({"police", "fire"}),
        "terms": text_terms("Move the police team into the fire station headquarters"),
        "places": frozenset({"testshire"}),
    }
    return PlanProfile(**{**defaults, **kw})


def _case(i, *, type_=CollaborationType.OTHER, services=("other",), text="", places=()):
    return CaseProfile(
        id=i,
        key=f"c{i}",
        title=f"Case {i}",
        collaboration_type=type_,
        services=frozenset(services),
        terms=frozenset(text_terms(text)),
        places=frozenset(places),
    )


def test_the_case_matching_type_and_services_ranks_first():
    plan = _plan_profile()
    cases = [
        _case(1, text="A station headquarters"),
        _case(2, type_=CollaborationType.PREMISES, services=("police", "fire")),
        _case(3, type_=CollaborationType.PREMISES, services=("ambulance",)),
        _case(4, services=("police", "fire")),
    ]
    ranked = rank_cases(plan, cases, weights=WEIGHTS)
    assert [m.case_id for m in ranked][:2] == [2, 3]
    assert ranked[0].reasons == ["same type: sharing premises", "shares police and fire"]


def test_reasons_are_the_true_reasons():
    plan = _plan_profile()
    case = _case(
        7,
        type_=CollaborationType.PREMISES,
        services=("fire", "ambulance"),
        text="Ambulances are based at the fire station headquarters",
        places=("testshire",),
    )
    (match,) = rank_cases(plan, [case], weights=WEIGHTS)
    assert match.reasons == [
        "same type: sharing premises",
        "shares fire",
        "both mention headquarters and station",
        "same area: Testshire",
    ]
    # Jaccard of {police, fire} and {fire, ambulance} is 1/3; the text and area add on.
    assert match.score > 0.4 + 0.1 + 0.1


def test_a_case_with_nothing_in_common_is_not_suggested():
    assert rank_cases(_plan_profile(), [_case(1, text="Telecare alarms")], weights=WEIGHTS) == []


def test_the_weights_decide_between_type_and_services():
    plan = _plan_profile()
    same_type = _case(1, type_=CollaborationType.PREMISES)
    same_services = _case(2, services=("police", "fire"))
    by_type = rank_cases(plan, [same_type, same_services], weights=WEIGHTS)
    assert by_type[0].case_id == 1
    services_heavy = {**WEIGHTS, "type": 0.1, "services": 0.6}
    assert rank_cases(plan, [same_type, same_services], weights=services_heavy)[0].case_id == 2


@pytest.fixture
def crafted_library(db):
    return {
        "best": CaseFactory(
            key="shared-station",
            title="Police team moves into a fire station",
            collaboration_type=CollaborationType.PREMISES,
            services=["police", "fire", "ambulance"],
            summary="A neighbourhood policing team moved into the fire station.",
        ),
        "type_only": CaseFactory(
            key="ambulance-bases",
            title="Ambulance bases",
            collaboration_type=CollaborationType.PREMISES,
            services=["ambulance", "health"],
        ),
        "services_only": CaseFactory(
            key="training",
            title="Training ground",
            collaboration_type=CollaborationType.TRAINING,
            services=["police", "fire"],
        ),
        "unrelated": CaseFactory(key="unrelated"),
        "draft": CaseFactory(
            key="draft-station",
            collaboration_type=CollaborationType.PREMISES,
            services=["police", "fire", "ambulance"],
            status=CaseStatus.DRAFT,
        ),
    }


def test_on_a_crafted_library_the_matching_case_ranks_first(plan, crafted_library):
    suggestions = case_matches_for_plan(plan)
    keys = [s.match.key for s in suggestions]
    assert keys[0] == "shared-station"
    assert "draft-station" not in keys, "drafts are never suggested"
    assert "unrelated" not in keys
    first = suggestions[0].match
    # The test plan: sharing premises, police lead with fire, ambulance, council partners.
    assert first.reasons[0] == "same type: sharing premises"
    assert first.reasons[1] == "shares police, fire and ambulance"
    assert "both mention station" in first.reasons[2]


def test_dismissed_cases_stay_dismissed(plan, police_lead, crafted_library):
    PlanCase.objects.create(
        plan=plan,
        case=crafted_library["best"],
        decision=PlanCaseDecision.DISMISSED,
        decided_by=police_lead,
    )
    for _ in range(2):
        keys = [s.match.key for s in case_matches_for_plan(plan)]
        assert "shared-station" not in keys
        assert keys[0] == "ambulance-bases"
    # Editing the case does not bring it back.
    crafted_library["best"].summary += " Updated."
    crafted_library["best"].save()
    assert "shared-station" not in [s.match.key for s in case_matches_for_plan(plan)]


def test_pinned_cases_are_not_suggested_again(plan, police_lead, crafted_library):
    PlanCase.objects.create(
        plan=plan,
        case=crafted_library["best"],
        decision=PlanCaseDecision.PINNED,
        lessons_note="Agree costs first.",
        decided_by=police_lead,
    )
    assert "shared-station" not in [s.match.key for s in case_matches_for_plan(plan)]


def _library(size, start=0):
    types = list(CollaborationType)
    kinds = ["police", "fire", "ambulance", "local_authority", "health", "other"]
    for i in range(start, start + size):
        CaseFactory(
            key=f"lib-{i}",
            collaboration_type=types[i % len(types)],
            services=[kinds[i % 6], kinds[(i + 1) % 6]],
            summary=f"Station number {i} with a shared control room and training site.",
        )


def test_ranking_query_count_does_not_grow_with_the_library(plan):
    _library(10)
    with CaptureQueriesContext(connection) as small:
        small_result = case_matches_for_plan(plan)
    _library(150, start=10)
    with CaptureQueriesContext(connection) as large:
        large_result = case_matches_for_plan(plan)
    assert small_result and large_result
    # The plan's partner kinds, text candidates, structure candidates, the candidates.
    assert len(small.captured_queries) == len(large.captured_queries) == 4


def test_candidates_are_bounded_by_the_setting(plan, settings):
    settings.CASE_MATCH_CANDIDATES = 5
    settings.CASE_MATCH_LIMIT = 50
    _library(40)
    # At most the union of the text and the structure candidates.
    assert len(case_matches_for_plan(plan)) <= 10
