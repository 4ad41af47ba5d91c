from django import forms

from planner.forms import DateInput
from workflows.models import SignOffDecision


class TransitionForm(forms.Form):
    expected_stage = forms.CharField(widget=forms.HiddenInput)
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why this decision is being taken now. It is kept in the decision log.",
        error_messages={"required": "Enter the rationale for this decision."},
        max_length=5000,
    )
    options_considered = forms.CharField(
        label="Options considered",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class DecisionForm(forms.Form):
    summary = forms.CharField(
        label="Decision",
        max_length=300,
        error_messages={"required": "Enter the decision in one line."},
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Enter the rationale for the decision."},
    )
    options_considered = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class SignOffForm(forms.Form):
    """A governing body's decision. Given `organisations` (for the project lead, who records
    on an organisation's behalf), it asks whose decision it is; an approver records their
    own organisation's."""

    organisation = forms.ModelChoiceField(
        queryset=None,
        label="Organisation",
        empty_label="Choose an organisation",
        help_text="You are recording this on the organisation's behalf: copy the reference "
        "from its body's minute or decision notice.",
        error_messages={"required": "Choose the organisation whose governing body decided."},
    )
    body = forms.CharField(
        label="Governing body",
        max_length=200,
        error_messages={"required": "Enter the name of the governing body."},
    )
    decision = forms.ChoiceField(
        choices=SignOffDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the governing body's decision."},
    )
    decided_on = forms.DateField(
        label="Date of decision",
        widget=DateInput,
        error_messages={
            "required": "Enter the date of the decision.",
            "invalid": "Enter a real date.",
        },
    )
    reference = forms.CharField(
        label="Minute or decision-notice reference",
        max_length=120,
        error_messages={"required": "Enter the minute or decision-notice reference."},
    )
    conditions = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="Required when the approval has conditions.",
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations


class SignOffSupersedeForm(SignOffForm):
    """A later decision of the same body, replacing its current one, with the reason."""

    reason = forms.CharField(
        label="Why this decision supersedes the earlier one",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="For example, the body met again on a revised business case. It is kept "
        "in the decision log with both decisions.",
        error_messages={"required": "Enter the reason this decision supersedes the earlier one."},
    )

    def __init__(self, *args, **kwargs):
        # The organisation is the superseded decision's, never chosen again.
        super().__init__(*args, organisations=None, **kwargs)
