"""Helpers the tests import: put a plan in a state, count queries, prove a refusal wrote nothing.

Fixtures stay in conftest files and factories in tests/factories.py; anything a test imports by
name lives here, so no test imports a conftest (or another test module) as a module.
"""

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import Model, QuerySet
from django.test.utils import CaptureQueriesContext

from assessments.finance.models import CostLine, CostStatement
from planner.models import PartnerRole, Plan, S2Notice, S2Response
from workflows.models import SignOff, SignOffDecision

ROOT = Path(__file__).resolve().parents[1]

# Plans


def set_plan(plan, **fields):
    """Write fields straight to the row (no stage machine, no gates) and reload the object."""
    Plan.objects.filter(pk=plan.pk).update(**fields)
    plan.refresh_from_db()
    return plan


def set_stage(plan, stage, held_from=""):
    """Put the plan at a stage, not held, as if it had got there through the gates."""
    return set_plan(plan, stage=stage, held_from_stage=held_from)


def record_s2(plan, lead, response=S2Response.AGREED, *, skip=()):
    """Record every non-lead partner's s.2 response, except the organisations named in skip."""
    for partner in plan.partners.exclude(role=PartnerRole.LEAD).select_related("organisation"):
        if partner.organisation.name in skip:
            continue
        S2Notice.objects.update_or_create(
            plan=plan,
            organisation=partner.organisation,
            defaults={
                "notified_on": date(2026, 1, 5),
                "response": response,
                "responded_on": None if response == S2Response.AWAITING else date(2026, 1, 20),
                "reason": "Not a priority this year" if response == S2Response.DECLINED else "",
                "recorded_by": lead,
            },
        )


def approve_all(plan, lead, decision=SignOffDecision.APPROVED, *, skip=()):
    """Each partner's governing body decides, recorded by the lead on its behalf; a body that
    has decided already supersedes its current decision, as the service requires."""
    for partner in plan.partners.select_related("organisation"):
        org = partner.organisation
        if org.name in skip:
            continue
        current = SignOff.objects.current().filter(plan=plan, organisation=org).first()
        SignOff.objects.create(
            plan=plan,
            organisation=org,
            body=org.governing_body,
            decision=decision,
            decided_on=date(2026, 2, 1),
            reference=f"DN-{org.pk}",
            recorded_by=lead,
            on_behalf=True,
            supersedes=current,
            supersession_reason="The body met again." if current else "",
        )


def state_costs(plan, *, skip=()):
    """Every partner (observers aside) states its costs, as the gate leaving governance
    alignment asks: here "no costs", with a reason, for those with no cost line yet."""
    with_lines = set(CostLine.objects.filter(plan=plan).values_list("organisation_id", flat=True))
    for partner in plan.partners.exclude(role=PartnerRole.OBSERVER).select_related("organisation"):
        org = partner.organisation
        if org.name in skip or org.pk in with_lines:
            continue
        CostStatement.objects.update_or_create(
            plan=plan,
            organisation=org,
            defaults={"reason": "Absorbed in existing budgets.", "stated_by": plan.created_by},
        )


# Queries


def count_queries(client, url, status=200) -> int:
    """How many queries one GET of the page issues (the page must answer with status).

    Counted on a second GET: the first after signing in may also renew the session's idle
    window, which is written at most once a minute (config.sessions), not on every page.
    """
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == status, url
    return len(ctx.captured_queries)


# Proving nothing changed

# Records whose writing on a bad post is the point: failed sign-ins counted for throttling,
# and the session that carries the "there is a problem" message.
NOT_STATE = {"axes", "sessions"}


def state_models() -> list[type[Model]]:
    """Every table of the application's state, for "a refusal wrote nothing anywhere"."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in NOT_STATE and not model._meta.proxy
    ]


def row_counts() -> dict[str, int]:
    """The number of rows in every table of the application's state."""
    return {model._meta.label: model._default_manager.count() for model in state_models()}


def _queryset(source) -> QuerySet:
    if isinstance(source, QuerySet):
        # A fresh copy each time, so rows added since the first snapshot are seen too.
        return source.all()
    if isinstance(source, Model):
        return type(source)._default_manager.filter(pk=source.pk)
    if isinstance(source, type) and issubclass(source, Model):
        return source._default_manager.all()
    raise TypeError(f"snapshot takes models, model instances or querysets, not {source!r}")


@dataclass(frozen=True)
class Snapshot:
    sources: tuple
    rows: tuple[tuple[str, list[dict]], ...]


def snapshot(*sources) -> Snapshot:
    """Every row, every column, of each model (whole table), instance or queryset, by pk."""
    rows = []
    for source in sources:
        qs = _queryset(source)
        rows.append((qs.model._meta.label, list(qs.order_by("pk").values())))
    return Snapshot(sources=sources, rows=tuple(rows))


