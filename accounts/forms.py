from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.utils.translation import gettext_lazy as _

from accounts import signals
from accounts.auth import normalise_email, validate_plain_email
from accounts.models import STAFF_ROLES, Role, User
from core.forms import VersionedModelForm
from core.safety import SingleLineTextMixin


class LoginForm(SingleLineTextMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )

    error_messages = {
        "invalid_login": _(
            "The email address or password is not correct. Note: after %(limit)s failed attempts "
            "the account is locked for a while."
        ),
        "inactive": _("This account is not active. Ask an administrator of your municipality."),
    }

    def clean_username(self):
        # The form the account is looked up by and axes counts failures against.
        return normalise_email(self.cleaned_data["username"])

    def get_invalid_login_error(self):
        from django.conf import settings

        return forms.ValidationError(
            self.error_messages["invalid_login"], code="invalid_login", params={"limit": settings.AXES_FAILURE_LIMIT}
        )


class PasswordResetForm(SingleLineTextMixin, DjangoPasswordResetForm):
    def get_users(self, email):
        """Active accounts with a password under exactly this (normalised) address. Django's own
        lookup uses `iexact`, which on PostgreSQL also folds look-alikes (`kım` -> `KIM`)."""
        users = User._default_manager.filter(email=normalise_email(email), is_active=True)
        return (user for user in users if user.has_usable_password())


def _staff_role_choices():
    # Coordinators get their account through an invitation for their initiative, not here.
    return [(r.value, r.label) for r in STAFF_ROLES]


class UserCreateForm(SingleLineTextMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "role", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _staff_role_choices()

    def clean_email(self):
        validate_plain_email(self.cleaned_data["email"])
        email = normalise_email(self.cleaned_data["email"])
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("There is already an account with this email address."))
        return email


class UserUpdateForm(VersionedModelForm):
    class Meta:
        model = User
        fields = ["full_name", "role", "language", "is_active"]

    def __init__(self, *args, editor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor
        if not self.instance.is_coordinator:
            self.fields["role"].choices = _staff_role_choices()

    def clean(self):
        cleaned = super().clean()
        if self.editor is not None and self.instance.pk == self.editor.pk:
            if cleaned.get("is_active") is False:
                self.add_error("is_active", _("You cannot deactivate your own account."))
            if cleaned.get("role") and cleaned["role"] != Role.BEHEERDER:
                self.add_error("role", _("You cannot take away your own administrator role."))
        if cleaned.get("is_active") is False and self.instance.is_active:
            for _receiver, objection in signals.deactivation_objections.send(sender=User, user=self.instance):
                if objection:
                    self.add_error("is_active", objection)
        return cleaned


class AcceptInvitationForm(SingleLineTextMixin, forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email="", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        from django.contrib.auth.password_validation import validate_password

        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif p1:
            try:
                validate_password(p1, User(email=self.email, full_name=cleaned.get("full_name", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ProfileForm(VersionedModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language", "notification_mail"]
        widgets = {"notification_mail": forms.RadioSelect}


class TokenForm(SingleLineTextMixin, forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=12,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )
