"""Shared building blocks: the append-only change history and versioned records."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionedModel(models.Model):
    """A record edited through forms: `version` guards against lost updates (core.concurrency)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


# Who may read the whole history, staff-only changes and notes included (a django-rules
# permission; accounts/rules.py declares it, as core cannot import the role predicates).
INTERNAL_HISTORY_PERMISSION = "core.view_internal_history"


def may_read_internal_history(user) -> bool:
    return user is not None and user.has_perm(INTERNAL_HISTORY_PERMISSION)


class ChangeEntryQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.for_objects(obj)

    def for_objects(self, *objects):
        """The entries of any of `objects` (None is skipped), in one query."""
        match = models.Q(pk__in=[])
        for obj in objects:
            if obj is not None:
                content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
                match |= models.Q(content_type=content_type, object_id=str(obj.pk))
        return self.filter(match).select_related("actor")

    def visible_to(self, user):
        """Leave out the entries that are internal as a whole for `user` (in the database, so pages
        can be counted and sliced there); `core.history.readable` hides the rest per change."""
        return self if may_read_internal_history(user) else self.filter(internal=False)

    def update(self, **kwargs):
        raise PermissionDenied("The change history is append-only.")

    def delete(self):
        raise PermissionDenied("The change history is append-only.")


class ChangeEntry(models.Model):
    """One change to one object: who, when, what, from which value to which.

    Entries are appended, never edited or deleted (Signalen's design): `save` refuses updates
    and `delete` refuses outright, for the ORM and the admin alike.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        TRANSITION = "transition", _("status changed")
        EVENT = "event", _("event")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("object type"))
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=255)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("changed by")
    )
    # Kept beside the foreign key so the history still names a person whose account is gone.
    actor_repr = models.CharField(_("changed by"), max_length=255, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    # What changed, stored as keys and raw values and put into words when read (core.history):
    # [{"field": "status", "model": "partnerships.partnership", "type": "choice", "old": "exploring",
    #   "new": "active"}, {"field": "invitation", "type": "event", "new": "a@example.org"}, ...].
    # Entries written before that carry a "label" and display values instead.
    changes = models.JSONField(_("changes"), default=list, blank=True)
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    # Free text by staff, or a key registered with core.history.register (shown translated).
    note = models.TextField(_("note"), blank=True)
    # Every change in it is internal to the municipality (core.history.register): coordinators
    # do not see the entry at all. Set when written.
    internal = models.BooleanField(_("internal to the municipality"), default=False)

    objects = ChangeEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("change history")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self):
        return f"{self.object_repr}: {self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The change history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The change history is append-only.")
