"""Time the board paper for a large plan: the HTML, WeasyPrint and the Word copy.

Run from the project root:
    uv run python benchmarks/bench_report.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench uv run python benchmarks/bench_report.py

It creates a throwaway test database (SQLite in memory by default, or `test_<name>` on
PostgreSQL when DATABASE_URL is set) and fills one plan: 8 partners, 60 decisions, and,
from the other apps, all four stages assessed by every partner, 40 risks, 30 benefits,
10 pinned comparable cases and every partner's costs and funding over five years. The paper
is the one to the fire and rescue authority of partner 2, for decision, as its draft stands
(the same HTML a freeze would store). It prints one JSON object a line {"name", "value",
"unit", "size"}, with "target" and "verdict" (PASS or MISS) where the issue sets a target:

- the main body (the paper up to its appendices: the HTML cut where the appendices' section
  begins, which starts on a new page, so its pages are the main body's pages) and the full
  paper: pages, seconds to build the HTML and to print it with WeasyPrint;
- the Word copy of the full paper: seconds and size;
- peak memory, the process's peak resident set size (what a worker needs), after each phase.

Targets on an idle 2-core machine: full paper (HTML and WeasyPrint) at most 3 s, main body
at most 8 pages, Word copy at most 1 s, peak memory at most 300 MB.
"""

import json
import os
import resource
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

from assessments.models import ASSESSED_STAGES  # noqa: E402
from planner.access import plan_access_for_user  # noqa: E402
from planner.models import (  # noqa: E402
    GoverningBody,
    GoverningBodyKind,
    MemberRole,
    OrganisationKind,
    Plan,
    S2Notice,
    S2Response,
)
from planner.reports.docx import docx_from_html  # noqa: E402
from planner.reports.papers import board_paper_start  # noqa: E402
from planner.reports.rendering import pdf_write, report_document_html  # noqa: E402
from planner.reports.services import report_preview_meta  # noqa: E402
from tests.factories import OrganisationFactory, PlanFactory, UserFactory, add_partner  # noqa: E402

KINDS = [
    OrganisationKind.POLICE,
    OrganisationKind.FIRE,
    OrganisationKind.AMBULANCE,
    OrganisationKind.LOCAL_AUTHORITY,
    OrganisationKind.HEALTH,
    OrganisationKind.LOCAL_AUTHORITY,
    OrganisationKind.FIRE,
    OrganisationKind.OTHER,
]


# Where the paper's appendices begin (templates/reports/document.html).
APPENDICES_MARK = '<section class="case case--appendix"'
# The targets: (most allowed, unit).
FULL_PAPER_SECONDS = 3.0
MAIN_BODY_PAGES = 8
DOCX_SECONDS = 1.0
PEAK_RSS_MB = 300


def emit(name, value, unit, size, target=None):
    line = {"name": name, "value": value, "unit": unit, "size": size}
    if target is not None:
        line["target"] = f"<= {target} {unit}"
        line["verdict"] = "PASS" if value <= target else "MISS"
    print(json.dumps(line), flush=True)


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def build_plan():
    """The large plan; returns it, its people and a note of what the data holds."""
    people = []
    for i, kind in enumerate(KINDS):
        org = OrganisationFactory(
            name=f"Benchshire {kind.label} {i + 1}",
            kind=kind,
            governing_body=f"Governing body {i + 1}",
        )
        people.append(
            UserFactory(email=f"rep{i}@bench.test", full_name=f"Rep {i}", organisation=org)
        )
    lead = people[0]
    plan = PlanFactory(
        created_by=lead,
        title="Benchshire joint blue-light hub",
        reference="BENCH-01",
        summary="A joint hub for eight partners. " * 10,
        objectives="Share estate, control rooms and training. " * 8,
        public_outcome="Faster response and lower cost. " * 6,
        agreement_form="s1_agreement",
    )
    for person in people[1:]:
        add_partner(plan, person, member_role=MemberRole.PARTNER_REP)
    for i, person in enumerate(people[1:], start=1):
        S2Notice.objects.create(
            plan=plan,
            organisation=person.organisation,
            notified_on=date(2026, 1, i),
            response=S2Response.AGREED,
            responded_on=date(2026, 2, i),
            recorded_by=lead,
        )
    notes = {"partners": len(people)}
    notes.update(_decisions_and_sign_offs(plan, people))
    for builder in (_assessments, _risks_and_benefits, _finance, _pinned_cases):
        notes.update(builder(plan, people))
    return plan, people, notes


