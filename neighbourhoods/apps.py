from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How the change history reads this app's entries (core.history.register).
HISTORY = {
    "events": {
        "progress": _("progress"),
        "copied_from": _("copy of goal"),
        "imported": _("imported from"),
        "cbs_facts": _("CBS figures of the year"),
        "cbs_facts_derived": _("wijk figures derived from the buurten, import"),
    },
    "legacy_labels": {"voortgang": "progress"},
    "notes": {"bulk": _("set for several neighbourhoods at once")},
    # Notes that entries written before the history stored keys carry.
    "patterns": {
        r"^kopie van doel (?P<pk>\d+)$": _("copy of goal %(pk)s"),
        r"^(?:Imported from|Geïmporteerd uit) (?P<file>.+)$": _("Imported from %(file)s"),
    },
}


class NeighbourhoodsConfig(AppConfig):
    name = "neighbourhoods"
    verbose_name = _("Neighbourhoods")

    def ready(self):
        from core import history

        history.register(**HISTORY)
