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
        "activity_note": _("progress note"),
        "stop_proposed": _("proposal to stop together"),
        "stop_declined": _("proposal to stop declined"),
        "stop_withdrawn": _("proposal to stop withdrawn"),
        "stop_agreed_outside": _("stop agreed outside the app"),
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
    "notes": {
        "intensiteit": _("intensity assessment"),
        "uitnodiging": _("account made through an invitation"),
        # Status changes the system makes, saying what caused them (services.SYSTEM_NOTES).
        "first_conversation": _("the first conversation was recorded"),
        "stop_confirmed": _("both sides agreed to the proposal to stop together"),
        "stop_agreed_outside": _("a stop agreed outside the app was recorded"),
    },
}

# What the other side of a partnership hears of (partnerships.notices; the notifications app
# keeps the inbox and sends mail).
NOTICES = {
    "activity_updated": _("%(actor)s updated an activity of %(initiative)s"),
    "activity_note": _("%(actor)s added a progress note to an activity of %(initiative)s"),
    "contact_entry_added": _("%(actor)s added an entry to the contact log of %(initiative)s"),
    "stop_proposed": _("%(actor)s proposes to stop the partnership with %(initiative)s together"),
    "stop_answered": _("%(actor)s answered the proposal to stop the partnership with %(initiative)s"),
    "stop_confirmed": _("%(actor)s confirmed: the partnership with %(initiative)s has stopped together"),
    "status_changed": _("The status of the partnership with %(initiative)s has changed"),
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
