"""Writes for assessments, discussion notes, resolutions, health checks and framework versions.

Every service checks everything first and writes afterwards, so a refusal (a DomainError)
leaves the database as it was.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from assessments.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Characteristic,
    DiscussionNote,
    FrameworkStatus,
    FrameworkVersion,
    HealthCheck,
    Resolution,
    ResolutionAcknowledgement,
    StageQuestion,
)
from assessments.selectors import (
    Round,
    RoundState,
    floor_topic,
    framework_current,
    questions_for,
    resolution_topic,
    round_framework,
    round_is_open,
    round_state,
    voting_partners,
)
from planner.access import PlanAccess, plan_require_lead
from planner.dates import uk_today
from planner.errors import DomainError, NotAllowed, Stale
from planner.models import PartnerRole, Stage
from workflows.models import Decision
from workflows.services import decision_record
from workflows.summary import plan_gate_summary_refresh


@dataclass(frozen=True)
class AnswerInput:
    rating: int | None = None
    dont_know: bool = False
    evidence: str = ""

    @property
    def is_answered(self) -> bool:
        return self.rating is not None or self.dont_know


def _require_assessor(access: PlanAccess) -> None:
    # The same rule as `assessments.access`, kept here so no caller can skip it.
    if not access.can_change:
        raise NotAllowed("Your role on this plan is read-only.")
    if access.partner_role == PartnerRole.OBSERVER:
        raise NotAllowed(f"{access.organisation.name} is an observer and does not assess the plan.")


def _require_open(plan, rnd: Round) -> None:
    if not round_is_open(plan, rnd):
        raise DomainError(
            f"The {rnd.label.lower()} is closed: the plan is at the "
            f"{Stage(plan.stage).label.lower()} stage."
        )


def _require_own_draft(access: PlanAccess, assessment: Assessment) -> None:
    if assessment.organisation_id != access.organisation.pk:
        raise DomainError(
            f"You can only fill in {access.organisation.name}'s assessment, "
            f"not {assessment.organisation.name}'s."
        )
    if assessment.status != AssessmentStatus.DRAFT:
        raise DomainError(
            f"{assessment.organisation.name}'s assessment has been submitted and can no longer be "
            "changed. The project lead can reopen it."
        )


def assessment_start(*, access: PlanAccess, rnd: Round) -> Assessment:
    """Return the organisation's assessment for the round, starting a draft if there is none.

    Two colleagues starting at the same moment both get the one draft: the unique constraint
    refuses the second insert and we read the winner's row.
    """
    _require_assessor(access)
    plan = access.plan
    _require_open(plan, rnd)
    lookup = dict(plan=plan, organisation=access.organisation, stage=rnd.stage, round=rnd.number)
    existing = Assessment.objects.filter(**lookup).first()
    if existing:
        return existing
    pinned = (
        Assessment.objects.filter(plan=plan, stage=rnd.stage, round=rnd.number)
        .values_list("framework_id", flat=True)
        .first()
    )
    framework_id = pinned or getattr(framework_current(), "pk", None)
    if framework_id is None:
        raise DomainError("No success framework has been published yet.")
    try:
        with transaction.atomic():
            return Assessment.objects.create(
                **lookup, framework_id=framework_id, created_by=access.user
            )
    except IntegrityError:
        return Assessment.objects.get(**lookup)


def _validate_answers(
    assessment: Assessment, questions: list[StageQuestion], answers: dict[str, AnswerInput]
) -> dict[str, Characteristic]:
    by_code = {q.characteristic.code: q.characteristic for q in questions}
    stage_label = Stage(assessment.stage).label.lower()
    for code, answer in answers.items():
        if code not in by_code:
            raise DomainError(f"“{code}” is not a question in the {stage_label} assessment.")
        name = by_code[code].name
        if answer.rating is not None and (
            not isinstance(answer.rating, int) or not 1 <= answer.rating <= 5
        ):
            raise DomainError(
                f"The rating for {name} must be a whole number from 1 to 5.", field=f"rating-{code}"
            )
        if answer.rating is not None and answer.dont_know:
            raise DomainError(
                f"Give {name} either a rating or “Don't know”, not both.", field=f"rating-{code}"
            )
    return by_code


def _write_answers(assessment, by_code, answers: dict[str, AnswerInput]) -> None:
    existing = {a.characteristic_id: a for a in assessment.answers.all()}
    for code, value in answers.items():
        characteristic = by_code[code]
        answer = existing.get(characteristic.pk) or Answer(
            assessment=assessment, characteristic=characteristic
        )
        answer.rating = value.rating
        answer.dont_know = value.dont_know
        answer.evidence = value.evidence.strip()
        answer.save()
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())


def assessment_save(
    *,
    access: PlanAccess,
    answers: dict[str, AnswerInput],
    assessment: Assessment | None = None,
    rnd: Round | None = None,
) -> Assessment:
    """Save a draft's answers (all or none).

    Without `assessment`, the organisation's draft for `rnd` is started first, in the same
    transaction, so a refused save leaves no empty draft behind.
    """
    with transaction.atomic():
        assessment = assessment or assessment_start(access=access, rnd=rnd)
        _require_assessor(access)
        _require_own_draft(access, assessment)
        _require_open(access.plan, Round(assessment.stage, assessment.round))
        questions = questions_for(assessment.framework, assessment.stage)
        by_code = _validate_answers(assessment, questions, answers)
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status != AssessmentStatus.DRAFT:
            raise DomainError(
                f"{assessment.organisation.name}'s assessment was submitted meanwhile and can no "
                "longer be changed."
            )
        _write_answers(assessment, by_code, answers)
    return assessment


def unanswered_questions(
    questions: list[StageQuestion], assessment: Assessment | None, answers=None
) -> list[StageQuestion]:
    """The questions still without a rating or "don't know", counting `answers` about to be
    saved on top of what is stored."""
    answered = {
        a.characteristic_id
        for a in (assessment.answers.all() if assessment else [])
        if a.is_answered
    }
    for code, value in (answers or {}).items():
        ids = [q.characteristic_id for q in questions if q.characteristic.code == code]
        if ids and value.is_answered:
            answered.add(ids[0])
        elif ids:
            answered.discard(ids[0])
    return [q for q in questions if q.characteristic_id not in answered]


def assessment_submit(
    *,
    access: PlanAccess,
    assessment: Assessment | None = None,
    answers: dict[str, AnswerInput] | None = None,
    rnd: Round | None = None,
) -> Assessment:
    """Save any last answers and submit, after which every partner sees the assessment.

    Steps, all in one transaction (a refusal at any step writes nothing):
    1. Without `assessment`, start the organisation's draft for `rnd`.
    2. Refuse unless the person may change the plan, the assessment is their organisation's
       own draft and the round is still open.
    3. Validate the answers and refuse if any question would be left unanswered.
    4. Write the answers and flip the status with a conditional update
       (`WHERE status = 'draft'`), so a double submit changes nothing the second time.
    """
    with transaction.atomic():
        assessment = assessment or assessment_start(access=access, rnd=rnd)
        _require_assessor(access)
        _require_own_draft(access, assessment)
        _require_open(access.plan, Round(assessment.stage, assessment.round))
        answers = answers or {}
        questions = questions_for(assessment.framework, assessment.stage)
        by_code = _validate_answers(assessment, questions, answers)
        missing = unanswered_questions(questions, assessment, answers)
        if missing:
            names = ", ".join(q.characteristic.name for q in missing)
            raise DomainError(
                "Answer every question before submitting: "
                f"{len(missing)} still to answer ({names})."
            )
        _write_answers(assessment, by_code, answers)
        now = timezone.now()
        claimed = Assessment.objects.filter(pk=assessment.pk, status=AssessmentStatus.DRAFT).update(
            status=AssessmentStatus.SUBMITTED, submitted_by=access.user, submitted_at=now
        )
        if not claimed:
            # Roll back the answers too: someone submitted first.
            raise DomainError(f"{assessment.organisation.name}'s assessment is already submitted.")
        # The status flip is a queryset update, which sends no signal: refresh the
        # dashboard's gate summary ourselves.
        plan_id = assessment.plan_id
        transaction.on_commit(lambda: plan_gate_summary_refresh(plan_id))
    assessment.refresh_from_db()
    return assessment


def assessment_reopen(*, access: PlanAccess, assessment: Assessment, reason: str) -> Decision:
    """The project lead sends a submitted assessment back to draft, with a logged reason."""
    plan_require_lead(access)
    if not reason or not reason.strip():
        raise DomainError("Enter the reason for reopening the assessment.", field="reason")
    if assessment.plan_id != access.plan.pk:
        raise DomainError("That assessment belongs to another plan.")
    rnd = Round(assessment.stage, assessment.round)
    _require_open(access.plan, rnd)
    with transaction.atomic():
        reopened = Assessment.objects.filter(
            pk=assessment.pk, status=AssessmentStatus.SUBMITTED
        ).update(status=AssessmentStatus.DRAFT, submitted_by=None, submitted_at=None)
        if not reopened:
            raise DomainError(f"{assessment.organisation.name}'s assessment is not submitted.")
        decision = decision_record(
            plan=access.plan,
            actor=access.user,
            summary=f"Reopened {assessment.organisation.name}'s {rnd.label.lower()}",
            rationale=reason,
            topic=f"assessment-reopen:{assessment.pk}",
        )
    assessment.refresh_from_db()
    return decision


def _characteristic_in_round(state_questions, code: str) -> Characteristic:
    for q in state_questions:
        if q.characteristic.code == code:
            return q.characteristic
    raise DomainError(f"“{code}” is not a question in this assessment.")


def discussion_note_add(
    *, access: PlanAccess, rnd: Round, framework: FrameworkVersion, code: str, note: str
) -> DiscussionNote:
    """Record what the partners discussed about a characteristic in a round."""
    if not access.can_change:
        raise DomainError("Your role on this plan is read-only.")
    if not note or not note.strip():
        raise DomainError("Enter what was discussed and agreed.", field="note")
    characteristic = _characteristic_in_round(questions_for(framework, rnd.stage), code)
    item = DiscussionNote(
        plan=access.plan,
        stage=rnd.stage,
        round=rnd.number,
        characteristic=characteristic,
        note=note.strip(),
        author=access.user,
        organisation=access.organisation,
    )
    item.full_clean()
    item.save()
    return item


def resolution_require_concerned(access: PlanAccess) -> None:
    """Refuse (403) anyone who may not act on a disagreement's resolution.

    The rule, the same for recording, acknowledging and reopening: the person may change the
    plan and belongs to an organisation concerned, which is every partner organisation that
    assesses the plan (observers excepted: they do not score, so they do not disagree). The
    lead's organisation is one of them like any other; the lead has no say of its own here,
    because a resolution counts only once every organisation concerned has answered it.
    """
    if not access.can_change:
        raise NotAllowed("Your role on this plan is read-only; nothing was saved.")
    concerned = {p.organisation_id for p in voting_partners(access.plan, list(access.partners))}
    if access.organisation.pk not in concerned:
        raise NotAllowed(
            f"{access.organisation.name} does not assess this plan, so it is not one of the "
            "organisations concerned by this disagreement; nothing was saved."
        )


def _flagged_name(state: RoundState, code: str) -> str:
    characteristic = _characteristic_in_round(state.questions, code)
    result = state.aggregate.for_code(code)
    if result is None or not result.flagged:
        raise DomainError(
            f"The partners' submitted ratings on {characteristic.name} do not disagree, so "
            "there is nothing to resolve."
        )
    return characteristic.name


@dataclass(frozen=True)
class ResolutionInput:
    position: str
    action: str = ""
    action_owner_id: int | None = None
    action_due: date | None = None


def _validate_resolution(access: PlanAccess, data: ResolutionInput) -> None:
    if not data.position or not data.position.strip():
        raise DomainError(
            "Enter the position the partners agreed, for example what will change and why.",
            field="position",
        )
    action = (data.action or "").strip()
    if not action:
        if data.action_owner_id or data.action_due:
            raise DomainError(
                "Describe the action, or leave its owner and due date empty.", field="action"
            )
        return
    partner_ids = {p.organisation_id for p in access.partners}
    if data.action_owner_id is None:
        raise DomainError("Choose the organisation that owns the action.", field="action_owner")
    if data.action_owner_id not in partner_ids:
        raise DomainError(
            "The action's owner must be one of the plan's partner organisations.",
            field="action_owner",
        )
    if data.action_due is None:
        raise DomainError("Enter the date the action is due.", field="action_due")
    today = uk_today()
    if data.action_due < today:
        raise DomainError(
            f"The action's due date must be today or later: enter a date on or after "
            f"{today:%-d %B %Y}.",
            field="action_due",
        )


def resolution_record(
    *, access: PlanAccess, rnd: Round, code: str, data: ResolutionInput
) -> Resolution:
    """Record the partners' agreed position on a characteristic they disagree on.

    Steps (a refusal at any step writes nothing):
    1. Refuse anyone not in an organisation concerned (403, `resolution_require_concerned`).
    2. Refuse a closed round, an empty position, or an action without an owner among the
       plan's partners and a due date from today on.
    3. Refuse unless the submitted ratings still flag the characteristic.
    4. Refuse if a resolution is already in force (409): it must be reopened, with a reason,
       before another is recorded.
    5. Write the resolution with each organisation's rating now (so a later re-score can be
       told apart), the recorder's organisation's acknowledgement (it wrote the position) and
       a decision-log row, in one transaction.
    """
    resolution_require_concerned(access)
    plan = access.plan
    _require_open(plan, rnd)
    _validate_resolution(access, data)
    state = round_state(plan, rnd, partners=list(access.partners))
    name = _flagged_name(state, code)
    current = state.flag_state(code).resolution
    if current is not None:
        raise Stale(
            f"A resolution of {name} was recorded by {current.recorded_by.full_name} "
            f"({current.organisation.name}) on {current.recorded_at:%-d %B %Y}: acknowledge it, "
            "or reopen it with a reason before recording another. Nothing was saved."
        )
    resolution = Resolution(
        plan=plan,
        stage=rnd.stage,
        round=rnd.number,
        characteristic=_characteristic_in_round(state.questions, code),
        position=data.position.strip(),
        action=(data.action or "").strip(),
        action_owner_id=data.action_owner_id if (data.action or "").strip() else None,
        action_due=data.action_due if (data.action or "").strip() else None,
        ratings=state.ratings_now(code),
        recorded_by=access.user,
        organisation=access.organisation,
    )
    try:
        resolution.full_clean()
    except ValidationError as exc:
        raise DomainError.from_validation(exc) from exc
    rationale = resolution.position
    if resolution.action:
        owner = next(
            p.organisation for p in access.partners if p.organisation_id == data.action_owner_id
        )
        rationale += (
            f"\n\nAction: {resolution.action} (owner: {owner.name}; due "
            f"{resolution.action_due:%-d %B %Y})"
        )
    try:
        with transaction.atomic():
            resolution.save()
            ResolutionAcknowledgement.objects.create(
                resolution=resolution, organisation=access.organisation, acknowledged_by=access.user
            )
            decision_record(
                plan=plan,
                actor=access.user,
                summary=f"Agreed a resolution of the disagreement on {name} in the "
                f"{rnd.label.lower()}",
                rationale=rationale,
                topic=resolution_topic(rnd, code),
            )
    except IntegrityError:
        raise Stale(
            f"Someone recorded a resolution of {name} a moment ago; nothing was saved. "
            "Refresh the page to see it."
        ) from None
    return resolution


def _current_resolution(access: PlanAccess, rnd: Round, code: str, name: str, doing: str):
    """The resolution in force for the flag, locked; Stale if it was reopened meanwhile."""
    found = list(
        Resolution.objects.select_for_update()
        .filter(plan=access.plan, stage=rnd.stage, round=rnd.number, characteristic__code=code)
        .order_by("-recorded_at", "-pk")[:1]
    )
    if not found:
        raise DomainError(f"There is no agreed resolution of {name} to {doing} yet.")
    resolution = found[0]
    if not resolution.is_current:
        raise Stale(
            f"The resolution of {name} was reopened by {resolution.reopened_organisation.name} "
            f"on {resolution.reopened_at:%-d %B %Y}; nothing was saved. A new resolution must "
            "be recorded."
        )
    return resolution


def _name_in_round(access: PlanAccess, rnd: Round, code: str) -> str:
    framework = round_framework(access.plan, rnd)
    return _characteristic_in_round(questions_for(framework, rnd.stage), code).name


def resolution_acknowledge(
    *, access: PlanAccess, rnd: Round, code: str
) -> ResolutionAcknowledgement:
    """The person's organisation accepts the resolution in force (each organisation its own)."""
    resolution_require_concerned(access)
    _require_open(access.plan, rnd)
    name = _name_in_round(access, rnd, code)
    org = access.organisation
    with transaction.atomic():
        resolution = _current_resolution(access, rnd, code, name, "acknowledge")
        if resolution.acknowledgements.filter(organisation=org).exists():
            raise Stale(f"{org.name} has already acknowledged the resolution of {name}.")
        ack = ResolutionAcknowledgement.objects.create(
            resolution=resolution, organisation=org, acknowledged_by=access.user
        )
        decision_record(
            plan=access.plan,
            actor=access.user,
            summary=f"{org.name} acknowledged the resolution of {name} in the {rnd.label.lower()}",
            rationale=f"{org.name} accepts the agreed position: {resolution.position}",
            topic=resolution_topic(rnd, code),
        )
    return ack


