"""Reads for the case library: browsing, search, and a plan's comparable cases."""

import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Case as SqlCase
from django.db.models import (
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.http import Http404

from planner.cases.matching import (
    PLACE_PREFIX,
    SERVICE_ORDER,
    CaseProfile,
    Match,
    PlanProfile,
    match_weights,
    place_words,
    rank_cases,
    services_mask,
    text_terms,
)
from planner.cases.models import Case, CaseStatus, CaseTerm, PlanCase, PlanCaseDecision
from planner.models import PlanPartner


def user_sees_unpublished(user) -> bool:
    """Drafts and proposals are for the service's administrators only."""
    return bool(getattr(user, "is_staff", False))


def case_get_for_user(user, key: str) -> Case:
    """The one access helper for a case: unpublished cases are 404 to all but administrators."""
    qs = Case.objects.all()
    if not user_sees_unpublished(user):
        qs = qs.filter(status=CaseStatus.PUBLISHED)
    case = qs.filter(key=key).first()
    if case is None:
        raise Http404("No case found.")
    return case


def case_regions(user) -> list[str]:
    qs = Case.objects.exclude(region="")
    if not user_sees_unpublished(user):
        qs = qs.filter(status=CaseStatus.PUBLISHED)
    return list(qs.order_by("region").values_list("region", flat=True).distinct())


def case_search(
    user,
    *,
    text: str = "",
    collaboration_type: str = "",
    service: str = "",
    region: str = "",
    year: int | None = None,
    outcome: str = "",
    status: str = "",
) -> QuerySet[Case]:
    """Cases the user may see, filtered; ranked by relevance when there is search text.

    On PostgreSQL the text is matched against the stored, GIN-indexed `search_vector`
    column (added by migration 0002 on PostgreSQL only) and ranked with ts_rank; on SQLite
    every word must appear somewhere in the case.
    """
    qs = Case.objects.all()
    if not user_sees_unpublished(user):
        qs = qs.filter(status=CaseStatus.PUBLISHED)
    elif status:
        qs = qs.filter(status=status)
    if collaboration_type:
        qs = qs.filter(collaboration_type=collaboration_type)
    if service:
        qs = qs.filter(services_key__contains=f",{service},")
    if region:
        qs = qs.filter(region=region)
    if year:
        qs = qs.filter(start_year=year)
    if outcome:
        qs = qs.filter(outcome=outcome)
    text = text.strip()
    if not text:
        return qs.order_by("title")
    if connection.vendor == "postgresql":
        vector = RawSQL('"cases_case"."search_vector"', [], output_field=SearchVectorField())
        query = SearchQuery(text, search_type="websearch", config="english")
        return (
            qs.annotate(document=vector, rank=SearchRank(vector, query))
            .filter(document=query)
            .order_by("-rank", "title")
        )
    for word in text.split():
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(benefits__icontains=word)
            | Q(lessons__icontains=word)
            | Q(why_stopped__icontains=word)
            | Q(area__icontains=word)
            | Q(region__icontains=word)
        )
    return qs.order_by("title")


def plan_pinned_cases(plan) -> list[PlanCase]:
    return list(
        PlanCase.objects.filter(plan=plan, decision=PlanCaseDecision.PINNED)
        .select_related("case", "decided_by")
        .order_by("case__title")
    )


def plan_dismissed_cases(plan) -> list[PlanCase]:
    return list(
        PlanCase.objects.filter(plan=plan, decision=PlanCaseDecision.DISMISSED)
        .select_related("case")
        .order_by("case__title")
    )


def plan_profile(plan) -> PlanProfile:
    """Step 1: the plan's type, services (its partners' kinds), terms and place words."""
    kinds = PlanPartner.objects.filter(plan=plan).values_list("organisation__kind", flat=True)
    return PlanProfile(
        collaboration_type=plan.collaboration_type,
        services=frozenset(kinds),
        terms=text_terms(plan.title, plan.summary, plan.objectives, plan.public_outcome),
        places=frozenset(place_words(plan.area)),
    )


@dataclass
class Suggestion:
    match: Match
    # The columns the page shows: area, start year, provenance, summary, and the outcome
    # with why a stopped scheme stopped and its lessons.
    case: dict


