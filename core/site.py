"""This site's own address, for links that leave it (mail, calendar invitations)."""

from django.conf import settings


def site_url() -> str:
    """SITE_URL without a trailing slash ("" when unset: links are then paths)."""
    return (getattr(settings, "SITE_URL", "") or "").rstrip("/")
