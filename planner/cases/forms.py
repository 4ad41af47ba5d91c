from django import forms

from planner.cases.models import SERVICES, CaseOutcome, CaseStatus
from planner.govuk_forms import GovukForm
from planner.models import SERVICE_WORDS, CollaborationType

SERVICE_CHOICES = [(s, SERVICE_WORDS[s].capitalize()) for s in SERVICES]


class CaseSearchForm(GovukForm):
    q = forms.CharField(label="Search the library", required=False, max_length=200)
    collaboration_type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type"), *CollaborationType.choices]
    )
    service = forms.ChoiceField(
        label="Service involved", required=False, choices=[("", "Any service"), *SERVICE_CHOICES]
    )
    region = forms.ChoiceField(label="Region", required=False)
    year = forms.IntegerField(label="Start year", required=False, min_value=1950, max_value=2100)
    # Stopped schemes teach the most, so a reader can ask for them alone.
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=[("", "Any outcome"), *((v, label) for v, label in CaseOutcome.choices if v)],
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *CaseStatus.choices]
    )

    def __init__(self, *args, regions: list[str], show_status: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "Any region")] + [(r, r) for r in regions]
        if not show_status:
            del self.fields["status"]


class PinForm(GovukForm):
    case_id = forms.IntegerField(widget=forms.HiddenInput)
    lessons_note = forms.CharField(
        label="Lessons to apply",
        max_length=4000,
        error_messages={"required": "Write the lessons to apply from this case before pinning it."},
    )


class CaseChoiceForm(GovukForm):
    case_id = forms.IntegerField(widget=forms.HiddenInput)


class CaseProposalForm(GovukForm):
    title = forms.CharField(
        max_length=250, error_messages={"required": "Enter the title of the case"}
    )
    area = forms.CharField(
        max_length=200,
        help_text="The place the scheme serves.",
        error_messages={"required": "Enter the area the scheme serves"},
    )
    region = forms.CharField(max_length=100, required=False, help_text="For example, North West.")
    collaboration_type = forms.ChoiceField(
        choices=[("", "Select the type of collaboration"), *CollaborationType.choices],
        error_messages={"required": "Select the type of collaboration"},
    )
    organisations = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One organisation a line.",
        error_messages={"required": "Enter the organisations, one a line"},
    )
    services = forms.MultipleChoiceField(
        label="Services involved",
        choices=SERVICE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one service involved"},
    )
    start_year = forms.IntegerField(required=False, min_value=1950, max_value=2100)
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a summary of the scheme"},
    )
    benefits = forms.CharField(
        label="Benefits achieved", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    cashable_savings = forms.IntegerField(
        label="Cashable savings (£ a year)", required=False, min_value=0
    )
    lessons = forms.CharField(
        label="Lessons for others",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What worked and what did not, for a team planning the same.",
    )
    why_stopped = forms.CharField(
        label="Why the scheme stopped",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Other teams see this beside the scheme when their plan is like it.",
        error_messages={"required": "Say why the scheme stopped, so others can learn from it."},
    )
    contact_role = forms.CharField(
        label="Contact role",
        max_length=200,
        help_text="Who other teams should ask for.",
        error_messages={"required": "Enter the role other teams should ask for"},
    )
    contact_organisation = forms.CharField(
        label="Contact organisation",
        max_length=200,
        error_messages={"required": "Enter the contact's organisation"},
    )
    contact_email = forms.EmailField(
        label="Contact e-mail address",
        required=False,
        help_text="Only a shared or published address that may appear in the library.",
    )

    def __init__(self, *args, stopped: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a withdrawn plan's case stopped; a closed plan's has no reason to give.
        if not stopped:
            del self.fields["why_stopped"]
