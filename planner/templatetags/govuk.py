"""Render Django form fields with GOV.UK Design System markup."""

from django import forms, template
from django.forms.formsets import BaseFormSet

from planner.govuk_forms import DATE_EXAMPLE, DATE_PARTS, GovukDateWidget, date_parts

register = template.Library()

DATE_WIDTHS = {"day": 2, "month": 2, "year": 4}


def _kind(field) -> str:
    widget = field.field.widget
    if isinstance(widget, GovukDateWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


def _date_parts_in_error(field) -> tuple[str, ...]:
    """The boxes of a date input its errors name (every box when an error names none)."""
    wrong = []
    for error in field.errors.as_data():
        parts = (error.params or {}).get("parts") or DATE_PARTS
        wrong.extend(p for p in parts if p not in wrong)
    return tuple(p for p in DATE_PARTS if p in wrong)


def error_anchor(field) -> str:
    """Where the error summary's link for this field goes: the control itself, the first
    radio or checkbox of a group, or the first date box in error (GOV.UK's rule)."""
    kind = _kind(field)
    if kind in {"radios", "checkboxes"}:
        choices = list(field.subwidgets)
        return f"#{choices[0].id_for_label}" if choices else f"#{field.auto_id}"
    if kind == "date":
        wrong = _date_parts_in_error(field) or DATE_PARTS
        return f"#{field.auto_id}-{wrong[0]}"
    return f"#{field.auto_id}"


def _date_context(field) -> list[dict]:
    value = field.value()
    typed = date_parts(value if value is not None else None)
    wrong = _date_parts_in_error(field) if field.errors else ()
    return [
        {
            "part": part,
            "label": part.capitalize(),
            "id": f"{field.auto_id}-{part}",
            "name": f"{field.html_name}-{part}",
            "value": text,
            "width": DATE_WIDTHS[part],
            "error": part in wrong,
        }
        for part, text in zip(DATE_PARTS, typed, strict=True)
    ]


@register.inclusion_tag("includes/field.html")
def govuk_field(field, width: str = ""):
    kind = _kind(field)
    css = {
        "input": "govuk-input",
        "textarea": "govuk-textarea",
        "select": "govuk-select",
        "checkbox": "govuk-checkboxes__input",
    }.get(kind, "")
    if field.errors and kind in {"input", "textarea", "select"}:
        css += f" {css}--error"
    if width and kind == "input":
        css += f" govuk-input--width-{width}"
    attrs = {"class": css.strip()} if css else {}
    described = []
    if field.help_text or kind == "date":
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return {
        "field": field,
        "kind": kind,
        "described": " ".join(described),
        "date_parts": _date_context(field) if kind == "date" else (),
        "date_example": DATE_EXAMPLE,
        "widget": field.as_widget(attrs=attrs)
        if kind not in {"radios", "checkboxes", "date"}
        else "",
    }


@register.inclusion_tag("includes/error_summary.html")
def govuk_error_summary(*forms_):
    errors = []
    for form in forms_:
        if not form:
            continue
        for message in form.non_field_errors():
            errors.append(("", message))
        for field in form:
            for message in field.errors:
                errors.append((error_anchor(field), message))
    return {"errors": errors}


def _shows_errors(value) -> bool:
    if isinstance(value, forms.BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, BaseFormSet):
        return value.is_bound and not value.is_valid()
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """ "Error: " before the page title whenever the page shows a form's errors (GOV.UK's rule).

    Read from the page's own context, where every view puts its forms, so no view can forget
    to ask for it: any bound form with errors, alone or in a list or dict of forms, counts.
    """
    for value in context.flatten().values():
        if isinstance(value, list | tuple):
            candidates = value
        elif isinstance(value, dict):
            candidates = value.values()
        else:
            candidates = (value,)
        if any(_shows_errors(candidate) for candidate in candidates):
            return "Error: "
    return ""
