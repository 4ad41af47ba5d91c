"""Writes for plans, partners, people, invitations and the s.2 record."""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from planner.access import PlanAccess, plan_require_lead
from planner.errors import DomainError, NotAllowed, Stale
from planner.mail import email_send
from planner.models import (
    BODY_KIND_FOR_ORGANISATION,
    TARGETED_STAGES,
    GoverningBody,
    GoverningBodyKind,
    Invitation,
    MemberRole,
    Organisation,
    PartnerRemoval,
    PartnerRole,
    Plan,
    PlanChange,
    PlanMember,
    PlanPartner,
    S2Notice,
    Stage,
    User,
    target_slip,
)
from planner.plugins import decision_log_write

logger = logging.getLogger(__name__)

INVITATION_LIFETIME = timedelta(days=7)
PLAN_FIELDS = [
    "title",
    "reference",
    "summary",
    "collaboration_type",
    "area",
    "objectives",
    "public_outcome",
    "expected_benefits",
    "scoping_target",
    "governance_alignment_target",
    "joint_risk_assessment_target",
    "delivery_target",
    "agreement_form",
    "agreement_notes",
]


def _clean_or_raise(obj, **kwargs):
    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        raise DomainError.from_validation(exc) from exc


def plan_create(*, user: User, data: dict) -> Plan:
    """Create a plan led by the person's organisation, with the person as project lead."""
    if user.organisation_id is None:
        raise NotAllowed("Only people in a partner organisation can start a plan.")
    plan = Plan(created_by=user, **{k: v for k, v in data.items() if k in PLAN_FIELDS})
    # The protected stage field cannot be re-assigned by clean_fields(); it has its default.
    _clean_or_raise(plan, exclude=["stage"])
    _refuse_past_targets(None, data)
    plan.target_baselines = _baselines(plan)
    try:
        with transaction.atomic():
            plan.save()
            PlanPartner.objects.create(
                plan=plan, organisation_id=user.organisation_id, role=PartnerRole.LEAD
            )
            PlanMember.objects.create(
                plan=plan,
                user=user,
                organisation_id=user.organisation_id,
                role=MemberRole.PROJECT_LEAD,
            )
    except IntegrityError:
        raise DomainError("A plan with that reference already exists.", field="reference") from None
    return plan


def plan_update(*, access: PlanAccess, data: dict, reason: str = "") -> Plan:
    """Save the plan's details and record every change in its history (PlanChange).

    Steps:
    1. Refuse a target date moved into the past (plan_target_moves).
    2. A target date already set that moves (later, earlier or cleared) needs a reason: the
       edit asks for one on its confirmation page.
    3. In one transaction: save the plan, keeping each stage's first target as its baseline;
       write one history row a changed field; for moved targets, write the decision-log row
       with the reason, so the board sees why a date slipped.
    """
    plan_require_lead(access)
    if access.plan.stage in (Stage.CLOSED, Stage.WITHDRAWN):
        raise DomainError("A closed or withdrawn plan cannot be edited.")
    reason = (reason or "").strip()
    with transaction.atomic():
        # Locked, so the history's "before" is the row this save replaces, not an older read.
        plan = Plan.objects.select_for_update().get(pk=access.plan.pk)
        before = {key: getattr(plan, key) for key in PLAN_FIELDS}
        # A target stored before baselines were kept (or written by the demo) is its own.
        plan.target_baselines = _baselines(plan)
        moves = _target_moves(plan, data)
        if moves and not reason:
            raise DomainError("Enter the reason for moving the target date", field="reason")
        for key, value in data.items():
            if key in PLAN_FIELDS:
                setattr(plan, key, value)
        _clean_or_raise(plan, exclude=["stage"])
        plan.target_baselines = _baselines(plan)
        changed = [key for key in PLAN_FIELDS if not _same(getattr(plan, key), before[key])]
        try:
            with transaction.atomic():
                # update_fields leaves the stage out, so an edit never fights a transition.
                plan.save(update_fields=[*PLAN_FIELDS, "target_baselines", "updated_at"])
        except IntegrityError:
            raise DomainError(
                "A plan with that reference already exists.", field="reference"
            ) from None
        moved = {m.field for m in moves}
        PlanChange.objects.bulk_create(
            PlanChange(
                plan=plan,
                field=key,
                before=_shown(key, before[key]),
                after=_shown(key, getattr(plan, key)),
                reason=reason if key in moved else "",
                changed_by=access.user,
            )
            for key in changed
        )
        if moves:
            decision_log_write(
                plan=plan,
                actor=access.user,
                summary=_moves_summary(moves),
                rationale="\n".join([*(m.sentence for m in moves), f"Reason: {reason}"]),
                topic="target-dates",
            )
    return plan


