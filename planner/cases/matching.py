"""Matching a plan to comparable cases.

The algorithm, in numbered steps:

1. Describe the plan as a profile: its collaboration type; its services (the `kind` of each
   partner organisation); its text terms (title, summary, objectives and public outcome,
   lower-cased, split into words, common and service words dropped, plural endings
   stripped); and its place words (the plan's area).
2. Describe every case the same way once, when it is saved: `services_mask` (a bit a
   service), `match_terms`, `term_norm` (1/sqrt of the number of terms) and `place_terms`
   are stored columns, and each term and place word is a row of the `CaseTerm` index, so
   no request re-reads or re-splits the case text.
3. Pre-filter in the database to a bounded candidate set, in a fixed number of queries
   whatever the library size:
   a. text: from the term index, the cases with the highest sum of the plan's terms'
      weights (text hits × term_norm, plus a place word bonus), best
      `CASE_MATCH_CANDIDATES`;
   b. structure: from the case table's integer columns, the cases with the highest
      type and shared-services score, best `CASE_MATCH_CANDIDATES`;
   c. fetch the union of a and b, published and not pinned or dismissed for this plan.
   Both a and b read covering indexes only, so the cost is the postings of the plan's
   terms and one index scan, and the candidate set is at most 2 × CASE_MATCH_CANDIDATES
   (default 100). A case that is neither among the best by text nor by structure is not
   ranked; with those bounds that costs nothing in practice and keeps a request bounded.
4. Score each candidate exactly, in Python (`rank_cases`, a pure function):
   score = w_type × [same type]
         + w_services × Jaccard(plan services, case services)
         + w_text × Ochiai(plan terms, case terms)  (shared / sqrt(|plan| × |case|))
         + w_region × [a plan place word appears in the case's area or region]
   The weights come from the `CASE_MATCH_WEIGHTS` setting (a dict with keys type,
   services, text, region; defaults 0.4, 0.3, 0.2, 0.1).
5. Keep cases that score above zero, best first (ties by title), at most
   `CASE_MATCH_LIMIT`, each with its reasons in plain words: "same type: sharing
   premises", "shares police and fire", "both mention headquarters and training",
   "same area: Kent".
"""

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings

from planner.models import SERVICE_WORDS, CollaborationType, OrganisationKind

DEFAULT_WEIGHTS = {"type": 0.4, "services": 0.3, "text": 0.2, "region": 0.1}
SERVICE_ORDER = [kind.value for kind in OrganisationKind]

# Words that say nothing about what makes two schemes alike: grammar, and the words every
# blue-light scheme uses (services are compared on their own in step 4).
_STOPWORD_TEXT = """
    a about above after again against all also am an and any are as at be been before being
    below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself
    just more most no nor not now of off on once only or other our ours out over own same she
    should so some such than that the their theirs them then there these they this those
    through to too under until up very was we were what when where which while who whom why
    will with would you your yours one two three four five six first new per year years
    police force forces constabulary fire rescue frs ambulance nhs trust council councils
    county authority authorities service services emergency blue light joint jointly
    together partner partners partnership scheme schemes plan plans project collaboration
    collaborative shared share sharing work working between across within local public
    better best more less through use using used make made get set including include
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    """Strip the plural endings that make 'headquarters' and 'headquarter' differ."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def text_terms(*texts: str) -> dict[str, str]:
    """Terms of the text mapped to the first word that produced each, for plain reasons."""
    terms: dict[str, str] = {}
    for text in texts:
        for word in _WORD.findall((text or "").lower()):
            if len(word) < 3 or word.isdigit() or word in STOPWORDS:
                continue
            stem = _stem(word)
            if stem not in STOPWORDS:
                terms.setdefault(stem, word)
    return terms


def place_words(*texts: str) -> set[str]:
    return {w for w in _WORD.findall(" ".join(t or "" for t in texts).lower()) if len(w) > 2} - {
        "and",
        "the",
        "north",
        "south",
        "east",
        "west",
        "england",
        "hq",
    }


def services_key(services: Iterable[str]) -> str:
    """',fire,police,' — the wrapping commas let SQL test one service with LIKE."""
    chosen = [s for s in SERVICE_ORDER if s in set(services)]
    return "," + ",".join(chosen) + "," if chosen else ""


