"""Who is trying to log in, and from where: one definition shared by the login, django-axes and
the security log."""


def axes_username(request, credentials):
    """The login name axes counts failures against: case-insensitive, like the login itself."""
    if credentials:
        username = credentials.get("username", "")
    else:
        username = request.POST.get("username", "")
    return (username or "").strip().lower()


def client_address(request) -> str:
    """The client's address as configured for the reverse proxies in front of the app
    (`AXES_PROXY_COUNT`, see config/settings.py): what axes records and what the security log
    keeps. Empty when it cannot be told (a malformed X-Forwarded-For, or no proxy header behind a
    proxy)."""
    if request is None:
        return ""
    from axes.helpers import get_client_ip_address

    return (get_client_ip_address(request) or "")[:45]
