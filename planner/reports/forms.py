from django import forms

from planner.reports.models import Marking, ReportPurpose


class ReportRequestForm(forms.Form):
    marking = forms.ChoiceField(
        label="Protective marking",
        choices=Marking.choices,
        initial=Marking.OFFICIAL,
        widget=forms.RadioSelect,
        help_text="OFFICIAL-SENSITIVE if the paper holds commercial, personal or security "
        "detail whose loss would cause harm.",
        error_messages={"required": "Choose the protective marking."},
    )
    purpose = forms.ChoiceField(
        label="Status of the paper",
        choices=ReportPurpose.choices,
        initial=ReportPurpose.DISCUSSION,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the paper is for discussion or decision."},
    )
