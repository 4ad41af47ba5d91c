"""Writes for board papers: start a paper to a governing body, edit it, freeze it.

A paper is the lead's draft to one body (planner.reports.models.BoardPaper). Freezing it
makes a numbered report version through `report_request`, so a paper for each body is its
own version, and the draft stays to be edited and frozen again.

Kept apart from services.py (the versions' request, render and sweep) because the paper's
rules (what a paper for decision must state) are a different concern from printing it.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from planner.access import PlanAccess, plan_require_lead
from planner.context import PlanContext
from planner.dates import plan_created_on, uk_today
from planner.errors import DomainError, Stale
from planner.models import GoverningBody, OrganisationKind, PartnerRole
from planner.plugins import plan_plugins
from planner.reports.models import (
    IMPLICATION_HEADINGS,
    BoardPaper,
    Marking,
    ReportPurpose,
    ReportVersion,
)
from planner.reports.selectors import (
    body_organisations_on_plan,
    paper_details,
)
from planner.reports.services import report_request
from planner.selectors import governing_bodies_for_plan

# A meeting more than this far ahead is a typing slip (2062 for 2026), not a board's diary.
MEETING_HORIZON = timedelta(days=2 * 366)
MAX_RECOMMENDATIONS = 20
MAX_RECOMMENDATION_LENGTH = 2000

# Who a body usually delegates the final terms to, by the kind of organisation.
CHIEF_OFFICERS = {
    OrganisationKind.POLICE: "Chief Constable",
    OrganisationKind.FIRE: "Chief Fire Officer",
    OrganisationKind.AMBULANCE: "Chief Executive",
    OrganisationKind.HEALTH: "Chief Executive",
    OrganisationKind.LOCAL_AUTHORITY: "Chief Executive",
    OrganisationKind.OTHER: "chief officer",
}


def _names(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def board_paper_draft_recommendations(
    ctx: PlanContext, body: GoverningBody, *, purpose: str = ReportPurpose.DECISION
) -> list[str]:
    """The recommendations a paper to `body` starts with, drafted from the plan.

    Steps:
    1. Approve the scheme, naming the body's organisations and the lead organisation.
    2. Each app's own (PlanPlugin.recommendations: the finance app drafts the body's share
       of the costs), in INSTALLED_APPS order.
    3. Entry into the agreement: under section 1 of the Policing and Crime Act 2017 unless
       the plan records another form.
    4. The delegation of the final terms to each organisation's chief officer.
    A paper for discussion asks the body to comment, one for information to note, so the
    wording follows the purpose; the author edits them all before freezing.
    """
    plan = ctx.plan
    organisations = body_organisations_on_plan(body, plan)
    ours = _names([o.name for o in organisations])
    ids = {o.pk for o in organisations}
    partners = ctx.partners
    lead = next((p.organisation for p in partners if p.role == PartnerRole.LEAD), None)
    others = _names(
        [
            p.organisation.name
            for p in sorted(partners, key=lambda p: p.organisation.name)
            if p.organisation_id not in ids and p.role != PartnerRole.OBSERVER
        ]
    )
    scheme = f"the {plan.title} scheme ({plan.reference})"
    if lead is None:
        led = ""
    elif lead.pk in ids:
        led = f", with {lead.name} as the lead organisation"
    else:
        led = f", led by {lead.name}"
    form = plan.agreement_form
    if form == "mou":
        agreement = "a memorandum of understanding"
    elif form == "other":
        agreement = "the form of agreement set out in the commercial case"
    else:
        agreement = "a collaboration agreement under section 1 of the Policing and Crime Act 2017"
    with_others = f" with {others}" if others else ""
    officers = _names(
        [f"the {CHIEF_OFFICERS.get(o.kind, 'chief officer')} of {o.name}" for o in organisations]
    )
    delegation = (
        f"authority to agree the final terms of the agreement and the scheme's detailed "
        f"arrangements to {officers}, within the costs set out in this paper"
    )
    if purpose == ReportPurpose.DECISION:
        first = [f"Approve the participation of {ours} in {scheme}{led}."]
        last = [
            f"Approve entry by {ours} into {agreement}{with_others}.",
            f"Delegate {delegation}.",
        ]
    elif purpose == ReportPurpose.DISCUSSION:
        first = [f"Comment on the proposed participation of {ours} in {scheme}{led}."]
        last = [
            f"Comment on the proposal that {ours} enter into {agreement}{with_others}.",
            f"Comment on the proposal to delegate {delegation}.",
        ]
    else:
        first = [f"Note the participation of {ours} in {scheme}{led}."]
        last = [
            f"Note that {ours} will enter into {agreement}{with_others}.",
            f"Note the delegation of {delegation}.",
        ]
    drafted = [
        text.strip()
        for plugin in plan_plugins()
        if plugin.recommendations
        for text in plugin.recommendations(ctx, organisations, purpose=purpose) or ()
        if text and text.strip()
    ]
    return first + drafted + last


def _paper_locked(access: PlanAccess, paper_id: int) -> BoardPaper:
    paper = (
        BoardPaper.objects.select_for_update()
        .select_related("plan", "governing_body")
        .filter(pk=paper_id, plan=access.plan)
        .first()
    )
    if paper is None:
        raise DomainError("That board paper is not on this plan.")
    return paper


def board_paper_start(*, access: PlanAccess, body_id: int) -> BoardPaper:
    """The plan's draft paper to the body, started now if there is none.

    Steps:
    1. Only the project lead drafts papers; the body must govern a current partner.
    2. A body has one draft per plan: if it exists it is returned unchanged (a second click
       does not reset the author's edits).
    3. A new draft is titled as the plan, by the lead, for decision, OFFICIAL, with the
       recommendations drafted from the plan and no implications stated yet.
    """
    plan_require_lead(access)
    body = next((b for b in governing_bodies_for_plan(access.plan) if b.pk == body_id), None)
    if body is None:
        raise DomainError("That governing body does not govern a partner on this plan.")
    existing = BoardPaper.objects.filter(plan=access.plan, governing_body=body).first()
    if existing is not None:
        return existing
    paper = BoardPaper(
        plan=access.plan,
        governing_body=body,
        title=access.plan.title,
        author=access.user.full_name or access.user.email,
        contact=access.user.email,
        purpose=ReportPurpose.DECISION,
        marking=Marking.OFFICIAL,
        recommendations=board_paper_draft_recommendations(
            PlanContext.for_access(access), body, purpose=ReportPurpose.DECISION
        ),
        implications={},
        updated_by=access.user,
    )
    paper.full_clean()
    try:
        with transaction.atomic():
            paper.save()
    except IntegrityError:
        # Two clicks at once: the other one made it.
        return BoardPaper.objects.get(plan=access.plan, governing_body=body)
    return paper


def _check_meeting_date(value: date | None, plan) -> None:
    if value is None:
        return
    created_on = plan_created_on(plan)
    if created_on is not None and value < created_on:
        raise DomainError(
            f"Meeting date must be the same as or after {created_on:%-d %B %Y}, when the plan "
            "was created",
            field="meeting_date",
        )
    if value > uk_today() + MEETING_HORIZON:
        raise DomainError("Meeting date must be within the next two years", field="meeting_date")


def board_paper_update(
    *,
    access: PlanAccess,
    paper_id: int,
    meeting_date: date | None,
    agenda_item: str,
    title: str,
    marking: str,
    purpose: str,
    author: str,
    contact: str,
) -> tuple[BoardPaper, list[str]]:
    """Save the paper's cover details; return it with any warnings to show.

    A meeting date in the past is kept (a paper for information may go to a meeting already
    held) but warned about; one before the plan existed or years ahead is refused.
    """
    plan_require_lead(access)
    _check_meeting_date(meeting_date, access.plan)
    with transaction.atomic():
        paper = _paper_locked(access, paper_id)
        paper.meeting_date = meeting_date
        paper.agenda_item = agenda_item.strip()
        paper.title = title.strip()
        paper.marking = marking
        paper.purpose = purpose
        paper.author = author.strip()
        paper.contact = contact.strip()
        paper.updated_by = access.user
        try:
            paper.full_clean()
        except ValidationError as exc:
            raise DomainError.from_validation(exc) from exc
        paper.save()
    warnings = []
    if meeting_date is not None and meeting_date < uk_today():
        warnings.append(
            f"The meeting date, {meeting_date:%-d %B %Y}, is in the past. Check it before "
            "you create a version."
        )
    return paper, warnings


def board_paper_recommendations_save(
    *, access: PlanAccess, paper_id: int, texts: list[str]
) -> BoardPaper:
    """Replace the paper's recommendations with `texts`, in order; blank ones are removed.

    A paper for decision must ask for at least one decision.
    """
    plan_require_lead(access)
    kept = [t.strip() for t in texts if t and t.strip()]
    if len(kept) > MAX_RECOMMENDATIONS:
        raise DomainError(f"A paper can make at most {MAX_RECOMMENDATIONS} recommendations.")
    if any(len(t) > MAX_RECOMMENDATION_LENGTH for t in kept):
        raise DomainError(
            f"Each recommendation must be {MAX_RECOMMENDATION_LENGTH} characters or fewer."
        )
    with transaction.atomic():
        paper = _paper_locked(access, paper_id)
        if not kept and paper.purpose == ReportPurpose.DECISION:
            raise DomainError(
                "Enter at least one recommendation: a paper for decision asks the body to "
                "decide something.",
                field="recommendation_1",
            )
        paper.recommendations = kept
        paper.updated_by = access.user
        paper.save(update_fields=["recommendations", "updated_by", "updated_at"])
    return paper


def board_paper_redraft(*, access: PlanAccess, paper_id: int) -> BoardPaper:
    """Replace the recommendations with a fresh draft from the plan, worded for the paper's
    purpose (after the purpose or the plan changed)."""
    plan_require_lead(access)
    with transaction.atomic():
        paper = _paper_locked(access, paper_id)
        paper.recommendations = board_paper_draft_recommendations(
            PlanContext.for_access(access), paper.governing_body, purpose=paper.purpose
        )
        paper.updated_by = access.user
        paper.save(update_fields=["recommendations", "updated_by", "updated_at"])
    return paper


def board_paper_implications_save(
    *, access: PlanAccess, paper_id: int, implications: dict[str, dict]
) -> BoardPaper:
    """Save the implications: {key: {"text": str, "none": bool}} for the keys the paper
    states. Text and "none identified" together contradict each other and are refused."""
    plan_require_lead(access)
    stored = {}
    for key, entry in implications.items():
        if key not in IMPLICATION_HEADINGS:
            raise DomainError("That is not one of the paper's implications.")
        text, none = (entry.get("text") or "").strip(), bool(entry.get("none"))
        if text and none:
            raise DomainError(
                f"{IMPLICATION_HEADINGS[key]} implications: either describe them or tick "
                "“None identified”, not both.",
                field=f"{key}_text",
            )
        stored[key] = {"text": text, "none": none}
    with transaction.atomic():
        paper = _paper_locked(access, paper_id)
        paper.implications = stored
        paper.updated_by = access.user
        paper.save(update_fields=["implications", "updated_by", "updated_at"])
    return paper


class PaperIncomplete(DomainError):
    """The paper cannot be frozen yet; `problems` lists every (field, message)."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(m for _, m in problems), field=problems[0][0])
        self.problems = problems


def board_paper_problems(paper: BoardPaper) -> list[tuple[str, str]]:
    """What stops the paper being frozen, as (field, message): every paper needs a meeting
    date, title and author; a paper for decision needs a recommendation and every
    implication stated (text, or none identified)."""
    problems = []
    if paper.meeting_date is None:
        problems.append(("meeting_date", "Enter the date of the meeting"))
    if not paper.title.strip():
        problems.append(("title", "Enter the title of the paper"))
    if not paper.author.strip():
        problems.append(("author", "Enter the author of the paper"))
    if paper.purpose == ReportPurpose.DECISION:
        details = paper_details(paper)
        if not details.recommendations:
            problems.append(
                ("recommendation_1", "Enter at least one recommendation for the body to decide")
            )
        for row in details.implications:
            if not row.text and not row.none_identified:
                problems.append(
                    (
                        f"{row.key}_text",
                        f"State the {row.heading.lower()} implications, or tick “None identified”",
                    )
                )
    return problems


def board_paper_freeze(*, access: PlanAccess, paper_id: int) -> ReportVersion:
    """Freeze the draft into the plan's next numbered version (see `report_request`).

    Refused (PaperIncomplete, with every reason) while `board_paper_problems` finds any;
    the draft itself is unchanged either way.
    """
    plan_require_lead(access)
    paper = (
        BoardPaper.objects.select_related("plan", "governing_body")
        .filter(pk=paper_id, plan=access.plan)
        .first()
    )
    if paper is None:
        raise Stale("That board paper is no longer on this plan.")
    problems = board_paper_problems(paper)
    if problems:
        raise PaperIncomplete(problems)
    return report_request(access=access, marking=paper.marking, purpose=paper.purpose, paper=paper)
