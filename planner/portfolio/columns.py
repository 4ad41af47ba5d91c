"""The portfolio's columns, defined once: the page's table and the CSV export both read them.

A column shows one key of a row. Planner fills the plan's own keys (reference, stage,
blockers...); the other apps fill theirs through `PlanPlugin.portfolio_facts`, as plain
numbers or display-ready text, so planner formats them without importing a higher layer:

- delivery (workflows.delivery): `confidence` ("Green", "Amber", "Red", the lead's latest
  monthly rating), `confidence_month` ("November 2026") and `milestones_overdue` (a count);
- finance (assessments.finance): `costs_pence`, the costs over the plan's financial period;
- the risk register (assessments.risks): `cashable_benefits_pence` (a year) and `benefits`
  ("3, 1 at risk").
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PortfolioColumn:
    key: str
    heading: str
    # How the value is shown: "text"; "plan" (the title, linked to the plan); "lines" (a list
    # of strings, one a line; joined with "; " in the CSV); "pence" (integer pence, shown as
    # £12,500 and exported as pounds, 12500, so a spreadsheet can add them up); "rating" (a
    # red, amber or green tag).
    kind: str = "text"
    # Shown, in small print, where the row has no value (exported as an empty cell).
    empty: str = ""
    # A second key shown beneath the value (and after it in brackets in the CSV).
    detail: str = ""
    numeric: bool = False
    # For "lines": how many the page shows before "and 4 more" (0: all of them). The CSV
    # has every line.
    lines_shown: int = 0


PORTFOLIO_COLUMNS: tuple[PortfolioColumn, ...] = (
    # The plan first: on a phone each row is a card headed by it.
    PortfolioColumn("title", "Plan", kind="plan"),
    PortfolioColumn("reference", "Reference"),
    PortfolioColumn("stage", "Stage"),
    PortfolioColumn("collaboration_type", "Type"),
    PortfolioColumn("partners", "Partners", kind="lines"),
    PortfolioColumn(
        "confidence",
        "Delivery confidence",
        kind="rating",
        empty="Not rated",
        detail="confidence_month",
    ),
    # A gate can have nine blockers, and a row nine lines tall hides the other plans; the
    # plan's page (and the CSV) has every one.
    PortfolioColumn(
        "blockers",
        "Next gate's blockers",
        kind="lines",
        # The stored summary is of another stage, or none is stored yet: not "none".
        empty="Not worked out yet",
        lines_shown=3,
    ),
    PortfolioColumn("overdue", "Overdue", kind="lines", empty="Nothing overdue"),
    PortfolioColumn(
        "costs_pence", "Costs over the period", kind="pence", empty="None", numeric=True
    ),
    PortfolioColumn(
        "cashable_benefits_pence",
        "Cashable benefits a year",
        kind="pence",
        empty="None",
        numeric=True,
    ),
    PortfolioColumn("benefits", "Benefits", empty="None recorded"),
)


def format_pounds(pence: int) -> str:
    """£12,500, or £12,500.50 when there are pence: the finance app's way of writing money."""
    pounds, rest = divmod(abs(int(pence)), 100)
    text = f"£{pounds:,}" if rest == 0 else f"£{pounds:,}.{rest:02d}"
    return ("-" if pence < 0 else "") + text


def csv_pounds(pence: int) -> str:
    """Pounds as a spreadsheet reads a number: 12500, or 12500.50."""
    pounds, rest = divmod(abs(int(pence)), 100)
    return ("-" if pence < 0 else "") + (f"{pounds}" if rest == 0 else f"{pounds}.{rest:02d}")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_value(column: PortfolioColumn, row: dict) -> str:
    """The cell the CSV export writes for this column of the row."""
    value = row.get(column.key)
    if value in (None, "", []):
        return ""
    if column.kind == "lines":
        text = "; ".join(value)
    elif column.kind == "pence":
        text = csv_pounds(value)
    else:
        text = str(value)
    if column.detail and row.get(column.detail):
        text += f" ({row[column.detail]})"
    # A cell a spreadsheet would read as a formula (a title starting "=", say) is written as
    # text, so opening the export never runs what someone typed into a plan.
    if column.kind != "pence" and text[0] in FORMULA_STARTS:
        text = "'" + text
    return text


@dataclass(frozen=True)
class Cell:
    """One cell of the page's table, as the template shows it."""

    column: PortfolioColumn
    value: object
    detail: str = ""

    @property
    def is_empty(self) -> bool:
        return self.value in (None, "", [])

    @property
    def text(self) -> str:
        if self.column.kind == "pence" and not self.is_empty:
            return format_pounds(self.value)
        return "" if self.is_empty else str(self.value)

    @property
    def lines_shown(self) -> list[str]:
        lines = list(self.value or [])
        return lines[: self.column.lines_shown] if self.column.lines_shown else lines

    @property
    def lines_more(self) -> int:
        return len(self.value or []) - len(self.lines_shown)

    @property
    def tag_colour(self) -> str:
        return {"Red": "red", "Amber": "yellow", "Green": "green"}.get(str(self.value), "grey")


def page_cells(row: dict) -> list[Cell]:
    return [
        Cell(
            column, row.get(column.key), str(row.get(column.detail) or "") if column.detail else ""
        )
        for column in PORTFOLIO_COLUMNS
    ]