@dataclass(frozen=True)
class TargetMove:
    """A target date already set that an edit changes: what the confirmation page shows."""

    field: str
    stage: str
    label: str
    before: date
    after: date | None
    baseline: date | None

    @property
    def slip(self) -> str:
        """From the baseline, in words ("6 weeks later"); "" when back on the baseline."""
        if self.after is None or self.baseline is None:
            return ""
        return target_slip(self.baseline, self.after)

    @property
    def sentence(self) -> str:
        now = f"{self.after:%-d %B %Y}" if self.after else "no date"
        line = f"{self.label} target date moved from {self.before:%-d %B %Y} to {now}"
        if self.baseline and self.after and self.slip:
            line += f" (baseline {self.baseline:%-d %B %Y}: {self.slip})"
        return line + "."


TARGET_FIELDS = [f"{stage}_target" for stage in TARGETED_STAGES]


def plan_target_moves(*, access: PlanAccess, data: dict) -> list[TargetMove]:
    """The target dates this edit would move, read against the plan as stored, so the edit
    can ask for confirmation and a reason first. Refuses a date moved into the past."""
    plan = Plan.objects.only("pk", *TARGET_FIELDS, "target_baselines").get(pk=access.plan.pk)
    plan.target_baselines = _baselines(plan)
    return _target_moves(plan, data)


def _target_moves(plan: Plan, data: dict) -> list[TargetMove]:
    _refuse_past_targets(plan, data)
    moves = []
    for stage in TARGETED_STAGES:
        key = f"{stage}_target"
        old, new = plan.target_for(stage), data.get(key, plan.target_for(stage))
        if old is not None and new != old:
            moves.append(
                TargetMove(key, stage, Stage(stage).label, old, new, plan.baseline_for(stage))
            )
    return moves


def _refuse_past_targets(plan: Plan | None, data: dict) -> None:
    """A new target date is today or later (UK time): a date already passed is overdue, not a
    plan. A date already stored is left alone, so an overdue plan can still be edited."""
    today = timezone.localdate()
    for stage in TARGETED_STAGES:
        key = f"{stage}_target"
        new = data.get(key)
        old = plan.target_for(stage) if plan is not None else None
        if new is not None and new != old and new < today:
            raise DomainError(
                f"{Stage(stage).label} target date must be today or in the future",
                field=key,
            )


def _baselines(plan: Plan) -> dict:
    """The plan's baselines with any stage's first target added; a moved or cleared target
    keeps the baseline it had."""
    baselines = dict(plan.target_baselines or {})
    for stage in TARGETED_STAGES:
        target = plan.target_for(stage)
        if target is not None and stage not in baselines:
            baselines[stage] = target.isoformat()
    return baselines


def _same(new, old) -> bool:
    """Whether a field is unchanged. A browser sends a textarea's line breaks as CRLF
    whatever was stored, so line endings alone are not a change for the history."""
    if isinstance(new, str) and isinstance(old, str):
        return new.replace("\r\n", "\n") == old.replace("\r\n", "\n")
    return new == old


