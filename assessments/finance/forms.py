import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from assessments.finance.calculations import (
    MAX_PENCE,
    MAX_YEARS,
    financial_year_of,
    format_pounds,
    year_label,
)
from assessments.finance.models import CostKind, FundingSource, PlanFinance, Recurrence
from planner.dates import uk_today
from planner.govuk_forms import GovukForm

AMOUNT_KEY = re.compile(r"^amount_(\d{1,4})$")
POUNDS = re.compile(r"^\d+(\.\d{1,2})?$")


def pounds_text(pence: int | None) -> str:
    """An amount as the form shows it back: 12,500 or 12,500.50, without the £ sign."""
    return format_pounds(pence).lstrip("£") if pence else ""


class PoundsField(forms.CharField):
    """An amount in pounds as people type it ("12,500", "12500.50", "£12,500"), cleaned to
    integer pence; blank is no amount."""

    def __init__(self, *, year: int, **kwargs):
        self.year_text = year_label(year)
        # No max_length: its validator would measure the cleaned pence; to_python bounds it.
        super().__init__(label=self.year_text, required=False, **kwargs)
        self.widget.attrs["maxlength"] = "30"

    def to_python(self, value):
        text = re.sub(r"\s", "", super().to_python(value) or "")
        if not text:
            return None
        if len(text) > 30:
            raise ValidationError(
                f"Enter the amount for {self.year_text} in pounds, like 12,500 or 12500.50",
                code="invalid",
            )
        text = re.sub(r"^([-−–]?)£", r"\1", text).replace(",", "")
        if text[:1] in "-−–":
            raise ValidationError(
                f"The amount for {self.year_text} must be £0 or more", code="negative"
            )
        if not POUNDS.match(text):
            raise ValidationError(
                f"Enter the amount for {self.year_text} in pounds, like 12,500 or 12500.50",
                code="invalid",
            )
        pence = int(Decimal(text) * 100)
        if pence > MAX_PENCE:
            raise ValidationError(
                f"The amount for {self.year_text} must be {format_pounds(MAX_PENCE)} or less",
                code="too_large",
            )
        return pence


class AmountsForm(GovukForm):
    """A line's amounts, one field a financial year of the plan's period (`amount_<year>`).

    A posted year outside the period (a form opened before the lead changed the period) is
    refused with the period named, never silently dropped.
    """

    def __init__(self, *args, period: PlanFinance, by_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        for year in period.year_list:
            name = f"amount_{year}"
            self.fields[name] = PoundsField(year=year)
            self.fields[name].widget.attrs.update(
                {"inputmode": "decimal", "spellcheck": "false", "autocomplete": "off"}
            )
            if by_year:
                self.initial.setdefault(name, pounds_text(by_year.get(year)))

    def amount_fields(self):
        return [self[f"amount_{year}"] for year in self.period.year_list]

    def clean(self):
        cleaned = super().clean()
        for key in self.data if self.is_bound else ():
            match = AMOUNT_KEY.match(key)
            if match and int(match[1]) not in self.period.year_list and self.data.get(key):
                raise ValidationError(
                    f"{year_label(int(match[1]))} is outside the plan's financial period "
                    f"({self.period.label}): reload the page and enter the amounts again"
                )
        amount_errors = any(f.startswith("amount_") for f in self.errors)
        if not amount_errors and not any(self.amounts().values()):
            self.add_error(
                f"amount_{self.period.first_year}",
                "Enter an amount for at least one financial year",
            )
        return cleaned

    def amounts(self) -> dict[int, int]:
        return {
            year: self.cleaned_data.get(f"amount_{year}") or 0 for year in self.period.year_list
        }

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("amount_")}
        return {**data, "amounts": self.amounts()}


class CostLineForm(AmountsForm):
    description = forms.CharField(
        label="What the cost is",
        max_length=300,
        help_text="For example: fit-out of the shared control room, or two posts in a joint team.",
        error_messages={"required": "Enter what the cost is"},
    )
    kind = forms.ChoiceField(
        label="Capital or revenue",
        choices=CostKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the cost is capital or revenue"},
    )
    recurrence = forms.ChoiceField(
        label="One-off or recurring",
        choices=Recurrence.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the cost is one-off or recurring"},
    )

    field_order = ["description", "kind", "recurrence"]


class FundingLineForm(AmountsForm):
    source = forms.ChoiceField(
        label="Source of the funding",
        choices=FundingSource.choices,
        help_text="A grant is, for example, an award from a transformation fund.",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the source of the funding"},
    )
    grant_body = forms.CharField(
        label="Who awards the grant",
        max_length=200,
        required=False,
        help_text="For a grant only, for example the Home Office's police transformation fund.",
    )
    description = forms.CharField(
        label="What the funding is",
        max_length=300,
        error_messages={"required": "Enter what the funding is"},
    )

    field_order = ["source", "grant_body", "description"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") != FundingSource.GRANT:
            cleaned["grant_body"] = ""
        return cleaned


def _first_year_choices(current: int | None):
    this_year = financial_year_of(uk_today())
    years = set(range(this_year - 3, this_year + 6))
    if current:
        years.add(current)
    return [(y, year_label(y)) for y in sorted(years)]


class PeriodForm(GovukForm):
    first_year = forms.TypedChoiceField(
        label="First financial year",
        coerce=int,
        help_text="Financial years run from 1 April to 31 March.",
        error_messages={"required": "Choose the first financial year"},
    )
    years = forms.TypedChoiceField(
        label="Number of years",
        coerce=int,
        choices=[(n, str(n)) for n in range(1, MAX_YEARS + 1)],
        error_messages={
            "required": "Choose the number of years",
            "invalid_choice": f"Choose from 1 to {MAX_YEARS} years",
        },
    )

    def __init__(self, *args, period: PlanFinance, **kwargs):
        kwargs.setdefault("initial", {"first_year": period.first_year, "years": period.years})
        super().__init__(*args, **kwargs)
        choices = _first_year_choices(period.first_year)
        self.fields["first_year"].choices = choices
        self.fields["first_year"].error_messages["invalid_choice"] = (
            f"Choose a first financial year from {choices[0][1]} to {choices[-1][1]}"
        )


class CostStatementForm(GovukForm):
    reason = forms.CharField(
        label="Why does your organisation bear no costs?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="For example: the scheme uses only our existing staff time, which we absorb.",
        error_messages={"required": "Enter why the organisation bears no costs"},
    )


class ConfirmForm(GovukForm):
    """An "Are you sure" page's POST: nothing to fill in, the button is the answer."""
