"""Every page each persona may open, in Chromium at 1280 px and at 375 px (issue 18, line 1).

The pages are the access matrix's (tests/hardening/matrix.py): every entry with a GET whose
expected result for a persona is 200, reached with the same real objects (the matrix's
World). Each persona signs in once and keeps one browser context for all its pages, because
signing in per page would triple the run on a 2-core CI machine. On each page:
- at 375 px, `document.documentElement.scrollWidth` must not exceed the viewport (no page
  scrolls sideways on a phone);
- at both widths, axe-core must report no violation of any impact (moderate "region"
  included).
Downloads (PDF, Word, CSV, SVG, JSON, the stylesheet) are not HTML pages: they are told apart
by the Content-Type the server sends, so a new download needs no hand list here.

Every failure is collected and the test fails once, listing them all; the same findings are
written, grouped by violation, to test-output/every_page_findings.md for the people fixing
them.
"""

import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from datetime import time as clock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from time_machine import escape_hatch

from tests.factories import PASSWORD
from tests.hardening.matrix import MATRIX, PERSONAS
from tests.hardening.urlwalk import all_routes
from tests.hardening.world import World
from tests.helpers import ROOT, axe_violations, new_context, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDE, NARROW = 1280, 375
STYLE_RETRIES = 4
FINDINGS = ROOT / "test-output" / "every_page_findings.md"
ROUTED = {route.name for route in all_routes()}
# In the matrix's order: some entries' objects move the plan on (a milestone puts it in
# delivery), so building them in that order gives the same world on every run.
GET_PAGES = [name for name, entry in MATRIX.items() if name in ROUTED and "GET" in entry.methods]
# Whether the page's stylesheets arrived and have rules (one that failed to load has none).
STYLED = """() => document.styleSheets.length > 0 && [
  ...document.querySelectorAll('link[rel=stylesheet]')].every((link) => {
  try { return link.sheet !== null && link.sheet.cssRules.length > 0; }
  catch (error) { return false; }
})"""


@dataclass(frozen=True)
class Outcome:
    """One page visited by one persona: what was found, whether it was an HTML page (not a
    download) and its scrollWidth at 375 px."""

    findings: list
    html: bool = True
    scroll_width: int | None = None


@dataclass(frozen=True)
class Finding:
    kind: str  # an axe rule id, "sideways-scroll", "status" or "stylesheet-not-loaded"
    impact: str
    page: str
    persona: str
    width: int
    target: str  # one node the rule failed on, or what the server answered
    scroll_width: int | None = None
    nodes: int = 1

    def line(self) -> str:
        scroll = f", scrollWidth {self.scroll_width}" if self.scroll_width is not None else ""
        more = f" (+{self.nodes - 1} more)" if self.nodes > 1 else ""
        return (
            f"{self.page} as {self.persona} at {self.width} px: {self.kind} ({self.impact}) "
            f"on `{self.target}`{more}{scroll}"
        )


@pytest.fixture(autouse=True)
def working_hours():
    """Ten in the morning, UK time, today: the world's invitation e-mail is not held by quiet
    hours, and nothing the pages show depends on when the suite runs. The clock ticks, so
    sessions and the browser's cookies (dated today) behave as they would for real."""
    morning = datetime.combine(datetime.now(ZoneInfo("Europe/London")).date(), clock(10))
    with time_machine.travel(morning.replace(tzinfo=ZoneInfo("Europe/London")), tick=True):
        yield


@pytest.fixture
def world(plan, personas, orgs):
    return World(plan, personas, orgs)


def page_urls(world) -> dict[str, str]:
    """Every GET page's URL, each kwargs builder run once: entries sharing one (the four
    condition pages, the milestone's edit and rebaseline) reach the same object, as a person
    following the links would."""
    built = {}
    urls = {}
    for name in GET_PAGES:
        build = MATRIX[name].kwargs
        if build not in built:
            built[build] = build(world)
        urls[name] = reverse(name, kwargs=built[build])
    stored_version_is_a_whole_paper(world)
    return urls


