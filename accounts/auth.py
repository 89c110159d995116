"""Who is trying to log in, and from where: one definition shared by the login, django-axes, account
creation and the security log."""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _


def normalise_email(value) -> str:
    """The one form of an email address used to store it, to find an account and to count its
    failed logins: Unicode NFKC with case folding (NFKC_Casefold), so `Kim@Example.NL`,
    `ｋim@example.nl` and `kim@example.nl` are one key, and a look-alike such as `kım@example.nl`
    (dotless i) is another. Compare this form exactly, never with `iexact`: PostgreSQL answers that
    with UPPER(), which turns `ı` into `I` and `ſ` into `S`."""
    text = unicodedata.normalize("NFKC", str(value or "").strip())
    return unicodedata.normalize("NFKC", text.casefold())


def is_plain_email(value) -> bool:
    """A valid address of printable ASCII only, without quotes: no look-alike letters (`ı`, `ſ`, the
    Kelvin sign), no accented or other non-ASCII names or domains (an international domain goes in
    its xn-- form), no spaces or control characters."""
    text = str(value or "").strip()
    if not text or len(text) > 254 or not all("!" <= char <= "~" for char in text) or '"' in text or "\\" in text:
        return False
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


NOT_PLAIN_MESSAGE = _(
    "Use a plain email address: letters a-z, digits and common signs such as . _ - + only. Letters "
    "from other alphabets or with accents (such as ı, ſ or é), spaces and invisible characters are not "
    "accepted, as they can make an address look like someone else's."
)


def validate_plain_email(value) -> None:
    """Refuse a valid address that is not plain. An invalid one is left to Django's email validator,
    which every email field runs too (so a typo gets one message, not two)."""
    try:
        validate_email(str(value or "").strip())
    except ValidationError:
        return
    if not is_plain_email(value):
        raise ValidationError(NOT_PLAIN_MESSAGE, code="not_plain")


def axes_username(request, credentials):
    """The login name axes counts failures against: the same normalised form the login looks up."""
    if credentials:
        username = credentials.get("username", "")
    else:
        username = request.POST.get("username", "")
    return normalise_email(username)


def client_address(request) -> str:
    """The client's address as configured for the reverse proxies in front of the app
    (`AXES_PROXY_COUNT`, see config/settings.py): what axes records and what the security log
    keeps. Empty when it cannot be told (a malformed X-Forwarded-For, or no proxy header behind a
    proxy)."""
    if request is None:
        return ""
    from axes.helpers import get_client_ip_address

    return (get_client_ip_address(request) or "")[:45]
