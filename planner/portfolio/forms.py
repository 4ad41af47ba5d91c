"""The portfolio's filters: a GET form, so a filtered page (and its CSV) has its own address."""

from django import forms

from planner.models import CollaborationType, Stage
from planner.selectors import DASHBOARD_STAGE_ORDER

SEARCH_MAX_LENGTH = 100


class PortfolioFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[("", "Any stage"), *((s, Stage(s).label) for s in DASHBOARD_STAGE_ORDER)],
        error_messages={"invalid_choice": "Choose a stage from the list"},
    )
    collaboration_type = forms.ChoiceField(
        label="Type of collaboration",
        required=False,
        choices=[("", "Any type"), *CollaborationType.choices],
        error_messages={"invalid_choice": "Choose a type of collaboration from the list"},
    )
    partner = forms.ChoiceField(
        label="Partner organisation",
        required=False,
        error_messages={"invalid_choice": "Choose a partner organisation from the list"},
    )
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        help_text="A plan's title, reference or area.",
        error_messages={
            "max_length": f"Search for {SEARCH_MAX_LENGTH} characters or fewer",
        },
    )

    def __init__(self, data, *, partners):
        """`partners`: the organisations on the portfolio's plans, the partner filter's
        choices (read once by the view)."""
        super().__init__(data)
        self.fields["partner"].choices = [
            ("", "Any partner"),
            *((str(o.pk), o.name) for o in partners),
        ]

    def filters(self) -> dict:
        """The valid filters, as the selector takes them; a field with an error is left out
        (the page says what was wrong with it)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        found = {
            name: cleaned[name]
            for name in ("stage", "collaboration_type", "partner")
            if cleaned.get(name)
        }
        if "partner" in found:
            found["partner"] = int(found["partner"])
        if search := (cleaned.get("q") or "").strip():
            found["q"] = search
        return found