def _decisions_and_sign_offs(plan, people):
    from workflows.models import DecisionKind, SignOff, SignOffDecision
    from workflows.services import decision_record

    lead = people[0]
    for i in range(60):
        decision_record(
            plan=plan,
            actor=people[i % len(people)],
            summary=f"Decision {i + 1}: agree the next piece of the hub's design",
            rationale="The partners weighed cost, response times and staff views. " * 3,
            options_considered="Option A; option B; do nothing",
            kind=DecisionKind.TRANSITION if i % 15 == 0 else DecisionKind.DECISION,
        )
    for person in people:
        SignOff.objects.create(
            plan=plan,
            organisation=person.organisation,
            body=person.organisation.governing_body,
            decision=SignOffDecision.APPROVED,
            decided_on=date(2026, 3, 1),
            reference=f"MIN-{person.pk}",
            recorded_by=lead,
        )
    return {"decisions": 60}


def _assessments(plan, people):
    try:
        from assessments.selectors import Round
        from tests.assessments.factories import submit
    except ImportError:
        return {"assessed_stages": 0}
    for stage in ASSESSED_STAGES:
        Plan.objects.filter(pk=plan.pk).update(stage=stage)
        plan.refresh_from_db()
        for person in people:
            submit(plan, person, default=3 + (person.pk % 3), rnd=Round(stage, 0))
    return {"assessed_stages": len(ASSESSED_STAGES)}


def _risks_and_benefits(plan, people):
    try:
        from assessments.risks.models import BenefitKind
        from tests.assessments.risks.factories import ActualFactory, BenefitFactory, RiskFactory
    except ImportError:
        return {"risks": 0, "benefits": 0}
    for i in range(40):
        RiskFactory(
            plan=plan,
            created_by=people[i % len(people)],
            likelihood=1 + i % 5,
            impact=1 + (i * 3) % 5,
            residual_likelihood=1 + i % 3,
            residual_impact=1 + i % 2,
        )
    for i in range(30):
        cashable = i % 2 == 0
        benefit = BenefitFactory(
            plan=plan,
            created_by=people[i % len(people)],
            kind=BenefitKind.CASHABLE if cashable else BenefitKind.NON_CASHABLE,
            measure="" if cashable else "Minutes to respond",
            unit="" if cashable else "minutes",
            target_value=Decimal(100000 + i * 1000) if cashable else Decimal(8),
            baseline_value=Decimal(0) if cashable else Decimal(12),
        )
        ActualFactory(benefit=benefit, value=Decimal(25000) if cashable else Decimal(10))
    return {"risks": 40, "benefits": 30}


def _finance(plan, people):
    """Every partner's costs and funding over five years: a capital, a recurring and a
    one-off revenue line and two funding lines each, a grant, and a year with a gap."""
    try:
        from assessments.finance.models import CostKind, FundingSource, Recurrence
        from tests.assessments.finance.factories import cost_line, funding_line, period
    except ImportError:
        return {"cost_lines": 0, "funding_lines": 0}
    years = range(2026, 2031)
    period(plan, 2026, 5)
    for i, person in enumerate(people):
        capital = {2026: 100_000 + i * 10_000}
        recurring = {y: 40_000 + i * 1_000 for y in years if y > 2026}
        cost_line(plan, person, capital, description=f"Fit-out, partner {i + 1}")
        cost_line(
            plan,
            person,
            recurring,
            description=f"Running costs, partner {i + 1}",
            kind=CostKind.REVENUE,
            recurrence=Recurrence.RECURRING,
        )
        cost_line(
            plan,
            person,
            {2027: 15_000},
            description=f"Training, partner {i + 1}",
            kind=CostKind.REVENUE,
        )
        funding_line(plan, person, {**capital, 2027: 15_000}, description=f"Budget {i + 1}")
        # 2028/29 is a year short of funding.
        funding_line(
            plan,
            person,
            {y: p - (5_000 if y == 2028 else 0) for y, p in recurring.items()},
            description=f"Revenue budget {i + 1}",
            source=FundingSource.RESERVES if i % 2 else FundingSource.PARTNER,
        )
    funding_line(
        plan,
        people[0],
        {2026: 250_000},
        description="Transformation fund award",
        source=FundingSource.GRANT,
        grant_body="Home Office",
    )
    return {"cost_lines": 3 * len(people), "funding_lines": 2 * len(people) + 1}


