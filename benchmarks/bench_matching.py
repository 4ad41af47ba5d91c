"""Time ranking comparable cases for a plan against synthetic libraries of 1,000 and 10,000.

Run from the project root:
    uv run python benchmarks/bench_matching.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench uv run python benchmarks/bench_matching.py

It creates a throwaway test database (SQLite in memory by default, or `test_<name>` on
PostgreSQL when DATABASE_URL is set), fills it, and prints one JSON object a line:
median and p95 milliseconds per ranking and SQL queries per ranking, for each size.
Target: p95 under 100 ms at 10,000 cases; the query count must not grow with the size.
"""

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

from planner.cases.matching import case_derived_fields, case_term_weights  # noqa: E402
from planner.cases.models import Case, CaseStatus, CaseTerm, Provenance  # noqa: E402
from planner.cases.selectors import case_matches_for_plan  # noqa: E402
from planner.models import (  # noqa: E402
    CollaborationType,
    MemberRole,
    Organisation,
    OrganisationKind,
    PartnerRole,
    Plan,
    PlanMember,
    PlanPartner,
    User,
)

SIZES = [1000, 10000]
RUNS = 60
# A realistic vocabulary: the words of the shipped library's real case texts, drawn with
# Zipf-like weights (a few words common, most rare), as in any body of written text.
_SHIPPED = Path(__file__).resolve().parent.parent / "planner" / "cases" / "data" / "cases.json"
_TEXT = " ".join(
    f"{c['summary']} {c['benefits']} {c['lessons']}"
    for c in json.loads(_SHIPPED.read_text(encoding="utf-8"))["cases"]
)
WORDS = sorted({w.strip(".,;:()'\"").lower() for w in _TEXT.split()} - {""})
ZIPF = [1 / (rank + 1) for rank in range(len(WORDS))]
AREAS = ["Kent", "Cumbria", "Cheshire", "Lincolnshire", "Devon", "Essex", "Dorset", "Wealdshire"]
REGIONS = ["South East", "North West", "East Midlands", "South West", "Wales", "West Midlands"]
KINDS = [k.value for k in OrganisationKind]


def _synthetic_case(i: int, rng: random.Random, words: list[str]) -> Case:
    services = rng.sample(KINDS[:4], rng.randint(1, 3))
    case = Case(
        key=f"synthetic-{i}",
        title=f"Synthetic scheme {i}: {' '.join(rng.choices(words, weights=ZIPF, k=3))}",
        area=rng.choice(AREAS),
        region=rng.choice(REGIONS),
        organisations=[f"Organisation {i}a", f"Organisation {i}b"],
        services=services,
        collaboration_type=rng.choice(list(CollaborationType)).value,
        start_year=rng.randint(2005, 2024),
        summary=" ".join(rng.choices(words, weights=ZIPF, k=40)),
        benefits=" ".join(rng.choices(words, weights=ZIPF, k=12)),
        lessons=" ".join(rng.choices(words, weights=ZIPF, k=12)),
        provenance=Provenance.OTHER_PUBLIC_SOURCE,
        status=CaseStatus.PUBLISHED,
    )
    for name, value in case_derived_fields(case).items():
        setattr(case, name, value)
    return case


def _fill(upto: int, rng: random.Random) -> None:
    start = Case.objects.count()
    # Each library ranks the words differently, as different regions' texts would.
    words = rng.sample(WORDS, len(WORDS))
    batch = Case.objects.bulk_create(
        [_synthetic_case(i, rng, words) for i in range(start, upto)], batch_size=1000
    )
    if batch[0].pk is None:  # backends that do not return ids from bulk inserts
        batch = list(Case.objects.filter(key__in=[c.key for c in batch]))
    CaseTerm.objects.bulk_create(
        (CaseTerm(case=c, term=t, weight=w) for c in batch for t, w in case_term_weights(c)),
        batch_size=5000,
    )


def _plan() -> Plan:
    orgs = {
        kind: Organisation.objects.create(
            name=f"Bench {kind}", kind=kind, area="Wealdshire", governing_body="Board"
        )
        for kind in ("police", "fire", "ambulance")
    }
    lead = User.objects.create_user(
        email="bench@example.test", full_name="Bench Lead", organisation=orgs["police"]
    )
    plan = Plan.objects.create(
        title="Ashford Cross joint police and fire station",
        reference="BENCH-1",
        summary="Move the neighbourhood policing team into the fire station, sharing the "
        "building, meeting rooms and vehicle yard.",
        collaboration_type=CollaborationType.PREMISES,
        area="Wealdshire",
        objectives="Release the police office.\nShare running costs of one building.",
        public_outcome="Visible, accessible emergency services in the town centre.",
        created_by=lead,
    )
    for kind, org in orgs.items():
        role = PartnerRole.LEAD if kind == "police" else PartnerRole.PARTNER
        PlanPartner.objects.create(plan=plan, organisation=org, role=role)
    PlanMember.objects.create(
        plan=plan, user=lead, organisation=orgs["police"], role=MemberRole.PROJECT_LEAD
    )
    return plan


def _measure(plan, size: int) -> list[dict]:
    case_matches_for_plan(plan)  # warm caches and the connection
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        case_matches_for_plan(plan)
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        matches = case_matches_for_plan(plan)
    timings.sort()
    p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
    common = {"size": size, "database": connection.vendor, "runs": RUNS}
    return [
        {
            "name": "case_matching_median",
            "value": round(statistics.median(timings), 2),
            "unit": "ms",
            **common,
        },
        {"name": "case_matching_p95", "value": round(p95, 2), "unit": "ms", **common},
        {
            "name": "case_matching_queries",
            "value": len(queries.captured_queries),
            "unit": "queries",
            **common,
        },
        {"name": "case_matching_results", "value": len(matches), "unit": "cases", **common},
    ]


def main() -> None:
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        rng = random.Random(2014)
        plan = _plan()
        for size in SIZES:
            _fill(size, rng)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE cases_case")
                    cursor.execute("ANALYZE cases_caseterm")
            for line in _measure(plan, size):
                print(json.dumps(line), flush=True)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
