import logging

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template.loader import render_to_string

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


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": "Enter a correct e-mail address and password.",
        "inactive": "This account has been switched off. Ask your administrator.",
    }


class PasswordResetEmailForm(PasswordResetForm):
    """Django's password reset, sending its e-mail through the service's one e-mail helper."""

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


class DateInput(forms.DateInput):
    """A browser date picker. Its value must be YYYY-MM-DD whatever the locale: en-GB's
    dd/mm/yyyy is discarded by the browser, so a saved date would be lost on the next edit."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = PLAN_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "public_outcome": forms.Textarea(attrs={"rows": 3}),
            "expected_benefits": forms.Textarea(attrs={"rows": 3}),
            "agreement_notes": forms.Textarea(attrs={"rows": 3}),
            "scoping_target": DateInput,
            "governance_alignment_target": DateInput,
            "joint_risk_assessment_target": DateInput,
            "delivery_target": DateInput,
        }
        help_texts = {
            "summary": "What the scheme is, in a few sentences a board member would understand.",
            "objectives": "What the scheme must achieve. One objective a line.",
        }
        error_messages = {
            "reference": {
                "required": "Enter a reference",
                "max_length": f"Reference must be {REFERENCE_MAX_LENGTH} characters or fewer",
                # The form field refuses a null character before the model sees it.
                "null_characters_not_allowed": REFERENCE_MESSAGE,
            }
        }

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()


class TargetMoveForm(forms.Form):
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


class PartnerAddForm(forms.Form):
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
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


# No role is chosen for the lead: a default (it used to be "Project lead", the first choice)
# hands out the most powerful role to anyone added in a hurry.
ROLE_CHOICES = [("", "Choose a role"), *MemberRole.choices]


class MemberAddForm(forms.Form):
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
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class InvitationForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(label="Work e-mail address")
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        help_text="The partner organisation the person will represent.",
    )
    role = forms.ChoiceField(
        choices=ROLE_CHOICES,
        error_messages={"required": "Choose the role the person will have."},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ReasonForm(forms.Form):
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


class InvitationAcceptForm(forms.Form):
    password1 = forms.CharField(label="Choose a password", widget=forms.PasswordInput)
    password2 = forms.CharField(label="Enter the password again", widget=forms.PasswordInput)

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


class S2NoticeForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        empty_label="Choose a service",
        label="Service notified",
    )

    class Meta:
        model = S2Notice
        fields = ["organisation", "notified_on", "response", "responded_on", "reason"]
        widgets = {
            "notified_on": DateInput,
            "responded_on": DateInput,
            "reason": forms.Textarea(attrs={"rows": 3}),
            "response": forms.RadioSelect,
        }
        # The model refuses other dates (planner.dates); the hints say so before anyone tries.
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
