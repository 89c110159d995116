from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from core.forms import VersionedModelForm


class LoginForm(AuthenticationForm):
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
        return self.cleaned_data["username"].strip().lower()

    def get_invalid_login_error(self):
        from django.conf import settings

        return forms.ValidationError(
            self.error_messages["invalid_login"], code="invalid_login", params={"limit": settings.AXES_FAILURE_LIMIT}
        )


class UserCreateForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "role", "language"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("There is already an account with this email address."))
        return email


class UserUpdateForm(VersionedModelForm):
    class Meta:
        model = User
        fields = ["full_name", "role", "language", "is_active"]

    def __init__(self, *args, editor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor

    def clean(self):
        cleaned = super().clean()
        if self.editor is not None and self.instance.pk == self.editor.pk:
            if cleaned.get("is_active") is False:
                self.add_error("is_active", _("You cannot deactivate your own account."))
            if cleaned.get("role") and cleaned["role"] != Role.BEHEERDER:
                self.add_error("role", _("You cannot take away your own administrator role."))
        return cleaned


class ProfileForm(VersionedModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]
