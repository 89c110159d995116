from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    """The top layer: pages and jobs that read across the domain apps (see docs/architecture.md)."""

    name = "overview"
    verbose_name = _("Overview")
