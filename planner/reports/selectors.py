"""Reads for board papers and report versions, shaped for the pages and the paper itself."""

from django.db.models import BooleanField, ExpressionWrapper, Q

from planner.models import GoverningBody, GoverningBodyKind, Nation, Organisation, Plan
from planner.reports.models import (
    IMPLICATION_HEADINGS,
    BoardPaper,
    ReportVersion,
    implication_keys,
)
from planner.reports.rendering import PaperDetails, PaperImplication


def report_versions_for_plan(plan: Plan):
    """The plan's versions, newest first, without their (large) HTML snapshots: one query."""
    return (
        ReportVersion.objects.filter(plan=plan)
        .select_related("requested_by", "requested_by__organisation", "governing_body")
        .defer("html")
        # Whether there is a snapshot to preview, without loading it.
        .annotate(has_html=ExpressionWrapper(~Q(html=""), output_field=BooleanField()))
        .order_by("-number")
    )


def report_version_for_plan(plan: Plan, version_id, *, with_html: bool = False) -> ReportVersion:
    """One version of this plan's report, or None; ids from another plan find nothing."""
    try:
        version_id = int(version_id)
    except (TypeError, ValueError):
        return None
    versions = ReportVersion.objects.filter(plan=plan, pk=version_id).select_related(
        "plan", "requested_by"
    )
    if not with_html:
        versions = versions.defer("html")
    return versions.first()


def plan_has_welsh_partner(plan: Plan) -> bool:
    """Whether a current partner is a Welsh organisation: its paper then states the Welsh
    language implications."""
    return plan.partners.filter(organisation__nation=Nation.WALES).exists()


def body_organisations_on_plan(body: GoverningBody, plan: Plan) -> list[Organisation]:
    """The body's organisations that are partners on the plan, by name: one query."""
    return list(body.organisations.filter(partnerships__plan=plan).order_by("name"))


def board_papers_for_plan(plan: Plan) -> list[BoardPaper]:
    """The plan's draft papers with their bodies, by body: one query."""
    return list(
        BoardPaper.objects.filter(plan=plan)
        .select_related("governing_body")
        .order_by("governing_body__name")
    )


def board_paper_for_plan(plan: Plan, paper_id) -> BoardPaper | None:
    """One of this plan's draft papers, or None; ids from another plan find nothing."""
    try:
        paper_id = int(paper_id)
    except (TypeError, ValueError):
        return None
    return (
        BoardPaper.objects.filter(plan=plan, pk=paper_id)
        .select_related("plan", "governing_body")
        .first()
    )


def paper_implications(stored: dict, *, welsh_partner: bool) -> tuple[PaperImplication, ...]:
    """The implications the paper states, in order, from the stored {key: {text, none}}."""
    rows = []
    for key in implication_keys(welsh_partner=welsh_partner):
        entry = stored.get(key) or {}
        rows.append(
            PaperImplication(
                key=key,
                heading=IMPLICATION_HEADINGS[key],
                text=(entry.get("text") or "").strip(),
                none_identified=bool(entry.get("none")),
            )
        )
    return tuple(rows)


def paper_details(source: BoardPaper | ReportVersion) -> PaperDetails:
    """The paper's details for the document, from a draft or a frozen version: two queries
    (the body's organisations on the plan, and whether a partner is Welsh)."""
    body = source.governing_body
    organisations = body_organisations_on_plan(body, source.plan)
    return PaperDetails(
        body_name=body.name,
        body_kind=body.kind,
        body_kind_label=GoverningBodyKind(body.kind).label,
        organisations=tuple(o.name for o in organisations),
        organisation_ids=tuple(o.pk for o in organisations),
        meeting_date=source.meeting_date,
        agenda_item=source.agenda_item,
        title=source.title or source.plan.title,
        author=source.author,
        contact=source.contact,
        recommendations=tuple(source.recommendations or ()),
        implications=paper_implications(
            source.implications or {}, welsh_partner=plan_has_welsh_partner(source.plan)
        ),
    )
