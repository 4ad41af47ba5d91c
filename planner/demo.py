"""Demo organisations, people and plans: a fictional county, Wealdshire, and its partners.

Fictional names so the demo never misrepresents a real force or trust. Idempotent: records are
found by their natural keys and left alone if they exist.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from planner.models import (
    GoverningBody,
    GoverningBodyKind,
    MemberRole,
    Nation,
    Organisation,
    OrganisationKind,
    PartnerRole,
    Plan,
    PlanMember,
    PlanPartner,
    S2Notice,
    S2Response,
    Stage,
    User,
)

DEMO_PASSWORD = "Wealdshire-demo-2026"  # noqa: S105 (published demo sign-in, listed in the README)

ORGANISATIONS = {
    "police": (
        "Wealdshire Police",
        OrganisationKind.POLICE,
        "Wealdshire",
        "Wealdshire Police and Crime Commissioner",
    ),
    "fire": (
        "Wealdshire Fire and Rescue Service",
        OrganisationKind.FIRE,
        "Wealdshire",
        "Wealdshire Fire and Rescue Authority",
    ),
    "ambulance": (
        "Weald and Downs Ambulance Service NHS Trust",
        OrganisationKind.AMBULANCE,
        "Wealdshire and the Downs",
        "Trust board",
    ),
    "council": (
        "Wealdshire County Council",
        OrganisationKind.LOCAL_AUTHORITY,
        "Wealdshire",
        "Council cabinet",
    ),
    "outsider": (
        "Fenmarsh Constabulary",
        OrganisationKind.POLICE,
        "Fenmarsh",
        "Fenmarsh Police and Crime Commissioner",
    ),
    # Across the border: observes the drone unit, whose searches reach its hills, so its
    # papers state the Welsh language implications.
    "welsh": (
        "Dyffryn Afon Fire and Rescue Service",
        OrganisationKind.FIRE,
        "Dyffryn Afon",
        "Dyffryn Afon Fire and Rescue Authority",
    ),
}
NATIONS = {"welsh": Nation.WALES}

# Each organisation's own governing body, by the organisation's key.
BODIES = {
    "police": ("Wealdshire Police and Crime Commissioner", GoverningBodyKind.PCC),
    "fire": ("Wealdshire Fire and Rescue Authority", GoverningBodyKind.FIRE_AUTHORITY),
    "ambulance": (
        "Weald and Downs Ambulance Service NHS Trust Board",
        GoverningBodyKind.TRUST_BOARD,
    ),
    "council": ("Wealdshire County Council Cabinet", GoverningBodyKind.COUNCIL_CABINET),
    "outsider": ("Fenmarsh Police and Crime Commissioner", GoverningBodyKind.PCC),
    "welsh": ("Dyffryn Afon Fire and Rescue Authority", GoverningBodyKind.FIRE_AUTHORITY),
}
# A joint board of two partners of the control-room plan: one body, so one paper.
JOINT_BOARD = ("Wealdshire Blue Light Collaboration Board", ("police", "fire"))
# The demo plan the Welsh organisation observes.
WELSH_OBSERVES = "delivery"

# email, full name, job title, organisation key, what they are in the demo
PEOPLE = [
    (
        "lead@police.example",
        "Priya Shah",
        "Chief Inspector, Collaboration",
        "police",
        "Police project lead",
    ),
    (
        "pcc@police.example",
        "Martin Hale",
        "Chief Executive, Office of the PCC",
        "police",
        "Police governance approver",
    ),
    (
        "fire@fire.example",
        "Tom Okafor",
        "Group Manager, Partnerships",
        "fire",
        "Fire partner representative",
    ),
    (
        "approver@fire.example",
        "Grace Whitlock",
        "Clerk to the Fire and Rescue Authority",
        "fire",
        "Fire governance approver",
    ),
    (
        "ambulance@ambulance.example",
        "Aisha Begum",
        "Head of Emergency Operations",
        "ambulance",
        "Ambulance partner representative",
    ),
    (
        "approver@ambulance.example",
        "Daniel Osei",
        "Trust Board Secretary",
        "ambulance",
        "Ambulance governance approver",
    ),
    (
        "approver@council.example",
        "Helen Marsh",
        "Director of Community Safety",
        "council",
        "Council governance approver",
    ),
    (
        "viewer@council.example",
        "Owen Price",
        "Scrutiny Officer",
        "council",
        "Council read-only member",
    ),
    (
        "outsider@fenmarsh.example",
        "Gary Cole",
        "Superintendent",
        "outsider",
        "Outsider from another force",
    ),
]
ADMIN = ("admin@planner.example", "Sam Administrator")


@dataclass
class DemoContext:
    """What later apps' demo builders get: the organisations, people and plans by key."""

    orgs: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, User] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    created_plans: set[str] = field(default_factory=set)


