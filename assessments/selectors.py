"""Reads for the success framework and assessments.

Each selector issues a fixed number of queries whatever the number of organisations,
characteristics or answers (tests/assessments/test_query_counts.py holds them to it).
"""

from dataclasses import dataclass, field

from django.db.models import Max, Prefetch
from django.http import Http404
from django.urls import reverse

from assessments.models import (
    ASSESSED_STAGES,
    Answer,
    Assessment,
    AssessmentStatus,
    DiscussionNote,
    FrameworkStatus,
    FrameworkVersion,
    HealthCheck,
    Resolution,
    ResolutionAcknowledgement,
    StageQuestion,
)
from assessments.scoring import Aggregate, OrgRatings, aggregate, thresholds_from_settings
from planner.context import PlanContext
from planner.models import (
    STAGE_ORDER,
    MemberRole,
    Organisation,
    PartnerRole,
    Plan,
    PlanPartner,
    Stage,
)
from planner.plugins import WaitingItem
from planner.selectors import plan_partners
from workflows.models import Decision
from workflows.selectors import topical_decisions_in

HEALTH_CHECK_SLUG = "-health-check-"


@dataclass(frozen=True)
class Round:
    """A stage assessment (number 0) or a numbered delivery health check."""

    stage: str
    number: int = 0

    @property
    def slug(self) -> str:
        return self.stage if self.number == 0 else f"{self.stage}{HEALTH_CHECK_SLUG}{self.number}"

    @property
    def key(self) -> str:
        """The short form used in decision-log topics."""
        return self.stage if self.number == 0 else f"{self.stage}-hc{self.number}"

    @property
    def label(self) -> str:
        if self.number:
            return f"Health check {self.number}"
        stage = Stage(self.stage).label
        # "Joint risk assessment" already says what it is.
        return stage if stage.endswith("assessment") else f"{stage} assessment"

    @property
    def sort_key(self) -> tuple[int, int]:
        return (STAGE_ORDER.index(self.stage), self.number)

    def url(self, name: str, plan_id: int, *args) -> str:
        return reverse(name, args=[plan_id, self.slug, *args])

    @classmethod
    def from_slug(cls, slug: str) -> "Round":
        stage, _, number = slug.partition(HEALTH_CHECK_SLUG)
        if stage not in ASSESSED_STAGES:
            raise Http404("No such assessment.")
        if not number:
            return cls(stage, 0)
        if stage != Stage.DELIVERY or not number.isdigit() or int(number) < 1:
            raise Http404("No such assessment.")
        return cls(stage, int(number))


def round_for_plan(plan: Plan, slug: str) -> Round:
    """The round named in a URL; 404 for an unknown round or a health check never opened."""
    rnd = Round.from_slug(slug)
    if rnd.number and not plan.health_checks.filter(number=rnd.number).exists():
        raise Http404("No such health check.")
    return rnd


def floor_topic(rnd: Round, code: str) -> str:
    return f"assessment-floor:{rnd.key}:{code}"


def resolution_topic(rnd: Round, code: str) -> str:
    return f"assessment-resolution:{rnd.key}:{code}"


def framework_current() -> FrameworkVersion | None:
    """The most recently published framework version: new assessments are made against it."""
    return (
        FrameworkVersion.objects.filter(status=FrameworkStatus.PUBLISHED)
        .order_by("-published_at", "-version")
        .first()
    )


def current_round(plan: Plan, stage: str | None = None) -> Round | None:
    """The round partners fill in now: the stage's assessment, or the latest health check."""
    stage = stage or plan.stage
    if stage not in ASSESSED_STAGES:
        return None
    if stage == Stage.DELIVERY:
        latest = plan.health_checks.order_by("-number").values_list("number", flat=True).first()
        return Round(stage, latest or 0)
    return Round(stage, 0)


def round_is_open(plan: Plan, rnd: Round) -> bool:
    """Answers can change only while the plan is at the round's stage and it is the latest."""
    return plan.stage == rnd.stage and current_round(plan) == rnd


def voting_partners(plan: Plan, partners: list[PlanPartner] | None = None) -> list[PlanPartner]:
    """Partner organisations that assess the plan (observers watch, they do not score).

    `partners`, when the caller has read them already, saves reading them again."""
    partners = plan_partners(plan) if partners is None else partners
    voting = [p for p in partners if p.role != PartnerRole.OBSERVER]
    return sorted(voting, key=lambda p: p.organisation.name)


def questions_for(framework: FrameworkVersion | None, stage: str) -> list[StageQuestion]:
    if framework is None:
        return []
    return list(
        StageQuestion.objects.filter(framework=framework, stage=stage)
        .select_related("characteristic")
        .order_by("order", "characteristic__order")
    )