def resolution_reopen(*, access: PlanAccess, rnd: Round, code: str, reason: str) -> Resolution:
    """Any organisation concerned reopens the resolution in force, with a reason; the flag
    is unresolved again until a new resolution is recorded and answered."""
    resolution_require_concerned(access)
    _require_open(access.plan, rnd)
    if not reason or not reason.strip():
        raise DomainError(
            "Enter why the resolution no longer holds, for example what has changed.",
            field="reason",
        )
    name = _name_in_round(access, rnd, code)
    org = access.organisation
    with transaction.atomic():
        resolution = _current_resolution(access, rnd, code, name, "reopen")
        now = timezone.now()
        claimed = Resolution.objects.filter(pk=resolution.pk, reopened_at__isnull=True).update(
            reopened_at=now,
            reopened_by=access.user,
            reopened_organisation=org,
            reopen_reason=reason.strip(),
        )
        if not claimed:
            raise Stale(f"The resolution of {name} was reopened a moment ago; nothing was saved.")
        decision_record(
            plan=access.plan,
            actor=access.user,
            summary=f"{org.name} reopened the resolution of {name} in the {rnd.label.lower()}",
            rationale=reason,
            topic=resolution_topic(rnd, code),
        )
    resolution.refresh_from_db()
    return resolution


