from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How the change history reads this app's entries (core.history.register).
HISTORY = {
    "events": {
        "meeting_planned": _("meeting planned"),
        "meeting_cancelled": _("meeting cancelled"),
        "meeting_report": _("meeting report written"),
        "meeting_comment": _("comment on the meeting report"),
    },
}

# What the other side hears of (partnerships.notices).
NOTICES = {
    "meeting_planned": _("%(actor)s planned a meeting with %(initiative)s"),
    "meeting_updated": _("%(actor)s changed the meeting with %(initiative)s"),
    "meeting_cancelled": _("%(actor)s cancelled the meeting with %(initiative)s"),
    "report_written": _("%(actor)s wrote the report of the meeting with %(initiative)s"),
    "report_updated": _("%(actor)s changed the report of the meeting with %(initiative)s"),
    "report_comment": _("%(actor)s commented on the report of the meeting with %(initiative)s"),
}


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from core import history
        from meetings.services import partnership_section
        from partnerships import notices, sections

        sections.register(partnership_section)
        history.register(**HISTORY)
        notices.register(NOTICES)
