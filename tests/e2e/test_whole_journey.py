"""The whole journey in Chromium, from an empty plan to a downloaded governance report.

People in their own browsers: the police project lead, the fire and the ambulance partner
representatives, and the fire and ambulance governance approvers (who record their governing
bodies' approvals; the lead records the police one on the PCC's behalf, and it says so).
The lead creates the plan and adds the partners; each partner records its s.2 response; all
three complete the scoping assessment (one disagreement, which the partners resolve);
each partner states its costs (or none, with a reason) and governing bodies approve; every
partner adds risks; the lead records the exit strategy; each gate opens through the UI, with
every registered gate check (none is switched off here).
A real Celery worker and beat run as separate processes on Redis and the test's PostgreSQL
database: beat's reminder scan puts an "assessment due" reminder in the partners' inboxes,
and the worker renders the report the lead requests, which is downloaded.

Every page visited is checked with axe-core (the test fails if one was not), and a screenshot
of each step is saved as test-output/screenshots/journey-NN-<step>.png.

Needs PostgreSQL (the worker is another process and must see the test database; SQLite keeps
it in this process's memory): CI runs it; locally, for example,
DATABASE_URL=postgres://postgres@127.0.0.1:5432/journey REDIS_URL=redis://127.0.0.1:6379/13 \
uv run pytest tests/e2e/test_whole_journey.py
"""

import io
import re
import subprocess
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from django.conf import settings
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from assessments.finance.calculations import financial_year_of, year_label
from assessments.selectors import questions_for
from planner import gates
from planner.models import Plan, Stage
from planner.reports.models import ReportStatus, ReportVersion
from tests import workers
from tests.factories import PASSWORD
from tests.helpers import SHOTS, check_axe, fill_date, new_context, screenshot
from tests.workers import wait_until
from workflows.notifications.models import Kind, Notification

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)
# A Redis database of its own, so no other test's queue mixes with this one's.
REDIS_DB = 13
TODAY = timezone.localdate()
LEAD_ORG = "Testshire Police"
FIRE_ORG = "Testshire Fire and Rescue Service"
AMBULANCE_ORG = "Testshire Ambulance Service NHS Trust"


@pytest.fixture
def redis_url(tmp_path):
    workers.skip_unless_postgres("The whole journey, with its real Celery worker,")
    with workers.redis_server(tmp_path, REDIS_DB) as url:
        yield url


@pytest.fixture
def celery(redis_url, tmp_path):
    """A real worker and beat, and a live server that only hands tasks to them.

    They run the production settings module configured by the environment, as a deployment
    would: the test's PostgreSQL database, a Redis database of their own, this process's
    MEDIA_ROOT (so the web side finds the PDF the worker writes), e-mail kept in memory, and
    the reminder scan every second.
    """
    runner = workers.Celery(
        tmp_path,
        redis_url,
        settings_module="config.settings.base",
        name="journey",
        env={
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "REMINDER_SCAN_SECONDS": "1",
        },
    )
    with workers.enqueue_to(redis_url):
        runner.start_worker()
        runner.start_beat()
        try:
            yield runner
        finally:
            runner.stop()


def log_of(celery, role: str) -> str:
    return "".join(p.read_text() for p in sorted(celery.tmp.glob(f"{role}-*.log")))


# --- The browser side --------------------------------------------------------------------


class Journey:
    """People's browsers, numbered screenshots, and proof that axe-core saw every page."""

    def __init__(self, browser, live_server):
        self.browser = browser
        self.base = live_server.url
        self.step = 0
        self.visited: set[str] = set()
        self.checked: set[str] = set()
        self.contexts = []

    def url(self, path: str) -> str:
        return self.base + path

    def person(self, email: str):
        context = new_context(self.browser)
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)

        def navigated(frame):
            if frame == page.main_frame and frame.url.startswith(self.base):
                self.visited.add(urldefrag(frame.url).url)

        page.on("framenavigated", navigated)
        page.goto(self.url("/accounts/sign-in/"))
        self.axe(page, "sign-in page")
        page.get_by_label("E-mail address").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("heading", name="My plans").wait_for()
        self.axe(page, f"dashboard of {email}")
        return page

    def axe(self, page, label: str) -> None:
        page.wait_for_load_state()
        check_axe(page, label)
        self.checked.add(urldefrag(page.url).url)

    def shot(self, page, name: str) -> None:
        """A numbered step: axe-core on the page, then its screenshot."""
        self.axe(page, name)
        self.step += 1
        screenshot(page, f"journey-{self.step:02d}-{name}")

    def unchecked(self) -> set[str]:
        return self.visited - self.checked

    def close(self):
        for context in self.contexts:
            context.close()


