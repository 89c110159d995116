"""The login form when single sign-on is on: staff are sent to the SSO button."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import LoginForm
from accounts.oidc_users import staff_must_use_sso
from core import events


class SSOAwareLoginForm(LoginForm):
    """The password login, which refuses staff while they must sign in through SSO.

    The check comes after the password is found correct, so the form does not tell strangers
    which addresses belong to staff; the refusal goes to the security log.
    """

    error_messages = {
        **LoginForm.error_messages,
        "sso_only": _(
            "Municipal staff sign in with their municipal account: use the button “Log in with your "
            "municipal account”. The password login is for initiative coordinators."
        ),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if staff_must_use_sso(user):
            events.announce(
                self.request,
                "password_login_refused",
                actor=user,
                result="failure",
                detail={"username": user.email, "reason": "sso_only"},
            )
            raise forms.ValidationError(self.error_messages["sso_only"], code="sso_only")
