import logging

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.template.loader import render_to_string

from planner.govuk_forms import GovukDateField, GovukErrorsMixin, GovukForm, GovukModelForm
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