def _org(key) -> Organisation:
    name, kind, area, body = ORGANISATIONS[key]
    org, _ = Organisation.objects.get_or_create(
        name=name,
        defaults={
            "kind": kind,
            "area": area,
            "governing_body": body,
            "nation": NATIONS.get(key, Nation.ENGLAND),
        },
    )
    return org


def _bodies(ctx: DemoContext) -> None:
    """Each organisation's own body (unless it has one: the migration may have made it), and
    the joint board."""
    for key, (name, kind) in BODIES.items():
        org = ctx.orgs[key]
        if org.governing_bodies.exclude(kind=GoverningBodyKind.JOINT_BOARD).exists():
            continue
        body, _ = GoverningBody.objects.get_or_create(name=name, defaults={"kind": kind})
        body.organisations.add(org)
    name, keys = JOINT_BOARD
    board, _ = GoverningBody.objects.get_or_create(
        name=name, defaults={"kind": GoverningBodyKind.JOINT_BOARD}
    )
    board.organisations.add(*(ctx.orgs[key] for key in keys))


def _person(email, name, title, org) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name=name, job_title=title, organisation=org
        )
    return user


PLANS = [
    {
        "key": "scoping",
        "reference": "WLD-EST-01",
        "title": "Ashford Cross joint police and fire station",
        "collaboration_type": "sharing_premises",
        "stage": Stage.SCOPING,
        "partners": ["fire", "council"],
        "summary": "Move the Ashford Cross neighbourhood policing team into the fire station, "
        "sharing the building, meeting rooms and vehicle yard, and release the police office.",
        "objectives": "Release the police office at Ashford Cross by 2028.\n"
        "Share running costs of one building.\nKeep both services' response times.",
        "public_outcome": "Visible, accessible emergency services in the town centre at "
        "lower cost.",
        "expected_benefits": "Estate running-cost saving and a shared public front counter.",
    },
    {
        "key": "governance",
        "reference": "WLD-CTL-02",
        "title": "Joint police and fire control room",
        "collaboration_type": "common_contact_management",
        "stage": Stage.GOVERNANCE,
        "partners": ["fire", "ambulance", "council"],
        "summary": "Bring police and fire call handling and dispatch into one control room at "
        "police headquarters, with an ambulance liaison desk.",
        "objectives": "One control room for police and fire by 2028.\n"
        "Shared situational awareness for major incidents.",
        "public_outcome": "Faster, better co-ordinated response to incidents that need more "
        "than one service.",
        "expected_benefits": "Shared building and systems costs; fewer hand-offs between rooms.",
    },
    {
        "key": "risk",
        "reference": "WLD-ENT-03",
        "title": "Fire service forced entry for concern-for-welfare calls",
        "collaboration_type": "joint_operational_teams",
        "stage": Stage.RISK,
        "partners": ["fire", "ambulance"],
        "summary": "The fire and rescue service, not the police, gains entry to homes where the "
        "ambulance service is worried about a patient who cannot reach the door.",
        "objectives": "Free police time from forced entries.\nGet patients seen sooner.",
        "public_outcome": "People who have fallen or are ill at home are reached sooner.",
        "expected_benefits": "Police hours released; quicker access for ambulance crews.",
    },
    {
        "key": "delivery",
        "reference": "WLD-DRN-04",
        "title": "Shared drone unit for missing-person searches",
        "collaboration_type": "joint_operational_teams",
        "stage": Stage.DELIVERY,
        "partners": ["fire", "council"],
        "summary": "A joint police and fire drone unit supports searches for missing people and "
        "fire investigation, with shared pilots, training and kit.",
        "objectives": "One drone unit for both services.\nJoint pilot training.",
        "public_outcome": "Missing people found sooner, day and night.",
        "expected_benefits": "Shared equipment and training; fewer helicopter requests.",
    },
    {
        "key": "review",
        "reference": "WLD-TRN-05",
        "title": "Joint public-order and fire training ground",
        "collaboration_type": "training_together",
        "stage": Stage.REVIEW,
        "partners": ["fire"],
        "summary": "A shared training ground for police public-order training and fire "
        "service incident training.",
        "objectives": "One training site for both services.",
        "public_outcome": "Better-trained staff who have practised together.",
        "expected_benefits": "Avoided cost of a second site.",
    },
    {
        "key": "on_hold",
        "reference": "WLD-HQ-06",
        "title": "Shared headquarters for police and fire",
        "collaboration_type": "sharing_premises",
        "stage": Stage.ON_HOLD,
        "held_from": Stage.GOVERNANCE,
        "partners": ["fire"],
        "summary": "Move the fire service headquarters into police headquarters.",
        "objectives": "Release the fire headquarters site.",
        "public_outcome": "Money saved on buildings goes to frontline services.",
        "expected_benefits": "Capital receipt from the released site.",
    },
]


