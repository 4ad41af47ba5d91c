from django import forms

from planner.govuk_forms import GovukDateField, GovukForm
from planner.reports.models import IMPLICATIONS, Marking, ReportPurpose


class PaperDetailsForm(GovukForm):
    """The cover of the paper: the meeting, the title, the author and what it is for."""

    meeting_date = GovukDateField(
        label="Date of the meeting",
        error_name="the meeting date",
        required=False,
        help_text="The date the body meets to consider the paper; needed before you create a "
        "version.",
    )
    agenda_item = forms.CharField(
        label="Agenda item", max_length=40, required=False, help_text="For example, 7 or 4(b)."
    )
    title = forms.CharField(
        label="Title of the paper",
        max_length=200,
        error_messages={"required": "Enter the title of the paper"},
    )
    marking = forms.ChoiceField(
        label="Protective marking",
        choices=Marking.choices,
        widget=forms.RadioSelect,
        help_text="OFFICIAL-SENSITIVE if the paper holds commercial, personal or security "
        "detail whose loss would cause harm.",
        error_messages={"required": "Choose the protective marking"},
    )
    purpose = forms.ChoiceField(
        label="Purpose of the paper",
        choices=ReportPurpose.choices,
        widget=forms.RadioSelect,
        help_text="A paper for decision asks the body to approve the recommendations; the "
        "decisions recorded are printed only in a paper for information.",
        error_messages={"required": "Choose what the paper is for"},
    )
    author = forms.CharField(
        label="Author",
        max_length=200,
        help_text="Name and job title, as the body's papers show them.",
        error_messages={"required": "Enter the author of the paper"},
    )
    contact = forms.CharField(
        label="Contact",
        max_length=200,
        required=False,
        help_text="E-mail address or telephone number for questions about the paper.",
    )


class RecommendationsForm(GovukForm):
    """One box per recommendation, in order, and a blank one to add another; emptying a box
    removes that recommendation."""

    def __init__(self, *args, texts=(), **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, len(texts) + 2):
            added = number > len(texts)
            self.fields[f"recommendation_{number}"] = forms.CharField(
                label="Add a recommendation" if added else f"Recommendation {number}",
                required=False,
                max_length=2000,
                initial="" if added else texts[number - 1],
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def texts(self) -> list[str]:
        return [
            self.cleaned_data.get(name, "")
            for name in self.fields
            if name.startswith("recommendation_")
        ]


class ImplicationsForm(GovukForm):
    """Each implication: its text, or "none identified" ticked by the author."""

    def __init__(self, *args, keys=(), stored=None, **kwargs):
        super().__init__(*args, **kwargs)
        stored = stored or {}
        self.keys = list(keys)
        headings = {key: (heading, hint) for key, heading, hint in IMPLICATIONS}
        for key in self.keys:
            heading, hint = headings[key]
            entry = stored.get(key) or {}
            self.fields[f"{key}_text"] = forms.CharField(
                label=f"{heading} implications",
                required=False,
                max_length=5000,
                help_text=hint,
                initial=entry.get("text", ""),
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"{key}_none"] = forms.BooleanField(
                label="None identified", required=False, initial=bool(entry.get("none"))
            )

    def implications(self) -> dict[str, dict]:
        return {
            key: {
                "text": self.cleaned_data.get(f"{key}_text", ""),
                "none": self.cleaned_data.get(f"{key}_none", False),
            }
            for key in self.keys
        }


class HighlightMonthForm(GovukForm):
    """Which month's highlight report to show: this one, or one since delivery began."""

    month = forms.ChoiceField(
        label="Month",
        error_messages={
            "required": "Choose a month.",
            "invalid_choice": "Choose a month since the plan entered delivery.",
        },
    )

    def __init__(self, *args, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(m.param, m.label) for m in months]