def stored_version_is_a_whole_paper(world):
    """The matrix's report version holds a fragment ("<h1>Report</h1>"), enough to test who may
    read it; a rendered version stores the whole paper, as the live preview builds it, and
    that document is the page its preview serves."""
    from planner.reports.models import Marking, ReportPurpose, ReportVersion
    from planner.reports.rendering import report_document_html
    from planner.reports.services import report_preview_meta

    meta = report_preview_meta(
        world.access(), marking=Marking.OFFICIAL, purpose=ReportPurpose.DISCUSSION
    )
    ReportVersion.objects.filter(pk=world.report_kwargs["version_id"]).update(
        html=report_document_html(world.plan, meta)
    )


def signed_in_page(browser, live_server, persona, personas):
    context = new_context(browser)
    page = context.new_page()
    page.set_default_timeout(15000)
    if persona != "anonymous":
        sign_in(page, live_server, personas[persona].email, PASSWORD)
        page.wait_for_url(lambda url: "/sign-in/" not in url)
    return page


def axe_findings(page, name, persona, width) -> list[Finding]:
    """Every impact's violations, one finding per rule naming its first node."""
    return [
        Finding(
            v["id"],
            v["impact"],
            name,
            persona,
            width,
            " ".join(map(str, v["nodes"][0]["target"])),
            nodes=len(v["nodes"]),
        )
        for v in axe_violations(page, impacts=None)
    ]


def styled(page) -> bool:
    """Whether the page is styled, reloading it a few times a moment apart if not: a
    developer's asset build may be rewriting static/build while the tests run."""
    for _ in range(STYLE_RETRIES):
        if page.evaluate(STYLED):
            return True
        page.wait_for_timeout(3000)
        page.reload()
    return page.evaluate(STYLED)


def visit(page, live_server, name, url, persona) -> Outcome:
    """Open one page at both widths and say what was found."""
    # Asked first through the context's own request client (same cookies), so a download is
    # recognised by its Content-Type without the browser starting it, and a redirect shows.
    response = page.context.request.get(live_server.url + url, max_redirects=0)
    if response.status != 200:
        where = response.headers.get("location", "")
        answer = f"answered {response.status}{' -> ' + where if where else ''}"
        return Outcome([Finding("status", "expected 200", name, persona, WIDE, answer)])
    if not response.headers.get("content-type", "").startswith("text/html"):
        return Outcome([], html=False)
    page.set_viewport_size({"width": WIDE, "height": 900})
    page.goto(live_server.url + url)
    if not styled(page):
        # An unstyled page would measure and check a different layout from the one people see.
        return Outcome([Finding("stylesheet-not-loaded", "setup", name, persona, WIDE, "")])
    findings = axe_findings(page, name, persona, WIDE)
    page.set_viewport_size({"width": NARROW, "height": 800})
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > NARROW:
        widest = page.evaluate(WIDEST_ELEMENT, NARROW)
        findings.append(
            Finding("sideways-scroll", "layout", name, persona, NARROW, widest, scroll_width)
        )
    findings += axe_findings(page, name, persona, NARROW)
    return Outcome(findings, scroll_width=scroll_width)


# The first element that breaks out of the viewport inside a parent that does not: where a
# fixer starts looking (a table outside its scroll container, an unbroken string).
WIDEST_ELEMENT = """(width) => {
  const past = (el) => el.getBoundingClientRect().right > width + 0.5;
  const found = [...document.body.querySelectorAll('*')].find(
    (el) => past(el) && !(el.parentElement && el.parentElement !== document.body
                          && past(el.parentElement)));
  if (!found) return 'no element past the viewport (a margin or a transform)';
  const id = found.id ? '#' + found.id : '';
  const cls = typeof found.className === 'string' && found.className.trim()
    ? '.' + found.className.trim().split(/\\s+/).join('.') : '';
  return found.tagName.toLowerCase() + id + cls + ' (right edge '
    + Math.round(found.getBoundingClientRect().right) + ' px)';
}"""


