from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import urlencode

from accounts import oidc, two_factor


class LanguageMiddleware:
    """Dutch unless the person chose otherwise.

    The language comes from the logged-in user's account, else from the language cookie set by
    the language switch, else LANGUAGE_CODE (nl). The browser's Accept-Language is ignored on
    purpose: a municipal app is Dutch first, and English is a choice the user makes.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = dict(settings.LANGUAGES)

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = user.language if user is not None and user.is_authenticated and user.language else None
        if language not in self.supported:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override, not activate: the language must not leak into whatever the thread does next.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary = response.get("Vary", "")
        if "Cookie" not in patch_vary:
            response["Vary"] = f"{patch_vary}, Cookie" if patch_vary else "Cookie"
        return response


class TwoFactorMiddleware:
    """A logged-in user who has a second factor, or whose role requires one, must verify it first.

    Until then every page except the two-factor pages, logout and the language switch sends them
    to verify (or, without a device yet, to set one up). Not after single sign-on: the provider
    did the second factor (OIDC_ACR_VALUES can demand it).
    """

    ALLOWED = (
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
        "accounts:logout",
        "accounts:set_language",
        "neighbourhoods:logo",  # the header of the two-factor pages shows it
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not oidc.signed_in_with_sso(request)
        ):
            try:
                match = resolve(request.path_info)
                name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
            except Resolver404:
                name = ""
            if name not in self.ALLOWED and name != "healthz" and not request.path_info.startswith("/static/"):
                if two_factor.has_device_cached(request):
                    target = "accounts:two_factor_verify"
                elif two_factor.required_for(user):
                    target = "accounts:two_factor_setup"
                else:
                    return self.get_response(request)
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
