"""Load test: the app under gunicorn on PostgreSQL and Redis, driven by wrk from another process.

Steps:
1. Create a fresh PostgreSQL database `planner_bench` (BENCH_DATABASE_URL overrides; the
   server is taken from DATABASE_URL when that is PostgreSQL) and migrate it. It is dropped at
   the end; the database in DATABASE_URL itself is never touched.
2. Fill it with bulk_create: 200 organisations, one person each, 10,000 plans (each
   organisation leads 50 and is a partner on about 100 more), partners and members; then
   ANALYZE, so PostgreSQL plans queries with statistics as a live database would.
3. Start gunicorn (2 sync workers a core) with REDIS_URL as broker (or a private
   redis-server when REDIS_URL is unset).
4. Sign BENCH_USERS people in through the real sign-in form and keep their session cookies.
5. For each page, run wrk for BENCH_SECONDS (default 10) with BENCH_CONNECTIONS connections,
   each request going as the next signed-in person to a plan of their own.
6. Print one JSON object a line: requests/s, p50/p95/p99 latency and errors per page, the same
   for /health/ (the floor: one query and a broker ping in the same stack), each page's cost
   as a ratio to the floor (floor requests/s divided by the page's) and its p95 as a ratio to
   the floor's p95. The floor is measured again just before each page, and each page is
   compared with that measurement, so load from elsewhere on the machine moves both alike.
7. End with one verdict line per page on stderr (name, cost_vs_floor, p95 ratio, errors, PASS
   or MISS against TARGET_RATIO), so the result reads at a glance after the JSON.

Only some pages: `BENCH_PAGES=dashboard,plan_detail` (or the names as arguments:
`uv run python benchmarks/load_test.py dashboard`). The floor is always measured. On a
shared machine compare the ratios of one run (same data, same moment), not absolute numbers.

Targets (issues 9 and 14): 0 errors, each page's cost_vs_floor and p95 ratio within 5x.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORGANISATIONS = 200
PLANS = 10_000
PARTNERS_PER_PLAN = 2
BENCH_USERS = int(os.environ.get("BENCH_USERS", "8"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
PASSWORD = "bench-password-long-enough-1"
SIZE = f"{PLANS} plans, {ORGANISATIONS} organisations"
TARGET_RATIO = 5.0

# The pages measured, each as the path a signed-in person asks for with a plan of their own.
PAGES = {
    "dashboard": lambda plan_id: "/",
    "plan_detail": lambda plan_id: f"/plans/{plan_id}/",
    "assessment_results": lambda plan_id: f"/plans/{plan_id}/assessments/scoping/",
    "case_matching": lambda plan_id: f"/plans/{plan_id}/cases/",
}


def selected_pages(argv: list[str]) -> dict:
    """The pages named on the command line or in BENCH_PAGES (comma-separated); all by default."""
    names = argv or [n for n in os.environ.get("BENCH_PAGES", "").split(",") if n.strip()]
    names = [n.strip() for n in names]
    unknown = [n for n in names if n not in PAGES]
    if unknown:
        raise SystemExit(f"Unknown page(s) {', '.join(unknown)}; choose from {', '.join(PAGES)}.")
    return {n: PAGES[n] for n in names} if names else dict(PAGES)


def bench_database_url() -> str:
    explicit = os.environ.get("BENCH_DATABASE_URL")
    if explicit:
        return explicit
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        return urllib.parse.urlparse(base)._replace(path="/planner_bench").geturl()
    return "postgres://postgres@127.0.0.1:5432/planner_bench"


def admin_connection(url: str):
    import psycopg

    parsed = urllib.parse.urlparse(url)
    return psycopg.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=urllib.parse.unquote(parsed.username or "postgres"),
        password=urllib.parse.unquote(parsed.password or "") or None,
        dbname="postgres",
        autocommit=True,
    )


def recreate_database(url: str, *, drop_only: bool = False) -> None:
    name = urllib.parse.urlparse(url).path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"Refusing to manage a database named {name!r}.")
    with admin_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- step 2: runs in a child process with Django set up against the bench database ---------


def fill() -> None:
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password

    from planner.models import (
        ACTIVE_STAGES,
        MemberRole,
        Organisation,
        OrganisationKind,
        PartnerRole,
        Plan,
        PlanMember,
        PlanPartner,
        User,
    )
    from workflows.summary import plan_gate_summary_refresh

    kinds = [
        OrganisationKind.POLICE,
        OrganisationKind.FIRE,
        OrganisationKind.AMBULANCE,
        OrganisationKind.LOCAL_AUTHORITY,
        OrganisationKind.HEALTH,
    ]
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"Bench organisation {i:03d}",
            kind=kinds[i % len(kinds)],
            area=f"Area {i // 5}",
            governing_body="Board",
        )
        for i in range(ORGANISATIONS)
    )
    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(
            email=f"person{i:03d}@bench.example",
            full_name=f"Bench Person {i:03d}",
            organisation=org,
            password=password,
        )
        for i, org in enumerate(orgs)
    )
    stages = list(ACTIVE_STAGES)
    plans = Plan.objects.bulk_create(
        (
            Plan(
                title=f"Joint scheme {i:05d}",
                reference=f"BEN-{i:05d}",
                summary="A joint scheme between partners, for the load test.",
                collaboration_type="premises",
                area="Benchshire",
                objectives="Share a building.\nShare a control room.",
                public_outcome="Faster response.",
                stage=stages[i % len(stages)],
                created_by=users[i % ORGANISATIONS],
            )
            for i in range(PLANS)
        ),
        batch_size=2000,
    )
    partners, members = [], []
    offsets = [1, 7][:PARTNERS_PER_PLAN]
    for i, plan in enumerate(plans):
        lead = i % ORGANISATIONS
        partners.append(PlanPartner(plan=plan, organisation=orgs[lead], role=PartnerRole.LEAD))
        members.append(
            PlanMember(
                plan=plan, user=users[lead], organisation=orgs[lead], role=MemberRole.PROJECT_LEAD
            )
        )
        for offset in offsets:
            other = (lead + offset) % ORGANISATIONS
            partners.append(
                PlanPartner(plan=plan, organisation=orgs[other], role=PartnerRole.PARTNER)
            )
            members.append(
                PlanMember(
                    plan=plan,
                    user=users[other],
                    organisation=orgs[other],
                    role=MemberRole.PARTNER_REP,
                )
            )
    PlanPartner.objects.bulk_create(partners, batch_size=5000)
    PlanMember.objects.bulk_create(members, batch_size=5000)
    # The dashboard reads each plan's stored gate summary; compute it for every plan the
    # signed-in people see, as the app would have done when those plans changed.
    bench_orgs = {orgs[i].pk for i in range(BENCH_USERS)}
    visible = (
        PlanPartner.objects.filter(organisation_id__in=bench_orgs)
        .values_list("plan_id", flat=True)
        .distinct()
    )
    started = time.monotonic()
    for plan_id in visible:
        plan_gate_summary_refresh(plan_id)
    print(f"gate summaries: {time.monotonic() - started:.1f} s", file=sys.stderr)
    # A live database has planner statistics (autovacuum gathers them); a freshly bulk-loaded
    # one has none until autovacuum comes round, so without this the plans PostgreSQL chose
    # depended on whether it had by the time wrk started.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    own_plans = {
        users[i].email: Plan.objects.filter(created_by=users[i]).order_by("pk").first().pk
        for i in range(BENCH_USERS)
    }
    print(json.dumps({"own_plans": own_plans}))


# --- steps 3 to 6 -----------------------------------------------------------------------


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, **kwargs)


class Cookies(urllib.request.BaseHandler):
    """Keeps cookies by name, Secure or not: the bench talks plain HTTP to 127.0.0.1."""

    def __init__(self):
        self.jar: dict[str, str] = {}

    def http_request(self, request):
        if self.jar:
            request.add_unredirected_header(
                "Cookie", "; ".join(f"{k}={v}" for k, v in self.jar.items())
            )
        return request

    def http_response(self, request, response):
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.jar[name.strip()] = rest.split(";", 1)[0]
        return response


def sign_in(base: str, email: str) -> str:
    cookies = Cookies()
    opener = urllib.request.build_opener(cookies)
    page = opener.open(base + "/accounts/sign-in/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
        base + "/accounts/sign-in/", data=body, headers={"Referer": base + "/accounts/sign-in/"}
    )
    opener.open(request, timeout=30).read()
    if "sessionid" not in cookies.jar:
        raise SystemExit(f"Could not sign {email} in.")
    return f"sessionid={cookies.jar['sessionid']}"


WRK_SCRIPT = """
local targets = {%s}
local i = 0
request = function()
  i = i + 1
  local t = targets[(i %% #targets) + 1]
  return wrk.format("GET", t[1], {["Cookie"] = t[2]})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "duration_us": %%d, "p50": %%d, "p95": %%d, "p99": %%d, ' ..
    '"errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def drive(base: str, targets: list[tuple[str, str]]) -> dict:
    lua = ", ".join(f'{{"{path}", "{cookie}"}}' for path, cookie in targets)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % lua)
    try:
        # Warm the workers (imports, connections, template cache) before measuring.
        for path, cookie in targets:
            request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
                base + path, headers={"Cookie": cookie}
            )
            urllib.request.urlopen(request, timeout=60).read()  # noqa: S310
        result = subprocess.run(
            [
                "wrk",
                "--threads",
                "2",
                "--connections",
                str(CONNECTIONS),
                "--duration",
                f"{SECONDS}s",
                "--timeout",
                "10s",
                "--script",
                script.name,
                base + "/",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(script.name)
    line = [x for x in result.stdout.splitlines() if x.startswith('{"requests"')][-1]
    return json.loads(line)


def report(name: str, figures: dict, floor: dict | None) -> list[dict]:
    rps = figures["requests"] / (figures["duration_us"] / 1_000_000)
    lines = [
        {"name": f"load.{name}.requests_per_second", "value": round(rps, 1), "unit": "req/s"},
        {"name": f"load.{name}.p50", "value": round(figures["p50"] / 1000, 1), "unit": "ms"},
        {"name": f"load.{name}.p95", "value": round(figures["p95"] / 1000, 1), "unit": "ms"},
        {"name": f"load.{name}.p99", "value": round(figures["p99"] / 1000, 1), "unit": "ms"},
        {"name": f"load.{name}.errors", "value": figures["errors"], "unit": "requests"},
    ]
    if floor is not None:
        ratios = ratios_to_floor(figures, floor)
        lines.append(
            {"name": f"load.{name}.cost_vs_floor", "value": ratios["cost"], "unit": "x floor"}
        )
        lines.append(
            {"name": f"load.{name}.p95_vs_floor", "value": ratios["p95"], "unit": "x floor p95"}
        )
    for line in lines:
        line.update(size=SIZE, connections=CONNECTIONS, seconds=SECONDS)
    return lines


def ratios_to_floor(figures: dict, floor: dict) -> dict:
    """The page's cost (floor throughput over the page's) and its p95 over the floor's p95."""
    rps = figures["requests"] / (figures["duration_us"] / 1_000_000)
    floor_rps = floor["requests"] / (floor["duration_us"] / 1_000_000)
    return {
        "cost": round(floor_rps / rps, 2) if rps else None,
        "p95": round(figures["p95"] / floor["p95"], 2) if floor["p95"] else None,
    }


def verdict(name: str, figures: dict, floor: dict) -> str:
    """One line a page: PASS when both ratios are within the target and nothing failed."""
    ratios = ratios_to_floor(figures, floor)
    within = all(r is not None and r <= TARGET_RATIO for r in ratios.values())
    result = "PASS" if within and figures["errors"] == 0 else "MISS"
    rps = figures["requests"] / (figures["duration_us"] / 1_000_000)
    floor_rps = floor["requests"] / (floor["duration_us"] / 1_000_000)
    return (
        f"{name:<20} cost_vs_floor {ratios['cost']:>6}  p95_vs_floor {ratios['p95']:>6}  "
        f"errors {figures['errors']:>4}  {result} (target <= {TARGET_RATIO:g}x; "
        f"{rps:.0f} req/s, p95 {figures['p95'] / 1000:.0f} ms against the floor's "
        f"{floor_rps:.0f} req/s, p95 {floor['p95'] / 1000:.0f} ms)"
    )


def main(argv: list[str]) -> None:
    pages = selected_pages(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (scripts/setup.sh test does).")
    database_url = bench_database_url()
    recreate_database(database_url)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        "LOG_FORMAT": "json",
        "PYTHONUNBUFFERED": "1",
    }
    redis = None
    if not env.get("REDIS_URL"):
        port = free_port()
        redis = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        env["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    server = None
    try:
        run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        started = time.monotonic()
        filled = run([sys.executable, __file__, "fill"], env, capture_output=True, text=True).stdout
        own_plans = json.loads(filled.strip().splitlines()[-1])["own_plans"]
        print(
            json.dumps(
                {
                    "name": "load.fill_seconds",
                    "value": round(time.monotonic() - started, 1),
                    "unit": "s",
                    "size": SIZE,
                }
            ),
            flush=True,
        )
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        workers = 2 * (os.cpu_count() or 1)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/health/", timeout=15).read()  # noqa: S310
                break
            except OSError:  # refused, reset or timed out while the workers boot
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("gunicorn did not start.") from None
                time.sleep(0.5)
        sessions = {email: sign_in(base, email) for email in own_plans}

        def targets(path_for):
            return [(path_for(plan_id), sessions[email]) for email, plan_id in own_plans.items()]

        floor = drive(base, [("/health/", "")])
        for line in report("floor_health", floor, None):
            print(json.dumps(line), flush=True)
        verdicts = []
        for index, (name, path_for) in enumerate(pages.items()):
            probe = targets(path_for)[0]
            try:
                request = urllib.request.Request(  # noqa: S310
                    base + probe[0], headers={"Cookie": probe[1]}
                )
                urllib.request.urlopen(request, timeout=60).read()  # noqa: S310
            except urllib.error.HTTPError as exc:
                if exc.code == 404:
                    print(json.dumps({"name": f"load.{name}", "skipped": "page not built yet"}))
                    continue
                raise
            # Each page is compared with the floor measured just before it, so a change in what
            # else the machine is doing during the run moves both alike.
            if index:
                floor = drive(base, [("/health/", "")])
            figures = drive(base, targets(path_for))
            for line in report(name, figures, floor):
                print(json.dumps(line), flush=True)
            verdicts.append(verdict(name, figures, floor))
        # The summary goes to stderr so stdout stays one JSON object a line.
        print(
            f"load test, {SIZE}, {CONNECTIONS} connections, {SECONDS} s a page, each against "
            "the floor (/health/) measured just before it:",
            *verdicts,
            sep="\n  ",
            file=sys.stderr,
            flush=True,
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
        recreate_database(database_url, drop_only=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["fill"]:
        sys.path.insert(0, str(ROOT))
        fill()
    else:
        main(sys.argv[1:])