def _answers_prefetch():
    return Prefetch(
        "answers",
        queryset=Answer.objects.select_related("characteristic").order_by("characteristic__order"),
    )


def org_ratings(assessment: Assessment) -> OrgRatings:
    """An assessment's answers in the form the pure aggregation takes."""
    ratings = {}
    for answer in assessment.answers.all():
        if answer.rating is not None:
            ratings[answer.characteristic.code] = answer.rating
        elif answer.dont_know:
            ratings[answer.characteristic.code] = None
    return OrgRatings(assessment.organisation.name, ratings)


# Where a disagreement flag stands: nothing recorded yet; discussed (notes, a resolution
# still waiting for acknowledgements or re-scores, or one that was reopened); resolved.
FLAG_OPEN = "open"
FLAG_DISCUSSED = "discussed"
FLAG_RESOLVED = "resolved"
_NOT_RATED = object()


@dataclass(frozen=True)
class FlagState:
    """Where one characteristic's disagreement stands in a round.

    The organisations concerned are every partner organisation that assesses the plan
    (observers excepted): the agreed position is a joint one, so each of them answers for it,
    and the set does not shift when one of them re-scores.
    """

    code: str
    status: str
    has_notes: bool
    # The resolution in force (not reopened), if any, and the reopened ones, oldest first.
    resolution: Resolution | None
    reopened: tuple[Resolution, ...]
    acknowledged: tuple[ResolutionAcknowledgement, ...]
    # Organisations concerned that submitted a changed rating after the resolution.
    rescored: tuple[Organisation, ...]
    # Organisations concerned that have done neither yet.
    waiting: tuple[Organisation, ...]
    concerned: tuple[Organisation, ...]

    @property
    def is_resolved(self) -> bool:
        return self.status == FLAG_RESOLVED

    @property
    def label(self) -> str:
        return self.status.capitalize()

    @property
    def last_reopened(self) -> Resolution | None:
        return self.reopened[-1] if self.reopened else None

    def is_concerned(self, organisation_id: int) -> bool:
        return any(o.pk == organisation_id for o in self.concerned)

    def has_acknowledged(self, organisation_id: int) -> bool:
        return any(a.organisation_id == organisation_id for a in self.acknowledged)


