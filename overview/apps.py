from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How the change history reads this app's entries (core.history.register).
HISTORY = {"events": {"anonymised": _("anonymised")}, "legacy_labels": {"geanonimiseerd": "anonymised"}}


class OverviewConfig(AppConfig):
    """The top layer: pages and jobs that read across the domain apps (see docs/architecture.md)."""

    name = "overview"
    verbose_name = _("Overview")

    def ready(self):
        from core import history

        history.register(**HISTORY)
