"""Pages of single sign-on: the login page with the SSO button, the way to the provider and back,
logout at both ends, and our public key for `private_key_jwt`. The protocol is in `accounts/oidc.py`,
the accounts and roles in `accounts/oidc_users.py`."""

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts import oidc, oidc_users, views
from accounts.oidc_forms import SSOAwareLoginForm
from core import events
from core.views import safe_next_url

# The session remembers which backend logged the user in; SSO users are loaded like any other.
BACKEND = "accounts.backends.EmailBackend"

TRY_AGAIN = (
    _("Signing in did not work"),
    _(
        "Signing in with your municipal account did not succeed. This happens when the login page was open "
        "for too long or was used twice. Please try again."
    ),
    400,
)
REFUSALS = {
    "unavailable": (
        _("Signing in did not work"),
        _("The municipality's login service cannot be reached right now. Please try again in a few minutes."),
        503,
    ),
    "no_role": (
        _("No access to Wijkpartner"),
        _(
            "You signed in with your municipal account, but it is not in a group that gives access to "
            "Wijkpartner. Ask your manager or Wijkpartner's administrator to add you to the right group "
            "(administrator, editor or reader)."
        ),
        403,
    ),
    "not_allowed": (
        _("No access to Wijkpartner"),
        _(
            "There is no Wijkpartner account for you yet, and accounts are not created automatically for your "
            "organisation. Ask Wijkpartner's administrator."
        ),
        403,
    ),
    "no_email": (
        _("No access to Wijkpartner"),
        _(
            "Your municipal account has no e-mail address, which Wijkpartner needs for a new account. Ask the "
            "administrator of the login service."
        ),
        403,
    ),
    "email_taken": (
        _("No access to Wijkpartner"),
        _(
            "There already is a Wijkpartner account with your e-mail address that is not linked to your municipal "
            "account. Ask Wijkpartner's administrator to link it."
        ),
        403,
    ),
    "inactive": (
        _("No access to Wijkpartner"),
        _("Your Wijkpartner account has been deactivated. Ask Wijkpartner's administrator."),
        403,
    ),
    "coordinator": (
        _("No access to Wijkpartner"),
        _(
            "This account belongs to an initiative coordinator. Coordinators log in with their e-mail address "
            "and password."
        ),
        403,
    ),
}


def refuse(request, reason: str, *, detail=None, user=None):
    """The Dutch page that says why, and an entry in the security log."""
    events.announce(request, "sso_refused", actor=user, result="failure", detail={"reason": reason, **(detail or {})})
    title, message, status = REFUSALS.get(reason, TRY_AGAIN)
    return render(
        request,
        "accounts/sso_refused.html",
        {"title": title, "message": message, "try_again": status != 403},
        status=status,
    )


class LoginView(views.LoginView):
    """The login page: with SSO on, staff get the SSO button and coordinators the password form."""

    authentication_form = SSOAwareLoginForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, sso_enabled=oidc.enabled(), staff_password_login=settings.OIDC_STAFF_PASSWORD_LOGIN
        )


@require_GET
@never_cache
def sso_login(request):
    """To the provider. A link, not a form: CSP's form-action keeps forms on this site."""
    if not oidc.enabled():
        raise Http404
    next_url = safe_next_url(request, reverse(settings.LOGIN_REDIRECT_URL))
    try:
        return HttpResponseRedirect(oidc.begin(request, next_url))
    except oidc.SSOError as error:
        return refuse(request, "unavailable", detail={"step": error.reason, **error.detail})


@require_GET
@never_cache
def sso_callback(request):
    """Back from the provider: check everything, find the account, log in."""
    if not oidc.enabled():
        raise Http404
    try:
        sign_in = oidc.complete(request)
    except oidc.ProviderUnavailable as error:
        return refuse(request, "unavailable", detail={"step": error.reason, **error.detail})
    except oidc.SSOError as error:
        return refuse(request, error.reason, detail=error.detail)
    identity = sign_in.identity
    outcome = oidc_users.account_for(request, identity)
    about = {"issuer": identity.issuer, "subject": identity.subject, "email": identity.email}
    if outcome.refusal:
        return refuse(request, outcome.refusal, detail={**about, "groups": identity.groups[:20]}, user=outcome.user)
    auth_login(request, outcome.user, backend=BACKEND)
    oidc.remember(request, sign_in)
    events.announce(
        request,
        "sso_login",
        actor=outcome.user,
        detail={**about, "role": outcome.user.role, "created": outcome.created, "amr": identity.amr[:10]},
    )
    return HttpResponseRedirect(sign_in.next_url)


class LogoutView(views.LogoutView):
    """Log out here; after an SSO login also at the provider, when it offers an end_session_endpoint."""

    def post(self, request, *args, **kwargs):
        sso = request.session.get(oidc.SESSION_SSO) if oidc.enabled() else None
        response = super().post(request, *args, **kwargs)
        if sso:
            url = oidc.logout_url(request, sso)
            if url:
                return HttpResponseRedirect(url)
        return response


@require_GET
def sso_jwks(request):
    """Our public key, for a provider that reads the keys for `private_key_jwt` from a URL."""
    if not oidc.enabled() or settings.OIDC_TOKEN_AUTH_METHOD != "private_key_jwt":
        raise Http404
    return JsonResponse(oidc.client_jwks())