@dataclass
class RoundState:
    """Everything the results page, the gate checks and the report need about one round."""

    plan: Plan
    round: Round
    partners: list[PlanPartner]
    framework: FrameworkVersion | None
    questions: list[StageQuestion]
    assessments: dict[int, Assessment]  # organisation id -> assessment (drafts included)
    aggregate: Aggregate
    notes: dict[str, list[DiscussionNote]] = field(default_factory=dict)
    justified: dict[str, Decision] = field(default_factory=dict)
    # Characteristic code -> every resolution recorded for it, oldest first; resolution id ->
    # its acknowledgements.
    resolutions: dict[str, list[Resolution]] = field(default_factory=dict)
    acknowledgements: dict[int, list[ResolutionAcknowledgement]] = field(default_factory=dict)

    @property
    def submitted(self) -> list[Assessment]:
        return [a for a in self.assessments.values() if a.is_submitted]

    @property
    def missing_partners(self) -> list[PlanPartner]:
        return [
            p
            for p in self.partners
            if not ((a := self.assessments.get(p.organisation_id)) is not None and a.is_submitted)
        ]

    @property
    def all_submitted(self) -> bool:
        return bool(self.partners) and not self.missing_partners

    @property
    def names(self) -> dict[str, str]:
        return {q.characteristic.code: q.characteristic.name for q in self.questions}

    def status_rows(self, own_organisation_id: int) -> list[dict]:
        """Per partner organisation: submitted or not. Another organisation's draft shows as
        "not submitted"; only the person's own organisation learns it has a draft."""
        rows = []
        for partner in self.partners:
            assessment = self.assessments.get(partner.organisation_id)
            submitted = assessment is not None and assessment.is_submitted
            own = partner.organisation_id == own_organisation_id
            rows.append(
                {
                    "organisation": partner.organisation,
                    "submitted": submitted,
                    "assessment": assessment if (submitted or own) else None,
                    "own": own,
                    "own_draft": own and assessment is not None and not submitted,
                }
            )
        return rows

    def _submitted_rating(self, organisation_id: int, code: str):
        assessment = self.assessments.get(organisation_id)
        if assessment is None or not assessment.is_submitted:
            return _NOT_RATED
        return org_ratings(assessment).ratings.get(code, _NOT_RATED)

    def flag_state(self, code: str) -> FlagState:
        """Where the disagreement on `code` stands.

        1. The current resolution is the one not reopened (the database allows one).
        2. An organisation concerned has answered it when it acknowledged it, or when its
           assessment was submitted after the resolution with a rating for `code` different
           from the one the resolution recorded (a re-score; the project lead reopens a
           submitted assessment so that it can be changed).
        3. Resolved: a current resolution that every organisation concerned has answered.
           Discussed: notes, or a resolution (waiting, or reopened). Open: neither.
        """
        recorded = self.resolutions.get(code, [])
        current = next((r for r in recorded if r.is_current), None)
        reopened = tuple(r for r in recorded if not r.is_current)
        concerned = tuple(p.organisation for p in self.partners)
        acknowledged: tuple[ResolutionAcknowledgement, ...] = ()
        rescored: list[Organisation] = []
        waiting: list[Organisation] = []
        if current is not None:
            acknowledged = tuple(self.acknowledgements.get(current.pk, []))
            acked = {a.organisation_id for a in acknowledged}
            for org in concerned:
                assessment = self.assessments.get(org.pk)
                rating = self._submitted_rating(org.pk, code)
                changed = (
                    rating is not _NOT_RATED
                    and assessment.submitted_at is not None
                    and assessment.submitted_at > current.recorded_at
                    and rating != current.ratings.get(str(org.pk), _NOT_RATED)
                )
                if changed:
                    rescored.append(org)
                elif org.pk not in acked:
                    waiting.append(org)
        has_notes = bool(self.notes.get(code))
        if current is not None and not waiting:
            status = FLAG_RESOLVED
        elif has_notes or recorded:
            status = FLAG_DISCUSSED
        else:
            status = FLAG_OPEN
        return FlagState(
            code=code,
            status=status,
            has_notes=has_notes,
            resolution=current,
            reopened=reopened,
            acknowledged=acknowledged,
            rescored=tuple(rescored),
            waiting=tuple(waiting),
            concerned=concerned,
        )

    @property
    def flag_counts(self) -> dict[str, int]:
        """How many flags are open, discussed and resolved."""
        counts = {FLAG_OPEN: 0, FLAG_DISCUSSED: 0, FLAG_RESOLVED: 0}
        for c in self.aggregate.flags:
            counts[self.flag_state(c.code).status] += 1
        return counts

    def ratings_now(self, code: str) -> dict[str, int | None]:
        """Each organisation's submitted rating for `code`, as a resolution records it."""
        ratings = {}
        for org_id in self.assessments:
            rating = self._submitted_rating(org_id, code)
            if rating is not _NOT_RATED:
                ratings[str(org_id)] = rating
        return ratings

    def evidence_rows(self, code: str) -> list[dict]:
        """Per partner organisation: its rating for `code` and the evidence it gave, from
        its submitted assessment only; an unsubmitted one (a draft included) shows nothing."""
        rows = []
        for partner in self.partners:
            assessment = self.assessments.get(partner.organisation_id)
            submitted = assessment is not None and assessment.is_submitted
            answer = None
            if submitted:
                answer = next(
                    (a for a in assessment.answers.all() if a.characteristic.code == code), None
                )
            rows.append(
                {"organisation": partner.organisation, "submitted": submitted, "answer": answer}
            )
        return rows

    def rows(self) -> list[dict]:
        """Per characteristic: its question, result, discussion notes, justification and,
        for a flagged one, where its disagreement stands."""
        rows = []
        for number, q in enumerate(self.questions, start=1):
            code = q.characteristic.code
            result = self.aggregate.for_code(code)
            rows.append(
                {
                    "number": number,
                    "question": q,
                    "characteristic": q.characteristic,
                    "result": result,
                    "notes": self.notes.get(code, []),
                    "justification": self.justified.get(code),
                    "flag": self.flag_state(code) if result and result.flagged else None,
                }
            )
        return rows

    def weakest_rows(self) -> list[dict]:
        """The weakest characteristics' rows, lowest mean first (as the aggregate orders them),
        not in framework order."""
        by_code = {row["characteristic"].code: row for row in self.rows()}
        return [by_code[code] for code in self.aggregate.weakest if code in by_code]