def _place_at_stage(plan, spec):
    """Put a demo plan at its stage directly, as if it had moved there.

    Its gates' evidence comes from several apps, so the demo does not walk it through them;
    the decision-log rows such a history would have written are workflows' part of the demo
    (workflows/demo.py), since planner does not import workflows.
    """
    Plan.objects.filter(pk=plan.pk).update(
        stage=spec["stage"], held_from_stage=spec.get("held_from", "")
    )
    plan.refresh_from_db()


def build(ctx: DemoContext) -> None:
    for key in ORGANISATIONS:
        ctx.orgs[key] = _org(key)
    _bodies(ctx)
    for email, name, title, org_key, _ in PEOPLE:
        ctx.people[email] = _person(email, name, title, ctx.orgs[org_key])
    if not User.objects.filter(email=ADMIN[0]).exists():
        User.objects.create_superuser(email=ADMIN[0], password=DEMO_PASSWORD, full_name=ADMIN[1])

    lead = ctx.people["lead@police.example"]
    today = date.today()
    for spec in PLANS:
        plan = Plan.objects.filter(reference=spec["reference"]).first()
        if plan is None:
            with transaction.atomic():
                plan = Plan.objects.create(
                    reference=spec["reference"],
                    title=spec["title"],
                    summary=spec["summary"],
                    collaboration_type=spec["collaboration_type"],
                    area="Wealdshire",
                    objectives=spec["objectives"],
                    public_outcome=spec["public_outcome"],
                    expected_benefits=spec["expected_benefits"],
                    scoping_target=today + timedelta(days=14),
                    governance_alignment_target=today + timedelta(days=60),
                    joint_risk_assessment_target=today + timedelta(days=120),
                    delivery_target=today + timedelta(days=365),
                    agreement_form="" if spec["stage"] == Stage.SCOPING else "s1_agreement",
                    created_by=lead,
                )
                # Started a year ago, so the evidence the demo dates in the past (s.2 answers,
                # decisions, measured benefits) falls in the plan's life, as planner.dates
                # requires of anything entered.
                Plan.objects.filter(pk=plan.pk).update(
                    created_at=plan.created_at - timedelta(days=365)
                )
                PlanPartner.objects.create(
                    plan=plan, organisation=ctx.orgs["police"], role=PartnerRole.LEAD
                )
                for org_key in spec["partners"]:
                    PlanPartner.objects.create(
                        plan=plan, organisation=ctx.orgs[org_key], role=PartnerRole.PARTNER
                    )
                members = [
                    (lead, MemberRole.PROJECT_LEAD),
                    (ctx.people["pcc@police.example"], MemberRole.APPROVER),
                    (ctx.people["fire@fire.example"], MemberRole.PARTNER_REP),
                    (ctx.people["approver@fire.example"], MemberRole.APPROVER),
                ]
                if "ambulance" in spec["partners"]:
                    members.append(
                        (ctx.people["ambulance@ambulance.example"], MemberRole.PARTNER_REP)
                    )
                    members.append((ctx.people["approver@ambulance.example"], MemberRole.APPROVER))
                if "council" in spec["partners"]:
                    members.append((ctx.people["approver@council.example"], MemberRole.APPROVER))
                    members.append((ctx.people["viewer@council.example"], MemberRole.READ_ONLY))
                for user, role in members:
                    PlanMember.objects.create(
                        plan=plan, user=user, organisation=user.organisation, role=role
                    )
                for i, org_key in enumerate(spec["partners"]):
                    # The scoping demo still waits for its last s.2 response.
                    waiting = spec["stage"] == Stage.SCOPING and i == len(spec["partners"]) - 1
                    S2Notice.objects.create(
                        plan=plan,
                        organisation=ctx.orgs[org_key],
                        notified_on=today - timedelta(days=40),
                        response=S2Response.AWAITING if waiting else S2Response.AGREED,
                        responded_on=None if waiting else today - timedelta(days=30),
                        recorded_by=lead,
                    )
                if spec["key"] == WELSH_OBSERVES:
                    # An observer: it neither assesses nor signs off, so no other app's
                    # demo needs anything from it.
                    PlanPartner.objects.create(
                        plan=plan, organisation=ctx.orgs["welsh"], role=PartnerRole.OBSERVER
                    )
                _place_at_stage(plan, spec)
                ctx.created_plans.add(spec["key"])
        ctx.plans[spec["key"]] = plan
