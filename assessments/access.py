"""The one access helper for an organisation's assessment, beside the plan's own
(`planner.access`): who may see it, who may change it, and what everyone else is told.

Everyone reaching it is already a member of the plan (`plan_access_for_user` gives outsiders
404 first). Then:

Seeing an organisation's assessment for a round
1. People see their own organisation's assessment at any time, even before anyone has
   started it.
2. Another organisation's assessment is seen only once it is submitted. While it is a
   draft, was never started, or has been reopened by the project lead, it answers 404 as if
   it did not exist, to every other organisation, the lead's included: nobody learns that a
   partner has a draft, let alone what it says.

Changing it (`for_change=True`), checked in this order
1. Read-only members are refused (403) before anything is read, so they learn nothing
   about drafts either.
2. Another organisation's draft stays hidden (404, rule 2 above).
3. Another organisation's submitted assessment is refused (403): people fill in only their
   own organisation's.
4. An observer organisation is refused (403): observers watch the plan, they do not score it.
What is left is the state of the assessment, which the services check under lock and refuse
as an invalid change shown on the form (400): a submitted assessment (the lead can reopen
it) or a closed round.

`may_edit` says whether the page offers the form: the person's own organisation, a role
that changes the plan, not an observer, the round still open, the assessment not submitted.

Reopening (`assessment_access_for_reopen`) is the project lead's (403 for everyone else,
before anything is read), and only a submitted assessment can be reopened: a draft or a
missing one answers 404, so reopening cannot be used to probe for drafts.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from assessments.models import Assessment
from assessments.selectors import Round, assessment_for_org, round_is_open
from planner.access import PlanAccess, plan_require_lead
from planner.models import Organisation, PartnerRole


@dataclass(frozen=True)
class AssessmentAccess:
    """A person's access to one organisation's assessment for one round. One exists only
    for someone who may see it (everyone else got 404)."""

    plan_access: PlanAccess
    round: Round
    # Whose assessment this is: the person's own organisation, or the submitted one's.
    organisation: Organisation
    # None while the person's own organisation has not started it.
    assessment: Assessment | None
    is_own: bool
    is_open: bool
    may_edit: bool

    @property
    def is_submitted(self) -> bool:
        return self.assessment is not None and self.assessment.is_submitted

    @property
    def read_only_reason(self) -> str:
        """Why the person's own unsubmitted assessment is shown without its form ("" when
        the form is offered, or when the page says so itself: submitted, not theirs)."""
        if self.may_edit or not self.is_own or self.is_submitted:
            return ""
        if not self.is_open:
            return "This assessment is closed: the plan is no longer at this point."
        if self.plan_access.partner_role == PartnerRole.OBSERVER:
            return f"{self.organisation.name} is an observer and does not assess the plan."
        return "Your role on this plan is read-only, so you cannot change this assessment."


def _hidden() -> Http404:
    return Http404("No assessment found.")


def assessment_access_for(
    plan_access: PlanAccess, organisation_id: int, rnd: Round, *, for_change: bool = False
) -> AssessmentAccess:
    """Return the person's access to an organisation's assessment for the round, or raise
    Http404 / PermissionDenied by the rules in this module's docstring.

    One read: the organisation's assessment for the round, with its answers.
    """
    if for_change and not plan_access.can_change:
        raise PermissionDenied("Your role on this plan is read-only.")
    own = organisation_id == plan_access.organisation.pk
    assessment = assessment_for_org(plan_access.plan, rnd, organisation_id)
    if not own and (assessment is None or not assessment.is_submitted):
        raise _hidden()
    if for_change and not own:
        raise PermissionDenied(
            f"You can only fill in {plan_access.organisation.name}'s assessment; nothing was saved."
        )
    observer = plan_access.partner_role == PartnerRole.OBSERVER
    if for_change and observer:
        raise PermissionDenied(
            f"{plan_access.organisation.name} is an observer and does not assess the plan; "
            "nothing was saved."
        )
    is_open = round_is_open(plan_access.plan, rnd)
    return AssessmentAccess(
        plan_access=plan_access,
        round=rnd,
        organisation=assessment.organisation if assessment else plan_access.organisation,
        assessment=assessment,
        is_own=own,
        is_open=is_open,
        may_edit=(
            own
            and plan_access.can_change
            and not observer
            and is_open
            and (assessment is None or not assessment.is_submitted)
        ),
    )


def assessment_access_for_reopen(
    plan_access: PlanAccess, organisation_id: int, rnd: Round
) -> AssessmentAccess:
    """The project lead's access to a submitted assessment, to send it back to draft.

    Everyone else is refused (403) before anything is read; a draft or a missing
    assessment answers 404, the lead's own organisation's draft included.
    """
    plan_require_lead(plan_access)
    assessment = assessment_for_org(plan_access.plan, rnd, organisation_id)
    if assessment is None or not assessment.is_submitted:
        raise Http404("No submitted assessment found.")
    return AssessmentAccess(
        plan_access=plan_access,
        round=rnd,
        organisation=assessment.organisation,
        assessment=assessment,
        is_own=organisation_id == plan_access.organisation.pk,
        is_open=round_is_open(plan_access.plan, rnd),
        # Reopening is not editing: the organisation edits again once it is a draft.
        may_edit=False,
    )
