"""System checks of the single sign-on settings (`manage.py check`, and so every start)."""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

from accounts.oidc import TOKEN_AUTH_METHODS
from accounts.oidc_users import ROLE_ORDER

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _error(message, id, hint=None):
    return checks.Error(message, hint=hint, id=id)


def check_oidc_settings(app_configs=None, **kwargs):
    if not settings.OIDC_ENABLED:
        return []
    problems = []
    issuer = urlsplit(settings.OIDC_ISSUER)
    if not settings.OIDC_ISSUER:
        problems.append(_error("OIDC_ENABLED is on but OIDC_ISSUER is empty.", "accounts.E101"))
    elif issuer.scheme != "https" and issuer.hostname not in LOOPBACK:
        problems.append(_error("OIDC_ISSUER must be an https:// address.", "accounts.E101"))
    if not settings.OIDC_CLIENT_ID:
        problems.append(_error("OIDC_ENABLED is on but OIDC_CLIENT_ID is empty.", "accounts.E101"))
    mapping = [item.rpartition("=") for item in settings.OIDC_ROLE_MAPPING]
    wrong = [group + sep + role for group, sep, role in mapping if not group.strip() or role.strip() not in ROLE_ORDER]
    if not mapping or wrong:
        problems.append(
            _error(
                f"OIDC_ROLE_MAPPING needs `group=role` items with a role of {', '.join(ROLE_ORDER)}"
                + (f"; not: {', '.join(wrong)}" if wrong else "."),
                "accounts.E102",
                hint="For example: wp-beheer=beheerder,wp-medewerker=medewerker,wp-lezer=lezer",
            )
        )
    method = settings.OIDC_TOKEN_AUTH_METHOD
    if method not in TOKEN_AUTH_METHODS:
        problems.append(
            _error(f"OIDC_TOKEN_AUTH_METHOD must be one of {', '.join(TOKEN_AUTH_METHODS)}.", "accounts.E103")
        )
    elif method == "private_key_jwt":
        key_file = settings.OIDC_CLIENT_PRIVATE_KEY_FILE
        if not key_file or not Path(key_file).is_file():
            problems.append(
                _error(
                    "OIDC_TOKEN_AUTH_METHOD=private_key_jwt needs OIDC_CLIENT_PRIVATE_KEY_FILE (a readable PEM file).",
                    "accounts.E104",
                    hint="openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out wijkpartner-oidc.pem",
                )
            )
    elif not settings.OIDC_CLIENT_SECRET:
        problems.append(_error(f"OIDC_TOKEN_AUTH_METHOD={method} needs OIDC_CLIENT_SECRET.", "accounts.E104"))
    if not settings.OIDC_ALLOWED_DOMAINS and not settings.OIDC_ALLOWED_GROUPS:
        problems.append(
            checks.Info(
                "Neither OIDC_ALLOWED_DOMAINS nor OIDC_ALLOWED_GROUPS is set: single sign-on creates no accounts, "
                "only accounts already linked can sign in.",
                id="accounts.I105",
            )
        )
    return problems


def register():
    checks.register(check_oidc_settings, checks.Tags.security)
    checks.register(proxy_count_check, checks.Tags.security, deploy=True)


def proxy_count_check(app_configs, **kwargs):
    """Behind a TLS proxy without AXES_PROXY_COUNT every client has the proxy's address: the security
    log would show only that, and the password reset's per-client limit would count everyone together."""
    behind_proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if behind_proxy and getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) is None:
        return [
            checks.Warning(
                "DJANGO_BEHIND_TLS_PROXY is set but AXES_PROXY_COUNT is 0: every client would have the "
                "proxy's address.",
                hint="Set AXES_PROXY_COUNT to the number of reverse proxies in front of the app "
                "(docs/operations.md, Security).",
                id="accounts.W001",
            )
        ]
    return []
