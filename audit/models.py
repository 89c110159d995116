"""The security audit log and the record of reminders sent."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

APPEND_ONLY = "The security log is append-only."


class SecurityEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied(APPEND_ONLY)

    def delete(self):
        raise PermissionDenied(APPEND_ONLY)


class SecurityEvent(models.Model):
    """One security-relevant event: a login, a lockout, an invitation, an export, an anonymisation.

    Append-only like core.ChangeEntry: `save` refuses updates, `delete` and the queryset's
    `update`/`delete` refuse outright. The one exception is the retention limit, applied by
    `purge_older_than` (see its docstring and docs/retention.md).
    """

    class Action(models.TextChoices):
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("login failed")
        LOCKOUT = "lockout", _("locked out")
        LOGOUT = "logout", _("logged out")
        INVITATION_SENT = "invitation_sent", _("invitation sent")
        INVITATION_ACCEPTED = "invitation_accepted", _("invitation accepted")
        INVITATION_REVOKED = "invitation_revoked", _("invitation revoked")
        ROLE_CHANGED = "role_changed", _("role changed")
        EXPORT = "export", _("export")
        PERSONAL_DATA_EXPORT = "personal_data_export", _("personal data exported")
        ANONYMISED = "anonymised", _("account anonymised")
        SSO_LOGIN = "sso_login", _("signed in through SSO")
        SSO_REFUSED = "sso_refused", _("SSO sign-in refused")
        SSO_ACCOUNT_CREATED = "sso_account_created", _("account created through SSO")
        PASSWORD_LOGIN_REFUSED = "password_login_refused", _("password login refused (SSO only)")
        ACCOUNT_DEACTIVATED = "account_deactivated", _("account deactivated")
        ACCOUNT_REACTIVATED = "account_reactivated", _("account reactivated")
        API_KEY_ISSUED = "api_key_issued", _("API key issued")
        API_KEY_REVOKED = "api_key_revoked", _("API key revoked")
        API_KEY_USED = "api_key_used", _("API key used")
        API_KEY_REFUSED = "api_key_refused", _("API key refused")

    class Result(models.TextChoices):
        SUCCESS = "success", _("success")
        FAILURE = "failure", _("failure")

    at = models.DateTimeField(_("at"), default=timezone.now, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    # The login name at the time, kept beside the foreign key: the log still names an account that is gone.
    actor_repr = models.CharField(_("by"), max_length=255, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, default=Result.SUCCESS)
    origin = models.CharField(_("address"), max_length=45, blank=True, help_text=_("Client IP address."))
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["-at", "-id"], name="audit_event_newest"),
            models.Index(fields=["action", "-at"], name="audit_event_action"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.actor_repr} ({self.at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(APPEND_ONLY)

    @classmethod
    def purge_older_than(cls, cutoff) -> int:
        """Delete the events from before `cutoff`; returns how many. For `apply_retention` only.

        The log is append-only so that nobody can quietly remove a trace, yet the privacy law
        (AVG) forbids keeping personal data longer than needed: RETENTION_SECURITY_EVENT_DAYS sets
        that limit. This is the one deliberate way past the guard: it goes through
        `_base_manager` (a plain manager without the refusing `delete`), deletes only events
        older than the limit, and is called only by the retention command.
        """
        deleted, _per_model = cls._base_manager.filter(at__lt=cutoff).delete()
        return deleted

    @property
    def actor_display(self) -> str:
        """The person as they are named now (an anonymised account shows its new name), else the login name kept."""
        if self.actor is not None:
            return str(self.actor)
        return self.actor_repr


class ReminderSent(models.Model):
    """One reminder mailed to one person about one thing on one day: what makes `send_reminders` idempotent."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("review date")
        ACTIVITY = "activity", _("overdue activity")
        AGREEMENT = "agreement", _("agreement awaited")
        INVITATION = "invitation", _("invitation expiring")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_key = models.CharField(_("about"), max_length=100)
    date = models.DateField(_("date"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-date", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "object_key", "date"], name="one_reminder_per_day")
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.object_key} {self.date}"
