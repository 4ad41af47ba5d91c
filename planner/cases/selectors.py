"""Reads for the case library: browsing, search, and a plan's comparable cases."""

import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Case as SqlCase
from django.db.models import Exists, F, FloatField, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.http import Http404

from planner.cases.matching import (
    CaseProfile,
    Match,
    PlanProfile,
    match_weights,
    place_words,
    rank_cases,
    text_terms,
)
from planner.cases.models import Case, CaseStatus, PlanCase, PlanCaseDecision
from planner.models import PlanPartner

# How many of the plan's terms the SQL pre-filter looks for (step 3); more terms cost more
# LIKE tests per row, fewer make the pre-filter blunter.
PREFILTER_TERMS = 16


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
    case: dict  # the columns the page shows: area, start year, provenance, summary


def _prefilter_terms(profile: PlanProfile) -> list[str]:
    return sorted(profile.terms, key=lambda t: (-len(t), t))[:PREFILTER_TERMS]


def case_candidates(plan, profile: PlanProfile) -> list[dict]:
    """Step 3: the best candidates by a cheap score computed in SQL, in one query."""
    weights = match_weights()
    limit = getattr(settings, "CASE_MATCH_CANDIDATES", 200)
    cheap = Value(0.0, output_field=FloatField())
    if profile.collaboration_type:
        cheap += SqlCase(
            When(collaboration_type=profile.collaboration_type, then=Value(weights["type"])),
            default=Value(0.0),
            output_field=FloatField(),
        )
    if profile.services:
        common = sum(
            (
                SqlCase(
                    When(services_key__contains=f",{s},", then=Value(1.0)),
                    default=Value(0.0),
                    output_field=FloatField(),
                )
                for s in sorted(profile.services)
            ),
            Value(0.0, output_field=FloatField()),
        )
        union = F("service_count") + Value(float(len(profile.services))) - common
        cheap += Value(weights["services"]) * common / union
    terms = _prefilter_terms(profile)
    if terms:
        hits = sum(
            (
                SqlCase(
                    When(match_terms__contains=f" {t} ", then=Value(1.0)),
                    default=Value(0.0),
                    output_field=FloatField(),
                )
                for t in terms
            ),
            Value(0.0, output_field=FloatField()),
        )
        norm = weights["text"] / math.sqrt(len(profile.terms))
        cheap += Value(norm) * hits * F("term_norm")
    if profile.places:
        any_place = Q()
        for word in sorted(profile.places):
            any_place |= Q(place_terms__contains=f" {word} ")
        cheap += SqlCase(
            When(any_place, then=Value(weights["region"])),
            default=Value(0.0),
            output_field=FloatField(),
        )
    decided = PlanCase.objects.filter(plan=plan, case=OuterRef("pk"))
    return list(
        Case.objects.filter(status=CaseStatus.PUBLISHED)
        .filter(~Exists(decided))
        .annotate(cheap_score=cheap)
        .filter(cheap_score__gt=0)
        .order_by("-cheap_score", "title")
        .values(
            "id",
            "key",
            "title",
            "collaboration_type",
            "services",
            "match_terms",
            "place_terms",
            "area",
            "region",
            "start_year",
            "provenance",
            "summary",
        )[:limit]
    )


def case_matches_for_plan(plan, *, limit: int | None = None) -> list[Suggestion]:
    """Comparable published cases for a plan, best first, with reasons (steps 1 to 5).

    Two queries whatever the library size: the plan's partner kinds, and the candidates.
    """
    profile = plan_profile(plan)
    rows = case_candidates(plan, profile)
    profiles = [
        CaseProfile(
            id=row["id"],
            key=row["key"],
            title=row["title"],
            collaboration_type=row["collaboration_type"],
            services=frozenset(row["services"] or []),
            terms=frozenset(row["match_terms"].split()),
            places=frozenset(row["place_terms"].split()),
        )
        for row in rows
    ]
    limit = limit or getattr(settings, "CASE_MATCH_LIMIT", 10)
    matches = rank_cases(profile, profiles, weights=match_weights(), limit=limit)
    by_id = {row["id"]: row for row in rows}
    return [Suggestion(match=m, case=by_id[m.case_id]) for m in matches]