def gate_lines(page) -> list[str]:
    return page.locator("#panel-gate ~ ul li").all_text_contents()


def fill_assessment(journey, page, org, codes, rating=4, **overrides):
    page.get_by_text(f"{len(codes)} of {len(codes)} questions left to answer").wait_for()
    journey.axe(page, f"{org}'s assessment form")
    for code in codes:
        value = overrides.get(code, rating)
        page.locator(f"input[name='rating-{code}'][value='{value}']").check()
        page.locator(f"textarea[name='evidence-{code}']").fill(f"{org} evidence on {code}.")
    page.get_by_role("button", name=f"Submit {org}'s assessment").click()
    page.get_by_role(
        "heading", name="Check your answers before submitting the assessment"
    ).wait_for()
    journey.axe(page, f"{org}'s check your answers before submitting")
    page.get_by_role("button", name="Submit assessment").click()
    page.get_by_role("heading", name=re.compile("assessment results$")).wait_for()
    page.get_by_text(f"{org}'s ").filter(has_text="is submitted").wait_for()
    journey.axe(page, f"results after {org} submitted")


def assess(journey, page, org, plan, codes, **overrides):
    page.goto(journey.url(f"/plans/{plan.pk}/"))
    journey.axe(page, f"plan page for {org}")
    page.get_by_role("link", name="Fill in your organisation's assessment").click()
    fill_assessment(journey, page, org, codes, **overrides)


def advance(journey, lead, plan, rationale: str, to_stage: str, name: str):
    """The lead moves the plan on through the open gate."""
    lead.goto(journey.url(f"/plans/{plan.pk}/"))
    lead.get_by_text("Every check has passed.").wait_for()
    assert not [line for line in gate_lines(lead) if "Not yet:" in line]
    journey.shot(lead, f"{name}-gate-open")
    lead.get_by_role("button", name="Move to the next stage").click()
    lead.get_by_role("heading", name="Move to the next stage").wait_for()
    journey.axe(lead, "move to the next stage form")
    lead.get_by_label("Rationale").fill(rationale)
    lead.get_by_role("button", name="Move to the next stage").click()
    lead.get_by_text("The decision has been logged.").wait_for()
    journey.axe(lead, f"plan page after {name}")
    assert Plan.objects.get(pk=plan.pk).stage == to_stage


def record_sign_off(journey, page, org, plan, reference, *, on_behalf=False):
    """The organisation's governance approver records its body's approval; or, `on_behalf`,
    the project lead does, naming the organisation."""
    page.goto(journey.url(f"/plans/{plan.pk}/"))
    journey.axe(page, f"plan page in governance for {org}")
    link = (
        "Record a governing body's decision on its behalf"
        if on_behalf
        else f"Record {org}'s governance decision"
    )
    page.get_by_role("link", name=link).click()
    page.get_by_role("heading", name="Governance sign-off").wait_for()
    journey.axe(page, f"sign-off form for {org}")
    if on_behalf:
        page.get_by_label("Organisation", exact=True).select_option(label=org)
        page.get_by_label("Governing body").fill(f"{org} governing body")
    page.get_by_label("Approved", exact=True).check()
    fill_date(page, "Date of decision", (TODAY - timedelta(days=1)).isoformat())
    page.get_by_label("Minute or decision-notice reference").fill(reference)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers before recording the decision").wait_for()
    journey.axe(page, f"check your answers before recording {org}'s decision")
    page.get_by_role("button", name="Record decision").click()
    page.get_by_text(f"{org}'s governance decision recorded.").wait_for()
    if on_behalf:
        page.get_by_text(f"on behalf of {org}").first.wait_for()
    journey.axe(page, f"sign-off recorded for {org}")


