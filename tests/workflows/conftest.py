from datetime import date

from planner.models import PartnerRole, S2Notice, S2Response
from workflows.models import SignOff, SignOffDecision


def record_s2(plan, lead, response=S2Response.AGREED, *, skip=()):
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
