import logging
from datetime import date

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name
from django.template.loader import render_to_string
from django.utils.text import capfirst

from planner.mail import email_send
from planner.models import (
    REFERENCE_MAX_LENGTH,
    REFERENCE_MESSAGE,
    MemberRole,
    Organisation,
    PartnerRole,
    Plan,
    S2Notice,
    User,
)
from planner.services import PLAN_FIELDS

logger = logging.getLogger(__name__)


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


def date_field(label: str, *, error_name: str = "", required: bool = True, **kwargs):
    return GovukDateField(label=label, error_name=error_name, required=required, **kwargs)


TARGET_FIELDS = (
    "scoping_target",
    "governance_alignment_target",
    "joint_risk_assessment_target",
    "delivery_target",
)


class PlanForm(GovukModelForm):
    class Meta:
        model = Plan
        fields = PLAN_FIELDS
        field_classes = dict.fromkeys(TARGET_FIELDS, GovukDateField)
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "public_outcome": forms.Textarea(attrs={"rows": 3}),
            "expected_benefits": forms.Textarea(attrs={"rows": 3}),
            "agreement_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "summary": "What the scheme is, in a few sentences a board member would understand.",
            "objectives": "What the scheme must achieve. One objective a line.",
        }
        error_messages = {
            "title": {"required": "Enter a title for the plan"},
            "summary": {"required": "Enter a summary of the scheme"},
            "collaboration_type": {"required": "Select the type of collaboration"},
            "area": {"required": "Enter the area the scheme serves"},
            "objectives": {"required": "Enter the objectives of the scheme"},
            "public_outcome": {"required": "Enter the public outcome sought"},
            "reference": {
                "required": "Enter a reference",
                "max_length": f"Reference must be {REFERENCE_MAX_LENGTH} characters or fewer",
                # The form field refuses a null character before the model sees it.
                "null_characters_not_allowed": REFERENCE_MESSAGE,
            },
        }

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()


class TargetMoveForm(GovukForm):
    """The confirmation step of an edit that moves a target date: the reason goes into the
    plan's history and the decision log."""

    # Tells the edit this post comes from the confirmation page, not the edit form.
    confirm = forms.CharField(widget=forms.HiddenInput, initial="1")
    reason = forms.CharField(
        label="Why is the date moving?",
        help_text="The reason goes into the decision log, with the old and new dates.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the reason for moving the target date"},
    )


class PartnerAddForm(GovukForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation to add."},
    )
    role = forms.ChoiceField(
        choices=[(PartnerRole.PARTNER, "Partner"), (PartnerRole.OBSERVER, "Observer")],
        widget=forms.RadioSelect,
        initial=PartnerRole.PARTNER,
        error_messages={"required": "Choose whether the organisation is a partner or observer."},
    )

    def __init__(self, *args, organisations, **kwargs):
        # The partners page shows three forms: their own ids keep each label and link on its
        # own field.
        kwargs.setdefault("auto_id", "id_partner_%s")
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


# No role is chosen for the lead: a default (it used to be "Project lead", the first choice)
# hands out the most powerful role to anyone added in a hurry.
ROLE_CHOICES = [("", "Choose a role"), *MemberRole.choices]


class MemberAddForm(GovukForm):
    user = forms.ModelChoiceField(
        label="Person",
        queryset=User.objects.none(),
        empty_label="Choose a person",
        error_messages={"required": "Choose the person to add."},
    )
    role = forms.ChoiceField(
        choices=ROLE_CHOICES,
        error_messages={"required": "Choose the person's role."},
    )

    def __init__(self, *args, people, **kwargs):
        # The partners page shows three forms: their own ids keep each label and link on its
        # own field.
        kwargs.setdefault("auto_id", "id_member_%s")
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class InvitationForm(GovukForm):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter the person's full name"},
    )
    email = forms.EmailField(
        label="Work e-mail address",
        error_messages={"required": "Enter the person's work e-mail address"},
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        help_text="The partner organisation the person will represent.",
        error_messages={"required": "Select the organisation the person will represent"},
    )
    role = forms.ChoiceField(
        choices=ROLE_CHOICES,
        error_messages={"required": "Choose the role the person will have."},
    )

    def __init__(self, *args, organisations, **kwargs):
        # The partners page shows three forms: their own ids keep each label and link on its
        # own field.
        kwargs.setdefault("auto_id", "id_invite_%s")
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ReasonForm(GovukForm):
    """The confirmation pages' form: a change that matters is made with its reason, which
    goes into the decision log."""

    reason = forms.CharField(
        label="Why are you making this change?",
        help_text="This goes into the plan's decision log.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the reason for this change."},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter the reason for this change.")
        return reason


class MemberRoleChangeForm(ReasonForm):
    role = forms.ChoiceField(
        label="New role",
        choices=ROLE_CHOICES,
        error_messages={"required": "Choose the person's new role."},
    )

    field_order = ["role", "reason"]


class InvitationAcceptForm(GovukForm):
    password1 = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput,
        error_messages={"required": "Enter a password"},
    )
    password2 = forms.CharField(
        label="Enter the password again",
        widget=forms.PasswordInput,
        error_messages={"required": "Enter the password again"},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", "The two passwords do not match.")
        if cleaned.get("password1"):
            from django.contrib.auth.password_validation import validate_password

            try:
                validate_password(cleaned["password1"])
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class S2NoticeForm(GovukModelForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        empty_label="Choose a service",
        label="Service notified",
        error_messages={"required": "Select the service notified"},
    )

    class Meta:
        model = S2Notice
        fields = ["organisation", "notified_on", "response", "responded_on", "reason"]
        field_classes = {"notified_on": GovukDateField, "responded_on": GovukDateField}
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 3}),
            "response": forms.RadioSelect,
        }
        # The model refuses other dates (planner.dates); the hints say so before anyone tries.
        error_messages = {"response": {"required": "Select the service's response"}}
        help_texts = {
            "notified_on": "Today or earlier, and not before the plan was created.",
            "responded_on": "Today or earlier, and not before the date notified.",
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def _post_clean(self):
        # Model validation runs in the service, which also knows the plan.
        pass


class SetPasswordGovukForm(GovukErrorsMixin, SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"


class PasswordChangeGovukForm(GovukErrorsMixin, PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"


class SignInForm(GovukErrorsMixin, AuthenticationForm):
    username = forms.EmailField(
        label="E-mail address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your e-mail address"
        self.fields["password"].error_messages["required"] = "Enter your password"

    error_messages = {
        "invalid_login": "Enter a correct e-mail address and password.",
        "inactive": "This account has been switched off. Ask your administrator.",
    }


class PasswordResetEmailForm(GovukErrorsMixin, PasswordResetForm):
    """Django's password reset, sending its e-mail through the service's one e-mail helper."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "E-mail address"
        email.error_messages["required"] = "Enter your e-mail address"
        email.error_messages["invalid"] = (
            "Enter an e-mail address in the correct format, like name@example.com"
        )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        html = (
            render_to_string(html_email_template_name, context)
            if html_email_template_name
            else None
        )
        try:
            email_send(
                to=to_email,
                subject=render_to_string(subject_template_name, context),
                body=render_to_string(email_template_name, context),
                html=html,
            )
        except Exception:
            # As Django's own form does: the page must not reveal whether the address has an
            # account, so a failure is logged, not shown.
            logger.exception("Password reset e-mail to user %s failed", context["user"].pk)
