"""Check your answers (the GOV.UK pattern): the page between a form and the write it leads to.

Used before creating a plan, submitting an assessment and recording a governing body's
decision. How the answers travel, and why:

1. The form posts to a check URL, which validates it (a wrong answer shows the form with its
   errors, as before) and keeps the posted answers in the session, then redirects to the
   check page (so a refresh or "back" does not ask to post again).
2. The check page shows the answers and carries them as hidden fields; its confirm button
   posts them to the form's own URL, whose POST is unchanged: it revalidates every answer
   and calls the service. So what is written is exactly what the person checked (not what
   another tab later left in the session), and tampering with the hidden fields gains
   nothing over posting the form itself.
3. The session copy exists only so that a "Change" link can be a plain link, as in the
   pattern, that reopens the form with every answer filled in.
4. A repeated confirmation (double click, back and resubmit) carries the same one-time token:
   the first success records where it led and the repeat is sent there, writing nothing.
   The services' own guards (a unique reference, one first decision per body, the
   assessment's conditional submit) stop two writes that race.
"""

import datetime
import secrets
from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.utils.formats import date_format

ANSWERS_KEY = "check_answers"
DONE_KEY = "check_answers_done"
TOKEN_FIELD = "confirmation"  # noqa: S105 (a form field's name, not a secret)
# Enough for a person's recent confirmations; older tokens are forgotten.
DONE_KEPT = 20
NOT_GIVEN = "Not given"


@dataclass(frozen=True)
class SummaryRow:
    key: str
    value: str
    href: str
    # Read after "Change" by screen readers, so each link says what it changes.
    context: str


def posted_answers(form: forms.BaseForm, data: QueryDict) -> list[tuple[str, str]]:
    """The posted (name, value) pairs that belong to `form`'s fields, whatever the widget
    (a date input posts three boxes under its field's name), and nothing else."""
    names = [form.add_prefix(name) for name in form.fields]
    pairs = []
    for key, values in data.lists():
        if any(key == n or key.startswith((f"{n}_", f"{n}-")) for n in names):
            pairs.extend((key, value) for value in values)
    return pairs


def answers_remember(request, key: str, pairs: list[tuple[str, str]]) -> None:
    request.session[ANSWERS_KEY] = {**request.session.get(ANSWERS_KEY, {}), key: pairs}


def answers_recall(request, key: str) -> QueryDict | None:
    pairs = request.session.get(ANSWERS_KEY, {}).get(key)
    if pairs is None:
        return None
    data = QueryDict(mutable=True)
    for name, value in pairs:
        data.appendlist(name, value)
    return data


def answers_forget(request, key: str) -> None:
    kept = request.session.get(ANSWERS_KEY, {})
    if key in kept:
        request.session[ANSWERS_KEY] = {k: v for k, v in kept.items() if k != key}


def confirmation_token() -> str:
    return secrets.token_urlsafe(16)


def confirmation_repeat(request) -> str | None:
    """Where the first confirmation with this POST's token led, if it has already succeeded."""
    token = request.POST.get(TOKEN_FIELD)
    return request.session.get(DONE_KEY, {}).get(token) if token else None


def confirmation_done(request, url: str) -> None:
    token = request.POST.get(TOKEN_FIELD)
    if token:
        done = list(request.session.get(DONE_KEY, {}).items())[-(DONE_KEPT - 1) :]
        request.session[DONE_KEY] = {**dict(done), token: url}


def answer_text(form: forms.BaseForm, name: str) -> str:
    """A valid form's answer to `name` as the person chose it: a choice's label, not its
    stored value; a date as "1 May 2026"."""
    field = form.fields[name]
    value = form.cleaned_data.get(name)
    if value in (None, "", [], ()):
        return NOT_GIVEN
    if isinstance(field, forms.ModelChoiceField):
        return field.label_from_instance(value)
    if isinstance(field, forms.ChoiceField):
        labels = {}
        for choice, label in field.choices:
            if isinstance(label, (list, tuple)):
                labels.update({str(k): v for k, v in label})
            else:
                labels[str(choice)] = label
        return str(labels.get(str(value), value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    return str(value)


def field_anchor(bound: forms.BoundField) -> str:
    """The id a "Change" link jumps to: the field's first input, as the error summary's
    links do (a radio group's first radio, a date input's day box)."""
    if isinstance(bound.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        choices = bound.subwidgets
        if choices:
            return choices[0].id_for_label
    return bound.id_for_label or bound.auto_id


def summary_rows(
    form: forms.BaseForm, names, change_url: str, contexts: dict | None = None
) -> list[SummaryRow]:
    """One row per answer, each with a "Change" link to its field on the form."""
    contexts = contexts or {}
    rows = []
    for name in names:
        if name not in form.fields:
            continue
        bound = form[name]
        label = str(bound.label)
        rows.append(
            SummaryRow(
                key=label,
                value=answer_text(form, name),
                href=f"{change_url}#{field_anchor(bound)}",
                context=contexts.get(name, label[:1].lower() + label[1:]),
            )
        )
    return rows
