"""The access matrix: for every named URL, how to reach it with real objects and who may do what.

Each entry says
- `scope`: "plan" (behind plan_access_for_user), "user" (any signed-in person) or "open"
  (login not required);
- `methods`: the HTTP methods the view accepts; every other one must get 405;
- `kwargs(world)`: the URL arguments, built from real objects in the test database;
- `data(world)`: what to POST, where the view needs more than an empty form to reach its
  access decision (e.g. a stage change checks the form before the role);
- `get` / `post`: expected results per persona where they differ from the scope's rules.

The rules of each scope (tests/hardening/test_access_matrix.py enforces them and refuses an
entry that weakens them): anonymous people are sent to sign-in except on open pages; outsiders
get 404 on every plan-scoped URL, whatever the method; read-only members get 403 on every
state change; signed-in people get 405 for a method the view does not accept.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = (
    "police_lead",
    "fire_partner",
    "ambulance_rep",
    "council_viewer",
    "outsider",
    "anonymous",
)
MEMBERS = ("police_lead", "fire_partner", "ambulance_rep", "council_viewer")
PARTNER_REPS = ("fire_partner", "ambulance_rep")

# Expected outcomes other than an exact status code.
LOGIN = "redirect to sign-in"
ALLOWED = "allowed"  # the view did its work or explained a form error: not denied, not a crash
ALLOWED_STATUSES = {200, 201, 204, 302, 303, 400, 409}


@dataclass(frozen=True)
class Entry:
    scope: str
    methods: tuple[str, ...] = ("GET",)
    kwargs: Callable = lambda world: {}
    data: Callable = lambda world: {}
    get: dict = field(default_factory=dict)
    post: dict = field(default_factory=dict)

    def expected(self, method: str, persona: str):
        """The expected outcome of `method` by `persona` under this entry."""
        if persona == "anonymous" and self.scope != "open":
            return LOGIN
        if method not in self.methods:
            return 405
        overrides = self.get if method == "GET" else self.post
        if persona in overrides:
            return overrides[persona]
        if self.scope == "plan":
            if persona == "outsider":
                return 404
            if method == "GET":
                return 200
            return 403 if persona == "council_viewer" else ALLOWED
        return 200 if method == "GET" else ALLOWED


def plan_only(world):
    return {"plan_id": world.plan.pk}


def lead_only_change():
    """Pages only the project lead may use: partner reps and read-only members get 403."""
    return {persona: 403 for persona in (*PARTNER_REPS, "council_viewer")}


def changers_only():
    """Pages that change the plan even to show their form: read-only members get 403."""
    return {"council_viewer": 403}


def condition_kwargs(world):
    """A condition the ambulance trust's board set on its approval, owned by fire: so fire's
    representative may mark it met, and no representative may waive, carry or re-date it."""
    from workflows.models import SignOff, SignOffCondition

    ambulance = world.orgs["ambulance"]
    sign_off = SignOff.objects.create(
        plan=world.plan,
        organisation=ambulance,
        body=ambulance.governing_body,
        decision="approved_with_conditions",
        decided_on=world.plan.created_at.date(),
        reference="TB-2026-14",
        conditions="Agree the shared rota with fire.",
        recorded_by=world.lead,
        on_behalf=True,
    )
    condition = SignOffCondition.objects.create(
        plan=world.plan,
        sign_off=sign_off,
        number=1,
        text="Agree the shared rota with fire.",
        owner=world.orgs["fire"],
    )
    return {"plan_id": world.plan.pk, "condition_id": condition.pk}


def milestone_kwargs(world):
    """A milestone the lead organisation owns, its baseline fixed in delivery: only the lead
    (police's one changing role here) updates or rebaselines it."""
    from planner.models import Stage
    from tests.helpers import set_stage
    from tests.workflows.delivery.factories import milestone

    set_stage(world.plan, Stage.DELIVERY)
    owned = milestone(world.plan, world.lead, fixed=True)
    return {"plan_id": world.plan.pk, "milestone_id": owned.pk}


def actual_kwargs(world):
    """A value measured on the lead's benefit, to be corrected."""
    from assessments.risks.models import Benefit, BenefitActual

    kwargs = world.benefit_kwargs
    actual = BenefitActual.objects.create(
        benefit=Benefit.objects.get(pk=kwargs["benefit_id"]),
        recorded_on=world.plan.created_at.date(),
        value=10,
        recorded_by=world.lead,
    )
    return {**kwargs, "actual_id": actual.pk}


def police_body(world):
    """The police force's own governing body (its PCC): only police's people may open its
    portfolio."""
    from planner.models import GoverningBody

    return {"body_id": GoverningBody.objects.get(organisations=world.orgs["police"]).pk}


def delivery_plan_kwargs(world):
    """The plan in delivery, where lessons are recorded."""
    from planner.models import Stage
    from tests.helpers import set_stage

    set_stage(world.plan, Stage.DELIVERY)
    return plan_only(world)


def fire_lesson_kwargs(world):
    """A lesson fire's representative recorded in delivery: only they may change it."""
    from assessments.review.models import Lesson, LessonKind

    kwargs = delivery_plan_kwargs(world)
    fire = world.personas["fire_partner"]
    lesson = Lesson.objects.create(
        plan=world.plan,
        kind=LessonKind.WORKED,
        text="Joint shifts built trust.",
        stage=world.plan.stage,
        theme_skills=True,
        organisation=fire.organisation,
        recorded_by=fire,
    )
    return {**kwargs, "lesson_id": lesson.pk}


def not_fire_partner():
    """Only the person who recorded it changes a lesson: everyone else on the plan gets 403."""
    return {persona: 403 for persona in MEMBERS if persona != "fire_partner"}


def delivering_plan(world):
    """The plan moved into delivery, where it has a highlight report to print."""
    from planner.models import Stage
    from tests.helpers import set_stage

    return {"plan_id": set_stage(world.plan, Stage.DELIVERY).pk}


def _this_financial_year():
    from assessments.finance.calculations import financial_year_of
    from planner.dates import uk_today

    return financial_year_of(uk_today())


def cost_line_kwargs(world):
    """A cost the lead organisation bears: each organisation states its own lines, so only
    the lead (police's one changing role here) may change or delete it."""
    from tests.assessments.finance.factories import cost_line

    line = cost_line(world.plan, world.lead, {_this_financial_year(): 1000})
    return {"plan_id": world.plan.pk, "line_id": line.pk}


def funding_line_kwargs(world):
    """Funding the lead organisation contributes: its own, as with a cost line."""
    from tests.assessments.finance.factories import funding_line

    line = funding_line(world.plan, world.lead, {_this_financial_year(): 1000})
    return {"plan_id": world.plan.pk, "line_id": line.pk}


MATRIX: dict[str, Entry] = {
    # Accounts and open pages.
    "health": Entry("open"),
    "login": Entry(
        "open",
        ("GET", "POST"),
        # Signed-in people are sent on to their dashboard rather than shown the form again.
        get={p: 302 for p in (*MEMBERS, "outsider")},
        post={p: 302 for p in (*MEMBERS, "outsider")},
    ),
    "logout": Entry("user", ("POST",), post={p: 302 for p in MEMBERS + ("outsider",)}),
    "password_reset": Entry("open", ("GET", "POST")),
    "password_reset_done": Entry("open"),
    "password_reset_confirm": Entry(
        "open",
        ("GET", "POST"),
        kwargs=lambda world: {"uidb64": "MQ", "token": "set-password"},
    ),
    "password_reset_complete": Entry("open"),
    "invitation_accept": Entry(
        "open",
        ("GET", "POST"),
        kwargs=lambda world: {"token": world.invitation_token},
        # The invitation is for someone else: a signed-in person accepting it is refused.
        post={p: 403 for p in (*MEMBERS, "outsider")},
    ),
    "password_change": Entry("user", ("GET", "POST")),
    "password_change_done": Entry("user"),
    "account": Entry("user"),
    # The service's own pages: readable before signing in (planner/service_pages.py).
    "accessibility": Entry("open"),
    "privacy": Entry("open"),
    "cookies": Entry("open"),
    # Plans.
    "dashboard": Entry("user"),
    "plan_create": Entry("user", ("GET", "POST")),
    # Check your answers before creating a plan: with no answers kept yet, GET goes back to
    # the form (302); the POST validates and keeps the answers, writing nothing.
    "plan_create_check": Entry(
        "user", ("GET", "POST"), get={p: 302 for p in (*MEMBERS, "outsider")}
    ),
    "plan_detail": Entry("plan", kwargs=plan_only),
    "plan_edit": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=plan_only,
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    # Every member may read the history of the plan's details (it is in the board paper too).
    "plan_history": Entry("plan", kwargs=plan_only),
    "plan_partners": Entry("plan", kwargs=plan_only),
    # The partners page's actions, one POST-only URL each, the project lead's alone.
    "plan_partner_add": Entry("plan", ("POST",), kwargs=plan_only, post=lead_only_change()),
    "plan_member_add": Entry("plan", ("POST",), kwargs=plan_only, post=lead_only_change()),
    "plan_invitation_create": Entry("plan", ("POST",), kwargs=plan_only, post=lead_only_change()),
    # The confirmation pages of changes that end something: the lead's alone, even to look
    # (the page lists who loses what). A POST with no reason is refused (400), changing nothing.
    "plan_partner_remove": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=lambda world: {"plan_id": world.plan.pk, "partner_id": world.fire_partnership_id},
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    "plan_member_role_change": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=lambda world: {"plan_id": world.plan.pk, "member_id": world.fire_member_id},
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    "plan_member_remove": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=lambda world: {"plan_id": world.plan.pk, "member_id": world.fire_member_id},
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    "plan_invitation_withdraw": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=lambda world: {"plan_id": world.plan.pk, "invitation_id": world.invitation_id},
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    "plan_s2": Entry("plan", ("GET", "POST"), kwargs=plan_only),
    # Stage machine, sign-off, decision log.
    "plan_transition": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=lambda world: {"plan_id": world.plan.pk, "name": "hold"},
        data=lambda world: {"expected_stage": world.plan.stage, "rationale": "Waiting for funds."},
        post=lead_only_change(),
    ),
    # A governing body's decision is recorded by that organisation's governance approver, or
    # by the project lead on its behalf: partner representatives are refused (403).
    "plan_sign_off": Entry(
        "plan", ("GET", "POST"), kwargs=plan_only, post={p: 403 for p in PARTNER_REPS}
    ),
    # Check your answers before recording a decision: only those who may record one, even to
    # look; with no answers kept yet, GET goes back to the sign-off page (302).
    "plan_sign_off_check": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=plan_only,
        get={"police_lead": 302, **{p: 403 for p in (*PARTNER_REPS, "council_viewer")}},
        post={p: 403 for p in PARTNER_REPS},
    ),
    # Superseding the lead organisation's decision: its approver or the project lead only.
    "plan_sign_off_supersede": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=lambda world: {"plan_id": world.plan.pk, "sign_off_id": world.sign_off_id},
        post={p: 403 for p in PARTNER_REPS},
    ),
    "plan_decisions": Entry("plan", ("GET", "POST"), kwargs=plan_only),
    # Assessments: drafts are private to their organisation until submitted.
    "assessment_trend": Entry("plan", kwargs=plan_only),
    "health_check_start": Entry("plan", ("POST",), kwargs=plan_only, post=lead_only_change()),
    "assessment_results": Entry("plan", kwargs=lambda world: world.round_kwargs),
    "assessment_mine": Entry(
        "plan", kwargs=lambda world: world.round_kwargs, get={p: 302 for p in MEMBERS}
    ),
    "assessment_org": Entry(
        "plan",
        ("GET", "POST"),
        # The lead organisation's assessment, not yet submitted: other partners can neither
        # see that it exists nor fill it in (404); read-only members are refused first (403).
        kwargs=lambda world: {**world.round_kwargs, "org_id": world.orgs["police"].pk},
        get={p: 404 for p in (*PARTNER_REPS, "council_viewer")},
        post={**{p: 404 for p in PARTNER_REPS}, "council_viewer": 403},
    ),
    # Submitting the lead organisation's assessment: the same refusals as saving it.
    "assessment_submit": Entry(
        "plan",
        ("POST",),
        kwargs=lambda world: {**world.round_kwargs, "org_id": world.orgs["police"].pk},
        post={**{p: 404 for p in PARTNER_REPS}, "council_viewer": 403},
    ),
    # Check your answers before submitting it: the same refusals, even to look; with no
    # answers kept yet, GET goes back to the form (302).
    "assessment_check": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=lambda world: {**world.round_kwargs, "org_id": world.orgs["police"].pk},
        get={"police_lead": 302, **{p: 404 for p in PARTNER_REPS}, "council_viewer": 403},
        post={**{p: 404 for p in PARTNER_REPS}, "council_viewer": 403},
    ),
    "assessment_reopen": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=lambda world: world.submitted_fire_assessment_kwargs,
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    # Conditions of approval (workflows.conditions.condition_may): the owner organisation's
    # people mark one met; the setting body's approver or the lead waive it or re-date it;
    # the lead alone carries it into delivery.
    "plan_conditions": Entry("plan", kwargs=plan_only),
    "plan_condition_set": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=condition_kwargs,
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    "plan_condition_meet": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=condition_kwargs,
        get={p: 403 for p in ("ambulance_rep", "council_viewer")},
        post={p: 403 for p in ("ambulance_rep", "council_viewer")},
    ),
    "plan_condition_waive": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=condition_kwargs,
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    "plan_condition_carry": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=condition_kwargs,
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    # Milestones and delivery confidence: every member reads them; anyone who may change the
    # plan adds their own organisation's milestones and its view of the month's confidence;
    # the lead keeps every milestone and alone rebaselines one.
    "plan_milestones": Entry("plan", kwargs=plan_only),
    "milestone_create": Entry("plan", ("GET", "POST"), kwargs=plan_only, get=changers_only()),
    "milestone_edit": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=milestone_kwargs,
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    "milestone_rebaseline": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=milestone_kwargs,
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    "plan_timeline": Entry("plan", kwargs=plan_only),
    "plan_confidence": Entry("plan", kwargs=plan_only),
    "confidence_record": Entry(
        "plan", ("GET", "POST"), kwargs=delivering_plan, get=changers_only()
    ),
    "assessment_discuss": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=lambda world: {**world.round_kwargs, "code": world.characteristic_code},
    ),
    # A disagreement's resolution: recorded, acknowledged and reopened by anyone who may change
    # the plan in an organisation that assesses it (each organisation acknowledges its own);
    # observers' people are refused (403, tests/assessments/test_resolutions.py). With no
    # disagreement on the plan here, each is a form error or a refusal shown on the page.
    "assessment_resolution_record": Entry(
        "plan",
        ("POST",),
        kwargs=lambda world: {**world.round_kwargs, "code": world.characteristic_code},
    ),
    "assessment_resolution_acknowledge": Entry(
        "plan",
        ("POST",),
        kwargs=lambda world: {**world.round_kwargs, "code": world.characteristic_code},
    ),
    "assessment_resolution_reopen": Entry(
        "plan",
        ("POST",),
        kwargs=lambda world: {**world.round_kwargs, "code": world.characteristic_code},
    ),
    "assessment_justify": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=lambda world: {**world.round_kwargs, "code": world.characteristic_code},
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    # Joint risk register, benefits and exit strategy.
    "risk_register": Entry("plan", kwargs=plan_only),
    "risk_create": Entry("plan", ("GET", "POST"), kwargs=plan_only, get=changers_only()),
    "risk_detail": Entry("plan", kwargs=lambda world: world.risk_kwargs),
    "risk_edit": Entry(
        "plan",
        ("GET", "POST"),
        # The risk is the lead's: only its owner or the project lead may change it.
        kwargs=lambda world: world.risk_kwargs,
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    "risk_mitigation_add": Entry(
        "plan", ("POST",), kwargs=lambda world: world.risk_kwargs, post=lead_only_change()
    ),
    "risk_acceptance": Entry(
        "plan", ("POST",), kwargs=lambda world: world.risk_kwargs, post=lead_only_change()
    ),
    "risk_prompt_adopt": Entry(
        "plan", ("POST",), kwargs=lambda world: {"plan_id": world.plan.pk, "key": "funding"}
    ),
    "risk_prompt_dismiss": Entry(
        "plan", ("POST",), kwargs=lambda world: {"plan_id": world.plan.pk, "key": "funding"}
    ),
    # The benefit is the lead's (police): police and the project lead set its status.
    "benefit_status": Entry(
        "plan", ("POST",), kwargs=lambda world: world.benefit_kwargs, post=lead_only_change()
    ),
    "benefit_register": Entry("plan", kwargs=plan_only),
    "benefit_create": Entry("plan", ("GET", "POST"), kwargs=plan_only, get=changers_only()),
    "benefit_detail": Entry("plan", kwargs=lambda world: world.benefit_kwargs),
    "benefit_edit": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=lambda world: world.benefit_kwargs,
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    # The benefit is the lead's: only its owner or the project lead records measurements.
    "benefit_actual_add": Entry(
        "plan", ("POST",), kwargs=lambda world: world.benefit_kwargs, post=lead_only_change()
    ),
    # Correcting a measured value: the same people as recording one; the form is theirs too.
    "benefit_actual_correct": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=actual_kwargs,
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    "exit_strategy": Entry("plan", ("GET", "POST"), kwargs=plan_only, post=lead_only_change()),
    # Costs and funding: every member reads them; each partner states its own organisation's
    # lines (the forms are for people who may change the plan); the period is the lead's.
    "plan_finance": Entry("plan", kwargs=plan_only),
    "finance_period": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=plan_only,
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    "cost_line_create": Entry("plan", ("GET", "POST"), kwargs=plan_only, get=changers_only()),
    "cost_line_edit": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=cost_line_kwargs,
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    "cost_line_delete": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=cost_line_kwargs,
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    "funding_line_create": Entry("plan", ("GET", "POST"), kwargs=plan_only, get=changers_only()),
    "funding_line_edit": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=funding_line_kwargs,
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    "funding_line_delete": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=funding_line_kwargs,
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    "cost_statement": Entry("plan", ("GET", "POST"), kwargs=plan_only, get=changers_only()),
    # Review and lessons: every member reads them; the lead writes the review and withdraws the
    # plan with its lesson; anyone who may change the plan records lessons (in delivery and
    # review) and changes only their own.
    "plan_review": Entry("plan", ("GET", "POST"), kwargs=plan_only, post=lead_only_change()),
    "plan_lessons": Entry("plan", kwargs=plan_only),
    "lesson_create": Entry(
        "plan", ("GET", "POST"), kwargs=delivery_plan_kwargs, get=changers_only()
    ),
    "lesson_edit": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=fire_lesson_kwargs,
        get=not_fire_partner(),
        post=not_fire_partner(),
    ),
    "plan_withdraw": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=plan_only,
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    "lessons_browse": Entry("user"),
    # Case library: every signed-in person may search it; pinning to a plan is the lead's.
    "case_list": Entry("user"),
    "case_detail": Entry("user", kwargs=lambda world: {"key": world.case_key}),
    # Portfolios (planner/portfolio/access.py): a person's own organisation's, and a body's
    # only for people of an organisation it governs (here police's PCC), else 404.
    "portfolio": Entry("user"),
    "portfolio_csv": Entry("user"),
    **{
        name: Entry(
            "user",
            kwargs=police_body,
            get={p: 404 for p in ("fire_partner", "ambulance_rep", "council_viewer", "outsider")},
        )
        for name in ("portfolio_body", "portfolio_body_csv")
    },
    "plan_cases": Entry("plan", ("GET", "POST"), kwargs=plan_only, post=lead_only_change()),
    "plan_case_propose": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=plan_only,
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    # Governance report.
    "plan_reports": Entry("plan", kwargs=plan_only),
    # Board papers: the lead drafts them, so even the draft's page is the lead's alone.
    "board_paper_start": Entry(
        "plan", ("POST",), kwargs=lambda world: world.body_kwargs, post=lead_only_change()
    ),
    "board_paper": Entry("plan", kwargs=lambda world: world.paper_kwargs, get=lead_only_change()),
    # Drafting again replaces the author's edits, so its page asks first (GET) and POST does it.
    "board_paper_redraft": Entry(
        "plan",
        ("GET", "POST"),
        kwargs=lambda world: world.paper_kwargs,
        get=lead_only_change(),
        post=lead_only_change(),
    ),
    **{
        name: Entry(
            "plan", ("POST",), kwargs=lambda world: world.paper_kwargs, post=lead_only_change()
        )
        for name in (
            "board_paper_details",
            "board_paper_recommendations",
            "board_paper_implications",
            "board_paper_freeze",
        )
    },
    "report_live_preview": Entry("plan", kwargs=plan_only),
    # The monthly highlight report: every member reads it (before delivery, its empty state).
    "highlight_report": Entry("plan", kwargs=plan_only),
    "highlight_pdf": Entry("plan", kwargs=delivering_plan),
    "report_version_preview": Entry("plan", kwargs=lambda world: world.report_kwargs),
    "report_status": Entry("plan", kwargs=lambda world: world.report_kwargs),
    "report_download": Entry("plan", kwargs=lambda world: world.report_kwargs),
    "report_download_docx": Entry("plan", kwargs=lambda world: world.report_kwargs),
    "report_retry": Entry(
        "plan", ("POST",), kwargs=lambda world: world.report_kwargs, post=lead_only_change()
    ),
    # Shared by the PDF renderer, which has no session; holds no plan data.
    "report_stylesheet": Entry("open"),
    # Notifications: each person's own inbox; failed e-mails are for administrators only.
    "notifications_inbox": Entry("user"),
    "notifications_mark_read": Entry(
        "user", ("POST",), kwargs=lambda world: {"notification_id": world.notification_id}
    ),
    "notifications_mark_all_read": Entry("user", ("POST",)),
    "notifications_preferences": Entry("user", ("GET", "POST")),
    "notifications_failed": Entry("user", get={p: 403 for p in (*MEMBERS, "outsider")}),
    "notifications_retry": Entry(
        "user",
        ("POST",),
        kwargs=lambda world: {"delivery_id": world.delivery_id},
        post={p: 403 for p in (*MEMBERS, "outsider")},
    ),
}