def round_state(
    plan: Plan,
    rnd: Round,
    *,
    partners: list[PlanPartner] | None = None,
    decisions: list[Decision] | None = None,
) -> RoundState:
    """Read one round in a fixed number of queries (nine; fewer given the partners and the
    plan's topical decisions, oldest first, which the caller has read already)."""
    partners = voting_partners(plan, partners)
    assessments = {
        a.organisation_id: a
        for a in Assessment.objects.filter(plan=plan, stage=rnd.stage, round=rnd.number)
        .select_related("organisation", "framework", "submitted_by")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.filter(assessment__status=AssessmentStatus.SUBMITTED)
                .select_related("characteristic")
                .order_by("characteristic__order"),
            )
        )
    }
    # A round is pinned to the framework version its first assessment used, so every
    # organisation in it answers the same questions even if a new version is published.
    framework = next((a.framework for a in assessments.values()), None) or framework_current()
    questions = questions_for(framework, rnd.stage)
    codes = [q.characteristic.code for q in questions]
    submitted = [org_ratings(a) for a in assessments.values() if a.is_submitted]
    # The quorum is every voting partner: one organisation of three is not the partners' view.
    result = aggregate(
        codes,
        submitted,
        thresholds_from_settings(),
        expected=[p.organisation.name for p in partners],
    )
    notes: dict[str, list[DiscussionNote]] = {}
    for note in DiscussionNote.objects.filter(
        plan=plan, stage=rnd.stage, round=rnd.number
    ).select_related("characteristic", "author", "organisation"):
        notes.setdefault(note.characteristic.code, []).append(note)
    prefix = floor_topic(rnd, "")
    if decisions is None:
        decisions = list(
            Decision.objects.filter(plan=plan, topic__startswith=prefix)
            .select_related("actor")
            .order_by("created_at")
        )
    justified = {d.topic[len(prefix) :]: d for d in decisions if d.topic.startswith(prefix)}
    # Two queries whatever there is, so a page's count does not depend on whether anyone has
    # recorded a resolution yet.
    resolutions: dict[str, list[Resolution]] = {}
    for resolution in Resolution.objects.filter(
        plan=plan, stage=rnd.stage, round=rnd.number
    ).select_related(
        "characteristic",
        "recorded_by",
        "organisation",
        "action_owner",
        "reopened_by",
        "reopened_organisation",
    ):
        resolutions.setdefault(resolution.characteristic.code, []).append(resolution)
    acknowledgements: dict[int, list[ResolutionAcknowledgement]] = {}
    for ack in ResolutionAcknowledgement.objects.filter(
        resolution__plan=plan, resolution__stage=rnd.stage, resolution__round=rnd.number
    ).select_related("organisation", "acknowledged_by"):
        acknowledgements.setdefault(ack.resolution_id, []).append(ack)
    return RoundState(
        plan=plan,
        round=rnd,
        partners=partners,
        framework=framework,
        questions=questions,
        assessments=assessments,
        aggregate=result,
        notes=notes,
        justified=justified,
        resolutions=resolutions,
        acknowledgements=acknowledgements,
    )


def assessment_for_org(plan: Plan, rnd: Round, organisation_id: int) -> Assessment | None:
    return (
        Assessment.objects.filter(
            plan=plan, stage=rnd.stage, round=rnd.number, organisation_id=organisation_id
        )
        .select_related("organisation", "framework", "submitted_by")
        .prefetch_related(_answers_prefetch())
        .first()
    )


def round_framework(plan: Plan, rnd: Round) -> FrameworkVersion | None:
    """The framework version a round is answered against: the one its first assessment was
    pinned to, or the current version while nobody has started (as `assessment_start` pins)."""
    pinned = FrameworkVersion.objects.filter(
        assessments__plan=plan, assessments__stage=rnd.stage, assessments__round=rnd.number
    ).first()
    return pinned or framework_current()


@dataclass(frozen=True)
class AssessmentPage:
    """What an organisation's assessment page shows: the questions and the stored answers."""

    framework: FrameworkVersion | None
    questions: list[StageQuestion]
    answers: list[Answer]

    @property
    def answers_by_characteristic(self) -> dict[int, Answer]:
        return {a.characteristic_id: a for a in self.answers}


def assessment_page(plan: Plan, rnd: Round, assessment: Assessment | None) -> AssessmentPage:
    """The questions and answers for one organisation's assessment page, in a fixed number of
    queries (the answers come prefetched with `assessment_for_org`)."""
    framework = assessment.framework if assessment else round_framework(plan, rnd)
    return AssessmentPage(
        framework=framework,
        questions=questions_for(framework, rnd.stage),
        answers=list(assessment.answers.all()) if assessment else [],
    )


@dataclass
class TrendPoint:
    round: Round
    framework: FrameworkVersion
    aggregate: Aggregate
    names: dict[str, str]