def add_milestone(journey, page, plan, title, baseline, *, owner=""):
    """Add a milestone from the milestones page; the lead may give it to another partner."""
    page.goto(journey.url(f"/plans/{plan.pk}/milestones/"))
    journey.axe(page, "milestones page")
    page.get_by_role("button", name="Add a milestone").click()
    page.get_by_label("Milestone", exact=True).wait_for()
    journey.axe(page, "add a milestone form")
    page.get_by_label("Milestone", exact=True).fill(title)
    if owner:
        page.get_by_label("Owner organisation").select_option(label=owner)
    fill_date(page, "Baseline date", baseline.isoformat())
    page.get_by_role("button", name="Save").click()
    page.get_by_text(f"Milestone “{title}” added.").wait_for()


def add_risk(journey, page, plan, title, likelihood, impact, *, mitigation=""):
    page.goto(journey.url(f"/plans/{plan.pk}/risks/"))
    journey.axe(page, "risk register")
    page.get_by_role("button", name="Add a risk").click()
    page.get_by_label("Title").wait_for()
    journey.axe(page, "add a risk form")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Cause").fill(f"Cause of {title.lower()}.")
    page.get_by_label("Effect").fill(f"Effect of {title.lower()}.")
    page.get_by_label("Category").select_option("operational")
    page.get_by_label("Likelihood", exact=True).select_option(str(likelihood))
    page.get_by_label("Impact", exact=True).select_option(str(impact))
    fill_date(page, "Review date", (TODAY + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Add the risk").click()
    page.get_by_role("heading", name=title).wait_for()
    if mitigation:
        page.get_by_label("Action", exact=True).fill(mitigation)
        page.get_by_label("Action owner").select_option(index=1)
        fill_date(page, "Due date", (TODAY + timedelta(days=30)).isoformat())
        page.get_by_role("button", name="Add the action").click()
        page.get_by_text("Mitigation action added.").wait_for()
    journey.axe(page, f"risk page: {title}")


def add_cost(journey, page, plan, description, kind, recurrence, amounts):
    """A partner adds a cost its organisation bears; amounts are (financial year, pounds)."""
    page.goto(journey.url(f"/plans/{plan.pk}/finance/"))
    journey.axe(page, "costs and funding page")
    page.get_by_role("button", name="Add a cost").click()
    page.get_by_label("What the cost is").wait_for()
    journey.axe(page, "add a cost form")
    page.get_by_label("What the cost is").fill(description)
    page.get_by_label(kind, exact=True).check()
    page.get_by_label(recurrence, exact=True).check()
    for year, pounds in amounts:
        page.get_by_label(year_label(year)).fill(pounds)
    page.get_by_role("button", name="Add the cost").click()
    page.get_by_text(f"Cost “{description}” added").wait_for()


def state_no_costs(journey, page, plan, org, reason):
    page.goto(journey.url(f"/plans/{plan.pk}/finance/"))
    page.get_by_role("link", name=f"{org} bears no costs").click()
    page.get_by_label("Why does your organisation bear no costs?").wait_for()
    journey.axe(page, "no costs form")
    page.get_by_label("Why does your organisation bear no costs?").fill(reason)
    page.get_by_role("button", name="Save").click()
    page.get_by_text(f"Recorded that {org} bears no costs").wait_for()


def open_inbox(journey, page, who: str):
    page.goto(journey.url("/"))
    journey.axe(page, f"dashboard of {who}")
    page.get_by_role("link", name=re.compile(r"^Inbox \d+ unread")).click()
    page.get_by_role("heading", name="Inbox").wait_for()


def test_from_an_empty_plan_to_a_downloaded_report(
    browser,
    live_server,
    celery,
    framework,
    police_lead,
    fire_partner,
    ambulance_rep,
    fire_approver,
    ambulance_approver,
):
    # Every gate check any app registered counts here: nothing is filtered out.
    checks = {stage: [c.code for c in gates.gate_checks_for(stage)] for stage in Stage}
    assert {"partners", "s2_record", "assessment_submitted"} <= set(checks[Stage.SCOPING])
    assert {"sign_off", "agreement_form", "assessment_readiness", "costs_stated"} <= set(
        checks[Stage.GOVERNANCE]
    )
    assert {"risks_from_partners", "exit_strategy"} <= set(checks[Stage.RISK])
    codes = {
        stage: [q.characteristic.code for q in questions_for(framework, stage)]
        for stage in (Stage.SCOPING, Stage.GOVERNANCE, Stage.RISK)
    }
    journey = Journey(browser, live_server)
    try:
        run_journey(journey, celery, codes)
    except AssertionError:
        print(celery.logs())
        raise
    finally:
        journey.close()
    assert len(journey.visited) >= 30, journey.visited  # the navigation record works
    assert not journey.unchecked(), f"pages visited without axe-core: {journey.unchecked()}"


def run_journey(journey, celery, codes):
    # 1. The lead creates the plan, with a scoping target date three days away.
    lead = journey.person("lead@police.test")
    journey.shot(lead, "dashboard-empty")
    lead.get_by_role("button", name="Start a new plan").click()
    lead.get_by_label("Title").wait_for()
    journey.axe(lead, "new plan form")
    lead.get_by_label("Title").fill("Northgate joint emergency services hub")
    lead.get_by_label("Reference").fill("tst-ngh-01")
    lead.get_by_label("Summary").fill(
        "Police, fire and ambulance share one station and a joint control room."
    )
    lead.get_by_label("Collaboration type").select_option("sharing_premises")
    lead.get_by_label("Area", exact=True).fill("Testshire")
    lead.get_by_label("Objectives").fill("Share one building.\nDispatch jointly.")
    lead.get_by_label("Public outcome sought").fill("Faster joint response in Northgate.")
    fill_date(lead, "Scoping target date", (TODAY + timedelta(days=3)).isoformat())
    fill_date(lead, "Governance alignment target date", (TODAY + timedelta(days=45)).isoformat())
    fill_date(lead, "Joint risk assessment target date", (TODAY + timedelta(days=90)).isoformat())
    fill_date(lead, "Delivery target date", (TODAY + timedelta(days=200)).isoformat())
    journey.shot(lead, "new-plan-form")
    lead.get_by_role("button", name="Continue").click()
    lead.get_by_role("heading", name="Check your answers before creating the plan").wait_for()
    journey.axe(lead, "check your answers before creating the plan")
    lead.get_by_role("button", name="Create plan").click()
    lead.get_by_role("heading", name="Partners and people").wait_for()
    plan = Plan.objects.get()
    assert plan.reference == "TST-NGH-01" and plan.stage == Stage.SCOPING
    # The plan was started two months ago: the evidence below is dated in its life, and a
    # date before the plan was created is refused (planner.dates).
    Plan.objects.filter(pk=plan.pk).update(created_at=timezone.now() - timedelta(days=60))
    journey.axe(lead, "partners page")

    # 2. The lead adds the fire and ambulance services, their representatives and their
    #    governance approvers.
    for org, person, approver in (
        (FIRE_ORG, "Fran Fire", "Fay Authority"),
        (AMBULANCE_ORG, "Amal Ambulance", "Abe Board"),
    ):
        # The partner form's organisation (the invitation form below has one too).
        lead.locator("#id_partner_organisation").select_option(label=org)
        lead.get_by_label("Partner", exact=True).check()
        lead.get_by_role("button", name="Add organisation").click()
        lead.get_by_text(f"{org} added.").wait_for()
        journey.axe(lead, f"partners page after adding {org}")
        lead.get_by_label("Person").select_option(label=person)
        lead.get_by_label("Role", exact=True).first.select_option("partner_rep")
        lead.get_by_role("button", name="Add person").click()
        lead.get_by_text(f"{person} added as Partner representative.").wait_for()
        journey.axe(lead, f"partners page after adding {person}")
        lead.get_by_label("Person").select_option(label=approver)
        lead.get_by_label("Role", exact=True).first.select_option("approver")
        lead.get_by_role("button", name="Add person").click()
        lead.get_by_text(f"{approver} added as Governance approver.").wait_for()
        journey.axe(lead, f"partners page after adding {approver}")
    journey.shot(lead, "partners-added")

    # 3. The scoping gate is closed, and says why.
    lead.get_by_role("link", name="Back to the plan").click()
    lead.get_by_text(f"{FIRE_ORG} has not been recorded as notified").wait_for()
    journey.shot(lead, "scoping-gate-closed")

    # 4. The lead records the s.2 notifications; the services have not answered yet.
    lead.get_by_role("link", name="Policing and Crime Act 2017 s.2 record").first.click()
    lead.get_by_role("heading", name="Policing and Crime Act 2017 s.2 record").wait_for()
    journey.axe(lead, "s.2 record")
    notified = (TODAY - timedelta(days=20)).isoformat()
    for org in (FIRE_ORG, AMBULANCE_ORG):
        lead.get_by_label("Service notified").select_option(label=org)
        fill_date(lead, "Date notified", notified)
        lead.get_by_label("Awaiting response").check()
        lead.get_by_role("button", name="Save").click()
        lead.get_by_text(f"s.2 record for {org} saved.").wait_for()
        journey.axe(lead, f"s.2 record after notifying {org}")

    # 5. Beat's reminder scan finds the scoping assessments due in three days; the worker
    # records the reminders and the fire representative sees one in the inbox.
    wait_until(
        lambda: Notification.objects.filter(
            recipient__email="rep@fire.test", kind=Kind.ASSESSMENT_DUE
        ).exists(),
        60,
        "beat's reminder scan to remind the fire representative",
    )
    assert "notifications.reminders_scan" in log_of(celery, "beat")
    fire = journey.person("rep@fire.test")
    open_inbox(journey, fire, "the fire representative")
    reminder = f"TST-NGH-01: {FIRE_ORG}'s scoping assessment is due in 3 days"
    fire.get_by_role("link", name=reminder).wait_for()
    journey.shot(fire, "fire-inbox-reminder")

    # 6. The reminder leads to the assessment; first the fire service records its s.2 answer.
    fire.get_by_role("link", name=reminder).click()
    fire.get_by_role("heading", name=f"{FIRE_ORG}: scoping assessment").wait_for()
    journey.axe(fire, "fire assessment form from the reminder")
    fire.goto(journey.url(f"/plans/{plan.pk}/s2/"))
    journey.axe(fire, "s.2 record for the fire representative")
    fire.get_by_label("Service notified").select_option(label=FIRE_ORG)
    fill_date(fire, "Date notified", notified)
    fire.get_by_label("Agreed to consider jointly").check()
    fill_date(fire, "Date of response", (TODAY - timedelta(days=10)).isoformat())
    fire.get_by_role("button", name="Save").click()
    fire.get_by_text(f"s.2 record for {FIRE_ORG} saved.").wait_for()
    journey.shot(fire, "fire-s2-response")

    ambulance = journey.person("rep@ambulance.test")
    open_inbox(journey, ambulance, "the ambulance representative")
    ambulance.get_by_role(
        "link", name=re.compile(r"scoping assessment is due in 3 days")
    ).wait_for()
    journey.axe(ambulance, "ambulance inbox")
    ambulance.goto(journey.url(f"/plans/{plan.pk}/s2/"))
    journey.axe(ambulance, "s.2 record for the ambulance representative")
    ambulance.get_by_label("Service notified").select_option(label=AMBULANCE_ORG)
    fill_date(ambulance, "Date notified", notified)
    ambulance.get_by_label("Agreed to consider jointly").check()
    fill_date(ambulance, "Date of response", (TODAY - timedelta(days=8)).isoformat())
    ambulance.get_by_role("button", name="Save").click()
    ambulance.get_by_text(f"s.2 record for {AMBULANCE_ORG} saved.").wait_for()
    journey.axe(ambulance, "s.2 record with both responses")

    # 7. The three organisations complete the scoping assessment; fire rates shared vision
    # low, which the results flag as a disagreement.
    scoping = codes[Stage.SCOPING]
    assess(journey, fire, FIRE_ORG, plan, scoping, shared_vision=2)
    assess(journey, ambulance, AMBULANCE_ORG, plan, scoping)
    assess(journey, lead, LEAD_ORG, plan, scoping)
    lead.get_by_text("Not yet discussed").wait_for()
    journey.shot(lead, "scoping-results-disagreement")
    lead.goto(journey.url(f"/plans/{plan.pk}/"))
    journey.axe(lead, "plan page, scoping disagreement")
    lead.get_by_role("link", name="Disagreements resolved").click()
    journey.axe(lead, "discussion form")
    lead.get_by_label("What did the partners discuss and agree?").fill(
        "Fire wants response times in the vision; agreed to redraft it together."
    )
    lead.get_by_role("button", name="Record the discussion").click()
    lead.get_by_text("Discussion of Shared vision recorded.").wait_for()
    journey.axe(lead, "discussion page after the note")
    # A note alone is not an agreement: the partners record one and each acknowledges it.
    lead.get_by_label("What have the partners agreed?").fill(
        "The vision will include the response times fire asked for."
    )
    lead.get_by_role("button", name="Record the resolution").click()
    lead.get_by_text("Resolution of Shared vision recorded.").wait_for()
    journey.axe(lead, "discussion page with the resolution")
    for person, org in ((fire, FIRE_ORG), (ambulance, AMBULANCE_ORG)):
        person.goto(journey.url(f"/plans/{plan.pk}/assessments/scoping/discuss/shared_vision/"))
        person.get_by_role("button", name=f"Acknowledge the resolution for {org}").click()
        person.get_by_text(f"{org} has acknowledged the resolution of Shared vision.").wait_for()
    journey.axe(ambulance, "discussion page, resolution acknowledged")

    # 8. Scoping gate open: governance alignment.
    advance(
        journey,
        lead,
        plan,
        "All three services agreed under s.2 and assessed the plan.",
        Stage.GOVERNANCE,
        "scoping",
    )
    journey.shot(lead, "governance-alignment")

    # 9. Governance: the form of agreement, the stage assessment and every approval.
    lead.get_by_role("link", name="Edit the plan").first.click()
    lead.get_by_label("Form of agreement").wait_for()
    journey.axe(lead, "edit plan form")
    lead.get_by_label("Form of agreement").select_option("s1_agreement")
    lead.get_by_role("button", name="Save changes").click()
    lead.get_by_text("Form of agreement: ").wait_for()
    journey.axe(lead, "plan page after recording the form of agreement")
    # Editing keeps the target dates the form was shown with.
    edited = Plan.objects.get(pk=plan.pk)
    assert edited.agreement_form == "s1_agreement"
    assert edited.scoping_target == TODAY + timedelta(days=3)
    assert edited.joint_risk_assessment_target == TODAY + timedelta(days=90)
    governance = codes[Stage.GOVERNANCE]
    for page, org in ((fire, FIRE_ORG), (ambulance, AMBULANCE_ORG), (lead, LEAD_ORG)):
        assess(journey, page, org, plan, governance)
    # Each partner states its costs before the gate to joint risk assessment opens.
    first = financial_year_of(TODAY)
    add_cost(
        journey,
        fire,
        plan,
        "Station fit-out for the joint control room",
        "Capital",
        "One-off",
        [(first, "£120,000")],
    )
    add_cost(
        journey,
        lead,
        plan,
        "Joint control room licences",
        "Revenue",
        "Recurring",
        [(first + 1, "45,000"), (first + 2, "45000")],
    )
    state_no_costs(
        journey, ambulance, plan, AMBULANCE_ORG, "Our liaison desk uses staff already in post."
    )
    # The lead's organisation funds its share itself.
    lead.goto(journey.url(f"/plans/{plan.pk}/finance/"))
    lead.get_by_role("button", name="Add funding").click()
    lead.get_by_label("What the funding is").wait_for()
    journey.axe(lead, "add funding form")
    lead.get_by_label("Partner contribution").check()
    lead.get_by_label("What the funding is").fill("Police revenue budget")
    lead.get_by_label(year_label(first + 1)).fill("45,000")
    lead.get_by_role("button", name="Add the funding").click()
    lead.get_by_text("Funding “Police revenue budget” added").wait_for()
    lead.goto(journey.url(f"/plans/{plan.pk}/finance/"))
    journey.shot(lead, "costs-stated")
    record_sign_off(journey, lead, LEAD_ORG, plan, "PCC-DN-2026-31", on_behalf=True)
    # Partner representatives do not record their bodies' decisions; the approvers do.
    fire.goto(journey.url(f"/plans/{plan.pk}/sign-off/"))
    journey.axe(fire, "sign-off page for a partner representative")
    assert fire.get_by_role("button", name="Continue").count() == 0
    fire_approver = journey.person("approver@fire.test")
    record_sign_off(journey, fire_approver, FIRE_ORG, plan, "FRA/2026/44")
    ambulance_approver = journey.person("approver@ambulance.test")
    record_sign_off(journey, ambulance_approver, AMBULANCE_ORG, plan, "TB-2026-118")
    journey.shot(ambulance_approver, "governance-approvals")

    # 10. Governance gate open: joint risk assessment.
    advance(
        journey,
        lead,
        plan,
        "Every governing body approved the s.1 agreement.",
        Stage.RISK,
        "governance",
    )

    # The gate to delivery asks for a milestone baselined in each financial year of delivery
    # (from the joint risk assessment target to the delivery target, less than a year): the
    # lead adds the first for fire, fire's representative adds its own, the timeline shows both.
    add_milestone(
        journey,
        lead,
        plan,
        "Joint control room fitted out",
        TODAY + timedelta(days=90),
        owner=FIRE_ORG,
    )
    add_milestone(journey, fire, plan, "Joint dispatch goes live", TODAY + timedelta(days=200))
    lead.goto(journey.url(f"/plans/{plan.pk}/timeline/"))
    lead.get_by_role("img", name="Milestones and stage targets").wait_for()
    journey.axe(lead, "timeline")
    journey.shot(lead, "milestones-timeline")

    # 11. Every partner brings its risks; the high one gets a mitigation.
    add_risk(
        journey,
        fire,
        plan,
        "Appliances delayed leaving the shared yard",
        3,
        5,
        mitigation="Marked exit lane kept clear at all times",
    )
    journey.shot(fire, "fire-risk")
    add_risk(journey, ambulance, plan, "Patient handover space too small", 2, 3)
    add_risk(journey, lead, plan, "Custody vans block the ambulance bay", 2, 2)
    lead.goto(journey.url(f"/plans/{plan.pk}/risks/"))
    journey.shot(lead, "risk-register")
    risk = codes[Stage.RISK]
    for page, org in ((fire, FIRE_ORG), (ambulance, AMBULANCE_ORG), (lead, LEAD_ORG)):
        assess(journey, page, org, plan, risk)

    # 12. The gate to delivery needs the exit strategy and a benefit to judge delivery by.
    lead.goto(journey.url(f"/plans/{plan.pk}/"))
    lead.get_by_role("button", name="See what is missing").click()
    lines = gate_lines(lead)
    assert [line for line in lines if "Not yet:" in line] == [
        next(line for line in lines if "Record an exit strategy" in line),
        next(line for line in lines if "Add at least one benefit" in line),
    ], lines
    journey.shot(lead, "risk-gate-needs-exit-strategy")
    lead.get_by_role("link", name="Record the exit strategy").first.click()
    lead.get_by_label("Triggers for ending the collaboration").wait_for()
    journey.axe(lead, "exit strategy form")
    lead.get_by_label("Triggers for ending the collaboration").fill("A partner withdraws.")
    lead.get_by_label("Shared assets").fill("Divided by contribution.")
    lead.get_by_label("Staff").fill("Secondees return to their service.")
    lead.get_by_label("Data", exact=True).fill("Each partner keeps its records.")
    lead.get_by_label("Notice period in months").fill("12")
    lead.get_by_role("button", name="Save the exit strategy").click()
    lead.get_by_text("Exit strategy saved.").wait_for()
    journey.axe(lead, "exit strategy saved")
    lead.goto(journey.url(f"/plans/{plan.pk}/benefits/new/"))
    lead.get_by_label("Title").wait_for()
    journey.axe(lead, "benefit form")
    lead.get_by_label("Title").fill("Custody van journeys saved")
    lead.get_by_label("Cashable (£ a year)").check()
    lead.get_by_label("Baseline value").fill("0")
    fill_date(lead, "Baseline date", date.today().isoformat())
    lead.get_by_label("Target value").fill("30000")
    fill_date(lead, "Target date", (date.today() + timedelta(days=365)).isoformat())
    lead.get_by_role("button", name="Add the benefit").click()
    lead.get_by_role("heading", name="Custody van journeys saved").wait_for()
    journey.axe(lead, "benefit added")

    # 13. Joint risk assessment gate open: delivery.
    advance(
        journey,
        lead,
        plan,
        "Joint risk register complete and the exit strategy agreed.",
        Stage.DELIVERY,
        "risk",
    )
    journey.shot(lead, "delivery")
    lead.get_by_role("link", name="See the whole decision log").click()
    lead.get_by_text("Moved on: Joint risk assessment → Delivery").wait_for()
    journey.shot(lead, "decision-log")

    # 14. The lead drafts the board paper for the fire and rescue authority and creates
    # version 1; the web side only queues it, the worker renders it and the page shows the
    # download link without a reload.
    lead.goto(journey.url(f"/plans/{plan.pk}/"))
    lead.get_by_role("link", name="Prepare a board paper for a governing body").click()
    lead.get_by_role("heading", name="Governance report").wait_for()
    journey.axe(lead, "governance report page")
    body = "Testshire Fire and Rescue Authority"
    lead.get_by_role("button", name=f"Draft the paper for {body}").click()
    lead.get_by_role("heading", name=f"Board paper for {body}").wait_for()
    journey.axe(lead, "board paper draft")
    fill_date(lead, "Date of the meeting", (date.today() + timedelta(days=30)).isoformat())
    lead.get_by_label("OFFICIAL-SENSITIVE").check()
    lead.get_by_label("For decision").check()
    lead.get_by_role("button", name="Save the cover details").click()
    lead.get_by_text("The paper's details are saved.").wait_for()
    # The recommendations were drafted from the plan for this body, fire's share of the
    # costs among them; the lead adds one of its own before freezing.
    drafted = lead.get_by_label("Recommendation 2").input_value()
    assert FIRE_ORG in drafted and "£" in drafted, drafted
    own = "Ask the chief fire officer to report progress to the authority in six months."
    lead.get_by_label("Add a recommendation").fill(own)
    lead.get_by_role("button", name="Save the recommendations").click()
    lead.get_by_text(re.compile("recommendations are saved", re.I)).wait_for()
    journey.axe(lead, "board paper with the lead's own recommendation")
    lead.get_by_label("Financial implications").fill("As the financial case sets out.")
    for key in ("legal", "workforce", "equality", "data_protection", "environmental"):
        lead.locator(f"#id_{key}_none").check()
    lead.get_by_role("button", name="Save the implications").click()
    lead.get_by_text("The implications are saved.").wait_for()
    journey.axe(lead, "board paper ready to freeze")
    lead.get_by_role("button", name="Create version 1").click()
    lead.get_by_text(
        re.compile(r"Version 1 (is queued and will be ready|of the report is ready)")
    ).wait_for()
    assert ReportVersion.objects.get().enqueued_at is not None, "the broker took the task"
    journey.shot(lead, "report-requested")
    download_link = lead.get_by_role("link", name=re.compile(r"^Download version 1 \(PDF"))
    try:
        download_link.wait_for(state="visible", timeout=90000)
    except Exception:
        print(celery.logs())
        raise
    version = ReportVersion.objects.get()
    assert version.status == ReportStatus.READY, version.failure_reason
    # Rendered by the worker process, not in the web process.
    worker_log = log_of(celery, "worker")
    assert re.search(r"Task reports\.report_render\[[^]]+\] succeeded", worker_log), celery.logs()
    journey.shot(lead, "report-ready")

    # 15. The download is the PDF the worker wrote.
    with lead.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == "TST-NGH-01-report-v1.pdf"
    pdf = Path(download.value.path()).read_bytes()
    assert pdf[:5] == b"%PDF-"
    assert pdf == (Path(settings.MEDIA_ROOT) / version.file.name).read_bytes()
    saved = ROOT / "test-output" / "journey-report-v1.pdf"
    saved.write_bytes(pdf)
    # The first three pages as a reader sees them, for people to look at.
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            "3",
            str(saved),
            str(SHOTS / "journey-paper"),
        ],
        check=True,
    )
    text = "".join(page.extract_text() for page in PdfReader(saved).pages)
    assert "Testshire Fire and Rescue Authority" in text
    assert own in " ".join(text.split())

    # 15b. And the Word copy beside it: the same bytes the worker stored, the lead's own
    # recommendation the last item of a real numbered list.
    with lead.expect_download() as download:
        lead.get_by_role("link", name=re.compile(r"^Download version 1 \(Word")).click()
    assert download.value.suggested_filename == "TST-NGH-01-report-v1.docx"
    word = Path(download.value.path()).read_bytes()
    assert word == (Path(settings.MEDIA_ROOT) / version.docx_file.name).read_bytes()
    numbered = [
        p.text for p in Document(io.BytesIO(word)).paragraphs if p.style.name == "List Number"
    ]
    assert numbered and own in numbered[-1], numbered

    # 16. The scan tells every partner the report is ready, in their inbox.
    wait_until(
        lambda: Notification.objects.filter(
            recipient__email="rep@fire.test", kind=Kind.REPORT_READY
        ).exists(),
        30,
        "the report-ready notification",
    )
    open_inbox(journey, fire, "the fire representative")
    fire.get_by_role("link", name="TST-NGH-01: governance report version 1 is ready").click()
    fire.get_by_role("heading", name="Governance report").wait_for()
    assert fire.get_by_role("link", name=re.compile(r"^Download version 1 \(PDF")).is_visible()
    journey.shot(fire, "fire-sees-the-report")
