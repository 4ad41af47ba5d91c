from django import forms

from assessments.risks.models import (
    Benefit,
    BenefitActual,
    BenefitStatus,
    ExitStrategy,
    Risk,
    RiskStatus,
)
from assessments.risks.services import BENEFIT_FORM_FIELDS, TRACKED_FIELDS
from planner.govuk_forms import GovukDateField, GovukForm, GovukModelForm
from planner.models import Organisation

SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]
SCORE_HELP = "1 (very low) to 5 (very high)."


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}, {obj.organisation.name}" if obj.organisation else obj.full_name


class ScoreField(forms.TypedChoiceField):
    def __init__(self, *, label, required=True, **kwargs):
        super().__init__(
            label=label,
            choices=([("", "Not assessed")] if not required else [("", "Choose a score")])
            + SCORE_CHOICES,
            coerce=int,
            empty_value=None,
            required=required,
            help_text=SCORE_HELP,
            error_messages={
                "required": f"Choose the {label.lower()} from 1 to 5.",
                "invalid_choice": f"The {label.lower()} must be a whole number from 1 to 5.",
            },
            **kwargs,
        )


class RiskForm(GovukModelForm):
    organisation = forms.ModelChoiceField(
        label="Owning organisation",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation that owns the risk."},
    )
    owner = PersonChoiceField(
        label="Named owner",
        queryset=None,
        required=False,
        empty_label="Not yet named",
        help_text="A person in the owning organisation.",
    )
    likelihood = ScoreField(label="Likelihood")
    impact = ScoreField(label="Impact")
    residual_likelihood = ScoreField(label="Likelihood after mitigation", required=False)
    residual_impact = ScoreField(label="Impact after mitigation", required=False)

    class Meta:
        model = Risk
        # What the form edits is what the service keeps a history of, in the page's order.
        fields = list(TRACKED_FIELDS)
        field_classes = {"review_date": GovukDateField}
        widgets = {
            "cause": forms.Textarea(attrs={"rows": 3}),
            "effect": forms.Textarea(attrs={"rows": 3}),
            "acceptance_reason": forms.Textarea(attrs={"rows": 3}),
            "residual_above_reason": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "residual_above_reason": "If the score after mitigation is higher, why",
        }
        help_texts = {
            "acceptance_reason": "Needed when the status is accepted.",
            "residual_above_reason": "Needed only when the score after mitigation is higher "
            "than before it, for example when the mitigation brings a risk of its own. The "
            "register and the report show it.",
            "review_date": "When the owner will next review the risk: a date in the future.",
        }
        error_messages = {
            "title": {"required": "Enter the risk in a few words."},
            "cause": {"required": "Enter the cause of the risk."},
            "effect": {"required": "Enter the effect if the risk happens."},
            "category": {"required": "Choose a category."},
            "status": {"required": "Select the risk's status"},
        }

    def __init__(self, *args, organisations, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["owner"].queryset = people
        self.fields["status"].initial = RiskStatus.OPEN

    def _post_clean(self):
        # The service validates the whole risk (and refuses with a DomainError); the form
        # only checks each field's own shape.
        pass


class MitigationForm(GovukForm):
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Enter the mitigation action."},
    )
    owner = PersonChoiceField(
        label="Action owner",
        queryset=None,
        empty_label="Choose a person",
        error_messages={
            "required": "Choose who owns the action.",
            "invalid_choice": "The action's owner must work for an organisation that is a "
            "partner on this plan.",
        },
    )
    due_date = GovukDateField(label="Due date", error_name="the date the action is due")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people


class AcceptanceForm(GovukForm):
    rationale = forms.CharField(
        label="Why the partners accept this residual risk",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="Logged in the joint decision log with your name.",
        error_messages={"required": "Enter the rationale for accepting the risk."},
    )


class BenefitForm(GovukModelForm):
    owner = PersonChoiceField(
        label="Owner",
        queryset=None,
        empty_label="Choose a person",
        error_messages={"required": "Choose who owns the benefit."},
    )
    owner_organisation = forms.ModelChoiceField(
        label="Owner organisation",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="The owner's organisation",
        help_text="The partner answerable for realising the benefit; its representatives "
        "report the benefit's status.",
    )

    class Meta:
        model = Benefit
        fields = list(BENEFIT_FORM_FIELDS)
        field_classes = {"baseline_date": GovukDateField, "target_date": GovukDateField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "kind": forms.RadioSelect,
        }
        labels = {"kind": "Type of benefit"}
        help_texts = {
            "baseline_value": "For a cashable benefit, £ a year.",
            "target_value": "For a cashable benefit, £ a year.",
        }
        error_messages = {
            "title": {"required": "Enter the benefit in a few words."},
            "kind": {"required": "Choose whether the benefit is cashable or non-cashable."},
            "baseline_value": {"required": "Enter the baseline value."},
            "baseline_date": {"required": "Enter the baseline date."},
            "target_value": {"required": "Enter the target value."},
            "target_date": {"required": "Enter the target date."},
        }

    def __init__(self, *args, people, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner_organisation"].queryset = organisations

    def _post_clean(self):
        pass


class ActualForm(GovukModelForm):
    evidence = forms.CharField(
        label="Evidence",
        help_text="Where the figure comes from: a report, a system extract, a survey.",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={
            "required": "Enter the evidence for the value: where the figure comes from."
        },
    )

    class Meta:
        model = BenefitActual
        fields = ["recorded_on", "value", "evidence", "note"]
        field_classes = {"recorded_on": GovukDateField}
        error_messages = {
            "recorded_on": {"required": "Enter the date the value was measured."},
            "value": {"required": "Enter the measured value."},
        }

    def _post_clean(self):
        pass


class ActualCorrectionForm(ActualForm):
    """A corrected value: the date and value as they should have been, and why."""

    evidence = forms.CharField(
        label="Evidence",
        help_text="Leave blank to keep the evidence given with the value being corrected.",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )

    reason = forms.CharField(
        label="Why is the value being corrected?",
        help_text="The reason goes into the decision log, with the old and new values.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the reason for the correction"},
    )


class BenefitStatusForm(GovukForm):
    status = forms.ChoiceField(
        label="Where does the benefit stand?",
        choices=BenefitStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the benefit's status.",
            "invalid_choice": "Choose the benefit's status.",
        },
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Needed when the benefit is at risk or not realised: the board reads it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )


class ExitStrategyForm(GovukModelForm):
    notice_months = forms.IntegerField(
        label="Notice period in months",
        min_value=1,
        max_value=120,
        error_messages={
            "required": "Enter the notice period in months.",
            "invalid": "Enter the notice period as a whole number of months.",
            "min_value": "The notice period must be at least 1 month.",
            "max_value": "The notice period cannot be more than 120 months.",
        },
    )

    class Meta:
        model = ExitStrategy
        fields = ["triggers", "assets", "staff", "data", "notice_months"]
        widgets = {
            "triggers": forms.Textarea(attrs={"rows": 4}),
            "assets": forms.Textarea(attrs={"rows": 4}),
            "staff": forms.Textarea(attrs={"rows": 3}),
            "data": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "triggers": {"required": "Enter the triggers for ending the collaboration."},
            "assets": {"required": "Enter how shared assets are returned or divided."},
            "staff": {"required": "Enter what happens to staff."},
            "data": {"required": "Enter how shared data is returned or divided."},
        }

    def _post_clean(self):
        pass
