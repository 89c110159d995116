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
        "source_taken_over": _("new text from the partnership file taken over in section"),
        "source_kept": _("own text kept despite a changed partnership file in section"),
        "withdrawn_municipality": _("the municipality withdrew its agreement to version"),
        "withdrawn_initiative": _("the initiative withdrew its agreement to version"),
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
    "patterns": {
        r"^versie (?P<number>\d+)$": _("version %(number)s"),
        # The note on the status change that both sides' agreement caused (services.BOTH_AGREED_NOTE).
        r"^both sides agreed to version (?P<number>\d+)$": _("both sides agreed to version %(number)s"),
    },
}

# What the other side of a partnership hears of (partnerships.notices).
NOTICES = {
    "version_fixed": _("%(actor)s froze a version of the draft agreement with %(initiative)s"),
    "agreement_given": _("%(actor)s agreed to a version of the draft agreement with %(initiative)s"),
    "agreement_withdrawn": _("The agreement to the draft agreement with %(initiative)s no longer stands (%(actor)s)"),
    "draft_comment": _("%(actor)s commented on the draft agreement with %(initiative)s"),
}


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Draft agreements")

    def ready(self):
        from agreements.services import partnership_section
        from core import history
        from partnerships import notices, sections

        sections.register(partnership_section)
        history.register(**HISTORY)
        notices.register(NOTICES)
