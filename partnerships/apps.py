from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How the change history reads this app's entries (core.history.register).
HISTORY = {
    "events": {
        "log": _("contact log"),
        "need": _("need added"),
        "need_changed": _("need changed"),
        "shared_goal": _("shared goal added"),
        "activity": _("activity added"),
        "activity_taken_on": _("activity taken on"),
        "comment": _("comment added"),
        "invitation": _("invitation sent"),
        "invitation_revoked": _("invitation revoked"),
        "coordinator": _("coordinator joined"),
        "via_invitation": _("account made through an invitation"),
    },
    # Entries written before the history stored keys named these in Dutch.
    "legacy_labels": {
        "contactlog": "log",
        "behoefte": "need",
        "gezamenlijk doel": "shared_goal",
        "activiteit": "activity",
        "activiteit opgepakt": "activity_taken_on",
        "reactie": "comment",
        "uitnodiging": "invitation",
        "uitnodiging ingetrokken": "invitation_revoked",
        "coördinator": "coordinator",
    },
    # A coordinator sees their initiative's history, but not its municipal contacts, internal
    # notes or internal contact-log entries (a "log" event says whether its entry was shared;
    # old ones did not, so they count as internal).
    "internal": {
        "partnerships.initiative": {"notes", "contact", "deputy", "log"},
        "partnerships.partnership": {"start_reason"},
        "partnerships.conversation": {"internal_notes"},
    },
    "notes": {"intensiteit": _("intensity assessment"), "uitnodiging": _("account made through an invitation")},
}

# What the other side reads in their inbox and mail (partnerships.notices, docs/notifications.md).
NOTICES = {
    "need_added": _("%(actor)s added a need in the partnership with %(initiative)s"),
    "need_changed": _("%(actor)s changed a need in the partnership with %(initiative)s"),
    "goal_added": _("%(actor)s added a shared goal in the partnership with %(initiative)s"),
    "activity_added": _("%(actor)s added an activity in the partnership with %(initiative)s"),
    "activity_taken_on": _("%(actor)s took on an activity in the partnership with %(initiative)s"),
    "comment_added": _("%(actor)s commented in the partnership with %(initiative)s"),
}


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from accounts.signals import deactivation_objections
        from core import history
        from partnerships import notices
        from partnerships.receivers import object_to_deactivation

        deactivation_objections.connect(object_to_deactivation, dispatch_uid="partnerships.deactivation")
        history.register(**HISTORY)
        notices.register(NOTICES)