def trend_for_plan(plan: Plan, partners: list[PlanPartner] | None = None) -> list[TrendPoint]:
    """Every round with submitted assessments, in stage order, in five queries (four given the
    plan's partners). Each round's quorum is the voting partners, as on its results page."""
    expected = [p.organisation.name for p in voting_partners(plan, partners)]
    assessments = list(
        Assessment.objects.filter(plan=plan, status=AssessmentStatus.SUBMITTED)
        .select_related("organisation", "framework")
        .prefetch_related(_answers_prefetch())
    )
    by_round: dict[Round, list[Assessment]] = {}
    for a in assessments:
        by_round.setdefault(Round(a.stage, a.round), []).append(a)
    frameworks = {a.framework_id for a in assessments}
    questions: dict[tuple[int, str], list[StageQuestion]] = {}
    for q in (
        StageQuestion.objects.filter(framework_id__in=frameworks)
        .select_related("characteristic")
        .order_by("order", "characteristic__order")
    ):
        questions.setdefault((q.framework_id, q.stage), []).append(q)
    thresholds = thresholds_from_settings()
    points = []
    for rnd in sorted(by_round, key=lambda r: r.sort_key):
        members = by_round[rnd]
        framework = members[0].framework
        qs = questions.get((framework.pk, rnd.stage), [])
        points.append(
            TrendPoint(
                round=rnd,
                framework=framework,
                aggregate=aggregate(
                    [q.characteristic.code for q in qs],
                    [org_ratings(a) for a in members if a.framework_id == framework.pk],
                    thresholds,
                    expected=expected,
                ),
                names={q.characteristic.code: q.characteristic.name for q in qs},
            )
        )
    return points


def health_check_numbers(plan: Plan) -> list[int]:
    return list(HealthCheck.objects.filter(plan=plan).values_list("number", flat=True))


def round_in(ctx: PlanContext, stage: str | None = None) -> Round | None:
    """The round partners fill in now at `stage` (default the plan's), once per context."""
    stage = stage or ctx.plan.stage
    return ctx.shared(("assessments.current_round", stage), lambda: current_round(ctx.plan, stage))


def round_state_in(ctx: PlanContext, stage: str | None = None) -> RoundState | None:
    """That round read once per context, for the gate checks, the panel and the report."""
    rnd = round_in(ctx, stage)
    if rnd is None:
        return None
    return ctx.shared(
        ("assessments.round_state", rnd),
        lambda: round_state(
            ctx.plan, rnd, partners=ctx.partners, decisions=topical_decisions_in(ctx)
        ),
    )


def assessments_waiting(user, plans) -> list[WaitingItem]:
    """Assessments the person's organisation has still to submit on these plans
    (`PlanPlugin.waiting_for`; the plans come annotated with the person's role and
    organisation by planner.selectors.waiting_plans_for_user).

    1. The plans at an assessed stage where the person fills in their organisation's
       answers: a partner representative, or the project lead for the lead organisation,
       of an organisation that assesses (observers watch, they do not score).
    2. One query for the latest health check of those in delivery (none if none is), so
       each plan's open round is the one `current_round` names.
    3. One query for the submitted assessments of those plans; a round not submitted is
       due by the stage's target date (a health check has no date of its own).
    """
    filling = [
        p
        for p in plans
        if p.stage in ASSESSED_STAGES
        and p.person_role in (MemberRole.PARTNER_REP, MemberRole.PROJECT_LEAD)
        and p.person_partner_role in (PartnerRole.LEAD, PartnerRole.PARTNER)
    ]
    if not filling:
        return []
    delivering = [p.pk for p in filling if p.stage == Stage.DELIVERY]
    latest_check = dict(
        HealthCheck.objects.filter(plan_id__in=delivering)
        .values("plan_id")
        .annotate(latest=Max("number"))
        .values_list("plan_id", "latest")
        .order_by()
        if delivering
        else ()
    )
    submitted = set(
        Assessment.objects.filter(
            plan_id__in=[p.pk for p in filling], status=AssessmentStatus.SUBMITTED
        ).values_list("plan_id", "organisation_id", "stage", "round")
    )
    items = []
    for plan in filling:
        rnd = Round(plan.stage, latest_check.get(plan.pk, 0))
        if (plan.pk, plan.person_organisation_id, rnd.stage, rnd.number) in submitted:
            continue
        items.append(
            WaitingItem(
                plan.pk,
                "assessment",
                f"Submit your organisation's {rnd.label.lower()}",
                rnd.url("assessment_mine", plan.pk),
                None if rnd.number else plan.target_for(plan.stage),
            )
        )
    return items
