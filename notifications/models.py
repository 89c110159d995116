"""Inbox items: what one side of a partnership did that a person on the other side should hear of."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerships import notices


class Notification(models.Model):
    """One notice for one person: in their inbox until read, and (by their choice) mailed once."""

    class Mail(models.TextChoices):
        NONE = "none", _("not mailed")
        PENDING = "pending", _("to be mailed")
        SENDING = "sending", _("being mailed")
        SENT = "sent", _("mailed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("partnership"),
    )
    kind = models.CharField(_("kind"), max_length=50)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as it was, so the inbox still says who did it after the account is gone or renamed.
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    immediate = models.BooleanField(_("mail at once"), default=False)
    mail_state = models.CharField(_("mail"), max_length=10, choices=Mail.choices, default=Mail.NONE)
    mail_attempts = models.PositiveSmallIntegerField(_("mail attempts"), default=0)
    mail_error = models.CharField(_("last mail error"), max_length=500, blank=True)
    mail_claimed_at = models.DateTimeField(null=True, blank=True)
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_content = models.TextField(blank=True)
    attachment_mimetype = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox"),
            models.Index(fields=["mail_state", "immediate"], name="notification_mail_queue"),
        ]

    def __str__(self):
        return self.text()

    def text(self) -> str:
        """Who did what in which initiative, in the active language."""
        return label_text(self.kind, actor=self.actor_name, initiative=self.partnership.initiative.name)


GENERIC = _("%(actor)s changed something in the partnership with %(initiative)s")
SOMEONE = _("Someone")


def label_text(kind: str, *, actor: str, initiative: str) -> str:
    """The registered label of `kind` filled in; an unknown kind reads as a generic change."""
    template = notices.kinds().get(kind, GENERIC)
    values = {"actor": actor or str(SOMEONE), "initiative": initiative}
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return str(GENERIC) % values
