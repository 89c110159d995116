from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How the change history reads this app's entries (core.history.register).
HISTORY = {
    "events": {
        "agreement_lapsed": _("agreement lapsed because the text changed"),
        "section_removed": _("section removed"),
        "version_frozen": _("version frozen"),
        "agreed_municipality": _("the municipality agreed to version"),
        "agreed_initiative": _("the initiative agreed to version"),
        "scan": _("signed scan uploaded"),
        "signed_on": _("signed on"),
        "signatories": _("signatories"),
        "college_decision": _("college decision"),
        "archive_package": _("archive package exported"),
    },
    # Entries written before the history stored keys: their Dutch labels and values.
    "legacy_labels": {
        "akkoord": "agreement_lapsed",
        "akkoord municipality": "agreed_municipality",
        "akkoord initiative": "agreed_initiative",
        "getekende scan": "scan",
    },
    "legacy_values": {
        "gegeven": _("given"),
        "vervallen door wijziging": _("lapsed because the text changed"),
        "aanwezig": _("present"),
        "verwijderd": _("removed"),
    },
    "patterns": {r"^versie (?P<number>\d+)$": _("version %(number)s")},
}


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Draft agreements")

    def ready(self):
        from agreements.services import partnership_section
        from core import history
        from partnerships import sections

        sections.register(partnership_section)
        history.register(**HISTORY)
