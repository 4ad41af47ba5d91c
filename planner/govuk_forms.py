"""GOV.UK Design System forms: errors that help, and the date input.

Every form of the service inherits `GovukForm` or `GovukModelForm` (or mixes in
`GovukErrorsMixin` with one of Django's own), and every date is a `GovukDateField`; the
templates render them through `planner.templatetags.govuk`.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name
from django.utils.text import capfirst

# Errors that help (GOV.UK Design System, "Error message"): every field says what is wrong in
# its own words, never Django's "This field is required." Forms inherit GovukForm or
# GovukModelForm; a message a form writes itself always wins over the ones made here.


def lower_first(text: str) -> str:
    """ "Title of the plan" -> "title of the plan", but "HMICFRS themes" keeps its acronym."""
    text = str(text)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _default_messages(field) -> dict:
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def _choice_kind(field) -> bool:
    return isinstance(field, (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField))


def govuk_messages(field, name: str) -> None:
    """Fill each of the field's messages that is still Django's default from its label.

    1. The label names the thing ("Title" -> "Enter title"); choices are selected, text entered.
    2. Only a message still equal to Django's default (or absent, for validator codes such as
       max_length) is replaced, so a hand-written message is never overwritten.
    3. A choice list loses Django's "---------": a radio group starts with none chosen and a
       select opens on a prompt.
    """
    if isinstance(field, GovukDateField):
        return  # its messages are its own (GOV.UK's date input rules)
    label = str(field.label or pretty_name(name)).rstrip("?:")
    thing = lower_first(label)
    multiple = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    if multiple:
        required = f"Select at least one option for {thing}"
    elif _choice_kind(field) or isinstance(field, forms.FileField):
        required = f"Select {thing}"
    else:
        required = f"Enter {thing}"
    made = {"required": required, "invalid_choice": f"Select {thing} from the list"}  # noqa: S608
    if multiple:
        made["invalid_pk_value"] = made["invalid_choice"]
        made["invalid_list"] = made["invalid_choice"]
    if isinstance(field, forms.EmailField):
        made["invalid"] = f"Enter {thing} in the correct format, like name@example.com"
    elif isinstance(field, forms.IntegerField):
        made["invalid"] = f"{label} must be a whole number"
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        made["invalid"] = f"{label} must be a number, like 1250 or 1250.50"
    if isinstance(field, forms.DecimalField) and field.max_digits is not None:
        whole = field.max_digits - (field.decimal_places or 0)
        made["max_digits"] = made["max_whole_digits"] = f"{label} must be less than {10**whole:,}"
        made["max_decimal_places"] = (
            f"{label} must have no more than {field.decimal_places} decimal places"
        )
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        made["min_value"] = f"{label} must be %(limit_value)s or more"
        made["max_value"] = f"{label} must be %(limit_value)s or less"
    if getattr(field, "max_length", None):
        made["max_length"] = f"{label} must be {field.max_length} characters or fewer"
    if getattr(field, "min_length", None):
        made["min_length"] = f"{label} must be {field.min_length} characters or more"
    made["null_characters_not_allowed"] = f"{label} must not contain a null character"
    defaults = _default_messages(field)
    for key, message in made.items():
        if field.error_messages.get(key) == defaults.get(key):
            field.error_messages[key] = message
    _no_dashes(field, thing)


DASHES = "---------"


def _no_dashes(field, thing: str) -> None:
    radios = isinstance(field.widget, forms.RadioSelect)
    if isinstance(field, forms.ModelChoiceField):
        if radios:
            field.empty_label = None
        elif field.empty_label == DASHES:
            field.empty_label = f"Select {thing}"
        # Reassigning the queryset rebuilds the widget's choices with the new empty label.
        field.queryset = field.queryset
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        choices = list(field.choices)
        if radios:
            field.choices = [c for c in choices if c[0] not in ("", None)]
        elif any(label == DASHES for _, label in choices):
            field.choices = [(v, f"Select {thing}" if lbl == DASHES else lbl) for v, lbl in choices]


class GovukErrorsMixin:
    """Gives every field of the form GOV.UK error messages (`govuk_messages`).

    Applied as each field is first used (rendered or cleaned), so fields a form adds in its own
    `__init__` after this one's are covered too.
    """

    def _govuk_prepare(self, name):
        field = self.fields[name]
        if not getattr(field, "_govuk_ready", False):
            govuk_messages(field, name)
            field._govuk_ready = True

    def __getitem__(self, name):
        if name in self.fields:
            self._govuk_prepare(name)
        return super().__getitem__(name)

    def full_clean(self):
        for name in self.fields:
            self._govuk_prepare(name)
        super().full_clean()


class GovukForm(GovukErrorsMixin, forms.Form):
    pass


class GovukModelForm(GovukErrorsMixin, forms.ModelForm):
    pass


# The GOV.UK date input (day, month and year boxes) and its error rules
# (https://design-system.service.gov.uk/components/date-input/).

DATE_PARTS = ("day", "month", "year")
DATE_EXAMPLE = "For example, 27 3 2026"
MONTH_NAMES = {
    name: number
    for number, month in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
    for name in (month, month[:3])
}


class GovukDateWidget(forms.MultiWidget):
    """Three text boxes posted as `<name>-day`, `<name>-month` and `<name>-year`.

    A single ISO value posted as `<name>` ("2026-05-01", as scripts and older tests send it)
    is accepted too, so the same field serves both.
    """

    def __init__(self, attrs=None):
        boxes = {part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in DATE_PARTS}
        super().__init__(boxes, attrs)
        self.widgets_names = [f"-{part}" for part in DATE_PARTS]

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                parsed = date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [parsed.day, parsed.month, parsed.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        if data.get(name):
            return data.get(name)
        return [data.get(name + suffix, "") for suffix in self.widgets_names]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and all(name + s not in data for s in self.widgets_names)

    def id_for_label(self, id_):
        # The summary and a label reach the first box, as GOV.UK's date input asks.
        return f"{id_}-day" if id_ else id_


def date_parts(value) -> list[str]:
    """The day, month and year as typed (or from a stored date), for showing back."""
    if isinstance(value, list | tuple):
        return [str(v or "").strip() for v in value]
    return [str(v) if v is not None else "" for v in GovukDateWidget().decompress(value)]


def _join(parts) -> str:
    return " and ".join(parts) if len(parts) < 3 else f"{parts[0]}, {parts[1]} and {parts[2]}"


class GovukDateHiddenInput(forms.HiddenInput):
    """A date carried through a confirmation page as one ISO value, which the date input's
    widget accepts when it is posted back."""

    def format_value(self, value):
        if isinstance(value, list | tuple):
            try:
                value = GovukDateField().to_python(value)
            except ValidationError:
                return ""
        if isinstance(value, date):
            return value.isoformat()
        return super().format_value(value)


class GovukDateField(forms.Field):
    """A date typed in three boxes, with GOV.UK's messages.

    1. Nothing typed: "Enter <name>" (or "required" given by the form).
    2. Some boxes empty: "<Name> must include a month" (the missing boxes named and styled).
    3. A box not a number, a month over 12, a day past the month's end, a year not 4 digits:
       "<Name> must be a real date", the wrong box styled.
    `error_name` is how the messages name the date ("the decision date"); by default "the" and
    the label ("the review date").
    The ValidationError's params carry the boxes in error, for the template to style and link.
    """

    widget = GovukDateWidget
    hidden_widget = GovukDateHiddenInput

    def __init__(self, *, error_name: str = "", **kwargs):
        super().__init__(**kwargs)
        self.error_name = error_name

    def _name(self) -> str:
        return self.error_name or f"the {lower_first(str(self.label or 'date'))}"

    def _error(self, message: str, code: str, parts) -> ValidationError:
        custom = self.error_messages.get(code)
        if custom == forms.Field.default_error_messages.get(code):
            custom = None
        return ValidationError(custom or message, code=code, params={"parts": tuple(parts)})

    def to_python(self, value):
        name = self._name()
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                message = f"{capfirst(name)} must be a real date"
                raise self._error(message, "invalid", DATE_PARTS) from None
        parts = date_parts(value)
        if not any(parts):
            return None
        missing = [part for part, text in zip(DATE_PARTS, parts, strict=True) if not text]
        if missing:
            raise self._error(
                f"{capfirst(name)} must include a {_join(missing)}", "incomplete", missing
            )
        day, month, year = parts
        month = str(MONTH_NAMES.get(month.lower(), month))
        wrong = []
        if not day.isdigit():
            wrong.append("day")
        if not month.isdigit() or not 1 <= int(month) <= 12:
            wrong.append("month")
        if not (year.isdigit() and len(year) == 4):
            wrong.append("year")
        if not wrong:
            try:
                return date(int(year), int(month), int(day))
            except ValueError:
                wrong.append("day")
        raise self._error(f"{capfirst(name)} must be a real date", "invalid", wrong)

    def validate(self, value):
        if value in self.empty_values and self.required:
            raise self._error(f"Enter {self._name()}", "required", DATE_PARTS[:1])

    def prepare_value(self, value):
        return value