def _text_candidates(profile: PlanProfile, weights: dict, limit: int) -> list[int]:
    """Step 3a: ids of the cases whose postings best match the plan's terms and places."""
    places = [f"{PLACE_PREFIX}{w}" for w in sorted(profile.places)]
    terms = sorted(profile.terms)
    if not terms and not places:
        return []
    text_weight = weights["text"] / math.sqrt(len(terms)) if terms else 0.0
    score = SqlCase(
        When(term__in=places, then=Value(weights["region"])),
        default=F("weight") * Value(text_weight),
        output_field=FloatField(),
    )
    return list(
        CaseTerm.objects.filter(term__in=terms + places)
        .values("case_id")
        .annotate(text_score=Sum(score))
        .order_by("-text_score", "case_id")
        .values_list("case_id", flat=True)[:limit]
    )


def _structure_candidates(profile: PlanProfile, weights: dict, limit: int) -> list[int]:
    """Step 3b: ids of the cases with the best type and shared-services score."""
    score = Value(0.0, output_field=FloatField())
    if profile.collaboration_type:
        score += SqlCase(
            When(collaboration_type=profile.collaboration_type, then=Value(weights["type"])),
            default=Value(0.0),
            output_field=FloatField(),
        )
    bits = services_mask(profile.services)
    if bits:
        # Shared services in integer arithmetic: (mask & bit) / bit is 1 or 0. Integers, cast
        # to float once, keep PostgreSQL off its slow arbitrary-precision numeric type.
        common = Value(0)
        for i in range(len(SERVICE_ORDER)):
            if bits & (1 << i):
                common += F("services_mask").bitand(1 << i) / Value(1 << i)
        union = F("service_count") + Value(len(profile.services)) - common
        score += Cast(common, FloatField()) * Value(weights["services"]) / Cast(union, FloatField())
    return list(
        Case.objects.filter(status=CaseStatus.PUBLISHED)
        .annotate(structure_score=ExpressionWrapper(score, output_field=FloatField()))
        .order_by("-structure_score", "id")
        .values_list("id", flat=True)[:limit]
    )


def case_candidates(plan, profile: PlanProfile) -> list[dict]:
    """Step 3: a bounded set of candidate cases, in three queries whatever the size."""
    weights = match_weights()
    limit = settings.CASE_MATCH_CANDIDATES
    ids = set(_text_candidates(profile, weights, limit))
    ids |= set(_structure_candidates(profile, weights, limit))
    if not ids:
        return []
    decided = PlanCase.objects.filter(plan=plan, case=OuterRef("pk"))
    return list(
        Case.objects.filter(pk__in=ids, status=CaseStatus.PUBLISHED)
        .filter(~Exists(decided))
        .values(
            "id",
            "key",
            "title",
            "collaboration_type",
            "services_mask",
            "match_terms",
            "place_terms",
            "area",
            "region",
            "start_year",
            "provenance",
            "summary",
            # A stopped scheme is shown with why it stopped and its lessons, beside the
            # successes and ranked as they are: failure is no reason to rank it down.
            "outcome",
            "outcome_year",
            "why_stopped",
            "lessons",
        )
    )


def case_matches_for_plan(plan, *, limit: int | None = None) -> list[Suggestion]:
    """Comparable published cases for a plan, best first, with reasons (steps 1 to 5).

    Four queries whatever the library size: the plan's partner kinds and step 3's three.
    """
    profile = plan_profile(plan)
    rows = case_candidates(plan, profile)
    profiles = [
        CaseProfile(
            id=row["id"],
            key=row["key"],
            title=row["title"],
            collaboration_type=row["collaboration_type"],
            services=frozenset(
                s for i, s in enumerate(SERVICE_ORDER) if row["services_mask"] & (1 << i)
            ),
            terms=frozenset(row["match_terms"].split()),
            places=frozenset(row["place_terms"].split()),
        )
        for row in rows
    ]
    limit = limit or settings.CASE_MATCH_LIMIT
    matches = rank_cases(profile, profiles, weights=match_weights(), limit=limit)
    by_id = {row["id"]: row for row in rows}
    return [Suggestion(match=m, case=by_id[m.case_id]) for m in matches]
