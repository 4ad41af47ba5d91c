"""Filters for the board paper's sections, which are rendered for the plan but addressed to
one governing body (the paper's details are on `report.paper`)."""

from django import template

register = template.Library()


@register.filter
def for_body(rows, paper) -> dict:
    """The rows (each with "organisation" and "sign_off") of the paper's body's
    organisations, and whether every one of them has its decision recorded."""
    ids = set(paper.organisation_ids) if paper else set()
    mine = [r for r in rows if r["organisation"].pk in ids]
    return {"rows": mine, "decided": bool(mine) and all(r["sign_off"] for r in mine)}
