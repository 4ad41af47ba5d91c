from django import forms

from assessments.models import DONT_KNOW, RATING_MEANINGS
from assessments.services import AnswerInput, ResolutionInput
from planner.govuk_forms import GovukDateField, GovukForm

RATING_CHOICES = [(str(k), f"{k}: {v}") for k, v in RATING_MEANINGS.items()] + [
    (DONT_KNOW, "Don't know")
]
FIELD_PREFIXES = ("rating-", "evidence-")
# The submit button's name: a post carrying it is a submission, not a draft being saved.
SUBMITTING = "submitting"


class AnswersForm(GovukForm):
    """One rating (1-5 or don't know) and an evidence box per question of the stage.

    Fields are built from the stage's questions; anything posted for a characteristic that
    is not in the stage is refused as a whole, so nothing is saved.
    """

    def __init__(self, *args, questions, answers=None, **kwargs):
        initial = {}
        for answer in answers or []:
            code = answer.characteristic.code
            if answer.rating is not None:
                initial[f"rating-{code}"] = str(answer.rating)
            elif answer.dont_know:
                initial[f"rating-{code}"] = DONT_KNOW
            initial[f"evidence-{code}"] = answer.evidence
        super().__init__(*args, initial=initial, **kwargs)
        self.questions = questions
        for number, q in enumerate(questions, start=1):
            c = q.characteristic
            self.fields[f"rating-{c.code}"] = forms.ChoiceField(
                label=f"{number}. {c.name}",
                help_text=f"{q.prompt} What good looks like: {c.meaning}",
                choices=RATING_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": f"Choose a rating from 1 to 5, or “Don't know”, for {c.name}."
                },
            )
            self.fields[f"evidence-{c.code}"] = forms.CharField(
                label=f"Evidence for your rating of {c.name}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=5000,
            )

    def clean(self):
        cleaned = super().clean()
        if self.data.get(SUBMITTING):
            # Submitting needs every question rated (or "don't know"): each one left is its own
            # error, on its question, so the summary links to every one (the service refuses
            # the same if the form is bypassed).
            for q in self.questions:
                code = q.characteristic.code
                if not cleaned.get(f"rating-{code}") and f"rating-{code}" not in self.errors:
                    self.add_error(f"rating-{code}", f"Select a score for {q.characteristic.name}")
        known = {q.characteristic.code for q in self.questions}
        for key in self.data:
            if key.startswith(FIELD_PREFIXES):
                code = key.split("-", 1)[1]
                if code not in known:
                    raise forms.ValidationError(
                        f"“{code}” is not a question in this assessment; nothing was saved."
                    )
        return cleaned

    def answers(self) -> dict[str, AnswerInput]:
        """The answers the person touched: a rating, don't know or some evidence."""
        result = {}
        for q in self.questions:
            code = q.characteristic.code
            raw = self.cleaned_data.get(f"rating-{code}") or ""
            evidence = self.cleaned_data.get(f"evidence-{code}") or ""
            if not raw and not evidence.strip():
                continue
            result[code] = AnswerInput(
                rating=int(raw) if raw and raw != DONT_KNOW else None,
                dont_know=raw == DONT_KNOW,
                evidence=evidence,
            )
        return result


class ReasonForm(GovukForm):
    reason = forms.CharField(
        label="Why are you reopening this assessment?",
        help_text="This is written to the decision log, which every partner can read.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for reopening the assessment."},
    )


class NoteForm(GovukForm):
    note = forms.CharField(
        label="What did the partners discuss and agree?",
        help_text="For example why the ratings differ and what will be done about it.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what was discussed and agreed."},
    )


class JustificationForm(GovukForm):
    rationale = forms.CharField(
        label="Why may the plan go on despite this low score?",
        help_text="This is written to the decision log, which every partner can read.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the justification."},
    )


class ResolutionForm(GovukForm):
    """The partners' agreed position on a disagreement, with an optional action.

    The action's owner is chosen from the plan's partners, which the access has read already,
    so the form costs no query."""

    position = forms.CharField(
        label="What have the partners agreed?",
        help_text="The position every organisation concerned can sign up to, for example why "
        "the ratings differ and what the plan will now say.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={
            "required": "Enter the position the partners agreed, for example what will change "
            "and why."
        },
    )
    action = forms.CharField(
        label="Action",
        help_text="What will be done as a result. An action needs an owner and a due date.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    action_owner = forms.TypedChoiceField(
        label="Owner of the action",
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Choose one of the plan's partner organisations."},
    )
    action_due = GovukDateField(
        label="Action due date", error_name="the action's due date", required=False
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_owner"].choices = [("", "Choose an organisation")] + [
            (p.organisation_id, p.organisation.name) for p in partners
        ]

    def resolution(self) -> ResolutionInput:
        data = self.cleaned_data
        return ResolutionInput(
            position=data["position"],
            action=data.get("action") or "",
            action_owner_id=data.get("action_owner"),
            action_due=data.get("action_due"),
        )


class ResolutionReopenForm(GovukForm):
    reason = forms.CharField(
        label="Why does the resolution no longer hold?",
        help_text="For example what has changed since it was agreed. This is written to the "
        "decision log, which every partner can read.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why the resolution no longer holds, for example what has changed."
        },
    )
