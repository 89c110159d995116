from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How the change history reads this app's entries (core.history.register).
HISTORY = {
    "events": {
        "document_added": _("document added"),
        "document_file": _("file"),
        "document_replaced": _("new version of the file"),
        "document_removed": _("document removed"),
        "files_deleted": _("files deleted"),
    },
}

# What the other side of a partnership hears of (partnerships.notices).
NOTICES = {
    "document_shared": _("%(actor)s shared a document with %(initiative)s"),
    "document_replaced": _("%(actor)s uploaded a new version of a document of %(initiative)s"),
}


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from core import history
        from documents.services import partnership_section
        from partnerships import notices, sections

        sections.register(partnership_section)
        history.register(**HISTORY)
        notices.register(NOTICES)
