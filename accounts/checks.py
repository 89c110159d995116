from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def proxy_count_check(app_configs, **kwargs):
    """Behind a TLS proxy without AXES_PROXY_COUNT every client has the proxy's address: the security
    log would show only that, and the password reset's per-client limit would count everyone together."""
    behind_proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if behind_proxy and getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) is None:
        return [
            Warning(
                "DJANGO_BEHIND_TLS_PROXY is set but AXES_PROXY_COUNT is 0: every client would have the "
                "proxy's address.",
                hint="Set AXES_PROXY_COUNT to the number of reverse proxies in front of the app "
                "(docs/operations.md, Security).",
                id="accounts.W001",
            )
        ]
    return []