def _shown(key: str, value) -> str:
    """A field's value as the history shows it: dates and choices in words."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    field = Plan._meta.get_field(key)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _moves_summary(moves: list[TargetMove]) -> str:
    if len(moves) == 1:
        m = moves[0]
        now = f"{m.after:%-d %B %Y}" if m.after else "no date"
        return f"Moved the {m.label.lower()} target date to {now}"
    return f"Moved {len(moves)} target dates"


def partner_add(*, access: PlanAccess, organisation: Organisation, role: str) -> PlanPartner:
    plan_require_lead(access)
    if role == PartnerRole.LEAD:
        raise DomainError("A plan has one lead organisation; add this one as a partner.")
    if role not in PartnerRole.values:
        raise DomainError("Choose a role for the organisation.", field="role")
    try:
        with transaction.atomic():
            return PlanPartner.objects.create(
                plan=access.plan, organisation=organisation, role=role
            )
    except IntegrityError:
        # The form offers only organisations not on the plan: another request added it since.
        raise Stale(
            f"{organisation.name} is already a partner on this plan.", field="organisation"
        ) from None


def _reason_or_raise(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter the reason for this change.", field="reason")
    return reason


def partner_remove(*, access: PlanAccess, partner_id: int, reason: str) -> PartnerRemoval:
    """Take an organisation off the plan, with everything it held there, all or nothing.

    Steps:
    1. Withdraw its pending invitations, so their links stop working and cannot hand anyone
       a role if the organisation is added back later.
    2. End its people's roles on the plan.
    3. Remove the partnership, so no gate counts the organisation any more, and record the
       removal (PartnerRemoval): its s.2 record and sign-offs are kept, and the plan shows
       them as removed on this date. Write the decision-log row with the reason, in the same
       transaction.
    """
    plan_require_lead(access)
    reason = _reason_or_raise(reason)
    partner = (
        PlanPartner.objects.select_related("organisation")
        .filter(plan=access.plan, pk=partner_id)
        .first()
    )
    if partner is None:
        # The page listed it, so someone removed it since (another tab, another lead).
        raise Stale("That organisation is no longer a partner on this plan.")
    if partner.role == PartnerRole.LEAD:
        raise DomainError("The lead organisation cannot be removed from its own plan.")
    if access.plan.stage != Stage.SCOPING:
        raise DomainError("Partners can only be removed during scoping.")
    organisation = partner.organisation
    with transaction.atomic():
        # Locked first: an accept of one of these links waits, then finds it withdrawn.
        invitations = list(
            Invitation.objects.select_for_update()
            .filter(
                plan=access.plan, organisation=organisation, accepted_at=None, withdrawn_at=None
            )
            .order_by("pk")
        )
        now = timezone.now()
        Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(withdrawn_at=now)
        members = list(
            PlanMember.objects.filter(plan=access.plan, organisation=organisation)
            .select_related("user")
            .order_by("pk")
        )
        PlanMember.objects.filter(pk__in=[m.pk for m in members]).delete()
        if not PlanPartner.objects.filter(pk=partner.pk).delete()[0]:
            raise Stale("That organisation is no longer a partner on this plan.")
        removal = PartnerRemoval.objects.create(
            plan=access.plan,
            organisation=organisation,
            removed_at=now,
            removed_by=access.user,
            reason=reason,
        )
        decision_log_write(
            plan=access.plan,
            actor=access.user,
            summary=f"Removed {organisation.name} from the plan",
            rationale=_removal_rationale(organisation, members, invitations, reason),
            topic=f"partner-removed:{organisation.pk}",
        )
    return removal


def _removal_rationale(organisation, members, invitations, reason) -> str:
    ended = [f"{m.user.full_name} ({m.get_role_display().lower()})" for m in members]
    withdrawn = [f"{i.email} ({i.get_role_display().lower()})" for i in invitations]
    lines = [f"The project lead removed {organisation.name} during scoping."]
    lines.append(f"Reason: {reason}")
    lines.append("Roles ended: " + ("; ".join(ended) if ended else "none") + ".")
    lines.append("Invitations withdrawn: " + ("; ".join(withdrawn) if withdrawn else "none") + ".")
    lines.append(
        "Its s.2 record and governing-body decisions stay in the plan's history and no longer "
        "count for gates."
    )
    return "\n".join(lines)


def member_add(*, access: PlanAccess, user: User, role: str) -> PlanMember:
    plan_require_lead(access)
    if role not in MemberRole.values:
        raise DomainError("Choose the person's role.", field="role")
    if not PlanPartner.objects.filter(
        plan=access.plan, organisation_id=user.organisation_id
    ).exists():
        raise DomainError(f"{user} does not belong to a partner organisation on this plan.")
    member, created = PlanMember.objects.get_or_create(
        plan=access.plan,
        user=user,
        defaults={"organisation_id": user.organisation_id, "role": role},
    )
    if not created:
        raise DomainError(f"{user} already has a role on this plan.")
    return member


def _member_locked(access: PlanAccess, member_id: int) -> tuple[PlanMember, int]:
    """The member's row and the number of project leads, both locked for the transaction.

    The plan's project-lead rows are locked together, so two leads demoting each other at the
    same moment queue, and the second finds the first has left only one.
    """
    leads = list(
        PlanMember.objects.select_for_update()
        .filter(plan=access.plan, role=MemberRole.PROJECT_LEAD)
        .order_by("pk")
        .values_list("user_id", flat=True)
    )
    if access.user.pk not in leads:
        # The access was read before the lock: another lead changed this person's role since.
        raise NotAllowed("You are no longer a project lead on this plan.")
    member = (
        PlanMember.objects.select_for_update(of=("self",))
        .select_related("user", "organisation")
        .filter(plan=access.plan, pk=member_id)
        .first()
    )
    if member is None:
        raise Stale("That person no longer has a role on this plan.")
    return member, len(leads)


def _refuse_last_lead(member: PlanMember, lead_count: int, what: str) -> None:
    # A plan with no project lead could never be managed again: nobody could add partners,
    # give roles or move it on. So the last one stays until someone else is made lead.
    if member.role == MemberRole.PROJECT_LEAD and lead_count <= 1:
        raise DomainError(
            f"{member.user.full_name} is the plan's only project lead, so their role cannot "
            f"be {what}. Give someone else the project lead role first."
        )


def member_role_change(*, access: PlanAccess, member_id: int, role: str, reason: str) -> PlanMember:
    """Change a person's role on the plan, with a decision-log row giving the reason.

    The lead may change their own role (to hand the plan over, say) as long as another
    project lead remains; the last project lead cannot be changed away.
    """
    plan_require_lead(access)
    reason = _reason_or_raise(reason)
    if role not in MemberRole.values:
        raise DomainError("Choose the person's new role.", field="role")
    with transaction.atomic():
        member, lead_count = _member_locked(access, member_id)
        if member.role == role:
            raise DomainError(
                f"{member.user.full_name} is already {MemberRole(role).label.lower()}; choose "
                "a different role.",
                field="role",
            )
        _refuse_last_lead(member, lead_count, "changed")
        before = member.get_role_display()
        member.role = role
        member.save(update_fields=["role"])
        decision_log_write(
            plan=access.plan,
            actor=access.user,
            summary=(
                f"Changed {member.user.full_name}'s role from {before.lower()} to "
                f"{member.get_role_display().lower()}"
            ),
            rationale=f"{member.user.full_name} ({member.organisation.name}).\nReason: {reason}",
            topic=f"member-role:{member.user_id}",
        )
    return member


def member_remove(*, access: PlanAccess, member_id: int, reason: str) -> PlanMember:
    """End a person's role on the plan, with a decision-log row giving the reason.

    Their organisation stays a partner, so they can still see the plan, read-only, as anyone
    in a partner organisation can. The lead may remove their own role while another project
    lead remains; the last project lead cannot be removed.
    """
    plan_require_lead(access)
    reason = _reason_or_raise(reason)
    with transaction.atomic():
        member, lead_count = _member_locked(access, member_id)
        _refuse_last_lead(member, lead_count, "removed")
        PlanMember.objects.filter(pk=member.pk).delete()
        decision_log_write(
            plan=access.plan,
            actor=access.user,
            summary=f"Removed {member.user.full_name}'s role ({member.get_role_display().lower()})",
            rationale=f"{member.user.full_name} ({member.organisation.name}).\nReason: {reason}",
            topic=f"member-removed:{member.user_id}",
        )
    return member


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_create(
    *, access: PlanAccess, email: str, full_name: str, organisation: Organisation, role: str
) -> tuple[Invitation, str]:
    """Invite someone by e-mail into a role for a partner organisation.

    Returns the invitation and the raw token (only its hash is stored).
    """
    plan_require_lead(access)
    email = email.strip().lower()
    if not PlanPartner.objects.filter(plan=access.plan, organisation=organisation).exists():
        raise DomainError(
            f"{organisation.name} is not a partner on this plan; add it first.",
            field="organisation",
        )
    existing = User.objects.filter(email=email).first()
    if existing and existing.organisation_id != organisation.pk:
        raise DomainError(
            f"{email} already has an account with another organisation.", field="email"
        )
    if existing and PlanMember.objects.filter(plan=access.plan, user=existing).exists():
        raise DomainError(f"{email} already has a role on this plan.", field="email")
    pending = Invitation.objects.filter(
        plan=access.plan,
        email=email,
        accepted_at=None,
        withdrawn_at=None,
        expires_at__gt=timezone.now(),
    )
    if pending.filter(email_failed_at=None).exists():
        raise DomainError(f"{email} already has a pending invitation.", field="email")
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        plan=access.plan,
        email=email,
        full_name=full_name.strip(),
        organisation=organisation,
        role=role,
        token_hash=_token_hash(token),
        expires_at=timezone.now() + INVITATION_LIFETIME,
        invited_by=access.user,
    )
    _clean_or_raise(invitation)
    with transaction.atomic():
        # An invitation whose e-mail never went is replaced: its link reached nobody.
        pending.exclude(email_failed_at=None).update(withdrawn_at=timezone.now())
        invitation.save()
    link = settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[token])
    # After commit, so the link in the e-mail always finds its invitation.
    transaction.on_commit(lambda: _invitation_email_send(invitation, link))
    return invitation, token


def _invitation_email_send(invitation: Invitation, link: str) -> None:
    """Send the invitation's e-mail; if it cannot go, record why on the invitation.

    The invitation is committed by now, so raising would show the lead an error page for an
    invitation that exists but was never received. Recording the failure tells the lead (the
    page shows it) and lets them invite the person again.
    """
    context = {"invitation": invitation, "link": link, "service_name": settings.SERVICE_NAME}
    try:
        email_send(
            to=invitation.email,
            subject=f"You are invited to the plan {invitation.plan.reference}",
            body=render_to_string("planner/email/invitation.txt", context),
        )
    except Exception as exc:
        logger.exception("Invitation %s could not be e-mailed", invitation.pk)
        invitation.email_failed_at = timezone.now()
        invitation.email_failure = f"{type(exc).__name__}: {exc}"[:2000]
        Invitation.objects.filter(pk=invitation.pk).update(
            email_failed_at=invitation.email_failed_at, email_failure=invitation.email_failure
        )


def invitation_withdraw(*, access: PlanAccess, invitation_id: int, reason: str) -> Invitation:
    """Withdraw a pending invitation, so its link stops working, with a decision-log row."""
    plan_require_lead(access)
    reason = _reason_or_raise(reason)
    with transaction.atomic():
        # Locked: an accept of this link at the same moment waits, then finds it withdrawn.
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .filter(plan=access.plan, pk=invitation_id, accepted_at=None, withdrawn_at=None)
            .first()
        )
        if invitation is None:
            # Accepted or withdrawn since the page listed it (another tab, or the invitee).
            raise Stale("That invitation is no longer pending.")
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
        decision_log_write(
            plan=access.plan,
            actor=access.user,
            summary=f"Withdrew the invitation to {invitation.email}",
            rationale=(
                f"{invitation.full_name} ({invitation.email}) was invited as "
                f"{invitation.get_role_display().lower()} for {invitation.organisation.name}."
                f"\nReason: {reason}"
            ),
            topic=f"invitation-withdrawn:{invitation.pk}",
        )
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("plan", "organisation")
        .filter(token_hash=_token_hash(token))
        .first()
    )


def invitation_refusal(invitation: Invitation | None) -> DomainError | None:
    """Why this invitation cannot be used now, or None if it can.

    Withdrawn and used links say which they are: a person whose organisation was taken off
    the plan should not be told they have already joined.
    """
    if invitation is None:
        return DomainError("This invitation link is not valid.")
    if invitation.withdrawn_at is not None:
        withdrawn_on = timezone.localtime(invitation.withdrawn_at)
        return Stale(
            f"This invitation was withdrawn on {withdrawn_on:%-d %B %Y}. Ask the "
            "project lead to invite you again if you still need to join."
        )
    if invitation.accepted_at is not None:
        return Stale("This invitation has already been used. Sign in if you have joined.")
    if invitation.expires_at <= timezone.now():
        return DomainError("This invitation has expired. Ask the project lead for a new one.")
    return None


def invitation_accept(*, token: str, user: User | None, password: str = "") -> User:
    """Use an invitation: join the plan, creating the account if there is none.

    Steps:
    1. Lock the invitation's row. Simultaneous accepts of one link (two tabs, a double
       click, a replay) queue behind the first and read the row again once it commits.
    2. Refuse it if it was used, withdrawn or has expired (the late accepts of step 1 are
       told it was used), or if its organisation is no longer a partner on the plan.
    3. Create the account if needed, mark the invitation used and give the role, in the
       same transaction.
    """
    with transaction.atomic():
        # `of=("self",)`: lock the invitation only, not the plan and organisation it joins.
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("plan", "organisation")
            .filter(token_hash=_token_hash(token))
            .first()
        )
        refusal = invitation_refusal(invitation)
        if refusal is not None:
            raise refusal
        if not PlanPartner.objects.filter(
            plan_id=invitation.plan_id, organisation_id=invitation.organisation_id
        ).exists():
            raise Stale(f"{invitation.organisation.name} is no longer a partner on this plan.")
        if user is None:
            if User.objects.filter(email=invitation.email).exists():
                raise DomainError("You already have an account: sign in first, then open the link.")
            user = User(
                email=invitation.email,
                full_name=invitation.full_name,
                organisation=invitation.organisation,
            )
            user.set_password(password)
            user.save()
        elif user.email.lower() != invitation.email:
            raise NotAllowed(f"This invitation is for {invitation.email}; sign in as that person.")
        elif user.organisation_id != invitation.organisation_id:
            raise NotAllowed("This invitation is for a different organisation from yours.")
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        PlanMember.objects.get_or_create(
            plan=invitation.plan,
            user=user,
            defaults={"organisation": invitation.organisation, "role": invitation.role},
        )
    return user


def s2_notice_record(*, access: PlanAccess, organisation: Organisation, data: dict) -> S2Notice:
    """Record or update the s.2 notification of one service and its response."""
    if not access.can_change:
        raise NotAllowed("Your role on this plan is read-only.")
    if not access.is_lead and organisation.pk != access.organisation.pk:
        raise NotAllowed("You can record the response of your own organisation only.")
    if not PlanPartner.objects.filter(plan=access.plan, organisation=organisation).exists():
        raise DomainError(f"{organisation.name} is not a partner on this plan.")
    notice = S2Notice.objects.filter(plan=access.plan, organisation=organisation).first()
    if notice is None:
        notice = S2Notice(plan=access.plan, organisation=organisation, recorded_by=access.user)
    for key in ("notified_on", "response", "responded_on", "reason"):
        if key in data:
            setattr(notice, key, data[key] if data[key] is not None or key != "reason" else "")
    notice.recorded_by = access.user
    _clean_or_raise(notice, exclude=["plan", "organisation"])
    try:
        with transaction.atomic():
            notice.save()
    except IntegrityError:
        raise Stale("The s.2 record changed while you were editing; try again.") from None
    return notice


def governing_body_for_organisation(*, organisation: Organisation) -> GoverningBody:
    """The body that governs the organisation on its own, made from its `governing_body` text
    if it has none yet (as migration 0007 did for the organisations of its time).

    A text another body already uses ("Trust board") is qualified with the organisation's
    name, so unrelated organisations never share a body by accident; a joint board of several
    partners is made on purpose, in the admin.
    """
    own = (
        GoverningBody.objects.filter(organisations=organisation)
        .exclude(kind=GoverningBodyKind.JOINT_BOARD)
        .first()
    )
    if own is not None:
        return own
    text = organisation.governing_body.strip() or f"{organisation.name} governing body"
    name = text
    if GoverningBody.objects.filter(name=name).exists():
        name = f"{text} ({organisation.name})"[:200]
    with transaction.atomic():
        body, _ = GoverningBody.objects.get_or_create(
            name=name,
            defaults={
                "kind": BODY_KIND_FOR_ORGANISATION.get(
                    organisation.kind, GoverningBodyKind.JOINT_BOARD
                )
            },
        )
        body.organisations.add(organisation)
    return body
