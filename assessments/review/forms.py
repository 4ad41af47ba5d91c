from django import forms

from assessments.finance.forms import PoundsField, pounds_text
from assessments.review.models import LessonKind, Theme
from planner.govuk_forms import GovukForm

TEXT_LIMIT = 5000


class ActualCostField(PoundsField):
    """The finance app's pounds field (typed "12,500" or "£12,500.50", kept as integer pence),
    for one amount rather than a year's."""

    def __init__(self, **kwargs):
        forms.CharField.__init__(self, required=False, **kwargs)
        self.year_text = "the actual cost"
        self.widget.attrs.update({"maxlength": "30", "inputmode": "decimal", "spellcheck": "false"})


class ReviewForm(GovukForm):
    delivered = forms.CharField(
        label="What was delivered against what was planned",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Enter what was delivered against what was planned"},
    )
    actual_cost_pence = ActualCostField(
        label="Actual cost, in pounds",
        help_text="What the scheme cost the partners in all, to compare with the budget.",
    )
    cost_explanation = forms.CharField(
        label="Why the cost differs from the budget",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
    )
    benefits_realised = forms.CharField(
        label="Benefits realised",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_LIMIT,
        help_text="Which benefits the scheme realised, and which it did not and why.",
        error_messages={"required": "Enter the benefits realised"},
    )

    def __init__(self, *args, budget_pence: int = 0, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget_pence = budget_pence
        if review is not None:
            self.initial.update(
                delivered=review.delivered,
                actual_cost_pence=pounds_text(review.actual_cost_pence),
                cost_explanation=review.cost_explanation,
                benefits_realised=review.benefits_realised,
            )
        if not budget_pence:
            self.fields[
                "actual_cost_pence"
            ].help_text = "The partners stated no costs, so this is optional."

    def clean(self):
        cleaned = super().clean()
        if (
            self.budget_pence
            and "actual_cost_pence" not in self.errors
            and cleaned.get("actual_cost_pence") is None
        ):
            self.add_error("actual_cost_pence", "Enter the actual cost, in pounds")
        return cleaned


class LessonForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of lesson",
        choices=LessonKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it worked or did not"},
    )
    text = forms.CharField(
        label="The lesson",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_LIMIT,
        help_text="What happened, and what the next scheme should take from it.",
        error_messages={"required": "Enter the lesson"},
    )
    would_have_helped = forms.CharField(
        label="What would have helped",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
    )
    characteristics = forms.MultipleChoiceField(
        label="Success characteristics it bears on",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one success characteristic"},
    )
    themes = forms.MultipleChoiceField(
        label="HMICFRS themes",
        help_text="The four themes HMICFRS inspected police collaboration by (The Hard Yards, "
        "2019/20).",
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one theme"},
    )

    def __init__(self, *args, characteristics, lesson=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.characteristic_rows = {str(c.pk): c for c in characteristics}
        self.fields["characteristics"].choices = [(str(c.pk), c.name) for c in characteristics]
        if lesson is not None:
            self.initial.update(
                kind=lesson.kind,
                text=lesson.text,
                would_have_helped=lesson.would_have_helped,
                characteristics=[str(c.pk) for c in lesson.characteristics.all()],
                themes=lesson.themes,
            )

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["characteristics"] = [self.characteristic_rows[pk] for pk in data["characteristics"]]
        return data


class WithdrawalForm(LessonForm):
    """The withdrawal's reason and its lesson: what went wrong, what would have helped."""

    expected_stage = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why the plan is being withdrawn",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_LIMIT,
        help_text="It goes into the decision log with the withdrawal.",
        error_messages={"required": "Enter why the plan is being withdrawn"},
    )

    field_order = [
        "expected_stage",
        "reason",
        "text",
        "would_have_helped",
        "characteristics",
        "themes",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        self.fields["text"].label = "What went wrong"
        self.fields["text"].help_text = "What the next scheme like this should watch for."
        self.fields["text"].error_messages["required"] = "Enter what went wrong"
        self.fields["would_have_helped"].required = True
        self.fields["would_have_helped"].error_messages["required"] = "Enter what would have helped"

    def service_data(self) -> dict:
        data = super().service_data()
        data["kind"] = LessonKind.DID_NOT_WORK
        return data
