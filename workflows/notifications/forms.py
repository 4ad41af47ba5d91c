from django import forms

from planner.govuk_forms import GovukForm
from workflows.notifications.models import MANDATORY_KINDS, Frequency, Kind

OPTIONAL_KINDS = [(k.value, k.label) for k in Kind if k not in MANDATORY_KINDS]


class PreferenceForm(GovukForm):
    frequency = forms.ChoiceField(
        label="How often do you want e-mails?",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often to get e-mails."},
    )
    quiet_hours = forms.BooleanField(
        label="Hold e-mails outside working hours",
        required=False,
        help_text="Working hours are 08:00 to 18:00 UK time, Monday to Friday. E-mails due at "
        "night, at weekends or on a bank holiday in England and Wales wait for the next "
        "working morning.",
    )
    email_kinds = forms.MultipleChoiceField(
        label="Which updates do you want by e-mail?",
        choices=OPTIONAL_KINDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Everything still appears in your inbox in the service.",
    )
