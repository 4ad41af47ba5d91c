from django import forms

from planner.govuk_forms import GovukDateField, GovukForm
from planner.models import Organisation
from workflows.delivery.models import MilestoneStatus, Rating


def _date(label: str, *, required: bool = False, help_text: str = "") -> GovukDateField:
    return GovukDateField(
        label=label,
        error_name=f"the {label.lower()}",
        required=required,
        help_text=help_text,
    )


class MilestoneForm(GovukForm):
    """A milestone's fields; `baseline_on` only while its baseline is not yet fixed."""

    title = forms.CharField(
        label="Milestone",
        max_length=200,
        help_text="For example: shared control room goes live.",
        error_messages={"required": "Enter the milestone"},
    )
    owner = forms.ModelChoiceField(
        label="Owner organisation",
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={"required": "Choose the owner organisation"},
    )
    baseline_on = _date(
        "Baseline date",
        help_text="The date the partners commit to. It is fixed when the plan enters delivery; "
        "after that only the project lead moves it, with a reason.",
    )
    forecast_on = _date("Forecast date", help_text="Today's best estimate. Blank: the baseline.")
    status = forms.ChoiceField(
        label="Status",
        choices=MilestoneStatus.choices,
        widget=forms.RadioSelect,
        initial=MilestoneStatus.NOT_STARTED,
        error_messages={"required": "Choose the milestone's status"},
    )
    actual_on = _date("Actual date", help_text="When it was done: today or earlier.")

    def __init__(self, *args, owners, with_baseline: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        if not with_baseline:
            del self.fields["baseline_on"]


class RebaselineForm(GovukForm):
    baseline_on = _date("New baseline date", required=True)
    reason = forms.CharField(
        label="Why is the baseline moving?",
        help_text="The reason goes into the decision log, with the old and new dates.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the reason for the new baseline"},
    )


class ConfidenceForm(GovukForm):
    rating = forms.ChoiceField(
        label="Delivery confidence this month",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a rating: green, amber or red"},
    )
    rationale = forms.CharField(
        label="Why this rating?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Enter the rationale for the rating"},
    )
    top_issues = forms.CharField(
        label="Top issues",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="One issue a line, the most serious first.",
    )
