"""Who may read the API, and how often: the municipality's choice in API_ACCESS.

- `off`: the API does not exist (every /api/ address answers 404; the default in production);
- `public`: anyone may read it (the default in development and the demo);
- `key`: a key a beheerder issued, sent in the `X-Api-Key` header; without one, 401. The OpenAPI
  document stays public.

Every client is held to API_RATE_LIMIT: one with a valid key per key, others per address.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle

from accounts.auth import client_address
from api import services
from api.models import ApiKey

OFF, PUBLIC, KEY = "off", "public", "key"
MODES = (OFF, PUBLIC, KEY)
KEY_HEADER = "X-Api-Key"
KEY_META = "HTTP_X_API_KEY"


def mode() -> str:
    return settings.API_ACCESS


class ApiKeyAuthentication(BaseAuthentication):
    """In key mode: the request's API key, if it is an active one (else no authentication; the
    permission below decides what to answer, after the rate limit has counted the request)."""

    def authenticate(self, request):
        request.api_key_problem = None
        if mode() != KEY:
            return None
        raw = request.META.get(KEY_META, "").strip()
        if not raw:
            request.api_key_problem = "missing"
            return None
        key = services.find_active(raw)
        if key is None:
            request.api_key_problem = "refused"
            services.record_refusal(request._request, "unknown or revoked key")
            return None
        services.record_use(key, request._request)
        return (None, key)

    def authenticate_header(self, request):
        # A 401 needs a WWW-Authenticate header (RFC 9110); this names the header that carries the key.
        return f'ApiKey header="{KEY_HEADER}"'


class ApiAccess(BasePermission):
    """Public mode: everyone. Key mode: requests with an active key."""

    def has_permission(self, request, view):
        if mode() != KEY or isinstance(request.auth, ApiKey):
            return True
        if getattr(request, "api_key_problem", None) == "refused":
            raise exceptions.AuthenticationFailed(_("This API key is unknown or has been revoked."))
        raise exceptions.NotAuthenticated(
            _("This API needs a key in the X-Api-Key header. The municipality issues keys on request.")
        )


class ClientRateThrottle(SimpleRateThrottle):
    """API_RATE_LIMIT requests per client: per key when the request has a valid one, else per address
    (the client address as the security log and axes take it: behind proxies, see AXES_PROXY_COUNT)."""

    scope = "api"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            ident = f"key-{request.auth.pk}"
        else:
            ident = client_address(request._request) or "unknown"
        return self.cache_format % {"scope": self.scope, "ident": ident}
