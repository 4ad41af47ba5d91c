"""Render Django form fields with GOV.UK Design System markup."""

from django import forms, template

register = template.Library()


def _kind(field) -> str:
    widget = field.field.widget
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
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return {
        "field": field,
        "kind": kind,
        "widget": field.as_widget(attrs=attrs) if kind not in {"radios", "checkboxes"} else "",
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
                errors.append((f"#{field.auto_id}", message))
    return {"errors": errors}