def changed_tables(before: Snapshot) -> list[str]:
    """The tables whose rows, read again now, are not those of the snapshot."""
    after = snapshot(*before.sources)
    return [
        label for (label, old), (_, new) in zip(before.rows, after.rows, strict=True) if new != old
    ]


def assert_unchanged(before: Snapshot) -> None:
    """Read the same rows again and fail, naming the table, if any was added, changed or gone."""
    after = snapshot(*before.sources)
    for (label, old), (_, new) in zip(before.rows, after.rows, strict=True):
        assert new == old, (
            f"{label} changed:\nbefore {json.dumps(old, default=str, indent=1)}"
            f"\nafter {json.dumps(new, default=str, indent=1)}"
        )


# Report files


def pdf_files(root=None):
    """Every file under the media folder (or root), sorted; none if the folder is not there."""
    root = root or settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def version_files(version):
    """A ready report version's files, sorted as pdf_files lists them: its PDF and its Word
    copy, the pair that makes a version."""
    return sorted([Path(version.file.path), Path(version.docx_file.path)])


# Browser pages (Playwright objects are passed in; nothing here imports Playwright)

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-output" / "screenshots"


def new_context(browser):
    """A browser context; CSP is bypassed only so axe-core can be injected for the checks."""
    return browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)


def axe_violations(page, impacts=None) -> list[dict]:
    """axe-core's violations on the page of these impacts (None, the default: every impact), as
    axe reports them; for a test that collects them across pages (tests/e2e/test_every_page.py)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']})"
    )
    return [v for v in result["violations"] if impacts is None or v["impact"] in impacts]


def check_axe(page, label: str = "", impacts=None) -> None:
    """Run axe-core on the page; fail on any violation of these impacts (None, the default:
    every impact, moderate "region" and minor included, as issue 18 asks of every page)."""
    bad = axe_violations(page, impacts)
    assert not bad, f"axe-core on {label or page.url}: " + json.dumps(
        [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
            for v in bad
        ],
        indent=1,
    )


def screenshot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, live_server, email, password):
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def fill_date(page, label: str, value) -> None:
    """Type a date (a `date` or "YYYY-MM-DD") into the GOV.UK date input labelled `label`."""
    value = date.fromisoformat(value) if isinstance(value, str) else value
    # An optional date's legend ends "(optional)".
    group = page.get_by_role("group", name=re.compile(rf"^{re.escape(label)}( \(optional\))?$"))
    group.get_by_label("Day").fill(str(value.day))
    group.get_by_label("Month").fill(str(value.month))
    group.get_by_label("Year").fill(str(value.year))


def gate_of(plan, stage=None):
    """The gate leaving `stage` (default the plan's), evaluated afresh in a new context."""
    from planner.context import PlanContext
    from planner.gates import gate_evaluate

    return gate_evaluate(PlanContext.for_plan(plan), stage)


def keep_gate_checks(monkeypatch, *modules: str) -> None:
    """Keep only the gate checks defined in these modules, so a test sees what one app's
    evidence says; the others' checks test themselves in their own suites."""
    from planner import gates

    every = gates.gate_checks_for

    def only(stage):
        return [c for c in every(stage) if c.func.__module__ in modules]

    monkeypatch.setattr(gates, "gate_checks_for", only)


def ready_paper(plan, user, body, *, purpose="decision", **details):
    """A draft paper to `body` with everything a freeze needs: cover details, and every
    implication stated (financial in words, the rest "none identified")."""
    from datetime import timedelta

    from planner.access import plan_access_for_user
    from planner.dates import uk_today
    from planner.reports.models import implication_keys
    from planner.reports.papers import (
        board_paper_implications_save,
        board_paper_start,
        board_paper_update,
    )
    from planner.reports.selectors import plan_has_welsh_partner

    access = plan_access_for_user(user, plan.pk)
    paper = board_paper_start(access=access, body_id=body.pk)
    board_paper_update(
        access=access,
        paper_id=paper.pk,
        meeting_date=details.get("meeting_date", uk_today() + timedelta(days=30)),
        agenda_item=details.get("agenda_item", "7"),
        title=details.get("title", paper.title),
        marking=details.get("marking", "OFFICIAL"),
        purpose=purpose,
        author=details.get("author", "Pat Lead, Chief Inspector"),
        contact=details.get("contact", "lead@police.test"),
    )
    keys = implication_keys(welsh_partner=plan_has_welsh_partner(plan))
    board_paper_implications_save(
        access=access,
        paper_id=paper.pk,
        implications={key: {"text": "", "none": True} for key in keys}
        | {"financial": {"text": "Within the approved budget.", "none": False}},
    )
    paper.refresh_from_db()
    return access, paper