def _pinned_cases(plan, people):
    try:
        from planner.cases.models import PlanCase, PlanCaseDecision
        from tests.planner.cases.factories import CaseFactory
    except ImportError:
        return {"pinned_cases": 0}
    for i in range(10):
        PlanCase.objects.create(
            plan=plan,
            case=CaseFactory(title=f"Comparable scheme {i + 1}"),
            decision=PlanCaseDecision.PINNED,
            lessons_note="Agree estate costs before the first board. " * 2,
            decided_by=people[0],
        )
    return {"pinned_cases": 10}


def main_body(html: str) -> str:
    """The paper up to its appendices, closed where they would begin."""
    cut = html.find(APPENDICES_MARK)
    if cut < 0:
        raise SystemExit(f"The paper has no appendices section ({APPENDICES_MARK!r}).")
    return html[:cut] + "</main></body></html>"


def timed(work):
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def print_pdf(html, variant):
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "report.pdf"
        pages, seconds = timed(lambda: pdf_write(html, variant, target))
        return pages, seconds, target.stat().st_size


def paper_meta(plan, people):
    """The fire and rescue authority's paper, as its draft stands."""
    access = plan_access_for_user(people[0], plan.pk)
    body = GoverningBody.objects.get(
        kind=GoverningBodyKind.FIRE_AUTHORITY, organisations=people[1].organisation
    )
    paper = board_paper_start(access=access, body_id=body.pk)
    return report_preview_meta(access, marking="OFFICIAL", purpose="decision", paper=paper)


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        plan, people, notes = build_plan()
        size = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in notes.items())
        meta = paper_meta(plan, people)
        # Warm up: import WeasyPrint, python-docx and Cairo and compile the templates once,
        # as a running worker has.
        warm = report_document_html(plan, meta)
        print_pdf(warm, meta.variant)
        docx_from_html(warm)
        baseline = peak_rss_mb()

        html, html_seconds = timed(lambda: report_document_html(plan, meta))
        if os.environ.get("BENCH_REPORT_HTML"):
            Path(os.environ["BENCH_REPORT_HTML"]).write_text(html)
        html_rss = peak_rss_mb()
        body = main_body(html)
        body_pages, body_seconds, _ = print_pdf(body, meta.variant)
        pages, pdf_seconds, pdf_bytes = print_pdf(html, meta.variant)
        pdf_rss = peak_rss_mb()
        word, docx_seconds = timed(lambda: docx_from_html(html))
        total_rss = peak_rss_mb()

        total = html_seconds + pdf_seconds
        emit("report_main_body_pages", body_pages, "pages", size, MAIN_BODY_PAGES)
        emit("report_pages", pages, "pages", size)
        emit("report_pdf_size", round(pdf_bytes / 1024, 1), "KiB", size)
        emit("report_html_build_seconds", round(html_seconds, 3), "s", size)
        # The main body's HTML is the full paper's, cut: it costs no build of its own.
        emit("report_main_body_weasyprint_seconds", round(body_seconds, 3), "s", size)
        emit("report_weasyprint_seconds", round(pdf_seconds, 3), "s", size)
        emit("report_total_seconds", round(total, 3), "s", size, FULL_PAPER_SECONDS)
        emit("report_html_share_of_total", round(100 * html_seconds / total, 1), "%", size)
        emit("report_docx_seconds", round(docx_seconds, 3), "s", size, DOCX_SECONDS)
        emit("report_docx_size", round(len(word) / 1024, 1), "KiB", size)
        emit("report_peak_rss_after_warm_up", baseline, "MB", size)
        emit("report_peak_rss_html_build", html_rss, "MB", size)
        emit("report_peak_rss_weasyprint", pdf_rss, "MB", size)
        emit("report_peak_rss_docx", total_rss, "MB", size, PEAK_RSS_MB)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
