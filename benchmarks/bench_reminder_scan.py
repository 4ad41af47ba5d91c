"""Time and count the queries of one reminder scan over 10,000 and 100,000 plans, 1% due.

Prints one JSON object per line: {"name", "value", "unit", "size"}. The data is built with
bulk_create in a throwaway test database (in memory on SQLite; test_<name> on PostgreSQL
when DATABASE_URL is set) and dropped afterwards. The scan includes recording the reminders
and enqueuing their e-mails on an in-memory broker, not the sending itself.

Target: under 2 s at 100,000 plans, and a query count that does not grow with the plans.

    uv run python benchmarks/bench_reminder_scan.py
"""

import json
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
# Enqueue on the in-memory broker: the benchmark measures the scan, not the e-mails.
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from config.celery import app  # noqa: E402

app.conf.task_always_eager = False

from planner.models import (  # noqa: E402
    CollaborationType,
    MemberRole,
    Organisation,
    OrganisationKind,
    PartnerRole,
    Plan,
    PlanMember,
    PlanPartner,
    Stage,
    User,
)
from workflows.notifications.models import Notification  # noqa: E402
from workflows.notifications.services import reminders_scan  # noqa: E402

NOW = datetime(2027, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/London"))
SIZES = [10_000, 100_000]
PEOPLE = 50
BATCH = 5000


def emit(name, value, unit, size):
    print(json.dumps({"name": name, "value": value, "unit": unit, "size": size}), flush=True)


def build(start: int, stop: int, police, fire, leads, reps):
    """Plans start..stop-1; one in a hundred is due, spread over three rules."""
    recent, old = NOW - timedelta(days=2), NOW - timedelta(days=60)
    plans = []
    for i in range(start, stop):
        slot = i % 300
        stage = [Stage.SCOPING, Stage.GOVERNANCE, Stage.DELIVERY][i % 3]
        scoping_target, last_decision_at = date(2027, 6, 1), recent
        if slot == 0:  # scoping past its target date
            stage, scoping_target = Stage.SCOPING, date(2027, 3, 1)
        elif slot == 100:  # no decision for 60 days
            last_decision_at = old
        elif slot == 200:  # governance for 60 days, sign-off awaited
            stage = Stage.GOVERNANCE
        # The stage is a protected field: it can only be given when the object is built.
        plan = Plan(
            title=f"Scheme {i}",
            reference=f"BENCH-{i:06d}",
            summary="s",
            collaboration_type=CollaborationType.PREMISES,
            area="Benchshire",
            objectives="o",
            public_outcome="p",
            created_by=leads[i % PEOPLE],
            stage=stage,
            last_decision_at=last_decision_at,
            scoping_target=scoping_target,
            governance_alignment_target=date(2027, 9, 1),
            delivery_target=date(2028, 6, 1),
        )
        plans.append(plan)
    Plan.objects.bulk_create(plans, batch_size=BATCH)
    # stage_changed_at is auto_now_add; set the governance clock afterwards in one update.
    created = Plan.objects.filter(reference__gte=f"BENCH-{start:06d}").filter(
        reference__lt=f"BENCH-{stop:06d}"
    )
    created.update(stage_changed_at=NOW - timedelta(days=1))
    ids = list(created.order_by("reference").values_list("id", flat=True))
    due_governance = [pk for n, pk in zip(range(start, stop), ids, strict=True) if n % 300 == 200]
    Plan.objects.filter(pk__in=due_governance).update(stage_changed_at=NOW - timedelta(days=60))
    partners, members = [], []
    for n, pk in zip(range(start, stop), ids, strict=True):
        partners += [
            PlanPartner(plan_id=pk, organisation=police, role=PartnerRole.LEAD),
            PlanPartner(plan_id=pk, organisation=fire, role=PartnerRole.PARTNER),
        ]
        members += [
            PlanMember(
                plan_id=pk,
                user=leads[n % PEOPLE],
                organisation=police,
                role=MemberRole.PROJECT_LEAD,
            ),
            PlanMember(
                plan_id=pk, user=reps[n % PEOPLE], organisation=fire, role=MemberRole.PARTNER_REP
            ),
        ]
    PlanPartner.objects.bulk_create(partners, batch_size=BATCH)
    PlanMember.objects.bulk_create(members, batch_size=BATCH)


def main():
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        police = Organisation.objects.create(
            name="Bench Police", kind=OrganisationKind.POLICE, area="B", governing_body="PCC"
        )
        fire = Organisation.objects.create(
            name="Bench Fire", kind=OrganisationKind.FIRE, area="B", governing_body="FRA"
        )
        leads = User.objects.bulk_create(
            User(email=f"lead{i}@bench.test", full_name=f"Lead {i}", organisation=police)
            for i in range(PEOPLE)
        )
        reps = User.objects.bulk_create(
            User(email=f"rep{i}@bench.test", full_name=f"Rep {i}", organisation=fire)
            for i in range(PEOPLE)
        )
        leads = list(User.objects.filter(email__startswith="lead").order_by("pk"))
        reps = list(User.objects.filter(email__startswith="rep").order_by("pk"))
        built = 0
        for size in SIZES:
            build(built, size, police, fire, leads, reps)
            if not built:
                # Warm up once (URL resolver, broker connection, first-use imports) so the
                # figures are the steady cost a beat process pays every few minutes.
                reminders_scan(now=NOW)
            built = size
            Notification.objects.all().delete()
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                counts = reminders_scan(now=NOW)
            elapsed = time.perf_counter() - start
            emit("reminder_scan_seconds", round(elapsed, 3), "s", size)
            emit("reminder_scan_queries", len(queries), "queries", size)
            emit(
                "reminders_recorded",
                sum(v for k, v in counts.items() if k != "enqueued"),
                "reminders",
                size,
            )
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                again = reminders_scan(now=NOW)
            emit("reminder_rescan_seconds", round(time.perf_counter() - start, 3), "s", size)
            emit("reminder_rescan_new", sum(again.values()), "reminders", size)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