def write_findings(findings, visited, downloads, seconds):
    """The findings grouped by rule, the most frequent first; within a rule one line per page
    and node, naming every persona and width it was seen at."""
    by_kind = defaultdict(list)
    for finding in findings:
        by_kind[finding.kind].append(finding)
    kinds = sorted(by_kind.items(), key=lambda item: (-len(item[1]), item[0]))
    pages = {page for page, _, _ in visited}
    personas = Counter(persona for _, persona, _ in visited)
    widest = max(visited, key=lambda v: v[2] or 0, default=("no page", "nobody", None))
    real_now = escape_hatch.datetime.datetime.now(ZoneInfo("Europe/London"))
    lines = [
        "# Every page at 1280 px and 375 px: findings",
        "",
        f"Written by tests/e2e/test_every_page.py on {real_now:%Y-%m-%d at %H:%M} (UK time); "
        f"the run took {seconds:.0f} s.",
        "",
        f"- Visited: {len(pages)} pages, {len(visited)} page-persona pairs ("
        + ", ".join(f"{p} {n}" for p, n in personas.items())
        + f"), each at 1280 and 375 px: {2 * len(visited)} page views.",
        f"- Widest at 375 px: scrollWidth {widest[2]} ({widest[0]} as {widest[1]}).",
        f"- Downloads, told apart by Content-Type and skipped: {len(set(downloads))} URLs "
        f"({', '.join(sorted(set(downloads))) or 'none'}), {len(downloads)} page-persona pairs.",
        f"- Failures: {len(findings)}"
        + (" (" + ", ".join(f"{kind} {len(items)}" for kind, items in kinds) + ")" if kinds else "")
        + f", on {len({(f.page, f.persona) for f in findings})} page-persona pairs.",
        "",
    ]
    for kind, items in kinds:
        widths = Counter(f.width for f in items)
        lines += [
            f"## {kind} ({items[0].impact}): {len(items)} "
            f"({', '.join(f'{n} at {w} px' for w, n in sorted(widths.items()))})",
            "",
        ]
        seen = defaultdict(list)
        for f in items:
            more = f" (+{f.nodes - 1} more nodes)" if f.nodes > 1 else ""
            scroll = f" scrollWidth {f.scroll_width}" if f.scroll_width is not None else ""
            seen[(f.page, f"`{f.target}`{more}")].append(f"{f.persona} {f.width}{scroll}")
        lines += [f"- {page}: {node}: {', '.join(where)}" for (page, node), where in seen.items()]
        lines.append("")
    FINDINGS.parent.mkdir(parents=True, exist_ok=True)
    FINDINGS.write_text("\n".join(lines))


def test_every_page_each_persona_may_open_fits_a_phone_and_passes_axe(
    browser, live_server, world, personas
):
    started = time.monotonic()
    urls = page_urls(world)
    findings, visited, downloads = [], [], []
    for persona in PERSONAS:
        pages = [name for name in GET_PAGES if MATRIX[name].expected("GET", persona) == 200]
        page = signed_in_page(browser, live_server, persona, personas)
        try:
            for name in pages:
                outcome = visit(page, live_server, name, urls[name], persona)
                findings += outcome.findings
                if outcome.html:
                    visited.append((name, persona, outcome.scroll_width))
                else:
                    downloads.append(name)
        finally:
            page.context.close()
    seconds = time.monotonic() - started
    write_findings(findings, visited, downloads, seconds)
    assert visited, "No page was visited: the access matrix gave no GET page to any persona."
    assert not findings, (
        f"{len(findings)} failures on {len(visited)} page-persona pairs at 1280 and 375 px "
        f"(grouped in {FINDINGS.relative_to(ROOT)}):\n" + "\n".join(f.line() for f in findings)
    )