def floor_justification_record(
    *, access: PlanAccess, rnd: Round, framework: FrameworkVersion, code: str, rationale: str
) -> Decision:
    """The project lead logs why the plan may go on despite a characteristic below the floor."""
    plan_require_lead(access)
    characteristic = _characteristic_in_round(questions_for(framework, rnd.stage), code)
    return decision_record(
        plan=access.plan,
        actor=access.user,
        summary=f"Accepted a low score for {characteristic.name} in the {rnd.label.lower()}",
        rationale=rationale,
        topic=floor_topic(rnd, code),
    )


def health_check_open(*, access: PlanAccess) -> HealthCheck:
    """Open the next numbered health check in delivery."""
    plan_require_lead(access)
    plan = access.plan
    if plan.stage != Stage.DELIVERY:
        raise DomainError("Health checks are run during delivery.")
    number = (plan.health_checks.aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            return HealthCheck.objects.create(plan=plan, number=number, opened_by=access.user)
    except IntegrityError:
        raise DomainError(
            f"Health check {number} was opened by someone else a moment ago; refresh the page."
        ) from None


def framework_publish(*, framework: FrameworkVersion) -> FrameworkVersion:
    """Publish a draft version; new assessments use it from now on, old ones keep theirs."""
    if not framework.characteristics.exists():
        raise DomainError(f"Version {framework.version} has no characteristics.")
    if not framework.questions.exists():
        raise DomainError(f"Version {framework.version} has no stage questions.")
    claimed = FrameworkVersion.objects.filter(pk=framework.pk, status=FrameworkStatus.DRAFT).update(
        status=FrameworkStatus.PUBLISHED, published_at=timezone.now()
    )
    if not claimed:
        raise DomainError(f"Version {framework.version} is already published.")
    framework.refresh_from_db()
    return framework


def framework_copy(*, framework: FrameworkVersion) -> FrameworkVersion:
    """Start a new draft version from an existing one, to be edited and then published."""
    with transaction.atomic():
        number = (FrameworkVersion.objects.aggregate(n=Max("version"))["n"] or 0) + 1
        copy = FrameworkVersion.objects.create(
            name=framework.name,
            version=number,
            notes=framework.notes,
            sources=framework.sources,
        )
        mapping = {}
        for c in framework.characteristics.all():
            mapping[c.pk] = Characteristic.objects.create(
                framework=copy,
                code=c.code,
                name=c.name,
                meaning=c.meaning,
                sources=c.sources,
                order=c.order,
            )
        StageQuestion.objects.bulk_create(
            StageQuestion(
                framework=copy,
                stage=q.stage,
                characteristic=mapping[q.characteristic_id],
                prompt=q.prompt,
                order=q.order,
            )
            for q in framework.questions.all()
        )
    return copy
