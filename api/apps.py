from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The open data API and its keys (see docs/api.md)."""

    name = "api"
    verbose_name = _("Open data API")
