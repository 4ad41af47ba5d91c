from django import forms

from planner.govuk_forms import GovukDateField, GovukForm
from workflows.models import SignOffDecision


class TransitionForm(GovukForm):
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


class DecisionForm(GovukForm):
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


class SignOffForm(GovukForm):
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
    decided_on = GovukDateField(
        label="Date of decision",
        error_name="the decision date",
        # The model refuses other dates (planner.dates); the hint says so before anyone tries.
        help_text="The date the body met and decided: today or earlier, and not before the "
        "plan was created.",
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
        help_text="Required when the approval has conditions. Enter one condition per line, "
        "as the minute lists them: each becomes a condition tracked until it is met, waived or "
        "carried into delivery.",
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


class ConditionSetForm(GovukForm):
    """A condition's owner organisation and due date, which make it tracked."""

    owner = forms.ModelChoiceField(
        queryset=None,
        label="Owner organisation",
        empty_label="Choose an organisation",
        help_text="The partner organisation that will meet the condition.",
        error_messages={"required": "Choose the organisation that owns the condition."},
    )
    due_on = GovukDateField(label="Due date", error_name="the date the condition is due")

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners


# What the confirmation page asks for, by action: the label and hint of its one field and the
# error when it is left empty (the service says the same if the form is bypassed).
CONDITION_CLOSE_FIELDS = {
    "meet": (
        "Evidence that the condition is met",
        "For example, the revised financial case was approved by the finance committee on "
        "3 March (minute FC/24/12). It is kept in the decision log and the board paper.",
        "Enter the evidence that the condition is met.",
    ),
    "waive": (
        "Minute or decision-notice reference of the decision to waive it",
        "Only the governing body that set the condition can waive it.",
        "Enter the minute or decision-notice reference of the body's decision to waive it.",
    ),
    "carry": (
        "Why the condition is carried into delivery",
        "For example, the condition can only be met once the shared service is running. It "
        "stays on the plan's record and in the board paper.",
        "Enter the reason the condition is carried into delivery.",
    ),
}


class ConditionCloseForm(GovukForm):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        label, hint, required = CONDITION_CLOSE_FIELDS[action]
        field = self.fields["note"]
        field.label = label
        field.help_text = hint
        field.error_messages["required"] = required
