from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How the change history reads this app's entries (core.history.register).
HISTORY = {
    "events": {"node": _("node added")},
    "legacy_labels": {"knooppunt": "node"},
    # Which side a saved answer came from.
    "notes": {"municipality": _("answers of the municipality"), "initiative": _("answers of the initiative")},
}

# What the other side reads in their inbox and mail (partnerships.notices).
NOTICES = {"wijkkompas_side_filled": _("%(actor)s saved answers in the Wijkkompas discussion with %(initiative)s")}


class WijkkompasConfig(AppConfig):
    name = "wijkkompas"
    verbose_name = _("Wijkkompas")

    def ready(self):
        from core import history
        from partnerships import notices, sections
        from wijkkompas.services import partnership_section

        sections.register(partnership_section)
        history.register(**HISTORY)
        notices.register(NOTICES)