def services_mask(services: Iterable[str]) -> int:
    """One bit a service, so SQL can count shared services with integer arithmetic."""
    return sum(1 << i for i, s in enumerate(SERVICE_ORDER) if s in set(services))


PLACE_PREFIX = "@"


def case_term_weights(case) -> list[tuple[str, float]]:
    """The case's postings for the term index: its text terms, then its place words."""
    terms = case.match_terms.split()
    postings = [(t[:60], case.term_norm) for t in terms]
    postings += [(f"{PLACE_PREFIX}{w}"[:60], 1.0) for w in case.place_terms.split()]
    return list(dict(postings).items())


def case_derived_fields(case) -> dict:
    """The stored matching columns of a case (step 2)."""
    terms = sorted(
        text_terms(
            case.title, case.summary, case.benefits, case.lessons, case.why_stopped, case.area
        ).keys()
    )
    services = [s for s in SERVICE_ORDER if s in set(case.services or [])]
    return {
        "services_key": services_key(services),
        "services_mask": services_mask(services),
        "service_count": len(services),
        # Wrapped in spaces so " term " matches whole terms only.
        "match_terms": " " + " ".join(terms) + " " if terms else "",
        "term_norm": 1 / math.sqrt(len(terms)) if terms else 0.0,
        "place_terms": " " + " ".join(sorted(place_words(case.area, case.region))) + " ",
    }


@dataclass(frozen=True)
class PlanProfile:
    collaboration_type: str
    services: frozenset[str]
    terms: dict[str, str]  # term -> word as the plan wrote it
    places: frozenset[str]


@dataclass(frozen=True)
class CaseProfile:
    id: int
    key: str
    title: str
    collaboration_type: str
    services: frozenset[str]
    terms: frozenset[str]
    places: frozenset[str]


@dataclass
class Match:
    case_id: int
    key: str
    title: str
    score: float
    reasons: list[str] = field(default_factory=list)


def match_weights() -> dict[str, float]:
    weights = dict(DEFAULT_WEIGHTS)
    weights.update(settings.CASE_MATCH_WEIGHTS)
    return weights


def _words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _text_reason_terms(plan: PlanProfile, shared: set[str], limit: int = 3) -> list[str]:
    # Longer words are usually the distinctive ones ("headquarters" over "site").
    ordered = sorted(shared, key=lambda t: (-len(t), t))[:limit]
    return [plan.terms[t] for t in sorted(ordered)]


def rank_cases(
    plan: PlanProfile,
    candidates: Iterable[CaseProfile],
    *,
    weights: dict[str, float] | None = None,
    limit: int = 10,
) -> list[Match]:
    """Steps 4 and 5: score each candidate exactly and explain the score in plain words.

    Reasons are written only for the cases kept, so scoring many candidates stays cheap.
    """
    w = weights or match_weights()
    plan_terms = set(plan.terms)
    scored = []
    for case in candidates:
        same_type = bool(plan.collaboration_type) and (
            case.collaboration_type == plan.collaboration_type
        )
        common = plan.services & case.services
        shared_terms = plan_terms & case.terms
        shared_places = plan.places & case.places
        score = w["type"] if same_type else 0.0
        if common:
            score += w["services"] * len(common) / len(plan.services | case.services)
        if shared_terms:
            score += w["text"] * len(shared_terms) / math.sqrt(len(plan_terms) * len(case.terms))
        if shared_places:
            score += w["region"]
        if score > 0:
            scored.append(
                (-round(score, 4), case.title, case, same_type, common, shared_terms, shared_places)
            )
    scored.sort(key=lambda row: (row[0], row[1]))
    matches = []
    for neg_score, _, case, same_type, common, shared_terms, shared_places in scored[:limit]:
        reasons = []
        if same_type:
            reasons.append(f"same type: {CollaborationType(case.collaboration_type).label.lower()}")
        if common:
            reasons.append(
                f"shares {_words([SERVICE_WORDS[s] for s in SERVICE_ORDER if s in common])}"
            )
        if shared_terms:
            reasons.append(f"both mention {_words(_text_reason_terms(plan, shared_terms))}")
        if shared_places:
            reasons.append(f"same area: {_words(sorted(p.title() for p in shared_places))}")
        matches.append(Match(case.id, case.key, case.title, -neg_score, reasons))
    return matches
